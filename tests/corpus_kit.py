"""Stores for the corpus tests: SQLite in a temp dir, PostgreSQL in a fresh schema, and a
small corpus of documents built from sentences written for these tests (so store and
answer tests do not depend on NLP quality; offsets are found in the text, not typed in).
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import create_engine, text

from newsdesk import settings
from newsdesk.model import Article, Document, Entity, Event, Place, Quote, RawPage, Relation, Role, Span
from newsdesk.store.engine import open_store

POSTGRES = settings.text("test_postgres_url")




def sqlite_store(tmp_path):
    return open_store(tmp_path / "corpus.db")


class PostgresStore:
    """A fresh schema per test, dropped afterwards."""

    def __init__(self) -> None:
        if not POSTGRES:
            pytest.skip("NEWSDESK_TEST_POSTGRES_URL is unset: PostgreSQL store tests skipped")
        self.schema = "t_" + uuid.uuid4().hex[:12]
        self.admin = create_engine(POSTGRES)
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.engine = open_store(POSTGRES, connect_args={"options": f"-csearch_path={self.schema}"})

    def close(self) -> None:
        self.engine.dispose()
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()


def store_fixture(request, tmp_path):
    if request.param == "sqlite":
        engine = sqlite_store(tmp_path)
        yield engine
        engine.dispose()
    else:
        pg = PostgresStore()
        yield pg.engine
        pg.close()


def _spans(body: str, surface: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in re.finditer(re.escape(surface), body)]


def sentence_of(body: str, phrase: str) -> tuple[int, int]:
    start = body.index(phrase)
    return start, start + len(phrase)


ACTORS = {
    "org:al-qaeda": ("al-Qaeda", "ORG", ["al-Qaeda"]),
    "org:aqi": ("al-Qaeda in Iraq", "ORG", ["al-Qaeda in Iraq"]),
    "org:isi": ("Islamic State of Iraq", "ORG", ["Islamic State of Iraq"]),
    "org:islamic-state": ("Islamic State", "ORG", ["Islamic State", "IS"]),
    "country:NOR": ("Norway", "GPE", ["Norway"]),
    "country:CHL": ("Chile", "GPE", ["Chile"]),
    "person:ayad-allawi": ("Ayad Allawi", "PERSON", ["Ayad Allawi", "Allawi"]),
}


def make_doc(
    doc_id: str,
    body: str,
    *,
    published: str,
    url: str | None = None,
    title: str | None = None,
    outlet: str = "Test Wire",
    events=(),
    relations=(),
    quotes=(),
    roles=(),
    places=(),
) -> Document:
    """``events``: (type, source, target, modality, sentence, reported_by); actors found in the body."""
    raw = RawPage(
        id=doc_id,
        kind="body",
        content=f"{title}\n\n{body}",
        source=f"test/{doc_id}",
        url=url,
        title=title,
        published=published,
        outlet=outlet,
    )
    article = Article(
        id=doc_id,
        title=title,
        body=body,
        outlet=outlet,
        published=published,
        url=url,
        source=raw.source,
        language="en",
    )
    doc = Document(article=article, raw=raw)
    every = [
        (ident, sp) for ident, (_, _, surfaces) in ACTORS.items() for x in surfaces for sp in _spans(body, x)
    ]
    for ident, (name, type_, surfaces) in ACTORS.items():
        # a name inside a longer name ("al-Qaeda" in "al-Qaeda in Iraq") is not a mention of its own
        found = [
            sp
            for i, sp in every
            if i == ident
            and not any(
                o.start <= sp.start and sp.end <= o.end and o.end - o.start > sp.end - sp.start
                for _, o in every
            )
        ]
        if found:
            doc.entities.append(Entity(id=ident, name=name, type=type_, aliases=surfaces[1:], mentions=found))
    for title_, holder, of in roles:
        ent = doc.entity(holder)
        s, e = sentence_of(body, title_)
        ent.roles.append(Role(title=title_, of=of, start=s, end=e))
    for type_, source, target, modality, sentence, reported_by in events:
        s, e = sentence_of(body, sentence)
        doc.events.append(
            Event(
                type=type_,
                source=source,
                target=target,
                modality=modality,
                start=s,
                end=e,
                reported_by=reported_by,
            )
        )
    for type_, source, target, modality, sentence, reported_by in relations:
        s, e = sentence_of(body, sentence)
        doc.relations.append(
            Relation(
                type=type_,
                source=source,
                target=target,
                modality=modality,
                start=s,
                end=e,
                reported_by=reported_by,
            )
        )
    for speaker, said in quotes:
        s, e = sentence_of(body, said)
        doc.quotes.append(Quote(speaker=speaker, text=said, direct=True, start=s, end=e, cue="said"))
    for name, lat, lon, country in places:
        doc.places.append(
            Place(
                name=name,
                lat=lat,
                lon=lon,
                country_code=country,
                feature="country",
                mentions=_spans(body, name),
            )
        )
    return doc


TALKS = (
    "Former prime minister Ayad Allawi said on Thursday that al-Qaeda in Iraq and the Islamic State of Iraq "
    "had held talks in Anbar. "
)
ALLIANCE = "An alliance between the Islamic State of Iraq and al-Qaeda may be possible, analysts said. "


def prebuilt(docs: list[Document]):
    """An ``analyse`` for ``store.load.ingest`` that hands back the documents built above."""
    by_content = {d.raw.content: d for d in docs}

    def analyse(pages, **_options):
        for page in pages:
            yield by_content[page.content]

    return analyse


def ingest_docs(engine, docs: list[Document], batch_size: int = 2):
    from newsdesk.store.load import ingest

    return ingest(engine, [d.raw for d in docs], analyse=prebuilt(docs), batch_size=batch_size)


def sample_corpus() -> list[Document]:
    """Six pages: a story and its syndicated copy, a hedged alliance, a fishing deal in two versions."""
    talks = make_doc(
        "talks",
        TALKS + "Officials in Baghdad gave no further details about the meeting, which lasted two days. "
        "Residents reported heavy security around the compound during both days of the meeting.",
        published="2006-11-02",
        url="https://en.wikinews.org/wiki/Talks_in_Anbar",
        title="Talks in Anbar",
        events=[("CONSULT", "org:aqi", "org:isi", "reported", TALKS.strip(), "person:ayad-allawi")],
        roles=[("prime minister", "person:ayad-allawi", "Iraq")],
    )
    copy = make_doc(
        "talks-copy",
        "Share this story. Subscribe to our newsletter.\n"
        + TALKS
        + "Officials in Baghdad gave no further details about the meeting, which lasted two days. "
        "Residents reported heavy security around the compound during both days of the meeting.\n"
        "Copyright Other Outlet. All rights reserved.",
        published="2006-11-02",
        url="https://other.example/anbar-talks",
        title="Anbar talks",
        outlet="Other Outlet",
        events=[("CONSULT", "org:aqi", "org:isi", "reported", TALKS.strip(), "person:ayad-allawi")],
    )
    alliance = make_doc(
        "alliance",
        ALLIANCE + "Both groups have fought the government for years, and their leaders met twice.",
        published="2007-03-15",
        url="https://en.wikinews.org/wiki/Possible_alliance",
        title="A possible alliance",
        relations=[("alliance", "org:isi", "org:al-qaeda", "hypothetical", ALLIANCE.strip(), None)],
    )
    deal_v1 = make_doc(
        "fish",
        "Norway and Chile signed a fishing agreement on Monday. The deal covers salmon farming.",
        published="2008-01-07",
        url="https://news.example/fish",
        title="Fishing deal",
        events=[
            (
                "AGREE",
                "country:NOR",
                "country:CHL",
                "asserted",
                "Norway and Chile signed a fishing agreement on Monday.",
                None,
            )
        ],
    )
    deal_v2 = make_doc(
        "fish",
        "Norway and Chile signed a fishing agreement on Monday. The deal covers salmon and cod.",
        published="2008-01-07",
        url="https://news.example/fish",
        title="Fishing deal (updated)",
        places=[("Chile", -31.0, -71.0, "CL")],
        events=[
            (
                "AGREE",
                "country:NOR",
                "country:CHL",
                "asserted",
                "Norway and Chile signed a fishing agreement on Monday.",
                None,
            )
        ],
    )
    hostile = make_doc(
        "hostile",
        "Norway <script>alert(1)</script> rejected the claim, said an official.",
        published="2008-02-01",
        url="https://news.example/x",
        title="<script>alert('t')</script>",
        events=[
            (
                "REJECT",
                "country:NOR",
                "country:CHL",
                "asserted",
                "Norway <script>alert(1)</script> rejected the claim",
                None,
            )
        ],
    )
    return [talks, copy, alliance, deal_v1, deal_v2, hostile]
