"""Article vectors for semantic search and the tables of their approximate index.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

``article_vectors`` holds one unit vector per article (title, standfirst and lead) with the
list of the approximate index it falls in; ``vector_lists`` holds that index's centroids
(``store/vector_index.py``). A store created from today's metadata has the tables already; one
upgraded from an older revision gets them here, empty: ``newsdesk ingest --embed`` (or
``store.vectors.backfill``) fills in the stored articles.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(inspect(op.get_bind()).get_table_names())
    if "article_vectors" not in have:
        op.create_table(
            "article_vectors",
            sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("model", sa.String(100), nullable=False),
            sa.Column("vector", sa.LargeBinary(), nullable=False),
            sa.Column("list_id", sa.Integer()),
        )
        op.create_index("ix_article_vectors_list", "article_vectors", ["list_id"])
    if "vector_lists" not in have:
        op.create_table(
            "vector_lists",
            sa.Column("list_id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("centroid", sa.LargeBinary(), nullable=False),
            sa.Column("trained_on", sa.Integer(), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("vector_lists")
    op.drop_index("ix_article_vectors_list", table_name="article_vectors")
    op.drop_table("article_vectors")
