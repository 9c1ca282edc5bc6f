"""Composite indexes for the actor-link lookups of dyads and actor pages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

A dyad query starts from the links of one actor, (entity_id, side) -> fact id, and probes
the other side by (fact id, side) -> entity_id; both indexes hold every column the query
reads, so neither lookup touches the table. Without them the query scanned every fact.
The indexes are declared in ``schema.py`` too, so a store created at 0001 from today's
metadata may already have them: hence ``if_not_exists``.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: (table, fact key column): the link tables of events and relations.
LINKS = (("event_actors", "event_id"), ("relation_actors", "relation_id"))


def upgrade() -> None:
    for table, key in LINKS:
        op.create_index(f"ix_{table}_entity_side", table, ["entity_id", "side", key], if_not_exists=True)
        op.create_index(f"ix_{table}_fact_side", table, [key, "side", "entity_id"], if_not_exists=True)


def downgrade() -> None:
    for table, _ in LINKS:
        op.drop_index(f"ix_{table}_fact_side", table_name=table, if_exists=True)
        op.drop_index(f"ix_{table}_entity_side", table_name=table, if_exists=True)
