"""`newsdesk eval quotes DIR`: attributions (who said or holds what) scored against annotated articles.

The gold standard (docs/annotation/attribution.md, ``data/annotation/attribution/``) marks every
attribution of the selected articles of the shared corpus (DIR, ``../shared/corpus``): its content
span, kind (direct, indirect, mixed, source phrase), source, cue, modality and, for a pronoun
source, the words it stands for (``source_ref``). ``selection.jsonl`` lists every selected article,
those with no attribution included, with its ``heldout`` flag. A DIR that holds its own
``labels.jsonl``, ``selection.jsonl`` and ``articles.jsonl`` (id, body) is scored on those instead,
which is how the tests run this on a few written articles.

Each article goes through the reading and attribution stages; every quote the pipeline stores is a
predicted attribution.

Matching: a predicted attribution matches a gold one when their content spans overlap by at least
half of the shorter of the two; pairs are made one to one, the largest share of overlap (of the
longer span) first, and between equal shares the pairs whose sources agree first (one content with
two sources: "X said C, citing Y").
Scores:

- precision (matched predictions / predictions) and recall (matched gold / gold), overall and by
  gold kind (recall) and predicted kind (precision);
- speaker accuracy over the matched pairs whose gold has a source: the predicted speaker span
  overlaps the gold source or the words the source stands for (``source_ref``);
- cue accuracy over the matched pairs whose gold has a cue: the predicted cue span overlaps it;
- kind and modality agreement over the matched pairs.

The rules are developed on the articles not held out; ``heldout=True`` (``--heldout``, or
``NEWSDESK_EVAL_HELDOUT=1``) scores the held-out ones instead (the final, once-only figure).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..code.annotations import corpus_articles
from ..model import Article, Document
from ..stages import registered
from . import flag

LABELS_DIR = Path(str(files("newsdesk") / "data" / "annotation" / "attribution"))
KINDS = ("direct", "indirect", "mixed", "source_phrase")
#: Share of the shorter content span two spans must have in common to be the same attribution.
MIN_OVERLAP = 0.5
BATCH = 16


@dataclass(frozen=True)
class Attribution:
    """One attribution as spans: gold from the labels, predicted from a document's quotes."""

    start: int
    end: int
    kind: str | None = None
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    modality: str | None = None
    source_ref: tuple[int, int] | None = None


def _span(value: Sequence[int | None] | None) -> tuple[int, int] | None:
    if value is None or len(value) != 2 or value[0] is None or value[1] is None:
        return None
    return int(value[0]), int(value[1])


def gold_attribution(record: dict) -> Attribution:
    labels = record.get("labels") or {}
    return Attribution(
        int(record["start"]),
        int(record["end"]),
        labels.get("kind"),
        _span(labels.get("source")),
        _span(labels.get("cue")),
        labels.get("modality"),
        _span(labels.get("source_ref")),
    )


def predicted(doc: Document) -> list[Attribution]:
    """Every quote of a processed document as an attribution."""
    out = []
    for q in doc.quotes:
        kind = q.kind or ("direct" if q.direct else "indirect")
        speaker = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        cue = (q.cue_start, q.cue_end) if q.cue_start is not None else None
        out.append(Attribution(q.start, q.end, kind, _span(speaker), _span(cue), q.modality))
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_source(g: Attribution, p: Attribution) -> bool:
    return bool(_overlap(p.source, g.source) or _overlap(p.source, g.source_ref))


