"""Select articles for the attribution annotation and collect the labels as offsets.

    python scripts/annotation/attributions.py select ../shared/corpus --batch 1 > /tmp/batch01.txt
    python scripts/annotation/attributions.py collect ../shared/corpus WORKDIR/batch*.jsonl
    python scripts/annotation/attributions.py review --context ../shared/corpus [DOC ...]

The guideline is docs/annotation/attribution.md. ``select`` ranks the candidate articles (bodies
of 500-3,000 characters holding at least two speech cues) by a hash of their id and prints batch
N (25 articles) for reading. ``collect`` reads the annotators' working files, where each
attribution is written as quoted text (``[kind, source, cue, content, modality, source_ref]``),
finds every text in the body exactly as ``newsdesk.code.annotations.corpus_articles`` reads it
(the string the pipeline stores for a JSONL ``body``), and writes
``data/annotation/attribution/labels.jsonl`` (offsets only, no article text) and
``selection.jsonl`` (every annotated article, its held-out flag and its number of
attributions). Text that cannot be found is listed and nothing is guessed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.code.annotations import corpus_articles  # noqa: E402

OUT = ROOT / "src" / "newsdesk" / "data" / "annotation" / "attribution"
KINDS = {"d": "direct", "i": "indirect", "m": "mixed", "s": "source_phrase"}
MODALITIES = {"r": "reported", "n": "denied", "h": "hypothetical", "f": "future"}
BATCH = 25
ANCHOR = " ~~ "
SPEECH = re.compile(r"\b(said|says|told|according to|stated|claimed|denied|warned|reportedly)\b|[\"“”]")


def rank(doc: str) -> str:
    return hashlib.sha1(f"newsdesk-attribution-select:{doc}".encode()).hexdigest()


def heldout(doc: str) -> bool:
    """The fifth of the annotated articles kept for a final score, fixed by a hash of the id."""
    return int(hashlib.sha1(f"newsdesk-attribution-holdout:{doc}".encode()).hexdigest()[:8], 16) % 5 == 0


def candidates(articles: dict[str, dict]) -> list[str]:
    """Articles that hold speech, in the order of their hash (deterministic, topic-blind)."""
    keep = [
        doc for doc, a in articles.items()
        if 500 <= len(a["body"]) <= 3000 and len(SPEECH.findall(a["body"])) >= 2
    ]
    return sorted(keep, key=rank)


def paragraphs(body: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for part in body.split("\n"):
        if part.strip():
            out.append((at, at + len(part)))
        at += len(part) + 1
    return out or [(0, len(body))]


def paragraph_of(body: str, pos: int) -> int:
    for i, (s, e) in enumerate(paragraphs(body)):
        if pos <= e:
            return i if pos >= s else max(i - 1, 0)
    return len(paragraphs(body)) - 1


def _split_n(text: str) -> tuple[str, int | None]:
    m = re.fullmatch(r"(.*?)#(\d+)", text, re.S)
    return (m.group(1), int(m.group(2))) if m else (text, None)


def occurrences(body: str, text: str, whole_word: bool) -> list[int]:
    if whole_word:
        pattern = rf"(?<!\w){re.escape(text)}(?!\w)"
        return [m.start() for m in re.finditer(pattern, body)]
    return [m.start() for m in re.finditer(re.escape(text), body)]


def find_content(body: str, content: str) -> tuple[int, int] | str:
    content, n = _split_n(content)
    if ANCHOR in content:
        first, last = content.split(ANCHOR, 1)
        starts = occurrences(body, first, False)
        if not starts:
            return f"content start not found: {first[:50]!r}"
        if n is None and len(starts) > 1:
            return f"content start ambiguous ({len(starts)}x): {first[:50]!r}"
        s = starts[(n or 1) - 1] if (n or 1) <= len(starts) else -1
        if s < 0:
            return f"content start #{n} not found: {first[:50]!r}"
        e = body.find(last, s + len(first))
        if e < 0:
            return f"content end not found: {last[:50]!r}"
        return s, e + len(last)
    starts = occurrences(body, content, False)
    if not starts:
        return f"content not found: {content[:60]!r}"
    if n is None and len(starts) > 1:
        return f"content ambiguous ({len(starts)}x): {content[:60]!r}"
    if (n or 1) > len(starts):
        return f"content #{n} not found: {content[:60]!r}"
    s = starts[(n or 1) - 1]
    return s, s + len(content)


def find_near(
    body: str, text: str, span: tuple[int, int], what: str, exclude: tuple[int, int] | None = None
) -> tuple[int, int] | str:
    """The occurrence of ``text`` nearest to ``span`` (outside it): ``<text`` takes the nearest one
    before, ``>text`` the nearest one after, ``text#n`` the n-th in the body."""
    direction = ""
    if text[:1] in "<>" and len(text) > 1:
        direction, text = text[0], text[1:]
    text, n = _split_n(text)
    found = occurrences(body, text, True) or occurrences(body, text, False)
    if not found:
        return f"{what} not found: {text[:50]!r}"
    if n is not None:
        if n > len(found):
            return f"{what} #{n} not found: {text[:50]!r}"
        s = found[n - 1]
        return s, s + len(text)
    s0, e0 = span
    options, inside = [], []
    for s in found:
        e = s + len(text)
        if (s < e0 and e > s0) or (exclude and s < exclude[1] and e > exclude[0]):
            inside.append((0, s))  # inside the content ("were reportedly killed")
            continue
        if direction == "<" and e > s0:
            continue
        if direction == ">" and s < e0:
            continue
        options.append((s0 - e if e <= s0 else s - e0, s))
    options = options or inside
    if not options:
        return f"{what} on the wrong side of the content: {text[:50]!r}"
    s = min(options)[1]
    return s, s + len(text)


