"""`newsdesk eval events DIR`: PLOVER coding scored on annotated news or on PLOVER gold records.

Two kinds of DIR:

* the shared corpus (``../shared/corpus``): the annotated sentences of docs/annotation/events.md.
  Cross-validation with folds by document (``folds``: ``--folds`` or ``NEWSDESK_EVAL_FOLDS``,
  default 5, dealt by ``seed``: ``--seed`` or ``NEWSDESK_EVAL_FOLD_SEED``): each fold's articles
  are coded by a model fitted on the other folds' articles only, so no article is on both sides.
  ``heldout=True`` (``--heldout`` or ``NEWSDESK_EVAL_HELDOUT=1``) instead scores the held-out
  fifth of the documents with a model fitted on all the others (the final, once-only figure).
* a folder of PLOVER gold records (the plover-gsr layout): each record's sentence goes through
  the pipeline as a one-sentence document, coded by the shipped model, which was trained on the
  annotated corpus sentences and never on these records (the output says so).

Scores: micro precision/recall/F1 over (sentence, category) pairs, macro F1 over the categories
present, recall per category, the share of ``none`` sentences given an event, and for correctly
typed events how often the coded source and target match the annotated actor (overlapping words)
and the modality is the annotated one. Older labels fold into the current codebook (DEMAND ->
REQUEST; DISAPPROVE, INVESTIGATE -> ACCUSE; FIGHT -> ASSAULT).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from ..code import annotations as event_annotations
from ..code import classify, plover
from ..code.events import code
from ..model import ActorRef, Article, Document
from ..stages import registered
from . import flag, whole

STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "'s", "s"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP}


def _names(doc: Document, ref: ActorRef) -> set[str]:
    """Every word the document uses for an actor reference (mentions, name, aliases)."""
    refs = ref if isinstance(ref, list) else [ref] if ref else []
    out: set[str] = set()
    for r in refs:
        entity = doc.entity(r)
        if entity is None:
            out |= _words(str(r))
        else:
            out |= _words(entity.name)
            for m in [*entity.mentions, *entity.described]:
                out |= _words(m.text)
    return out


def _matches(doc: Document, ref: ActorRef, gold: list[str]) -> bool:
    names = _names(doc, ref)
    return any(names & _words(g) for g in gold)


class Score:
    """Counts over sentences: gold categories against coded ones."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.none = self.none_with_event = 0
        self.source = [0, 0]
        self.target = [0, 0]
        self.modality = [0, 0]

    def add(self, doc: Document, gold: list[dict], coded: list) -> None:
        gold_types = {g["category"] for g in gold}
        coded_types = {e.type for e in coded}
        if not gold_types:
            self.none += 1
            self.none_with_event += bool(coded_types)
        for c in gold_types & coded_types:
            self.tp[c] += 1
            g = next(x for x in gold if x["category"] == c)
            e = next(x for x in coded if x.type == c)
            for side, tally in (("source", self.source), ("target", self.target)):
                if g.get(side):
                    tally[1] += 1
                    tally[0] += _matches(doc, getattr(e, side), g[side])
            if g.get("modality"):
                self.modality[1] += 1
                self.modality[0] += e.modality == g["modality"]
        for c in coded_types - gold_types:
            self.fp[c] += 1
        for c in gold_types - coded_types:
            self.fn[c] += 1

    def result(self) -> dict:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per = {}
        for c in plover.names():
            support = self.tp[c] + self.fn[c]
            if not support:
                continue
            pc = self.tp[c] / (self.tp[c] + self.fp[c]) if self.tp[c] + self.fp[c] else 0.0
            rc = self.tp[c] / support
            per[c] = {"n": support, "p": round(pc, 3), "r": round(rc, 3),
                      "f1": round(2 * pc * rc / (pc + rc), 3) if pc + rc else 0.0}

        def share(pair: list[int]) -> float | None:
            return round(pair[0] / pair[1], 4) if pair[1] else None

        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "macro_f1": round(sum(v["f1"] for v in per.values()) / len(per), 4) if per else 0.0,
            "none_sentences": self.none,
            "none_given_event": round(self.none_with_event / self.none, 4) if self.none else None,
            "source_right": share(self.source),
            "target_right": share(self.target),
            "modality_right": share(self.modality),
            "by_category": per,
        }


def _span_text(body: str, span) -> list[str]:
    return [body[span[0] : span[1]]] if span else []


def _gold(record: dict, body: str) -> list[dict]:
    return [
        {"category": e["category"], "source": _span_text(body, e.get("source")),
         "target": _span_text(body, e.get("target")), "modality": e.get("modality")}
        for e in record["events"]
    ]


