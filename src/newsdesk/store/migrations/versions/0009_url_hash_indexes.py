"""URLs of any length: on PostgreSQL the URL indexes become hash indexes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

A B-tree entry holds at most 2,704 bytes, so a page whose URL was longer (tracking parameters,
data in the query) could not be stored on PostgreSQL, while SQLite stored it. URLs are only
ever looked up by equality (versions, retiring older ones), which a hash index serves at any
length. SQLite keeps its B-trees, which have no such limit.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = (("ix_raw_pages_url", "raw_pages"), ("ix_articles_url", "articles"))


def _rebuild(using: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {table} USING {using} (url)")


def upgrade() -> None:
    _rebuild("hash")


def downgrade() -> None:
    _rebuild("btree")
