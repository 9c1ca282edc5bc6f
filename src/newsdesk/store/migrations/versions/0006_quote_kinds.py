"""Attributions of every kind: each quote's ``kind`` (direct, indirect, mixed, source phrase), the
``modality`` of what it attributes, and the span of its cue (``cue_start``, ``cue_end``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

A store created at revision 0001 from today's metadata has the columns already; one upgraded
from an older revision gets them here. Rows stored before keep NULL (read as direct or indirect
from ``direct``) until the documents are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = (
    ("kind", sa.String(20)),
    ("modality", sa.String(20)),
    ("cue_start", sa.Integer()),
    ("cue_end", sa.Integer()),
)


def upgrade() -> None:
    have = {c["name"] for c in inspect(op.get_bind()).get_columns("quotes")}
    for name, type_ in COLUMNS:
        if name not in have:
            op.add_column("quotes", sa.Column(name, type_))


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