def match(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) whose contents overlap by at least half of the
    shorter span, the largest share first; between equal shares (two sources of one content, "X
    said C, citing Y"), pairs whose sources agree first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = _overlap((g.start, g.end), (p.start, p.end))
            shorter = min(g.end - g.start, p.end - p.start)
            if shared > 0 and shorter > 0 and shared >= MIN_OVERLAP * shorter:
                share = round(shared / max(g.end - g.start, p.end - p.start), 6)
                pairs.append((share, _same_source(g, p), shared, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for *_, gi, pi in sorted(pairs, key=lambda x: (-x[0], -x[1], -x[2], x[3], x[4])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


class Score:
    """Counts over documents: gold attributions against predicted ones."""

    def __init__(self) -> None:
        self.gold: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.hit_gold: Counter[str] = Counter()
        self.hit_pred: Counter[str] = Counter()
        self.speaker = [0, 0]
        self.cue = [0, 0]
        self.kind = [0, 0]
        self.modality = [0, 0]
        self.documents = 0

    def add(self, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> None:
        self.documents += 1
        self.gold.update(g.kind or "unknown" for g in gold)
        self.pred.update(p.kind or "unknown" for p in pred)
        for gi, pi in match(gold, pred):
            g, p = gold[gi], pred[pi]
            self.hit_gold[g.kind or "unknown"] += 1
            self.hit_pred[p.kind or "unknown"] += 1
            if g.source is not None or g.source_ref is not None:
                self.speaker[1] += 1
                self.speaker[0] += _same_source(g, p)
            if g.cue is not None:
                self.cue[1] += 1
                self.cue[0] += bool(_overlap(p.cue, g.cue))
            self.kind[1] += 1
            self.kind[0] += g.kind == p.kind
            if g.modality:
                self.modality[1] += 1
                self.modality[0] += g.modality == p.modality

    def result(self) -> dict:
        gold_n, pred_n = sum(self.gold.values()), sum(self.pred.values())
        hits_g, hits_p = sum(self.hit_gold.values()), sum(self.hit_pred.values())

        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        p, r = ratio(hits_p, pred_n), ratio(hits_g, gold_n)
        return {
            "documents": self.documents,
            "gold": gold_n,
            "predicted": pred_n,
            "matched": hits_g,
            "precision": p,
            "recall": r,
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "recall_by_kind": {k: ratio(self.hit_gold[k], n) for k, n in sorted(self.gold.items())},
            "gold_by_kind": dict(sorted(self.gold.items())),
            "precision_by_kind": {k: ratio(self.hit_pred[k], n) for k, n in sorted(self.pred.items())},
            "predicted_by_kind": dict(sorted(self.pred.items())),
            "speaker_accuracy": ratio(*self.speaker),
            "speaker_scored": self.speaker[1],
            "cue_accuracy": ratio(*self.cue),
            "kind_accuracy": ratio(*self.kind),
            "modality_accuracy": ratio(*self.modality),
        }


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def annotated_set(path: Path) -> tuple[list[dict], dict[str, list[dict]], dict[str, dict]]:
    """(selection, labels by document, articles by id) for DIR: its own files, else the shipped
    labels over the shared corpus."""
    own = (path / "selection.jsonl").exists() and (path / "articles.jsonl").exists()
    where = path if own else LABELS_DIR
    selection = _jsonl(where / "selection.jsonl")
    labels: dict[str, list[dict]] = defaultdict(list)
    for record in _jsonl(where / "labels.jsonl"):
        labels[record["doc"]].append(record)
    if own:
        articles = {a["id"]: a for a in _jsonl(path / "articles.jsonl")}
    else:
        articles = corpus_articles(path)
    return selection, labels, articles


def analyse(articles: Iterable[dict]) -> list[Document]:
    """Documents read and attributed by the registered stages (no cleaning: the body is given)."""
    stages = [s for s in registered() if s.phase in {"read", "attribute"}]
    docs = [
        Document(
            article=Article(
                id=a["id"],
                title=a.get("title"),
                body=a["body"],
                published=a.get("published"),
                url=a.get("url"),
            )
        )
        for a in articles
    ]
    for start in range(0, len(docs), BATCH):
        for stage in stages:
            stage.run(docs[start : start + BATCH])
    return docs


def evaluate(path: Path, *, heldout: bool | None = None) -> dict:
    selection, labels, articles = annotated_set(path)
    if not selection:
        return {"n": 0, "error": "no attribution annotation (data/annotation/attribution/selection.jsonl)"}
    final = flag(heldout, "eval_heldout")
    chosen = [s["doc"] for s in selection if bool(s.get("heldout")) == final and s["doc"] in articles]
    if not chosen:
        return {"n": 0, "error": f"none of the annotated documents is under {path}"}
    docs = analyse(articles[d] for d in chosen)
    score = Score()
    for doc in docs:
        score.add([gold_attribution(r) for r in labels.get(doc.article.id, [])], predicted(doc))
    return {
        "data": "annotated attributions (docs/annotation/attribution.md)",
        "split": "held-out documents" if final else "development documents (not held out)",
        "matching": f"content spans overlapping by >= {MIN_OVERLAP:.0%} of the shorter, one to one",
        **score.result(),
    }
