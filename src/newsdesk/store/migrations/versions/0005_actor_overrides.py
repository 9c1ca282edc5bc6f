"""Analyst overrides of actors (merge, split, rename, not-an-actor, with who, when and undo), and
how each mention's actor was reached (``mentions.resolution``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

A store created at revision 0001 from today's metadata has the table already; one upgraded
from an older revision gets it here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

from newsdesk.store.schema import actor_overrides

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if not inspect(bind).has_table("actor_overrides"):
        actor_overrides.create(bind)
    if "resolution" not in {c["name"] for c in inspect(bind).get_columns("mentions")}:
        op.add_column("mentions", sa.Column("resolution", sa.String(40)))


def downgrade() -> None:
    op.drop_table("actor_overrides")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("resolution")
