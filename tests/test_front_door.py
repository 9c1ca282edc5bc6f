"""``import newsdesk``: the Python API a notebook needs, without deep imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsdesk

ARTICLE = """Allawi meets Turkish envoy in Baghdad

Iraqi Vice President Ayad Allawi met the Turkish ambassador in Baghdad on Monday to discuss
the water dispute over the Tigris, his office said in a statement.

Allawi told reporters that Iraq would not accept further cuts to the river's flow and said
the two governments would form a joint committee on the dams before the summer.
"""


def test_every_public_name_resolves_to_a_function() -> None:
    assert sorted(newsdesk.__all__) == sorted(set(newsdesk.__all__))
    for name in newsdesk.__all__:
        assert callable(getattr(newsdesk, name)), name
    with pytest.raises(AttributeError):
        newsdesk.no_such_function  # noqa: B018


def test_the_ingest_function_is_not_shadowed_by_the_ingest_package() -> None:
    import newsdesk.ingest.files  # noqa: F401  (a submodule of the package of the same name)
    from newsdesk.ingest.sources import read_sources  # noqa: F401

    assert callable(newsdesk.ingest)
    assert newsdesk.ingest.__module__ == "newsdesk.public"


def test_import_newsdesk_loads_neither_spacy_nor_sqlalchemy() -> None:
    code = "import sys, newsdesk; print([m for m in ('spacy', 'sqlalchemy', 'torch') if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_extract_rejects_a_page_over_the_size_limit() -> None:
    from newsdesk.ingest.limits import MAX_PAGE_CHARS

    with pytest.raises(ValueError, match="page limit"):
        newsdesk.extract("a" * (MAX_PAGE_CHARS + 1))


@pytest.mark.slow
def test_extract_reads_the_people_of_a_sentence() -> None:
    sentence = "Iraqi Vice President Ayad Allawi met the Turkish ambassador in Baghdad on Monday."
    doc = newsdesk.extract(sentence, kind="body")
    allawi = [e for e in doc.entities if "Allawi" in e.name]
    assert allawi and allawi[0].type == "PERSON"
    start, end = allawi[0].mentions[0].start, allawi[0].mentions[0].end
    assert "Allawi" in doc.body[start:end]


@pytest.mark.slow
def test_a_text_file_ingested_into_a_new_store_is_found_by_search(tmp_path) -> None:
    page = tmp_path / "pages" / "allawi.txt"
    page.parent.mkdir()
    page.write_text(ARTICLE, encoding="utf-8")
    store = newsdesk.open_store(tmp_path / "news.db")
    report = newsdesk.ingest(store, [page.parent])
    assert (report.stored, report.errors) == (1, [])
    hits = newsdesk.search(store, "Tigris dams")
    assert [hit.doc_id for hit in hits] == ["allawi.txt"]
    assert newsdesk.search(store, "volcano") == []
    again = newsdesk.ingest(store, page)  # one path; what is stored is skipped
    assert (again.stored, again.skipped) == (0, 1)
