"""Read events and relations back out of the store, with their article and sentence.

Only current versions of pages count, and a fact found in several copies of one story
(syndication, re-wraps) is kept once: the first stored copy speaks for the story.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from sqlalchemy import Connection, and_, exists, or_, select

from ..sentences import around
from ..store.schema import articles, event_actors, events, relation_actors, relations

ATTRIBUTION = "Wikinews, CC BY 2.5"
#: Characters of context shown around a fact when its span is not a whole sentence.
CONTEXT = 240


@cache
def category_scores() -> dict[str, float]:
    data = json.loads(resources.files("newsdesk").joinpath("data/plover/categories.json").read_text("utf-8"))
    return {c["name"]: float(c["score"]) for c in data["categories"]}


@cache
def relation_kinds() -> dict[str, dict]:
    data = json.loads(resources.files("newsdesk").joinpath("data/answer/relations.json").read_text("utf-8"))
    return data["relations"]


def fact_score(kind: str, type_: str, score: float | None) -> float:
    if score is not None:
        return float(score)
    if kind == "event":
        return category_scores().get(type_, 0.0)
    return float(relation_kinds().get(type_, {}).get("score", 0.0))


def attribution(url: str | None) -> str | None:
    """Wikinews text is CC BY 2.5: every output that shows it names the licence."""
    return ATTRIBUTION if url and "wikinews.org" in url else None


def outlet_of(outlet: str | None, url: str | None) -> str | None:
    """The outlet, or the site's host name when the page did not say (never left blank in a citation)."""
    if outlet:
        return outlet
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


#: Article columns a fact carries.
ARTICLE = (
    articles.c.story_id,
    articles.c.doc_id,
    articles.c.title,
    articles.c.outlet,
    articles.c.published,
    articles.c.url,
)
#: Fact fields read as stored (the others are derived in :meth:`Fact.from_row`).
STORED = ("id", "type", "modality", "source", "target", "reported_by", "start", "end", "article_id",
          "story_id", "doc_id", "title", "outlet", "published", "url")


@dataclass
class Fact:
    kind: str  # event or relation
    id: int
    type: str
    modality: str
    source: object
    target: object
    reported_by: object
    start: int
    end: int
    score: float
    date: str | None
    article_id: int
    story_id: int | None
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    sentence: str

    @classmethod
    def from_row(cls, kind: str, row) -> Fact:
        """A fact from a joined event or relation row with its article's columns and body."""
        return cls(
            kind=kind,
            **{name: row[name] for name in STORED},
            score=fact_score(kind, row["type"], row.get("score")),
            date=row.get("date"),
            sentence=_sentence(row["body"], row["start"], row["end"], row.get("sentences")),
        )

    @property
    def month(self) -> str | None:
        for value in (self.date, self.published):
            if value and len(value) >= 7 and value[:4].isdigit() and value[5:7].isdigit():
                return value[:7]
        return None


def _sentence(body: str, start: int, end: int, sentences: list | None = None) -> str:
    """The fact's own span, widened to its sentence (at most ``CONTEXT`` characters either side)
    when the span is a bare phrase; ``sentences`` are the article's stored sentence offsets."""
    start, end = max(0, start), min(len(body), end)
    if end - start >= 20:
        return body[start:end].strip()
    left, right = around(body, start, end, sentences)
    return body[max(left, start - CONTEXT, 0):min(right, end + CONTEXT)].strip()


def _between(links, fact, a_ids: list[str], b_ids: list[str] | None):
    """A condition on ``fact`` rows: A as source or target; with B, A and B facing or acting together."""
    key = links.c[f"{fact.name[:-1]}_id"].key

    def named(ids: list[str], sides: tuple[str, ...]):
        link = links.alias()
        return exists().where(link.c[key] == fact.c.id, link.c.side.in_(sides), link.c.entity_id.in_(ids))

    if b_ids is None:
        return named(a_ids, ("source", "target"))
    # A on one side and B on the other, or both acting together ("A and B are discussing an alliance").
    return or_(
        and_(named(a_ids, ("source",)), named(b_ids, ("target",))),
        and_(named(b_ids, ("source",)), named(a_ids, ("target",))),
        and_(named(a_ids, ("source",)), named(b_ids, ("source",))),
    )


def facts(
    conn: Connection, a_ids: Iterable[str], b_ids: Iterable[str] | None = None, *, dedupe_stories: bool = True
) -> list[Fact]:
    """Events and relations involving A (and B on the other side when given), oldest first."""
    a_ids = list(a_ids)
    b_ids = None if b_ids is None else list(b_ids)
    out: list[Fact] = []
    art = [*ARTICLE, articles.c.body, articles.c.sentences]
    q_events = (
        select(events, *art)
        .join(articles, articles.c.id == events.c.article_id)
        .where(articles.c.current.is_(True), _between(event_actors, events, a_ids, b_ids))
    )
    q_relations = (
        select(relations, *art)
        .join(articles, articles.c.id == relations.c.article_id)
        .where(articles.c.current.is_(True), _between(relation_actors, relations, a_ids, b_ids))
    )
    for kind, query in (("event", q_events), ("relation", q_relations)):
        out.extend(Fact.from_row(kind, row) for row in conn.execute(query).mappings())
    out.sort(key=lambda f: (f.published or "", f.article_id, f.start))
    return dedupe(out) if dedupe_stories else out


def _story_key(f: Fact) -> tuple:
    return (
        f.story_id if f.story_id is not None else f"a{f.article_id}",
        f.kind,
        f.type,
        f.modality,
        json.dumps(f.source, sort_keys=True),
        json.dumps(f.target, sort_keys=True),
    )


def dedupe(found: list[Fact]) -> list[Fact]:
    """One fact per (story, kind, type, modality, actors): copies of a story do not count twice."""
    seen, kept = set(), []
    for f in found:
        key = _story_key(f)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def dedupe_copies(found: list[Fact]) -> list[Fact]:
    """Facts with the copies of a story merged, but every fact of the copy that speaks for it kept.

    The first article of a story to code a (kind, type, modality, actors) fact speaks for the
    story; the same fact in the story's other copies is dropped. Two such facts in one article
    (two attacks in two sentences) stay two, as the article's document page lists them.
    """
    speaker: dict[tuple, int] = {}
    return [f for f in found if speaker.setdefault(_story_key(f), f.article_id) == f.article_id]


def event_day(date: str | None, published: str | None, modality: str) -> str | None:
    """An event's own date as the events table takes it: none when it falls after its article
    was published (a misread "45" as 2045) unless the event is announced for the future."""
    if not date:
        return None
    if published and date > published and modality != "future":
        return None
    return date
