"""The annotated event sentences (docs/annotation/events.md): read, checked and split by document.

Labels live in ``data/annotation/events/labels.jsonl``, one sentence a line, as offsets into the
article bodies of ``../shared/corpus`` (the text itself is never copied into the repository)::

    {"doc": "enwikinews-0000736", "start": 120, "end": 245, "written": false,
     "events": [{"category": "ASSAULT", "source": [130, 142], "target": null, "modality": "asserted"}]}

``"events": []`` is a sentence that holds no political event. Sentences written by the annotators
for the rarest categories (never more than a third of a category) live apart, with their own text,
in ``written.jsonl`` (``"written": true``); they are trained on and never scored.

One fifth of the documents, chosen by a hash of their id before any labelling, is the final test:
never trained or tuned on (:func:`heldout`). Cross-validation deals the other documents into folds
by the same kind of hash, so no article is on both sides of a fold (:func:`fold_of`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path

from . import plover

DATA = files("newsdesk") / "data" / "annotation" / "events"
LABELS = Path(str(DATA / "labels.jsonl"))
SELECTION = Path(str(DATA / "selection.jsonl"))
SECOND_PASS = Path(str(DATA / "second_pass.jsonl"))
WRITTEN = Path(str(DATA / "written.jsonl"))
MODALITIES = ("asserted", "reported", "hypothetical", "future", "negated", "denied")
CATEGORIES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
COLLECTIONS = ("wikinews-politics-2004-2009", "wikinews-2019-2021")


def _bucket(doc: str, salt: str, n: int) -> int:
    return int(hashlib.sha1(f"{salt}:{doc}".encode()).hexdigest()[:8], 16) % n


def heldout(doc: str) -> bool:
    """Whether ``doc`` belongs to the fifth of documents kept aside for the final score (a written
    sentence never does: it is not news)."""
    return not doc.startswith("written-") and _bucket(doc, "newsdesk-events-holdout", 5) == 0


def fold_of(doc: str, folds: int = 5, seed: int = 0) -> int:
    """The cross-validation fold of a document (all its sentences go together)."""
    return _bucket(doc, f"newsdesk-events-fold-{seed}", folds)


def splits(
    records: Sequence[dict], folds: int = 5, seed: int = 0, final: bool = False
) -> list[tuple[list, list]]:
    """(fitted on, scored) pairs of record lists: ``folds`` folds by document over the records outside
    the held-out fifth, or, when ``final``, the held-out fifth scored by a model of all the rest."""
    if final:
        return [([r for r in records if not heldout(r["doc"])], [r for r in records if heldout(r["doc"])])]

    dev = [r for r in records if not heldout(r["doc"])]
    fold = [fold_of(r["doc"], folds, seed) for r in dev]
    pairs = list(zip(dev, fold, strict=True))
    return [
        ([r for r, f in pairs if f != k], [r for r, f in pairs if f == k and not r.get("written")])
        for k in range(folds)
    ]


def fold_list(labels: Iterable[str]) -> list[str]:
    """Labels mapped to the current codebook (older names folded, unknown ones dropped)."""
    return [c for c in (plover.canonical(label) for label in labels) if c]


def sentence_id(doc: str, start: int, end: int) -> str:
    return f"{doc}:{start}-{end}"


def parse_sentence_id(sid: str) -> tuple[str, int, int]:
    doc, _, span = sid.rpartition(":")
    start, _, end = span.partition("-")
    return doc, int(start), int(end)


def corpus_articles(corpus: Path) -> dict[str, dict]:
    """Every article of the shared corpus by id, with the collection it came from."""
    out: dict[str, dict] = {}
    for name in COLLECTIONS:
        path = corpus / name / "articles.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    article = json.loads(line)
                    out[article["id"]] = {**article, "collection": name}
    return out


def _locate(phrase: str, text: str, offset: int) -> tuple[list[int] | None, str | None]:
    """Offsets of ``phrase`` in the sentence ``text`` (which starts at ``offset``)."""
    phrase = (phrase or "").strip()
    if not phrase:
        return None, None
    # A whole-word match first: "he" is not the "he" inside "the".
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) or re.search(
        rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE
    )
    at = found.start() if found else text.find(phrase)
    if at < 0:
        at = text.lower().find(phrase.lower())
    if at < 0:
        return None, f"span not in sentence: {phrase[:40]!r}"
    return [offset + at, offset + at + len(phrase)], None


def to_record(item: dict, articles: dict[str, dict]) -> dict:
    """An annotator's line (span texts) as a stored record (offsets); problems are listed."""
    doc, start, end = parse_sentence_id(item["sid"])
    if doc not in articles:
        raise KeyError(f"unknown document {doc}")
    text = articles[doc]["body"][start:end]
    problems: list[str] = []
    events = []
    for event in item.get("events") or []:
        category = plover.canonical(str(event.get("category", "")))
        if category is None:
            raise ValueError(f"unknown category {event.get('category')!r}")
        modality = str(event.get("modality") or "asserted").strip().lower()
        if modality not in MODALITIES:
            raise ValueError(f"unknown modality {modality!r}")
        spans = {}
        for side in ("source", "target"):
            span, problem = _locate(str(event.get(side) or ""), text, start)
            spans[side] = span
            if problem:
                problems.append(problem)
        events.append({"category": category, **spans, "modality": modality})
    record = {"doc": doc, "start": start, "end": end, "sid": item["sid"],
              "written": bool(item.get("written", False)), "events": events}
    if item.get("note"):
        record["note"] = str(item["note"])[:300]
    if problems:
        record["problems"] = problems
    return record


def load(path: Path = LABELS, written: bool = True) -> list[dict]:
    """The stored records (empty when the file does not exist yet), with the written sentences."""
    out: list[dict] = []
    for source in (path, WRITTEN) if written else (path,):
        if source.exists():
            with source.open(encoding="utf-8") as fh:
                out.extend(json.loads(line) for line in fh if line.strip())
    return out


def articles_for(records: Sequence[dict], corpus: Path) -> dict[str, dict]:
    """The text behind each record: a corpus article, or a written sentence's own text."""
    out = corpus_articles(corpus)
    for r in records:
        if r.get("written"):
            out[r["doc"]] = {"id": r["doc"], "title": None, "body": r["text"], "collection": "written"}
    return out


def categories_of(record: dict) -> set[str]:
    return {e["category"] for e in record["events"]}