def find_before(body: str, text: str, pos: int) -> tuple[int, int] | str:
    text, n = _split_n(text)
    found = occurrences(body, text, True) or occurrences(body, text, False)
    if n is not None:
        if n > len(found):
            return f"ref #{n} not found: {text!r}"
        return found[n - 1], found[n - 1] + len(text)
    before = [s for s in found if s + len(text) <= pos]
    if not before:
        return f"source_ref not found before the source: {text[:50]!r}"
    return before[-1], before[-1] + len(text)


def convert(body: str, item: list) -> dict | str:
    kind, source, cue, content, modality, *rest = item
    ref = rest[0] if rest else None
    if kind not in KINDS or modality not in MODALITIES:
        return f"bad kind/modality {kind!r}/{modality!r}"
    span = find_content(body, content)
    if isinstance(span, str):
        return span
    labels: dict = {"kind": KINDS[kind], "source": None, "cue": None,
                    "modality": MODALITIES[modality], "source_ref": None}
    if cue:
        c = find_near(body, cue, span, "cue")
        if isinstance(c, str):
            return c
        labels["cue"] = list(c)
    if source:
        # The source is looked up near the cue when there is one (the cue binds it).
        # ("<"/">" on a source point from the content, like those on a cue.)
        anchor = tuple(labels["cue"]) if labels["cue"] and source[0] not in "<>" else span
        src = find_near(body, source, anchor, "source", exclude=span)
        if isinstance(src, str):
            return src
        labels["source"] = list(src)
        if ref:
            r = find_before(body, ref, src[0])
            if isinstance(r, str):
                return r
            labels["source_ref"] = list(r)
    return {"start": span[0], "end": span[1], "labels": labels}


def check_distance(body: str, rec: dict) -> str | None:
    """Source and cue lie in the content's paragraph or the one next to it, within reach."""
    p = paragraph_of(body, rec["start"])
    for key in ("source", "cue"):
        span = rec["labels"][key]
        if span is None:
            continue
        if abs(paragraph_of(body, span[0]) - p) > 1:
            return f"{key} two paragraphs away"
        gap = span[0] - rec["end"] if span[0] >= rec["end"] else rec["start"] - span[1]
        if gap > 400:
            return f"{key} {gap} characters from the content"
    ref, src = rec["labels"]["source_ref"], rec["labels"]["source"]
    if ref and paragraph_of(body, ref[0]) != paragraph_of(body, src[0]):
        return "source_ref outside the source's paragraph"
    return None


def records(doc: str, body: str, marked: list, problems: list[str]) -> list[dict]:
    """One article's working-file attributions as offset records; what cannot be found, lies too
    far from its content or is marked twice goes to ``problems`` instead."""
    seen, out = set(), []
    for a in marked:
        rec = convert(body, a)
        if isinstance(rec, str):
            problems.append(f"{doc}: {rec}")
            continue
        far = check_distance(body, rec)
        if far:
            problems.append(f"{doc}: {far}: {a[3][:40]!r}")
        key = (rec["start"], rec["end"], tuple(rec["labels"]["cue"] or ()))
        if key in seen:
            problems.append(f"{doc}: marked twice: {a[3][:40]!r}")
            continue
        seen.add(key)
        out.append({"doc": doc, **rec})
    return out


def collect(corpus: Path, paths: list[Path]) -> None:
    articles = corpus_articles(corpus)
    order = {doc: i for i, doc in enumerate(candidates(articles))}
    out, selection, problems, kinds = [], {}, [], Counter()
    for path in paths:
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            doc = item["doc"]
            if doc not in articles:
                problems.append(f"{doc}: not in the corpus")
                continue
            found = records(doc, articles[doc]["body"], item["a"], problems)
            kinds.update(r["labels"]["kind"] for r in found)
            out.extend(found)
            n = len(found)
            selection[doc] = {
                "doc": doc, "collection": articles[doc]["collection"], "heldout": heldout(doc),
                "batch": order.get(doc, -1) // BATCH + 1, "attributions": n,
            }
    out.sort(key=lambda r: (r["doc"], r["start"], r["end"]))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r) + "\n")
    with (OUT / "selection.jsonl").open("w", encoding="utf-8") as fh:
        for doc in sorted(selection, key=lambda d: order.get(d, 10**9)):
            fh.write(json.dumps(selection[doc]) + "\n")
    held = sum(s["heldout"] for s in selection.values())
    print(f"{len(selection)} articles ({held} held out), {len(out)} attributions {dict(kinds)}; "
          f"{len(problems)} problems")
    for p in problems:
        print("  " + p, file=sys.stderr)


