"""`newsdesk eval events DIR`: PLOVER coding scored on gold records (the plover-gsr layout).

Each record's sentence goes through the real pipeline (read, attribute, code phases) as a one-sentence
document. Scores: micro precision/recall/F1 over (sentence, category) pairs after mapping older labels
(DISAPPROVE, INVESTIGATE -> ACCUSE; FIGHT -> ASSAULT), recall per category, and, for correctly typed
events, how often the coded source and target overlap the annotated actor text.

Honest figures: when DIR holds sentences the shipped classifier was trained on (recognised by the
sentence hashes the model keeps), the records are split into K folds (``NEWSDESK_EVAL_FOLDS``,
default 5) and each fold is coded by the model refitted without that fold's sentences. On unseen data
the shipped model is used as is. The trigger lexicon is hand-written and is not refitted.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..code import classify, plover
from ..code.events import code
from ..code.train import records
from ..model import ActorRef, Article, Document
from ..stages import registered
from . import env_int

STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "'s", "s"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP}


def _gold_actors(field) -> list[str]:
    if not isinstance(field, list):
        return []
    return [a["actorText"] for a in field if isinstance(a, dict) and a.get("actorText")]


def _names(doc: Document, ref: ActorRef) -> set[str]:
    """Every word the document uses for an actor reference (mentions in this sentence, name, aliases)."""
    refs = ref if isinstance(ref, list) else [ref] if ref else []
    out: set[str] = set()
    for r in refs:
        entity = doc.entity(r)
        if entity is None:
            out |= _words(str(r))
        else:
            out |= _words(entity.name)
            for m in entity.mentions:
                out |= _words(m.text)
    return out


def _overlaps(doc: Document, ref: ActorRef, gold: list[str]) -> bool:
    names = _names(doc, ref)
    return any(names & _words(g) for g in gold)


def _documents(rows: list[dict]) -> list[Document]:
    docs = [
        Document(article=Article(id=f"plover-{i}", title=None, body=r["text"])) for i, r in enumerate(rows)
    ]
    stages = [s for s in registered() if s.phase != "clean" and s.name not in {"events", "relations"}]
    for start in range(0, len(docs), 32):
        batch = docs[start : start + 32]
        for stage in stages:
            stage.run(batch)
    return docs


def evaluate(path: Path) -> dict:
    rows = list(records(path)) if path.is_dir() else list(records(path.parent))
    if not rows:
        return {"n": 0, "error": f"no PLOVER records under {path}"}
    docs = _documents(rows)
    hashes = [classify.sentence_hash(r["text"]) for r in rows]
    model = classify.shipped()
    seen = set(model.train_hash) if model is not None and model.train_hash is not None else set()
    folds = max(2, env_int("NEWSDESK_EVAL_FOLDS", 5))
    cross_validated = bool(seen & set(hashes))
    if cross_validated:
        order = sorted(range(len(rows)), key=lambda i: hashes[i])
        fold_of = {i: n % folds for n, i in enumerate(order)}
        for k in range(folds):
            members = [i for i in range(len(rows)) if fold_of[i] == k]
            held_out = classify.refit_without(model, {hashes[i] for i in members})
            with classify.using(held_out):
                code([docs[i] for i in members])
    else:
        code(docs)

    tp = fp = fn = 0
    gold_count: Counter[str] = Counter()
    hit_count: Counter[str] = Counter()
    source_ok = source_n = target_ok = target_n = 0
    for row, doc in zip(rows, docs, strict=True):
        gold = row["category"]
        predicted = {e.type for e in doc.events}
        gold_count[gold] += 1
        if gold in predicted:
            tp += 1
            hit_count[gold] += 1
            event = next(e for e in doc.events if e.type == gold)
            if gold_source := _gold_actors(row.get("source")):
                source_n += 1
                source_ok += _overlaps(doc, event.source, gold_source)
            if gold_target := _gold_actors(row.get("target")):
                target_n += 1
                target_ok += _overlaps(doc, event.target, gold_target)
        else:
            fn += 1
        fp += len(predicted - {gold})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(rows),
        "cross_validated": cross_validated,
        "folds": folds if cross_validated else None,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_by_category": {
            c: round(hit_count[c] / gold_count[c], 3) for c in plover.names() if gold_count[c]
        },
        "source_right": round(source_ok / source_n, 4) if source_n else None,
        "target_right": round(target_ok / target_n, 4) if target_n else None,
        "actors_right": round((source_ok + target_ok) / (source_n + target_n), 4)
        if source_n + target_n
        else None,
    }
