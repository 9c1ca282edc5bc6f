"""What SQLite stores, PostgreSQL stores, and the same way (``store/bounds.py``).

Each case was a page PostgreSQL refused (with a 2 KB message holding SQL) while SQLite kept
it: NUL after the first 8 KB, ids and file names over 200 characters, a ``published`` over 40
characters, a body whose search vector passed PostgreSQL's 1 MB limit. Every test runs on both
engines and asserts the same stored values.
"""

from __future__ import annotations

import uuid

import pytest
from corpus_kit import ingest_docs, make_doc, sample_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from newsdesk.answer.search import search
from newsdesk.api.store_access import document
from newsdesk.model import Event
from newsdesk.store import schema
from newsdesk.store.bounds import ID_LENGTH, UNSTORABLE, bounded_id
from newsdesk.store.reader import documents

CHILE = "Norway and Chile signed a fishing agreement on Monday."


def _one(engine, doc_id: str) -> dict:
    with engine.connect() as conn:
        return document(conn, doc_id)


def test_nul_and_lone_surrogates_anywhere_are_replaced_and_reported(store):
    filler = "Fishing boats left the harbour early in the morning. " * 200  # past the first 8 KB
    body = filler + "Norway\x00 and Chile\ud800 signed a fishing agreement on Monday.\x00"
    doc = make_doc("nul", body, published="2008-01-07", title="Deal\x00 signed", url="https://n.example/nul")
    report = ingest_docs(store, [doc])
    assert report.stored == 1 and report.ok, report.errors
    assert len(report.notes) == 1 and "\n" not in report.notes[0]
    assert "replaced by U+FFFD (3 in the body, 1 in the title, 5 in the raw page)" in report.notes[0]
    stored = _one(store, "nul")
    assert len(stored["body"]) == len(body)  # one character for one: offsets still hold
    assert "\x00" not in stored["body"] and stored["title"] == "Deal\ufffd signed"
    assert stored["body"].endswith("Norway\ufffd and Chile\ufffd signed a fishing agreement on Monday.\ufffd")
    for entity in stored["entities"]:
        for m in entity["mentions"]:
            assert stored["body"][m["start"]:m["end"]] == m["text"]
    with store.connect() as conn:
        raw = conn.scalar(select(schema.raw_pages.c.content).where(schema.raw_pages.c.page_id == "nul"))
    assert "\x00" not in raw and raw.count("\ufffd") == 4  # title and body as read
    again = ingest_docs(store, [make_doc("nul", body, published="2008-01-07", title="Deal\x00 signed",
                                         url="https://n.example/nul")])
    assert again.skipped == 1 and again.stored == 0  # known by the content as read


def test_ids_over_200_characters_are_shortened_and_kept_whole(store):
    long_id = "feeds/" + "a-very-long-file-name-" * 20 + ".html"
    doc = make_doc(long_id, CHILE + " Chile welcomed it.", published="2008-01-07", url="https://n.example/long",
                   events=[("AGREE", "country:NOR", "country:CHL", "asserted", CHILE, None)])
    actor = "person:" + "x" * 300
    doc.entities[0].id = actor  # Norway's id, as a long name would make it
    doc.events[0].source = actor
    report = ingest_docs(store, [doc])
    assert report.stored == 1 and report.ok, report.errors
    assert len(report.notes) == 1 and report.notes[0].count("original is kept in long_ids") == 2
    short = bounded_id(long_id)
    assert len(short) == ID_LENGTH and short.startswith("feeds/a-very-long") and short != long_id
    assert bounded_id(long_id) == short  # the same every time
    stored = _one(store, long_id)  # found by its full id too
    assert stored["id"] == short
    assert stored["events"][0]["source"] == bounded_id(actor)
    assert {e["id"] for e in stored["entities"]} == {bounded_id(actor), "country:CHL"}
    with store.connect() as conn:
        kept = dict(conn.execute(select(schema.long_ids.c.id, schema.long_ids.c.original)).all())
        linked = set(conn.scalars(select(schema.event_actors.c.entity_id)))
    assert kept == {short: long_id, bounded_id(actor): actor}
    assert bounded_id(actor) in linked


@pytest.mark.parametrize(("published", "kept"), [
    ("2008-01-07T10:30:00+01:00 (updated 2008-01-08T09:00:00+01:00, corrected twice since)",
     "2008-01-07T10:30:00+01:00"),
    ("Published on the seventh of January in the year two thousand and eight", None),
])
def test_a_published_value_too_long_is_normalised_or_dropped_never_the_page(store, published, kept):
    doc = make_doc("dated", CHILE, published=published, url="https://n.example/dated")
    report = ingest_docs(store, [doc])
    assert report.stored == 1 and report.ok, report.errors
    assert len(report.notes) == 1 and "published of" in report.notes[0]
    assert _one(store, "dated")["published"] == kept
    with store.connect() as conn:
        assert conn.scalar(select(schema.raw_pages.c.published)) == kept


def _words(n: int) -> list[str]:
    """``n`` distinct made-up words (base-26 numerals), each its own lexeme."""
    out = []
    for i in range(n):
        word = ""
        for _ in range(5):
            i, r = divmod(i, 26)
            word += chr(97 + r)
        out.append("q" + word)
    return out


