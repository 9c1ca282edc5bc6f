"""Bylines: each article's ``authors`` (the people of its byline) and ``agency`` (the reporting
news agency, "Reuters", kept apart from the authors).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

A store created at revision 0001 from today's metadata has the columns already; one upgraded
from an older revision gets them here. Rows stored before keep NULL until the documents are
reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("authors", sa.JSON()),
    ("agency", sa.Text()),
)


def upgrade() -> None:
    have = {c["name"] for c in inspect(op.get_bind()).get_columns("articles")}
    for name, type_ in COLUMNS:
        if name not in have:
            op.add_column("articles", sa.Column(name, type_))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
