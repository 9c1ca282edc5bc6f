"""Every stored copy of the facts between two sides, found through the actor links.

``facts(conn, a, b, dedupe_stories=False)`` finds them with a correlated EXISTS per fact
(a scan of the facts); this walks the rarer side's links instead (``dyads.pair_ids``), as
the dyad does, and keeps every copy, which ``ask`` needs to know what each article coded.
The result is the same list in the same order (published, article, start).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..store.schema import articles, event_actors, events, relation_actors, relations
from .dyads import _links_of, pair_ids
from .facts import ARTICLE, Fact

CHUNK = 500


def pair_facts(conn: Connection, a_ids: list[str], b_ids: list[str]) -> list[Fact]:
    """Events and relations with A and B facing each other or acting together, every copy, oldest first."""
    out: list[Fact] = []
    for kind, table, links in (("event", events, event_actors), ("relation", relations, relation_actors)):
        rarer = _links_of(conn, links, a_ids) <= _links_of(conn, links, b_ids)
        ids = list(conn.scalars(pair_ids(links, f"{kind}_id", a_ids, b_ids, rarer)))
        for i in range(0, len(ids), CHUNK):
            query = (
                select(table, *ARTICLE, articles.c.body, articles.c.sentences)
                .join(articles, articles.c.id == table.c.article_id)
                .where(table.c.id.in_(ids[i : i + CHUNK]), articles.c.current.is_(True))
            )
            out.extend(Fact.from_row(kind, row) for row in conn.execute(query).mappings())
    out.sort(key=lambda f: (f.published or "", f.article_id, f.start))
    return out
