"""SQLite: a covering index of the article columns a fact lookup reads.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Dyads de-duplicate thousands of facts by story in a large store, reading each fact's
article for ``current``, ``story_id`` and ``published``. SQLite keeps a row's columns in
order and these come after the body, so every lookup read the body's overflow pages too;
this index holds just those columns (queries name it with ``INDEXED BY``). PostgreSQL
keeps long bodies out of line, so it needs none.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_articles_fact ON articles (id, current, story_id, published)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_articles_fact")
