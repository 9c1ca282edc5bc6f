"""Agreement between two independent passes of the attribution annotation.

    python scripts/annotation/attribution_agreement.py second ../shared/corpus WORKDIR/*.jsonl
    python scripts/annotation/attribution_agreement.py kappa ../shared/corpus [--show]

The guideline is docs/annotation/attribution.md. ``second`` turns a second annotator's working
files (the format ``attributions.py collect`` reads; one object per line or pretty-printed) into
offsets with the same lookup as ``collect`` and writes ``second_pass.jsonl`` next to
``labels.jsonl``, leaving the first pass and ``selection.jsonl`` untouched. ``kappa`` compares the
two passes on the articles both labelled: two attributions match when their content spans overlap
by at least half of the shorter one (one-to-one, best overlap first, a shared cue breaking ties so
that the two attributions of one content in "citing X, Y said C" pair up right). It prints one
JSON object (span precision, recall and F1 of the second pass against the first, Cohen's kappa of
``kind`` and ``modality`` over the matched pairs, source, speaker and cue agreement on them, and
the disagreements by type, as offsets only); ``--show`` prints each disagreement with its text to
stderr for adjudication (the text stays out of the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import attributions as attr  # noqa: E402

FIRST = attr.OUT / "labels.jsonl"
SELECTION = attr.OUT / "selection.jsonl"
SECOND = attr.OUT / "second_pass.jsonl"
MATCH = 0.5  # content overlap needed, as a share of the shorter span


def read_objects(path: Path) -> list[dict]:
    """The JSON objects of a working file, one per line or spread over several lines."""
    text, decoder, out, at = path.read_text(encoding="utf-8"), json.JSONDecoder(), [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return out
        obj, at = decoder.raw_decode(text, at)
        out.append(obj)


def second(corpus: Path, paths: list[Path]) -> None:
    articles = attr.corpus_articles(corpus)
    out, problems, kinds, docs = [], [], Counter(), []
    for path in paths:
        for item in read_objects(path):
            doc = item["doc"]
            if doc not in articles:
                problems.append(f"{doc}: not in the corpus")
                continue
            docs.append(doc)
            found = attr.records(doc, articles[doc]["body"], item["a"], problems)
            kinds.update(r["labels"]["kind"] for r in found)
            out.extend(found)
    out.sort(key=lambda r: (r["doc"], r["start"], r["end"]))
    with SECOND.open("w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r) + "\n")
    print(f"{len(docs)} articles, {len(out)} attributions {dict(kinds)}; {len(problems)} problems")
    for p in problems:
        print("  " + p, file=sys.stderr)


def cohen(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two label sequences (None without pairs)."""
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return round((observed - expected) / (1 - expected), 3) if expected < 1 else 1.0


