"""The initial corpus schema and its full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

The tables come from ``schema.metadata`` as it stood at this revision; later revisions
change them with explicit ``op`` calls. The full-text index is dialect-specific: an FTS5
table keyed by article id in SQLite, a stored generated ``tsvector`` with a GIN index in
PostgreSQL.
"""

from __future__ import annotations

from alembic import op

from newsdesk.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
            "title, body, tokenize = 'porter unicode61')"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', body), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS article_fts")
    metadata.drop_all(bind)
