"""The corpus tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Every fact table keeps ``start``/``end`` offsets into ``articles.body`` so any answer can
be shown in its sentence. Actor references that may be compound (a list of ids) are kept
as JSON for the record and flattened into ``*_actors`` link tables for querying.
The full-text index is dialect-specific and lives in the migration (FTS5 / tsvector).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

raw_pages = Table(
    "raw_pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("page_id", String(200), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("version", Integer, nullable=False, default=1),
    Column("title", Text),
    Column("published", String(40)),
    Column("outlet", Text),
    Column("encoding", String(40)),
    Column("content", Text, nullable=False),
    Column("ingested_at", String(40), nullable=False),
)
# URLs are looked up by equality only; on PostgreSQL a hash index holds a URL of any length
# (a B-tree entry is at most 2,704 bytes), revision 0009.
Index("ix_raw_pages_url", raw_pages.c.url, postgresql_using="hash")

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("first_article_id", Integer, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, ForeignKey("raw_pages.id"), primary_key=True),
    Column("doc_id", String(200), nullable=False),
    Column("title", Text),
    Column("summary", Text),
    Column("body", Text, nullable=False),
    Column("captions", JSON, nullable=False, default=list),
    Column("outlet", Text),
    Column("published", String(40)),
    Column("language", String(20)),
    Column("paywalled", Boolean, nullable=False, default=False),
    Column("authors", JSON),  # bylines (people), revision 0008; NULL in rows stored before it
    Column("agency", Text),  # the reporting news agency of the byline
    Column("url", Text),
    Column("source", Text),
    Column("current", Boolean, nullable=False, default=True),
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("minhash", LargeBinary),
    # [[start, end], ...] of the body's sentences as the parser split them (revision 0012);
    # NULL in rows stored before it, whose sentences come from ``newsdesk.sentences.split``
    Column("sentences", JSON),
)
Index("ix_articles_doc_id", articles.c.doc_id)
Index("ix_articles_published", articles.c.published)
# revision 0002: older versions are retired by URL; a hash index on PostgreSQL (0009)
Index("ix_articles_url", articles.c.url, postgresql_using="hash")

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(40), nullable=False),
    Column("code", String(40)),
    Column("sector", Text),
    Column("country", String(8)),
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("folded", Text, nullable=False),
    UniqueConstraint("entity_id", "alias", name="uq_alias"),
)
Index("ix_aliases_folded", aliases.c.folded)


def _article_fk() -> Column:
    return Column(
        "article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    )


mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # How the mention's actor was reached ("gazetteer", "knowledge base", "dated role", "country",
    # "country named", "article's country", "analyst"); NULL for the article's own name.
    Column("resolution", String(40)),
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("of", Text),
    Column("start", Integer),
    Column("end", Integer),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("name", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(8)),
    Column("geonameid", Integer),
    Column("feature", String(20)),
)

place_mentions = Table(
    "place_mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),
)

dates = Table(
    "dates",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(40)),
    Column("year_known", Boolean, nullable=False, default=True),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("speaker", JSON),
    Column("speaker_name", Text),
    Column("text", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("cue", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("kind", String(20)),
    Column("modality", String(20)),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("type", String(40), nullable=False, index=True),
    Column("source", JSON),
    Column("target", JSON),
    Column("modality", String(20), nullable=False, index=True),
    Column("reported_by", JSON),
    Column("date", String(40)),
    Column("location", Text),
    Column("mode", Text),
    Column("context", Text),
    Column("score", Float),
    Column("trigger", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("location_start", Integer),
    Column("location_end", Integer),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("type", String(40), nullable=False, index=True),
    Column("source", JSON),
    Column("target", JSON),
    Column("modality", String(20), nullable=False),
    Column("reported_by", JSON),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)


def _actor_links(name: str, parent: str) -> Table:
    """Flattened actor references: one row per (fact, side, entity id)."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column(
            f"{parent}_id",
            Integer,
            ForeignKey(f"{parent}s.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("side", String(12), nullable=False),  # source, target, reported_by
        Column("entity_id", String(200), nullable=False),
    )


event_actors = _actor_links("event_actors", "event")
relation_actors = _actor_links("relation_actors", "relation")
# Covering indexes for dyad lookups (revision 0002): from an actor to its facts, and from a
# fact to the actor on its other side. They replace the single-column indexes of 0001.
for _links, _key in ((event_actors, "event_id"), (relation_actors, "relation_id")):
    Index(f"ix_{_links.name}_entity_side", _links.c.entity_id, _links.c.side, _links.c[_key])
    Index(f"ix_{_links.name}_fact_side", _links.c[_key], _links.c.side, _links.c.entity_id)

#: What an analyst said about an actor, applied to every article written after it (ingest and
#: reprocess alike) and, when said, to the articles it touches (see ``store/overrides.py``).
actor_overrides = Table(
    "actor_overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(20), nullable=False),  # merge, split, rename, not-an-actor
    Column("actor", String(200), nullable=False),
    Column("target", String(200)),  # merge: the id kept; split: the new id
    Column("name", Text),  # rename: the new name; split: the new actor's name
    Column("previous", Text),  # rename: the name before
    Column("documents", JSON, nullable=False, default=list),  # split: the documents it applies to
    Column("articles", JSON, nullable=False, default=list),  # article rows touched when said
    Column("who", String(200), nullable=False),
    Column("at", String(40), nullable=False),
    Column("undone_by", String(200)),
    Column("undone_at", String(40)),
)

#: Ids over 200 characters are stored shortened (a prefix and a hash: ``store/bounds.py``); here
#: is each one in full (revision 0007).
long_ids = Table(
    "long_ids",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("original", Text, nullable=False),
)

#: Characters of the title and of the body that the full-text index reads (revision 0007): a
#: PostgreSQL ``tsvector`` holds at most 1 MB, and SQLite's index reads the same text, so both
#: engines find the same articles. At most 6 bytes of vector per character of text, so
#: 100,000 + 2,000 characters stay under 1 MB whatever the text.
SEARCH_TITLE_CHARS = 2_000
SEARCH_BODY_CHARS = 100_000

embeddings = Table(
    "embeddings",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("model", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, L2-normalised
)

#: One vector per article (title, standfirst and lead: ``read/embedding.py``), what semantic search
#: ranks by (revision 0011). ``list_id`` is the article's list in the approximate index
#: (``store/vector_index.py``): the nearest of the centroids in ``vector_lists``, NULL until indexed.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(100), nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, L2-normalised
    Column("list_id", Integer),
    Index("ix_article_vectors_list", "list_id"),
)

#: The centroids of the approximate vector index, one row per list, and what they were trained on.
vector_lists = Table(
    "vector_lists",
    metadata,
    Column("list_id", Integer, primary_key=True, autoincrement=False),
    Column("centroid", LargeBinary, nullable=False),  # float32
    Column("trained_on", Integer, nullable=False),  # vectors in the store when trained
)

#: What is read out of an article, as (table, parent link): deleted in this order before a rewrite.
ARTICLE_FACTS = (
    (event_actors, events),
    (relation_actors, relations),
    (place_mentions, places),
    (mentions, None),
    (roles, None),
    (dates, None),
    (quotes, None),
    (events, None),
    (relations, None),
    (places, None),
)
