"""Where each event happened, with its evidence: ``events.location_start`` and ``location_end``
are the offsets of the place mention its location was read from.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

A store created from today's metadata has the columns already; one upgraded from an older
revision gets them here. Events stored before keep NULL offsets until the documents are
reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ("location_start", "location_end")


def upgrade() -> None:
    have = {c["name"] for c in inspect(op.get_bind()).get_columns("events")}
    for name in COLUMNS:
        if name not in have:
            op.add_column("events", sa.Column(name, sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
