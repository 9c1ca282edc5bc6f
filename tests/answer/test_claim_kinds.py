"""`ask` words each attributed claim as its kind and modality say: a direct quote in quotation
marks, indirect speech as "X said that …", a source phrase as "according to X", and hedged or
denied content as such, never as a fact."""

from __future__ import annotations

import json

from attribution_kit import DENIED, DIRECT, HEDGED, INDIRECT, SOURCED, attribution_doc
from corpus_kit import ingest_docs

from newsdesk.answer.ask import ask
from newsdesk.answer.brief import to_html, to_json, to_markdown
from newsdesk.answer.claim_wording import in_marks, kind_of, worded


def _claims(brief) -> dict[str, dict]:
    return {e["sentence"]: e for e in brief.evidence if e["kind"] == "claim"}


def test_the_brief_words_each_claim_as_its_kind_says(store):
    ingest_docs(store, [attribution_doc()])
    with store.connect() as conn:
        brief = ask(conn, "Did Norway and Chile agree?")
    claims = _claims(brief)
    assert {k: (e["quote_kind"], e["modality"]) for k, e in claims.items()} == {
        DIRECT: ("direct", "reported"),
        INDIRECT: ("indirect", "reported"),
        HEDGED: ("indirect", "hypothetical"),
        DENIED: ("indirect", "denied"),
        SOURCED: ("source_phrase", "reported"),
    }
    assert claims[DIRECT]["worded"] == f"Norway said: \u201c{DIRECT}\u201d"
    assert claims[INDIRECT]["worded"] == f"Norway said that {INDIRECT}"
    assert claims[HEDGED]["worded"] == f"Norway said that {HEDGED} (hypothetical, not a fact)"
    assert claims[DENIED]["worded"] == f"Norway denied that {DENIED}"
    assert claims[SOURCED]["worded"] == f"According to Norway, {SOURCED}"

    number = {e["sentence"]: n for n, e in enumerate(brief.evidence, start=1) if e["kind"] == "claim"}
    summary = [s["text"] for s in brief.summary]
    counted = next(t for t in summary if t.startswith("Claims by Norway"))
    assert "2 as direct quote" not in counted and "1 as direct quote" in counted
    assert "3 as reported speech" in counted and "1 as source phrase" in counted
    hedged = next(t for t in summary if t.startswith("Hedged or denied"))
    assert f"1 claim hypothetical, not a fact [{number[HEDGED]}]" in hedged
    assert f"1 claim denied [{number[DENIED]}]" in hedged
    assert str(number[INDIRECT]) not in hedged.replace(f"[{number[HEDGED]}]", "").replace(
        f"[{number[DENIED]}]", ""
    )
    # no indirect claim is put in quotation marks anywhere in the summary
    assert not any(f"\u201c{INDIRECT}" in t or f"\u201c{HEDGED}" in t for t in summary)

    markdown = to_markdown(brief)
    line = next(x for x in markdown.splitlines() if INDIRECT in x)
    assert "**claim, reported speech**" in line and f"Norway said that {INDIRECT} —" in line
    assert f"\u201c{DIRECT}\u201d" in markdown and f"\u201c{INDIRECT}" not in markdown
    assert "<script>" not in markdown

    page = to_html(brief)
    assert f"Norway said that {INDIRECT}</p>" in page and f"\u201c{INDIRECT}" not in page
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)" in page
    assert json.loads(to_json(brief))["evidence"][0]["quote_kind"] in {"direct", "indirect", None}


def test_rows_without_a_kind_fall_back_to_the_direct_flag_and_mixed_keeps_its_own_marks():
    assert kind_of(None, True) == "direct" and kind_of(None, False) == "indirect"
    assert kind_of("nonsense", False) == "indirect"
    partial = "the plan was \u201ca disaster\u201d"
    assert worded("mixed", "reported", "Chile", partial) == f"Chile said that {partial}"
    assert not in_marks("mixed", partial) and in_marks("mixed", "a disaster")
    assert worded("source_phrase", "future", None, "the talks will resume") == (
        "Reportedly, the talks will resume (planned or expected, not a fact)"
    )
    long = worded("indirect", "reported", "X", "word " * 400)
    assert len(long) < 700 and long.endswith("…")
