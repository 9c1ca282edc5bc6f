"""`newsdesk eval actors DIR`: actor mentions and their ids scored against the annotated articles.

The gold standard (docs/annotation/actors.md, ``data/annotation/actors/labels.jsonl``) marks every
actor mention of 60 articles of the shared corpus (DIR, ``../shared/corpus``): names, descriptions
("the government", "protesters") and titles ("the Treasurer"), each linked to one real-world
actor, with a state, its government and its armed forces as separate actors. Each article goes
through the reading stages; a predicted mention is an actor entity's mention (people, groups,
organisations, countries acting, the country-and-sector agents).

Scores:
- mention recall (overall and by kind) and precision: a gold and a predicted mention match when
  their spans overlap, one to one, largest overlap first;
- cross-document B-cubed precision, recall and F1 over the matched mentions of all articles
  pooled: a predicted id that joins two real actors costs precision, one real actor under two
  ids costs recall.

The rules were developed on four fifths of the documents; ``heldout=True`` (``--heldout``, or
``NEWSDESK_EVAL_HELDOUT=1``) scores the held-out fifth instead (chosen by a hash of the document id
before annotation).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

from ..code.annotations import corpus_articles
from ..model import Article, Document
from ..stages import registered
from . import flag

LABELS = Path(str(files("newsdesk") / "data" / "annotation" / "actors" / "labels.jsonl"))
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "GROUP"}


def is_heldout(doc: str) -> bool:
    return int(hashlib.sha1(f"newsdesk-actors-holdout:{doc}".encode()).hexdigest()[:8], 16) % 5 == 0


def load(path: Path = LABELS) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predicted(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, id) of every actor mention the reading found."""
    out: list[tuple[int, int, str]] = []
    for e in doc.entities:
        if e.type.upper() not in ACTOR_TYPES:
            continue
        out.extend((m.start, m.end, e.id) for m in e.mentions)
    return sorted(set(out))


def match(gold: list[dict], pred: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of overlapping spans, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, (s, e, _) in enumerate(pred):
            overlap = min(g["end"], e) - max(g["start"], s)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of (gold id, predicted id) per matched mention."""
    if not pairs:
        return 0.0, 0.0
    by_gold: dict[str, Counter] = defaultdict(Counter)
    by_pred: dict[str, Counter] = defaultdict(Counter)
    for g, p in pairs:
        by_gold[g][p] += 1
        by_pred[p][g] += 1
    precision = sum(by_pred[p][g] / sum(by_pred[p].values()) for g, p in pairs) / len(pairs)
    recall = sum(by_gold[g][p] / sum(by_gold[g].values()) for g, p in pairs) / len(pairs)
    return precision, recall


def analyse(articles: list[dict]) -> list[Document]:
    stages = [s for s in registered() if s.phase == "read"]
    docs = [Document(article=Article(id=a["id"], title=a.get("title"), body=a["body"],
                                     published=a.get("published"), url=a.get("url"))) for a in articles]
    for start in range(0, len(docs), 16):
        for stage in stages:
            stage.run(docs[start : start + 16])
    return docs


def evaluate(path: Path, *, heldout: bool | None = None) -> dict:
    records = load()
    if not records:
        return {"n": 0, "error": "no annotated actor mentions (data/annotation/actors/labels.jsonl)"}
    final = flag(heldout, "eval_heldout")
    records = [r for r in records if is_heldout(r["doc"]) == final]
    articles = corpus_articles(path)
    records = [r for r in records if r["doc"] in articles]
    if not records:
        return {"n": 0, "error": f"none of the annotated documents is under {path}"}
    docs = analyse([articles[r["doc"]] for r in records])
    gold_n = pred_n = hit_g = 0
    by_kind: Counter[str] = Counter()
    hit_kind: Counter[str] = Counter()
    ids: list[tuple[str, str]] = []
    for r, doc in zip(records, docs, strict=True):
        gold = r["mentions"]
        pred = predicted(doc)
        pairs = match(gold, pred)
        gold_n += len(gold)
        pred_n += len(pred)
        hit_g += len(pairs)
        by_kind.update(g["kind"] for g in gold)
        hit_kind.update(gold[gi]["kind"] for gi, _ in pairs)
        ids.extend((gold[gi]["actor"], pred[pi][2]) for gi, pi in pairs)
    p, rc = bcubed(ids)
    return {
        "data": "annotated actor mentions (docs/annotation/actors.md)",
        "split": "held-out fifth of the documents" if final else "development documents (four fifths)",
        "documents": len(records),
        "gold_mentions": gold_n,
        "predicted_mentions": pred_n,
        "mention_recall": round(hit_g / gold_n, 4) if gold_n else 0.0,
        "mention_recall_by_kind": {k: round(hit_kind[k] / n, 4) for k, n in sorted(by_kind.items())},
        "mention_precision": round(hit_g / pred_n, 4) if pred_n else 0.0,
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(rc, 4),
        "bcubed_f1": round(2 * p * rc / (p + rc), 4) if p + rc else 0.0,
        "actors_gold": len({g for g, _ in ids}),
        "actors_predicted": len({q for _, q in ids}),
    }