def show(corpus: Path, batch: int) -> None:
    articles = corpus_articles(corpus)
    docs = candidates(articles)[(batch - 1) * BATCH : batch * BATCH]
    for doc in docs:
        a = articles[doc]
        print(f"=== {doc} ({a['collection']}, {len(a['body'])} chars)")
        for s, e in paragraphs(a["body"]):
            print(a["body"][s:e])
            print()


def review(corpus: Path, docs: set[str] | None = None, context: bool = False) -> None:
    """Print each stored attribution with its spans, to check them by eye (text stays local)."""
    articles = corpus_articles(corpus)
    for line in (OUT / "labels.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if docs and r["doc"] not in docs:
            continue
        body, lab = articles[r["doc"]]["body"], r["labels"]

        def text(span: list[int] | None, body: str = body) -> str | None:
            return body[span[0] : span[1]] if span else None

        content = body[r["start"] : r["end"]]
        if len(content) > 90:
            content = content[:40] + " ... " + content[-40:]
        print(f"{r['doc'][-6:]} {lab['kind'][:3]} {lab['modality'][:3]} "
              f"[{text(lab['source'])}|{text(lab['source_ref'])}] <{text(lab['cue'])}> {content!r}")
        if context:
            marks = sorted([(r["start"], "{"), (r["end"], "}")] + [
                (span[i], "[<"[k] if i == 0 else "]>"[k])
                for k, span in enumerate((lab["source"], lab["cue"])) if span for i in (0, 1)
            ], reverse=True)
            lo = max(0, min(m[0] for m in marks) - 20)
            hi = min(len(body), max(m[0] for m in marks) + 20)
            snippet = body
            for pos, mark in marks:
                snippet = snippet[:pos] + mark + snippet[pos:]
            snippet = snippet[lo : hi + len(marks)]
            if len(snippet) > 200:
                snippet = snippet[:90] + " ... " + snippet[-90:]
            print("      " + snippet.replace("\n", " / "))


GAP_CUES = re.compile(
    r"\b(said|says|say|told|tells|according to|claim(?:s|ed)?|stated?|states|den(?:y|ies|ied)|"
    r"warn(?:s|ed)?|reported(?:ly)?|reports|add(?:s|ed)|believes?d?|accus(?:es|ed)|alleg(?:es|ed|edly)|"
    r"insist(?:s|ed)?|announc(?:es|ed)|confirm(?:s|ed)|estimat(?:es|ed)|suggest(?:s|ed)|noted|argued?|"
    r"explained|citing|quoted)\b"
)
QUOTED = re.compile(r"[\"“”«»]([^\"“”«»\n]{12,}?)[\"“”«»]")


def gaps(corpus: Path) -> None:
    """Speech cues and quotations of the selected articles that no attribution covers, to check that
    nothing was missed (a cue inside a content span counts as covered: it is reported speech)."""
    articles = corpus_articles(corpus)
    labels: dict[str, list[dict]] = {}
    for line in (OUT / "labels.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        labels.setdefault(r["doc"], []).append(r)
    for line in (OUT / "selection.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)["doc"]
        body = articles[doc]["body"]
        spans = []
        for r in labels.get(doc, []):
            spans.append((r["start"], r["end"]))
            spans += [tuple(r["labels"][k]) for k in ("cue", "source") if r["labels"][k]]

        def covered(s: int, e: int, spans: list = spans) -> bool:
            return any(a < e and s < b for a, b in spans)

        for m in GAP_CUES.finditer(body):
            if not covered(m.start(), m.end()):
                print(f"{doc} cue   {body[max(0, m.start() - 60) : m.end() + 60]!r}")
        for m in QUOTED.finditer(body):
            if not covered(m.start(1), m.end(1)):
                print(f"{doc} quote {m.group(1)[:100]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sel = sub.add_parser("select", help="print batch N of the selected articles")
    sel.add_argument("corpus", type=Path)
    sel.add_argument("--batch", type=int, default=1)
    col = sub.add_parser("collect", help="working files -> labels.jsonl and selection.jsonl")
    col.add_argument("corpus", type=Path)
    col.add_argument("labels", type=Path, nargs="+")
    gap = sub.add_parser("gaps", help="speech cues and quotations no attribution covers")
    gap.add_argument("corpus", type=Path)
    rev = sub.add_parser("review", help="print the stored attributions with their text")
    rev.add_argument("corpus", type=Path)
    rev.add_argument("docs", nargs="*")
    rev.add_argument("--context", action="store_true", help="show the spans marked in their text")
    args = parser.parse_args()
    if args.command == "gaps":
        gaps(args.corpus)
    elif args.command == "review":
        review(args.corpus, set(args.docs) or None, args.context)
    elif args.command == "select":
        show(args.corpus, args.batch)
    else:
        collect(args.corpus, args.labels)


if __name__ == "__main__":
    main()
