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

from newsdesk.code.annotations import corpus_articles  # noqa: E402
from newsdesk.eval.actors import LABELS  # noqa: E402

KINDS = {"name", "description", "title"}


def locate(body: str, text: str, occurrence: int) -> tuple[int, int] | None:
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", body)]
    if 1 <= occurrence <= len(found):
        return found[occurrence - 1], found[occurrence - 1] + len(text)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("labels", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=LABELS)
    args = parser.parse_args()
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
    print(f"{len(out)} documents, {sum(kinds.values())} mentions {dict(kinds)}, "
          f"{len({m['actor'] for r in out for m in r['mentions']})} actors; {sum(problems.values())} not found")
    for p, n in problems.most_common(20):
        print(f"  {n} x {p}", file=sys.stderr)


if __name__ == "__main__":
    main()