def overlap(a: list[int] | None, b: list[int] | None) -> float:
    """Overlap of two spans as a share of the shorter one (0 when either is missing)."""
    if not a or not b:
        return 0.0
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def match(first: list[dict], second: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of attributions of one article whose contents overlap enough."""
    options = []
    for i, x in enumerate(first):
        for j, y in enumerate(second):
            share = overlap([x["start"], x["end"]], [y["start"], y["end"]])
            if share >= MATCH:
                same_cue = overlap(x["labels"]["cue"], y["labels"]["cue"]) > 0
                options.append((same_cue, share, -i, -j))
    pairs, used_i, used_j = [], set(), set()
    for _, _, i, j in sorted(options, reverse=True):
        if -i not in used_i and -j not in used_j:
            used_i.add(-i)
            used_j.add(-j)
            pairs.append((-i, -j))
    return sorted(pairs)


def speaker(labels: dict) -> list[int] | None:
    """Who speaks: the antecedent of a pronoun source, else the source."""
    return labels["source_ref"] or labels["source"]


def span_agreement(pairs: list[tuple[dict, dict]], get) -> dict:
    """How often the spans ``get`` picks agree: both absent, the same, overlapping, or not."""
    c = Counter()
    for x, y in pairs:
        a, b = get(x["labels"]), get(y["labels"])
        if a is None and b is None:
            c["both_null"] += 1
        elif a is None or b is None:
            c["one_null"] += 1
        elif a == b:
            c["exact"] += 1
        elif overlap(a, b) > 0:
            c["overlap"] += 1
        else:
            c["disjoint"] += 1
    n = len(pairs)
    agree = c["both_null"] + c["exact"] + c["overlap"]
    return {"pairs": n, "agree": round(agree / n, 3) if n else None,
            "exact_or_both_null": round((c["both_null"] + c["exact"]) / n, 3) if n else None,
            **{k: c[k] for k in ("exact", "overlap", "both_null", "one_null", "disjoint")}}


def load(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in path.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            out.setdefault(r["doc"], []).append(r)
    return out


def kappa(corpus: Path | None, show: bool) -> dict:
    firsts, seconds = load(FIRST), load(SECOND)
    labelled = {json.loads(line)["doc"] for line in SELECTION.open(encoding="utf-8") if line.strip()}
    docs = sorted(labelled & set(seconds))
    articles = attr.corpus_articles(corpus) if corpus and show else {}
    pairs, only_first, only_second = [], [], []
    for doc in docs:
        a, b = firsts.get(doc, []), seconds.get(doc, [])
        m = match(a, b)
        pairs += [(a[i], b[j]) for i, j in m]
        only_first += [a[i] for i in range(len(a)) if i not in {i for i, _ in m}]
        only_second += [b[j] for j in range(len(b)) if j not in {j for _, j in m}]
    n1 = sum(len(firsts.get(d, [])) for d in docs)
    n2 = sum(len(seconds[d]) for d in docs)
    p = len(pairs) / n2 if n2 else 0.0
    r = len(pairs) / n1 if n1 else 0.0
    kinds_first = Counter(x["labels"]["kind"] for d in docs for x in firsts.get(d, []))
    kinds_second = Counter(y["labels"]["kind"] for d in docs for y in seconds[d])
    matched_first = Counter(x["labels"]["kind"] for x, _ in pairs)
    matched_second = Counter(y["labels"]["kind"] for _, y in pairs)
    kind_pairs = Counter(f"{x['labels']['kind']}/{y['labels']['kind']}" for x, y in pairs
                         if x["labels"]["kind"] != y["labels"]["kind"])
    mod_pairs = Counter(f"{x['labels']['modality']}/{y['labels']['modality']}" for x, y in pairs
                        if x["labels"]["modality"] != y["labels"]["modality"])
    src = span_agreement(pairs, lambda lab: lab["source"])
    spk = span_agreement(pairs, speaker)
    cue = span_agreement(pairs, lambda lab: lab["cue"])
    result = {
        "docs": len(docs),
        "attributions": {"first": n1, "second": n2, "matched": len(pairs)},
        "match_rule": f"content overlap >= {MATCH} of the shorter span, one-to-one",
        "span": {"precision_second_vs_first": round(p, 3), "recall_second_vs_first": round(r, 3),
                 "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                 "exact_content": sum(x["start"] == y["start"] and x["end"] == y["end"]
                                      for x, y in pairs)},
        "recall_by_kind_of_first": {k: round(matched_first[k] / v, 3)
                                    for k, v in sorted(kinds_first.items())},
        "recall_by_kind_of_second": {k: round(matched_second[k] / v, 3)
                                     for k, v in sorted(kinds_second.items())},
        "kappa_kind": cohen([x["labels"]["kind"] for x, _ in pairs], [y["labels"]["kind"] for _, y in pairs]),
        "kappa_modality": cohen([x["labels"]["modality"] for x, _ in pairs],
                                [y["labels"]["modality"] for _, y in pairs]),
        "kind_agreement": round(sum(x["labels"]["kind"] == y["labels"]["kind"] for x, y in pairs)
                                / len(pairs), 3) if pairs else None,
        "modality_agreement": round(sum(x["labels"]["modality"] == y["labels"]["modality"]
                                        for x, y in pairs) / len(pairs), 3) if pairs else None,
        "source": src,
        "speaker": spk,
        "cue": cue,
        "disagreements": {
            "only_first": dict(Counter(x["labels"]["kind"] for x in only_first)),
            "only_second": dict(Counter(y["labels"]["kind"] for y in only_second)),
            "kind (first/second)": dict(kind_pairs.most_common()),
            "modality (first/second)": dict(mod_pairs.most_common()),
            "source": src["one_null"] + src["disjoint"],
            "speaker": spk["one_null"] + spk["disjoint"],
            "cue": cue["one_null"] + cue["disjoint"],
            "content_bounds": len(pairs) - sum(x["start"] == y["start"] and x["end"] == y["end"]
                                               for x, y in pairs),
            "source_bounds": src["overlap"],
            "cue_bounds": cue["overlap"],
        },
    }
    if show:
        explain(articles, pairs, only_first, only_second)
    return result


def explain(articles: dict, pairs: list, only_first: list, only_second: list) -> None:
    """Each disagreement with its text, on stderr, for the adjudicator."""
    def text(doc: str, span: list[int] | None) -> str | None:
        return articles[doc]["body"][span[0] : span[1]] if span else None

    def line(r: dict) -> str:
        lab, doc = r["labels"], r["doc"]
        content = articles[doc]["body"][r["start"] : r["end"]]
        if len(content) > 100:
            content = content[:45] + " ... " + content[-45:]
        return (f"{lab['kind'][:3]} {lab['modality'][:3]} [{text(doc, lab['source'])}|"
                f"{text(doc, lab['source_ref'])}] <{text(doc, lab['cue'])}> {content!r}")

    for r in only_first:
        print(f"ONLY-FIRST  {r['doc']} {r['start']}: {line(r)}", file=sys.stderr)
    for r in only_second:
        print(f"ONLY-SECOND {r['doc']} {r['start']}: {line(r)}", file=sys.stderr)
    for x, y in pairs:
        lx, ly = x["labels"], y["labels"]
        what = [k for k in ("kind", "modality") if lx[k] != ly[k]]
        what += [k for k in ("source", "cue") if (lx[k] is None) != (ly[k] is None)
                 or (lx[k] and overlap(lx[k], ly[k]) == 0)]
        what += [f"{k}-bounds" for k in ("source", "cue") if k not in what and lx[k] != ly[k]]
        if lx["source_ref"] != ly["source_ref"]:
            what.append("source_ref")
        if (x["start"], x["end"]) != (y["start"], y["end"]):
            what.append("content-bounds")
        if what:
            print(f"DIFF {','.join(what)} {x['doc']} {x['start']}\n"
                  f"   first:  {line(x)}\n   second: {line(y)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sec = sub.add_parser("second", help="second-pass working files -> second_pass.jsonl")
    sec.add_argument("corpus", type=Path)
    sec.add_argument("labels", type=Path, nargs="+")
    kap = sub.add_parser("kappa", help="agreement of second_pass.jsonl with labels.jsonl (one JSON object)")
    kap.add_argument("corpus", type=Path, nargs="?")
    kap.add_argument("--show", action="store_true", help="print every disagreement with its text to stderr")
    kap.add_argument("--out", type=Path, help="also write the JSON object to this file")
    args = parser.parse_args()
    if args.command == "second":
        second(args.corpus, args.labels)
        return
    if args.show and not args.corpus:
        parser.error("--show needs the corpus")
    result = kappa(args.corpus, args.show)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
