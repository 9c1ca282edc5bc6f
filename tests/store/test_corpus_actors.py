"""The actors an analyst reads first, on a store built from the shared Wikinews corpus: no island
nation for "American", one id for one president and for one vice president under two spellings,
no adjectives or bare institutions as event actors, and news organisations as actors only where
the text makes them act."""

from __future__ import annotations

import json
import re

import pytest
from shareddata import shared_path
from sqlalchemy import select

from newsdesk.model import RawPage
from newsdesk.store import schema
from newsdesk.store.engine import open_store
from newsdesk.store.load import ingest

pytestmark = pytest.mark.slow

PICK = re.compile(
    r"\b(Bush|Allawi|American|Islamic|Muslim|Democratic|European|BBC|Reuters|Associated Press)\b"
)
WORDS_NOT_ACTORS = {
    "norp:islamic", "norp:muslim", "norp:democratic", "norp:european",
    "norp:ex-muslim", "person:ex-muslim",
    "report", "org:government", "org:parliament", "org:house", "government", "parliament", "house",
}  # fmt: skip
CITED = r"(?:according to|told|quoted by|reported by|said to|in an interview with|speaking to)\s+(?:the\s+)?"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    corpus = shared_path("corpus")
    pages = []
    for name in ("wikinews-politics-2004-2009", "wikinews-2019-2021"):
        with (corpus / name / "articles.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                if PICK.search(a["body"]) and ("Allawi" in a["body"] or len(pages) < 140):
                    pages.append(RawPage(id=a["id"], kind="body", content=a["body"], source=a["url"],
                                         url=a["url"], title=a["title"], published=a.get("published")))
    engine = open_store(tmp_path_factory.mktemp("corpus") / "actors.db")
    ingest(engine, pages)
    return engine


def _rows(store, query):
    with store.connect() as conn:
        return conn.execute(query).all()


def test_american_is_never_the_northern_mariana_islands(store):
    mariana = _rows(store, select(schema.articles.c.id).where(schema.articles.c.body.like("%Mariana%")))
    ids = {r[0] for r in _rows(store, select(schema.mentions.c.entity_id))}
    ids |= {r[0] for r in _rows(store, select(schema.event_actors.c.entity_id))}
    assert mariana or "country:MNP" not in ids
    american = {r[0] for r in _rows(store, select(schema.mentions.c.entity_id).where(
        schema.mentions.c.text.in_(["American", "Americans"])))}
    assert american and american <= {"country:USA"}


def test_one_president_one_id(store):
    m, a = schema.mentions.c, schema.articles.c
    found = _rows(store, select(m.entity_id, m.text, a.published).join(schema.articles, a.id == m.article_id)
                  .where(m.text.in_(["Bush", "George W. Bush", "George Bush", "President Bush"])))
    in_office = {eid for eid, text, published in found if published and "2004" <= published[:4] <= "2008"
                 and text != "Bush"}
    assert in_office == {"person:george-w-bush"}
    bare = [eid for eid, text, published in found if published and "2004" <= published[:4] <= "2008"
            and text == "Bush"]
    # A bare "Bush" of those years is the president, unless the article names another Bush in full.
    assert bare and sum(eid == "person:george-w-bush" for eid in bare) / len(bare) > 0.9
    assert "person:bush" not in {eid for eid, _, _ in found}
    # Each stored mention says how its actor was reached, so a weak link can be shown as such.
    how = {r[0] for r in _rows(store, select(m.resolution).where(m.entity_id == "person:george-w-bush"))}
    assert how and how <= {"knowledge base", "dated role", "country"}


def test_one_vice_president_under_two_spellings(store):
    ids = {r[0] for r in _rows(store, select(schema.mentions.c.entity_id).where(
        schema.mentions.c.text.in_(["Ayad Allawi", "Iyad Allawi", "Allawi"])))}
    assert len(ids - {"person:ali-allawi"}) == 1


def test_words_are_not_event_actors(store):
    x = schema.event_actors.c
    actors = {r[0] for r in _rows(store, select(x.entity_id).where(x.side.in_(["source", "target"])))}
    assert actors and not actors & WORDS_NOT_ACTORS


def test_news_organisations_act_only_where_the_text_says_so(store):
    media = {r[0]: r[1] for r in _rows(store, select(schema.entities.c.id, schema.entities.c.name)
                                       .where(schema.entities.c.sector == "media"))}
    assert media  # the corpus cites the BBC, Reuters and the Associated Press
    coded = _rows(store, select(schema.event_actors.c.entity_id, schema.events.c.start, schema.events.c.end,
                                schema.articles.c.body)
                  .join(schema.events, schema.events.c.id == schema.event_actors.c.event_id)
                  .join(schema.articles, schema.articles.c.id == schema.events.c.article_id)
                  .where(schema.event_actors.c.entity_id.in_(list(media)),
                         schema.event_actors.c.side.in_(["source", "target"])))
    for eid, start, end, body in coded:
        sentence = body[start:end]
        assert not re.search(CITED + re.escape(media[eid]), sentence, re.IGNORECASE), sentence