def _coded_in(doc: Document, start: int, end: int) -> list:
    """Events whose evidence sentence overlaps the annotated sentence most of its length."""
    out = []
    for e in doc.events:
        lo, hi = max(start, e.start), min(end, e.end)
        if hi > lo and (hi - lo) >= 0.5 * (end - start):
            out.append(e)
    return out


def evaluate_annotated(corpus: Path, *, folds: int | None = None, seed: int | None = None,
                       heldout: bool | None = None) -> dict:
    """Cross-validation by document on the annotated sentences (or the held-out fifth, once)."""
    from ..code import train

    records = event_annotations.load()
    if not records:
        return {"n": 0, "error": "no annotated sentences (data/annotation/events/labels.jsonl)"}
    articles = event_annotations.articles_for(records, corpus)
    records = [r for r in records if r["doc"] in articles]
    if not records:
        return {"n": 0, "error": f"none of the annotated documents is under {corpus}"}
    final = flag(heldout, "eval_heldout")
    folds = max(2, whole(folds, "eval_folds", 5, option="folds"))
    seed = whole(seed, "eval_fold_seed", 0, option="seed")
    docs = train.analyse(articles[d] for d in sorted({r["doc"] for r in records}))
    by_id = {d.article.id: d for d in docs}
    examples = train.match(docs, records)
    of = {id(e.record): e for e in examples}
    pairs = [
        ([of[id(r)] for r in fitted], [of[id(r)] for r in scored])
        for fitted, scored in event_annotations.splits(records, folds, seed, final)
    ]
    score = Score()
    n = 0
    for fitted, members in pairs:
        model = train.fit_examples(fitted)
        fold_docs = [by_id[d] for d in sorted({e.record["doc"] for e in members})]
        with classify.using(model):
            code(fold_docs)
        for e in members:
            doc = by_id[e.record["doc"]]
            score.add(doc, _gold(e.record, doc.body), _coded_in(doc, e.record["start"], e.record["end"]))
            n += 1
    return {
        "data": "annotated Wikinews sentences (docs/annotation/events.md)",
        "n": n,
        "split": "held-out fifth of the documents, model fitted on the rest" if final
        else f"{folds}-fold cross-validation by document (seed {seed}), held-out fifth excluded",
        "candidates": sum(e.candidate is not None for _, scored in pairs for e in scored),
        "written_sentences_trained_on": sum(1 for r in records if r.get("written")),
        **score.result(),
    }


def _records(folder: Path) -> list[dict]:
    """Coded sentences of a PLOVER-layout folder, label mapped to the current codebook."""
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"newsdesk: skipping {path.name}: {error}", file=sys.stderr)
            continue
        for record in data if isinstance(data, list) else []:
            label = plover.canonical(str(record.get("event", "")))
            text = record.get("text")
            if label and isinstance(text, str) and text.strip():
                out.append({**record, "category": label})
    return out


def _gold_actors(field) -> list[str]:
    if not isinstance(field, list):
        return []
    return [a["actorText"] for a in field if isinstance(a, dict) and a.get("actorText")]


def evaluate_records(folder: Path) -> dict:
    rows = _records(folder)
    if not rows:
        return {"n": 0, "error": f"no PLOVER records under {folder}"}
    docs = [
        Document(article=Article(id=f"plover-{i}", title=None, body=r["text"])) for i, r in enumerate(rows)
    ]
    stages = [s for s in registered() if s.phase in {"read", "attribute"}]
    for start in range(0, len(docs), 32):
        batch = docs[start : start + 32]
        for stage in stages:
            stage.run(batch)
    code(docs)
    score = Score()
    for row, doc in zip(rows, docs, strict=True):
        gold = [{"category": row["category"], "source": _gold_actors(row.get("source")),
                 "target": _gold_actors(row.get("target")), "modality": None}]
        score.add(doc, gold, doc.events)
    result = score.result()
    result.pop("none_sentences")
    result.pop("none_given_event")
    result.pop("modality_right")
    return {
        "data": "PLOVER gold records",
        "n": len(rows),
        "model": "shipped, trained on the annotated Wikinews sentences only; none of these records",
        "cross_validated": False,
        **result,
    }


def evaluate(path: Path, *, folds: int | None = None, seed: int | None = None,
             heldout: bool | None = None) -> dict:
    """The annotated corpus with these options; a folder of PLOVER records is scored whole
    by the shipped model, so the options do not apply to it."""
    if any((path / name / "articles.jsonl").exists() for name in event_annotations.COLLECTIONS):
        return evaluate_annotated(path, folds=folds, seed=seed, heldout=heldout)
    return evaluate_records(path if path.is_dir() else path.parent)
