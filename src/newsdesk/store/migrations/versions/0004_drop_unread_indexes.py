"""Drop two indexes no query reads: places by name, articles by story.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Every index is written at each commit: in a large store a batch dirties about one page of
an index per distinct key it inserts, and these were 8 % of the pages a 64-article batch
wrote into a store of 100,000 articles (``ix_places_name`` alone 320 to 420 pages). A
place filter compares ``lower(name)`` (or the country code), which a plain index on the
name cannot serve, and nothing looks articles up by story (stories are read off the
articles found, by id). Both plans were checked with EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: (index, table, columns) dropped here.
DROPPED = (("ix_places_name", "places", ["name"]), ("ix_articles_story", "articles", ["story_id"]))


def upgrade() -> None:
    for name, table, _ in DROPPED:
        op.drop_index(name, table_name=table, if_exists=True)


def downgrade() -> None:
    for name, table, columns in DROPPED:
        op.create_index(name, table, columns, if_not_exists=True)
