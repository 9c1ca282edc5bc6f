"""Collect the actor annotation (docs/annotation/actors.md) into offsets.

    python scripts/annotation/actor_mentions.py ../shared/corpus .newsdesk/annotation/actors/*.labels.jsonl

Annotators give each mention as its text and which whole-word occurrence of that text in the
body it is; this finds the offsets and writes ``data/annotation/actors/labels.jsonl`` (document
id, start, end, kind, actor), the text staying in ../shared. Mentions that cannot be found are
listed, never guessed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsdesk.code.annotations import corpus_articles  # noqa: E402
from newsdesk.eval.actors import LABELS  # noqa: E402

KINDS = {"name", "description", "title"}


def locate(body: str, text: str, occurrence: int) -> tuple[int, int] | None:
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", body)]
    if 1 <= occurrence <= len(found):
        return found[occurrence - 1], found[occurrence - 1] + len(text)
    return None


def agreement(corpus: Path, first: list[Path], second: Path) -> dict:
    """Mention agreement of two independent passes: span F1, and on the mentions both marked,
    Cohen's kappa of the kind, exact id agreement and B-cubed F1 of the ids."""
    from event_agreement import cohen  # noqa: E402  (beside this script)

    from newsdesk.eval.actors import bcubed, match

    articles = corpus_articles(corpus)

    def read(paths: list[Path]) -> dict[str, list[dict]]:
        out = {}
        for path in paths:
            for line in path.open(encoding="utf-8"):
                if line.strip():
                    item = json.loads(line)
                    body = articles[item["doc"]]["body"]
                    found = []
                    for m in item["mentions"]:
                        span = locate(body, m["text"], int(m.get("occurrence", 1)))
                        if span:
                            found.append(
                                {"start": span[0], "end": span[1], "kind": m.get("kind"), "actor": m["actor"]}
                            )
                    out[item["doc"]] = found
        return out

    a, b = read(first), read([second])
    n_a = n_b = both = 0
    kinds_a, kinds_b, ids = [], [], []
    for doc, marks in b.items():
        gold = a.get(doc, [])
        pred = [(m["start"], m["end"], m["actor"]) for m in marks]
        pairs = match(gold, pred)
        n_a, n_b, both = n_a + len(gold), n_b + len(pred), both + len(pairs)
        for gi, pi in pairs:
            kinds_a.append(gold[gi]["kind"])
            kinds_b.append(marks[pi]["kind"])
            ids.append((gold[gi]["actor"], marks[pi]["actor"]))
    p, r = bcubed(ids)
    return {
        "documents": len(b), "first_mentions": n_a, "second_mentions": n_b,
        "span_f1": round(2 * both / (n_a + n_b), 4),
        "kind_kappa": round(cohen(kinds_a, kinds_b), 4),
        "same_id": round(sum(x == y for x, y in ids) / len(ids), 4),
        "id_bcubed_f1": round(2 * p * r / (p + r), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("labels", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=LABELS)
    parser.add_argument("--second", type=Path, help="a second pass: print the agreement and stop")
    args = parser.parse_args()
    if args.second:
        print(json.dumps(agreement(args.corpus, args.labels, args.second)))
        return
    articles = corpus_articles(args.corpus)
    out, problems, kinds = [], Counter(), Counter()
    for path in args.labels:
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            body = articles[item["doc"]]["body"]
            seen: set[tuple[int, int]] = set()
            mentions = []
            for m in item["mentions"]:
                span = locate(body, m["text"], int(m.get("occurrence", 1)))
                kind = m.get("kind", "name")
                if span is None or kind not in KINDS or not m.get("actor"):
                    problems[f"{item['doc']}: {m.get('text')!r} #{m.get('occurrence')}"] += 1
                    continue
                if span in seen:
                    problems[f"{item['doc']}: {m['text']!r} marked twice"] += 1
                    continue
                seen.add(span)
                kinds[kind] += 1
                mentions.append({"start": span[0], "end": span[1], "kind": kind, "actor": m["actor"].strip()})
            out.append({"doc": item["doc"], "mentions": sorted(mentions, key=lambda x: x["start"])})
    out.sort(key=lambda r: r["doc"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r) + "\n")
    n_actors = len({m["actor"] for r in out for m in r["mentions"]})
    print(f"{len(out)} documents, {sum(kinds.values())} mentions {dict(kinds)}, "
          f"{n_actors} actors; {sum(problems.values())} not found")
    for p, n in problems.most_common(20):
        print(f"  {n} x {p}", file=sys.stderr)


if __name__ == "__main__":
    main()
