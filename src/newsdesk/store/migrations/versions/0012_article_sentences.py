"""Sentences: each article's ``sentences``, the ``[start, end]`` offsets of the sentences of its
body as the parser split them (``newsdesk.sentences``), for the answers that quote a sentence.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

A store created from today's metadata has the column already; one upgraded from an older
revision gets it here. Rows stored before keep NULL, and their sentences are cut by the
fallback rule, until the documents are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c["name"] for c in inspect(op.get_bind()).get_columns("articles")}
    if "sentences" not in have:
        op.add_column("articles", sa.Column("sentences", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("sentences")