def test_a_body_past_the_search_vector_limit_is_stored_and_searched_within_the_bound(store):
    words = _words(200_000)  # about 2.4 MB of tsvector if indexed whole (PostgreSQL's limit: 1 MB)
    body = "Zanzibarian fishermen protested. " + " ".join(words) + " Kilimanjarite closing words."
    assert len(body) > 1_000_000
    doc = make_doc("huge", body, published="2008-01-07", title="A huge page", url="https://n.example/huge")
    report = ingest_docs(store, [doc, *sample_corpus()])
    assert report.stored == 7 and report.ok, report.errors
    with store.connect() as conn:
        stored = conn.scalar(select(schema.articles.c.body).where(schema.articles.c.doc_id == "huge"))
        assert stored == body
        assert [h.doc_id for h in search(conn, "Zanzibarian")] == ["huge"]  # within the bound
        assert search(conn, "Kilimanjarite") == []  # past the bound: not indexed, on either engine
        assert [h.doc_id for h in search(conn, "fishing agreement")] == ["fish"]


def test_a_page_that_cannot_be_stored_is_one_short_line_and_the_batch_goes_on(store):
    docs = sample_corpus()
    bad = make_doc("bad", CHILE, published="2008-01-07", url="https://n.example/bad")
    bad.events.append(Event(type="AGREE", source="country:NOR", target="country:CHL", modality="asserted",
                            start=None, end=None))  # offsets are required by both engines
    report = ingest_docs(store, [docs[0], bad, *docs[1:]], batch_size=3)
    assert report.stored == 6
    assert len(report.errors) == 1
    message = report.errors[0]
    assert message.startswith("test/bad: not stored: ") and "\n" not in message and len(message) < 300
    assert "INSERT" not in message and "SELECT" not in message and "[parameters" not in message
    with store.connect() as conn:
        stored = {d["id"] for d in documents(conn)}
        assert conn.scalar(select(func.count()).select_from(schema.raw_pages)) == 6
    assert "bad" not in stored and {"talks", "talks-copy", "alliance", "fish", "hostile"} <= stored


def test_urls_and_names_of_any_length_are_stored(store):
    junk = "".join(chr(97 + (i * 7919) % 26) + str(i % 10) for i in range(4500))  # 9,000 incompressible
    url = "https://n.example/story?" + junk
    first = make_doc("long-url", CHILE, published="2008-01-07", url=url, title="v1")
    second = make_doc("long-url", CHILE + " Updated.", published="2008-01-07", url=url, title="v2")
    named = make_doc("long-name", CHILE + " Again.", published="2008-01-08", url="https://n.example/b")
    named.entities[0].aliases.append("Norway " + junk)  # no name: a B-tree entry on PostgreSQL refused it
    report = ingest_docs(store, [first, second, named])
    assert report.stored == 3 and report.ok, report.errors
    assert report.notes == ["test/long-name: stored with changes: 1 actor name over 200 characters not "
                            "indexed as aliases"]
    with store.connect() as conn:
        versions = conn.execute(select(schema.raw_pages.c.version, schema.articles.c.current)
                                .join(schema.articles, schema.articles.c.id == schema.raw_pages.c.id)
                                .where(schema.raw_pages.c.url == url)
                                .order_by(schema.raw_pages.c.version)).all()
        longest = conn.scalar(select(func.max(func.length(schema.aliases.c.alias))))
    assert [tuple(v) for v in versions] == [(1, False), (2, True)]  # versioned by the whole URL
    assert longest <= 200
    assert _one(store, "long-url")["url"] == url


_HOSTILE = st.text(st.one_of(st.characters(), st.sampled_from(["\x00", "\ud800", "\udc00", "\u2028"])),
                   max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_HOSTILE, title=_HOSTILE, doc_id=st.text(min_size=1, max_size=400), published=_HOSTILE)
def test_any_text_is_stored_alike_on_both_engines(store, body, title, doc_id, published):
    body = f"{uuid.uuid4().hex} Norway {body}"  # a new page each time (pages are known by content)
    doc = make_doc(doc_id, body, published=published, title=title, url=None)
    report = ingest_docs(store, [doc])
    assert report.stored == 1 and report.ok, report.errors
    assert all("\n" not in note for note in report.notes)
    with store.connect() as conn:
        a = schema.articles.c
        stored = conn.execute(select(a.body, a.title, a.doc_id, a.published)
                              .where(a.body.like(body[:32] + "%"))).one()
    clean = UNSTORABLE.sub("\ufffd", body)
    assert stored.body == clean and len(stored.body) == len(body)  # offsets hold
    assert stored.title == UNSTORABLE.sub("\ufffd", title)
    assert stored.doc_id == bounded_id(UNSTORABLE.sub("\ufffd", doc_id)) and len(stored.doc_id) <= 200
    kept = UNSTORABLE.sub("\ufffd", published)
    assert stored.published is None or stored.published == kept or stored.published in kept
    assert stored.published is None or len(stored.published) <= 40
