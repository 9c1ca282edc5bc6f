"""Choose, hand out and collect the sentences of the event annotation (docs/annotation/events.md).

    python scripts/annotation/event_sentences.py pool ../shared/corpus
    python scripts/annotation/event_sentences.py select .newsdesk/annotation/pool.jsonl
    python scripts/annotation/event_sentences.py batches ../shared/corpus --size 310
    python scripts/annotation/event_sentences.py collect ../shared/corpus BATCHES/batch*.labels.jsonl

``pool`` splits every corpus article into spaCy's sentences and notes, for each, the PLOVER categories
the CAMEO verb dictionary and the trigger lexicon hint at and the non-political topics its words
suggest. ``select`` draws the sentences to label (``annotation/events/selection.jsonl``: document id
and offsets only): rare categories on purpose, look-alike non-events on purpose, some at random.
``batches`` writes the text for annotators outside the repository; ``collect`` turns their labels
(span texts) into offsets and writes ``annotation/events/labels.jsonl``. The text stays in ../shared.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.code import annotations as ann  # noqa: E402

RARE = {"CONCEDE", "COOPERATE", "MOBILIZE", "COERCE", "AID", "RETREAT", "SANCTION", "REQUEST", "ACCUSE"}
TOPICS = {
    "disaster": "earthquake quake flood flooding hurricane typhoon cyclone storm tornado tsunami wildfire "
    "bushfire blaze fire landslide eruption volcano drought avalanche",
    "accident": "crash crashed collision derailed derailment capsized sank explosion accident plane "
    "train bus helicopter",
    "epidemic": "virus outbreak pandemic epidemic covid coronavirus covid-19 flu influenza infection "
    "infected vaccine vaccination disease cholera ebola",
    "sport": "match game team cup league championship tournament goal scored beat defeated "
    "rugby football soccer cricket olympic olympics medal coach season striker",
    "business": "shares profit company market stock revenue sales billion merger acquisition ceo "
    "bank investors price prices firm",
    "science": "scientists researchers study planet nasa species telescope launch spacecraft rocket "
    "satellite astronomers fossil",
    "crime": "murder murdered stabbed shooting robbery robbed burglary suspect victim",
    "obituary": "died death funeral aged obituary passed",
}
TOPIC_WORDS = {w: t for t, words in TOPICS.items() for w in words.split()}
#: A second draw for the categories the first one found too few of (cue phrases choose what to read;
#: the annotators decide what it is).
RARE_CUES = {
    "AID": (150, r"\b(humanitarian aid|aid to|food aid|relief supplies|donat\w+|asylum|peacekeep\w+|"
                 r"financial assistance|emergency aid|relief (goods|effort|workers)|"
                 r"sent \w+ (aid|doctors))\b"),
    "COOPERATE": (150, r"\b(extradit\w+|joint (military )?(exercise|operation|patrol)\w*|"
                       r"shar\w+ intelligence|trade (agreement|deal)|cooperat\w+|handed (him |them )?over|"
                       r"free trade|bilateral trade)\b"),
    "CONCEDE": (100, r"\b(apologi[sz]\w*|lifted (the|a|its) (ban|curfew|state of emergency)|"
                     r"pardon\w*|amnesty|conceded|backed down|eas\w+ restrictions|called off)\b"),
    "SANCTION": (100, r"\b(sanctions?|embargo|expelled|recalled (its|their) ambassador|severed|broke off|"
                      r"suspended (aid|talks|relations|membership)|froze|cut (off )?(aid|ties))\b"),
    "MOBILIZE": (100, r"\b(deploy\w*|troops (to|along|on)|mobili[sz]\w*|high alert|reinforcements|"
                      r"test[- ]fired|missile tests?|massed)\b"),
}


def pool(corpus: Path, out: Path) -> None:
    from newsdesk.code.cameo import hits
    from newsdesk.code.triggers import find
    from newsdesk.read.nlp import get_nlp

    nlp = get_nlp()
    articles = list(ann.corpus_articles(corpus).values())
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        texts = (a["body"] for a in articles)
        for article, parsed in zip(articles, nlp.pipe(texts, batch_size=32, disable=["ner"]), strict=True):
            for sent in parsed.sents:
                words = [t for t in sent if not t.is_punct and not t.is_space]
                if not 6 <= len(words) <= 70 or sent.text.count("|") > 1:
                    continue
                start = sent.start_char
                end = sent.end_char
                while end > start and article["body"][end - 1].isspace():
                    end -= 1
                cameo = sorted({h.category for h in hits(sent) if h.category != "none"})
                lexicon = sorted({t.category for t in find(sent)})
                topics = sorted({TOPIC_WORDS[t.lower_] for t in sent if t.lower_ in TOPIC_WORDS})
                row = {"doc": article["id"], "start": start, "end": end, "cameo": cameo,
                       "lexicon": lexicon, "topics": topics, "collection": article["collection"]}
                fh.write(json.dumps(row) + "\n")


def select(pool_path: Path, out: Path, seed: int = 13) -> None:
    """Rare categories first, then common ones, then look-alikes, then random sentences."""
    rows = [json.loads(line) for line in pool_path.open(encoding="utf-8")]
    rng = random.Random(seed)
    rng.shuffle(rows)
    chosen: list[dict] = []
    taken: set[tuple[str, int]] = set()
    per_doc: Counter[str] = Counter()

    def take(candidates, n: int, why: str, cap: int = 3) -> None:
        got = 0
        for r in candidates:
            if got >= n:
                break
            key = (r["doc"], r["start"])
            if key in taken or per_doc[r["doc"]] >= cap:
                continue
            taken.add(key)
            per_doc[r["doc"]] += 1
            chosen.append({"doc": r["doc"], "start": r["start"], "end": r["end"], "why": why})
            got += 1

    names = ann.CATEGORIES
    for category in names:
        hinted = [r for r in rows if category in r["cameo"] or category in ann.fold_list(r["lexicon"])]
        take(hinted, 200 if category in RARE else 110, f"hint:{category}")
    for topic in TOPICS:
        looks = [r for r in rows if topic in r["topics"] and (r["cameo"] or r["lexicon"])]
        take(looks, 150, f"lookalike:{topic}", cap=4)
        plain = [r for r in rows if topic in r["topics"] and r["collection"] == "wikinews-2019-2021"]
        take(plain, 25, f"topic:{topic}", cap=4)
    take(rows, 400, "random")
    chosen.sort(key=lambda r: (r["doc"], r["start"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for r in chosen:
            fh.write(json.dumps(r) + "\n")
    why = Counter(r["why"].split(":")[0] for r in chosen)
    print(f"selected {len(chosen)} sentences from {len(per_doc)} documents: {dict(why)}")


def extend(pool_path: Path, corpus: Path, out: Path, seed: int = 17) -> None:
    """Add a second draw for rare categories to the selection (kept apart by its ``why``)."""
    articles = ann.corpus_articles(corpus)
    chosen = [json.loads(line) for line in out.open(encoding="utf-8")]
    taken = {(r["doc"], r["start"]) for r in chosen}
    rows = [json.loads(line) for line in pool_path.open(encoding="utf-8")]
    rng = random.Random(seed)
    rng.shuffle(rows)
    per_doc: Counter[str] = Counter()
    added = []
    for category, (n, cue) in RARE_CUES.items():
        pattern = re.compile(cue, re.IGNORECASE)
        got = 0
        for r in rows:
            if got >= n:
                break
            if (r["doc"], r["start"]) in taken or per_doc[r["doc"]] >= 2:
                continue
            if pattern.search(articles[r["doc"]]["body"][r["start"] : r["end"]]):
                taken.add((r["doc"], r["start"]))
                per_doc[r["doc"]] += 1
                why = f"cue:{category}"
                added.append({"doc": r["doc"], "start": r["start"], "end": r["end"], "why": why})
                got += 1
    with out.open("w", encoding="utf-8") as fh:
        for r in sorted(chosen + added, key=lambda r: (r["doc"], r["start"])):
            fh.write(json.dumps(r) + "\n")
    print(f"added {len(added)} sentences: {dict(Counter(r['why'] for r in added))}")


def batches(corpus: Path, selection: Path, size: int, out: Path, second: int, seed: int = 7) -> None:
    """Batches of sentences with the title and the previous sentence, in a shuffled order (an
    annotator never sees the sentences of one category together)."""
    articles = ann.corpus_articles(corpus)
    rows = [json.loads(line) for line in selection.open(encoding="utf-8")]
    rng = random.Random(seed)
    rng.shuffle(rows)
    out.mkdir(parents=True, exist_ok=True)
    items = []
    for r in rows:
        body = articles[r["doc"]]["body"]
        before = body[max(0, r["start"] - 400) : r["start"]]
        prev = re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else ""
        items.append({"sid": ann.sentence_id(r["doc"], r["start"], r["end"]),
                      "title": articles[r["doc"]]["title"], "previous": prev,
                      "sentence": body[r["start"] : r["end"]]})
    for k in range(0, len(items), size):
        path = out / f"batch{k // size + 1:02d}.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items[k : k + size]))
    # The second, independent pass: a sample spread over every batch.
    sample = rng.sample(items, min(second, len(items)))
    (out / "second.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in sample))
    n_batches = (len(items) + size - 1) // size
    print(f"{len(items)} sentences in {n_batches} batches; {len(sample)} for the second pass")


def collect(corpus: Path, label_files: list[Path], out: Path) -> None:
    """Annotator JSONL (span texts) -> labels with offsets; problems are listed, nothing is guessed."""
    articles = ann.corpus_articles(corpus)
    records, problems = [], Counter()
    seen: set[str] = set()
    for path in label_files:
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                record = ann.to_record(item, articles)
            except (ValueError, KeyError) as error:
                problems[f"{path.name}:{n}: {error}"] += 1
                continue
            if record["sid"] in seen:
                continue
            seen.add(record["sid"])
            records.append(record)
            for p in record.pop("problems", []):
                problems[p] += 1
    records.sort(key=lambda r: (r["doc"], r["start"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter(e["category"] for r in records for e in r["events"])
    print(f"{len(records)} sentences, {sum(1 for r in records if not r['events'])} none; {dict(counts)}")
    for p, k in problems.most_common(30):
        print(f"  {k} x {p}", file=sys.stderr)


def collect_written(path: Path, out: Path) -> None:
    """Sentences written for the rarest categories (their own text) -> ``written.jsonl`` with offsets."""
    records = []
    for line in path.open(encoding="utf-8"):
        if not line.strip():
            continue
        item = json.loads(line)
        text = item["text"].strip()
        articles = {item["id"]: {"body": text}}
        record = ann.to_record({"sid": ann.sentence_id(item["id"], 0, len(text)), "events": item["events"],
                                "written": True}, articles)
        if record.pop("problems", None):
            print(f"  skipped {item['id']}: a span is not in its sentence", file=sys.stderr)
            continue
        records.append({**record, "text": text})
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    per = Counter(e["category"] for r in records for e in r["events"])
    print(f"{len(records)} written sentences: {dict(per)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pool")
    p.add_argument("corpus", type=Path)
    p.add_argument("--out", type=Path, default=ROOT / ".newsdesk/annotation/pool.jsonl")
    s = sub.add_parser("select")
    s.add_argument("pool", type=Path)
    s.add_argument("--out", type=Path, default=ann.SELECTION)
    e = sub.add_parser("extend")
    e.add_argument("pool", type=Path)
    e.add_argument("corpus", type=Path)
    e.add_argument("--out", type=Path, default=ann.SELECTION)
    b = sub.add_parser("batches")
    b.add_argument("corpus", type=Path)
    b.add_argument("--selection", type=Path, default=ann.SELECTION)
    b.add_argument("--size", type=int, default=320)
    b.add_argument("--second", type=int, default=400)
    b.add_argument("--out", type=Path, default=ROOT / ".newsdesk/annotation/batches")
    c = sub.add_parser("collect")
    c.add_argument("corpus", type=Path)
    c.add_argument("labels", type=Path, nargs="+")
    c.add_argument("--out", type=Path, default=ann.LABELS)
    w = sub.add_parser("collect-written")
    w.add_argument("written", type=Path)
    w.add_argument("--out", type=Path, default=ann.WRITTEN)
    args = parser.parse_args()
    if args.cmd == "collect-written":
        collect_written(args.written, args.out)
    elif args.cmd == "pool":
        pool(args.corpus, args.out)
    elif args.cmd == "select":
        select(args.pool, args.out)
    elif args.cmd == "extend":
        extend(args.pool, args.corpus, args.out)
    elif args.cmd == "batches":
        batches(args.corpus, args.selection, args.size, args.out, args.second)
    else:
        collect(args.corpus, args.labels, args.out)


if __name__ == "__main__":
    main()

