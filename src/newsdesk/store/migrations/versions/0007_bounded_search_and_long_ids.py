"""The full-text index reads a bounded text, and long ids are kept in full (``long_ids``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

PostgreSQL refuses a ``tsvector`` over 1 MB, so an article with a very long body could not be
stored at all. The generated ``search`` column now reads the first 2,000 characters of the title
and 100,000 of the body; SQLite's FTS5 index gets the same text from the writer, and rows of
longer articles already in it are re-indexed here, so both engines find the same articles.
Ids over 200 characters are stored shortened (``store/bounds.py``) and kept whole in
``long_ids``. The numbers are written out here as they stood at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TITLE_CHARS = 2_000
BODY_CHARS = 100_000


def _search_column(title: str, body: str) -> str:
    return ("ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('english', {title}), 'A') || "
            f"setweight(to_tsvector('english', {body}), 'B')) STORED")


def _rebuild_search(title: str, body: str) -> None:
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search")  # drops its index too
    op.execute(_search_column(title, body))
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def upgrade() -> None:
    bind = op.get_bind()
    if not inspect(bind).has_table("long_ids"):
        op.create_table(
            "long_ids",
            sa.Column("id", sa.String(200), primary_key=True),
            sa.Column("original", sa.Text(), nullable=False),
        )
    if bind.dialect.name == "postgresql":
        _rebuild_search(f"left(coalesce(title, ''), {TITLE_CHARS})", f"left(body, {BODY_CHARS})")
    elif bind.dialect.name == "sqlite":
        long = f"SELECT id FROM articles WHERE length(body) > {BODY_CHARS} OR length(title) > {TITLE_CHARS}"
        op.execute(f"DELETE FROM article_fts WHERE rowid IN ({long})")
        op.execute(
            "INSERT INTO article_fts(rowid, title, body) "
            f"SELECT id, substr(coalesce(title, ''), 1, {TITLE_CHARS}), substr(body, 1, {BODY_CHARS}) "
            f"FROM articles WHERE id IN ({long})"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _rebuild_search("coalesce(title, '')", "body")
    op.drop_table("long_ids")
