"""Agreement between the two independent passes of the event annotation, and their adjudication.

    python scripts/annotation/event_agreement.py kappa ../shared/corpus FIRST.jsonl... --second SECOND.jsonl
    python scripts/annotation/event_agreement.py apply ../shared/corpus DECISIONS.jsonl

``kappa`` stores the second pass (offsets) in ``data/annotation/events/second_pass.jsonl``, prints
Cohen's kappa over the sentence's main label (16 categories and ``none``), per category (present or
absent in the sentence) and for event/no event, and writes the disagreements for adjudication.
``apply`` replaces the first-pass label of each adjudicated sentence in ``labels.jsonl`` by the
adjudicated one and records the decision (``"adjudicated": true``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.code import annotations as ann  # noqa: E402

NONE = "none"


def cohen(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two label sequences."""
    n = len(a)
    if not n:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main_label(record: dict) -> str:
    return record["events"][0]["category"] if record["events"] else NONE


def kappa(corpus: Path, first: list[Path], second: Path, out: Path) -> None:
    articles = ann.corpus_articles(corpus)
    firsts = {}
    for path in first:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                item = json.loads(line)
                firsts[item["sid"]] = ann.to_record(item, articles)
    lines = [line for line in second.open(encoding="utf-8") if line.strip()]
    seconds = [ann.to_record(json.loads(line), articles) for line in lines]
    pairs = [(firsts[s["sid"]], s) for s in seconds if s["sid"] in firsts]
    with ann.SECOND_PASS.open("w", encoding="utf-8") as fh:
        for s in sorted(seconds, key=lambda r: (r["doc"], r["start"])):
            s = {k: v for k, v in s.items() if k != "problems"}
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    a = [main_label(x) for x, _ in pairs]
    b = [main_label(y) for _, y in pairs]
    report = {
        "sentences": len(pairs),
        "main_label_agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / len(pairs), 4),
        "kappa_main_label": round(cohen(a, b), 4),
        "kappa_event_or_none": round(cohen([x != NONE for x in a], [y != NONE for y in b]), 4),
        "kappa_by_category": {},
    }
    for c in ann.CATEGORIES:
        xa = [c in ann.categories_of(x) for x, _ in pairs]
        xb = [c in ann.categories_of(y) for _, y in pairs]
        if any(xa) or any(xb):
            report["kappa_by_category"][c] = {"n_first": sum(xa), "n_second": sum(xb),
                                              "kappa": round(cohen(xa, xb), 3)}
    print(json.dumps(report, indent=1))
    with out.open("w", encoding="utf-8") as fh:
        for x, y in pairs:
            if main_label(x) != main_label(y) or ann.categories_of(x) != ann.categories_of(y):
                body = articles[x["doc"]]["body"]
                fh.write(json.dumps({
                    "sid": x["sid"], "sentence": body[x["start"] : x["end"]],
                    "title": articles[x["doc"]]["title"],
                    "first": _readable(x, body), "second": _readable(y, body),
                }, ensure_ascii=False) + "\n")


def _readable(record: dict, body: str) -> list[dict]:
    def text(span):
        return body[span[0] : span[1]] if span else ""

    return [{"category": e["category"], "source": text(e["source"]), "target": text(e["target"]),
             "modality": e["modality"]} for e in record["events"]]


def apply(corpus: Path, decisions: Path) -> None:
    articles = ann.corpus_articles(corpus)
    records = {r["sid"]: r for r in ann.load(written=False)}
    changed = kept = 0
    for line in decisions.open(encoding="utf-8"):
        if not line.strip():
            continue
        item = json.loads(line)
        new = ann.to_record(item, articles)
        new.pop("problems", None)
        old = records.get(new["sid"])
        if old is None:
            continue
        new["adjudicated"] = True
        new["written"] = old.get("written", False)
        if ann.categories_of(new) != ann.categories_of(old) or new["events"] != old["events"]:
            changed += 1
        else:
            kept += 1
        records[new["sid"]] = new
    with ann.LABELS.open("w", encoding="utf-8") as fh:
        for r in sorted(records.values(), key=lambda r: (r["doc"], r["start"])):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"adjudicated: {changed} changed, {kept} unchanged")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("kappa")
    k.add_argument("corpus", type=Path)
    k.add_argument("first", type=Path, nargs="+")
    k.add_argument("--second", type=Path, required=True)
    k.add_argument("--out", type=Path, default=ROOT / ".newsdesk/annotation/disagreements.jsonl")
    a = sub.add_parser("apply")
    a.add_argument("corpus", type=Path)
    a.add_argument("decisions", type=Path)
    args = parser.parse_args()
    if args.cmd == "kappa":
        kappa(args.corpus, args.first, args.second, args.out)
    else:
        apply(args.corpus, args.decisions)


if __name__ == "__main__":
    main()
