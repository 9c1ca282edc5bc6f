"""Indexes for the store at scale: actor-link lookups (dyads) and article URLs (versions).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

A dyad query starts from the links of one actor, (entity_id, side) -> fact id, and probes
the other side by (fact id, side) -> entity_id; both indexes hold every column the query
reads, so neither lookup touches the table. Without them the query scanned every fact.
Writing a page whose URL is stored retires the older versions by ``articles.url``, which
scanned every article without an index. The single-column link indexes of 0001 are
prefixes of the new ones and only slowed writes: they go. The indexes are declared in ``schema.py`` too,
so a store created at 0001 from today's metadata may already have them: hence
``if_not_exists``.
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
    op.create_index("ix_articles_url", "articles", ["url"], if_not_exists=True)
    for table, key in LINKS:
        op.create_index(f"ix_{table}_entity_side", table, ["entity_id", "side", key], if_not_exists=True)
        op.create_index(f"ix_{table}_fact_side", table, [key, "side", "entity_id"], if_not_exists=True)
        for column in (key, "entity_id"):
            op.drop_index(f"ix_{table}_{column}", table_name=table, if_exists=True)


def downgrade() -> None:
    for table, key in LINKS:
        for column in (key, "entity_id"):
            op.create_index(f"ix_{table}_{column}", table, [column], if_not_exists=True)
        op.drop_index(f"ix_{table}_fact_side", table_name=table, if_exists=True)
        op.drop_index(f"ix_{table}_entity_side", table_name=table, if_exists=True)
    op.drop_index("ix_articles_url", table_name="articles", if_exists=True)
