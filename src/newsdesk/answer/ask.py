"""`newsdesk ask`: a question about two actors in, a cited evidence brief out. No language model.

The actors are resolved from the question (with their branches and earlier names, each
labelled), then the evidence between the two sides is gathered from the store: coded events
and relations first, quoted claims next, and sentences that merely name both last (marked as
co-mentions, never counted as signals). Every summary sentence cites evidence by number;
when there is none the brief says so.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources

from sqlalchemy import Connection, Text, cast, func, or_, select

from ..store.schema import aliases, articles, mentions, quotes
from .facts import Fact, attribution, dedupe, outlet_of
from .pair_facts import pair_facts
from .resolve import Actor, entity_names, find_actors, two_sides

#: Caps that keep a brief readable on a large corpus.
MAX_COMENTIONS = 40
MAX_QUOTES = 40
NEGATIVE = {"negated", "denied"}


@cache
def question_cues() -> dict:
    return json.loads(resources.files("newsdesk").joinpath("data/answer/questions.json").read_text("utf-8"))


@cache
def modality_cues() -> dict[str, set[str]]:
    """The attribute stage's cue lemmas; verbs also in their inflected forms (no parse here)."""
    data = json.loads(resources.files("newsdesk").joinpath("data/attribute/modality.json").read_text("utf-8"))
    cues = {k: set(v) for k, v in data.items() if isinstance(v, list)}
    for key in ("denial", "reporting_verbs"):
        cues[key] = {form for lemma in cues.get(key, ()) for form in _forms(lemma)}
    cues["reporting_verbs"] |= {"said", "told", "according", "wrote", "thought"}
    return cues


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return forms


def relation_asked(question: str) -> str | None:
    words = " " + " ".join(re.findall(r"\w+", question.lower())) + " "
    for relation, cues in question_cues()["relations"].items():
        if any(f" {cue} " in words for cue in cues):
            return relation
    return None


@dataclass
class Brief:
    question: str
    actors: list[dict]
    relation: str | None
    summary: list[dict] = field(default_factory=list)  # {text, cites: [evidence numbers]}
    evidence: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    signals: dict[str, list[int]] = field(default_factory=lambda: {"for": [], "against": []})
    articles_searched: int = 0

    def to_dict(self) -> dict:
        out = asdict(self)
        out["summary"] = [dict(s) for s in self.summary]
        return out


def _names(conn: Connection, refs) -> str | None:
    if refs is None:
        return None
    ids = [refs] if isinstance(refs, str) else list(refs)
    known = entity_names(conn, ids)
    return " and ".join(known.get(i, i) for i in ids)


def _sides(conn: Connection, question: str) -> tuple[list[Actor], list[Actor]] | None:
    found = find_actors(conn, question)
    if len(found) < 2:
        return None
    return two_sides(found[0], found[1])


def _fact_item(conn: Connection, f: Fact, labels: dict[str, str]) -> dict:
    return {
        "doc_id": f.doc_id,
        "title": f.title,
        "outlet": outlet_of(f.outlet, f.url),
        "published": f.published,
        "sentence": f.sentence,
        "start": f.start,
        "end": f.end,
        "type": f.type,
        "modality": f.modality,
        "reported_by": _names(conn, f.reported_by),
        "kind": f.kind,
        "source": _names(conn, f.source),
        "target": _names(conn, f.target),
        "score": f.score,
        "url": f.url,
        "attribution": attribution(f.url),
        "actors_as": sorted({labels[i] for i in _ids(f.source) + _ids(f.target) if labels.get(i)}),
        "_month": f.month,
        "_story": f.story_id,
    }


def _ids(refs) -> list[str]:
    return [refs] if isinstance(refs, str) else list(refs or [])


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


def _sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span: from the previous sentence end to the next (quotes kept)."""
    left = 0
    for m in _SENTENCE_END.finditer(body, max(0, start - 2000), start):
        left = m.end()
    stop = _SENTENCE_END.search(body, end)
    right = stop.end() if stop else len(body)
    while left < right and body[left].isspace():
        left += 1
    while right > left and body[right - 1].isspace():
        right -= 1
    return left, right


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _masked(body: str, start: int, end: int, names: list[tuple[int, int]]) -> str:
    """The passage with actor names blanked ("Islamic State" holds no cue word "state")."""
    chars = list(body[start:end])
    for s, e in names:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = " "
    return "".join(chars)


def sentence_modality(sentence: str) -> str:
    """A cue-word reading of a sentence's modality, for co-mentions (coded facts carry their own)."""
    words = set(re.findall(r"[\w']+", sentence.lower()))
    c = modality_cues()
    for name, key in (
        ("denied", "denial"),
        ("negated", "negation"),
        ("hypothetical", "hypothetical"),
        ("future", "future"),
    ):
        if words & c.get(key, set()):
            return name
    return "reported" if words & c["reporting_verbs"] else "asserted"


def _comentions(
    conn: Connection, ids_a: list[str], ids_b: list[str], labels: dict[str, str], coded: dict[int, list]
) -> list[dict]:
    both = (
        select(mentions.c.article_id)
        .where(mentions.c.entity_id.in_(ids_a))
        .intersect(select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids_b)))
    )
    article_ids = list(conn.scalars(both))
    if not article_ids:
        return []
    rows = conn.execute(
        select(mentions.c.article_id, mentions.c.entity_id, mentions.c.start, mentions.c.end).where(
            mentions.c.article_id.in_(article_ids)
        )
    ).all()
    by_article: dict[int, list] = defaultdict(list)
    names_at: dict[int, list] = defaultdict(list)  # every name, masked before reading cue words
    for r in rows:
        names_at[r.article_id].append((r.start, r.end))
        if r.entity_id in ids_a or r.entity_id in ids_b:
            by_article[r.article_id].append(r)
    meta = {
        r.id: r
        for r in conn.execute(
            select(articles).where(articles.c.id.in_(article_ids), articles.c.current.is_(True))
        )
    }
    said: dict[int, list] = defaultdict(list)  # quotes overlapping a co-mention name who said it
    for q in conn.execute(
        select(
            quotes.c.article_id, quotes.c.start, quotes.c.end, quotes.c.speaker, quotes.c.speaker_name
        ).where(quotes.c.article_id.in_(article_ids))
    ):
        said[q.article_id].append(q)
    out: list[dict] = []
    stories_seen: dict[int, int] = {}  # story -> the article whose co-mentions are used
    set_a = set(ids_a)
    for aid in sorted(meta, key=lambda i: (meta[i].published or "", i)):
        art = meta[aid]
        sentences: dict[tuple[int, int], dict[str, set]] = {}
        for m in by_article[aid]:
            bounds = _sentence_bounds(art.body, m.start, m.end)
            side = "a" if m.entity_id in set_a else "b"
            sentences.setdefault(bounds, {"a": set(), "b": set()})[side].add(m.entity_id)
        for start, end, sides, scope, *parts in _windows(art.body, sentences):
            if any(s < end and start < e for s, e in coded.get(aid, ())):
                continue  # a coded fact already cites this passage
            if stories_seen.setdefault(art.story_id or -aid, aid) != aid:
                continue  # another copy of this story already speaks for it
            if parts:  # two passages apart: show both, elided between
                sentence = " … ".join(art.body[s:e].strip() for s, e in parts[0])
            else:
                sentence = art.body[start:end].strip()
            modality = sentence_modality(_masked(art.body, start, end, names_at[aid]))
            quote = next((q for q in said[aid] if q.start < end and start < q.end), None)
            reporter = (_names(conn, quote.speaker) or quote.speaker_name) if quote else None
            if reporter and modality == "asserted":
                modality = "reported"
            out.append(
                {
                    "doc_id": art.doc_id,
                    "title": art.title,
                    "outlet": outlet_of(art.outlet, art.url),
                    "published": art.published,
                    "sentence": sentence,
                    "start": start,
                    "end": end,
                    "type": "co-mention",
                    "modality": modality,
                    "reported_by": reporter,
                    "kind": "co-mention",
                    "scope": scope,
                    "source": None,
                    "target": None,
                    "score": 0.0,
                    "url": art.url,
                    "attribution": attribution(art.url),
                    "actors_as": sorted({labels[i] for i in sides["a"] | sides["b"] if labels.get(i)}),
                    "_month": (art.published or "")[:7] or None,
                    "_story": art.story_id,
                }
            )
            if len(out) >= MAX_COMENTIONS:
                return out
    return out


def _windows(body: str, sentences: dict[tuple[int, int], dict[str, set]]):
    """Where both sides are named: one sentence, two adjacent sentences, or else, once per
    article, the closest pair of sentences naming one side each (scope ``same article``)."""
    ordered = sorted(sentences.items())
    both = {bounds for bounds, sides in ordered if sides["a"] and sides["b"]}
    found = False
    for bounds, sides in ordered:
        if bounds in both:
            found = True
            yield bounds[0], bounds[1], sides, "sentence"
    for (first, s1), (second, s2) in zip(ordered, ordered[1:], strict=False):
        if first in both or second in both or body[first[1] : second[0]].strip():
            continue
        if (s1["a"] and s2["b"]) or (s1["b"] and s2["a"]):
            found = True
            yield first[0], second[1], {"a": s1["a"] | s2["a"], "b": s1["b"] | s2["b"]}, "adjacent sentences"
    if found:
        return
    pairs = [(x, y) for x in ordered if x[1]["a"] for y in ordered if y[1]["b"]]
    if pairs:
        (ra, sa), (rb, sb) = min(pairs, key=lambda p: abs(p[0][0][0] - p[1][0][0]))
        (first, second) = sorted((ra, rb))
        yield first[0], second[1], {"a": sa["a"], "b": sb["b"]}, "same article", (first, second)


def _claims(conn: Connection, speakers: list[str], about: list[str], labels: dict[str, str]) -> list[dict]:
    """Quotes by one side that name the other: what each says about the other."""
    names = [
        r
        for r in conn.scalars(select(aliases.c.alias).where(aliases.c.entity_id.in_(about)))
        if len(r) > 2 or r.isupper()
    ]
    if not names:
        return []
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    rows = conn.execute(
        select(
            quotes,
            articles.c.doc_id,
            articles.c.title,
            articles.c.outlet,
            articles.c.published,
            articles.c.url,
            articles.c.story_id,
        )
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(
            articles.c.current.is_(True),
            or_(*[cast(quotes.c.speaker, Text).like(f'%"{i}"%') for i in speakers]),
        )
    ).mappings()
    out = []
    for r in rows:
        speaker = _ids(r["speaker"])
        if not set(speaker) & set(speakers) or not pattern.search(r["text"] or ""):
            continue
        modality = sentence_modality(r["text"])
        out.append(
            {
                "doc_id": r["doc_id"],
                "title": r["title"],
                "outlet": outlet_of(r["outlet"], r["url"]),
                "published": r["published"],
                "sentence": r["text"],
                "start": r["start"],
                "end": r["end"],
                "type": "claim",
                "modality": "reported" if modality == "asserted" else modality,
                "reported_by": _names(conn, r["speaker"]) or r["speaker_name"],
                "kind": "claim",
                "source": _names(conn, r["speaker"]),
                "target": None,
                "score": 0.0,
                "url": r["url"],
                "attribution": attribution(r["url"]),
                "actors_as": sorted({labels[i] for i in speaker if labels.get(i)}),
                "_month": (r["published"] or "")[:7] or None,
                "_story": r["story_id"],
            }
        )
        if len(out) >= MAX_QUOTES:
            break
    return out


def _cite(numbers: list[int], most: int = 6) -> str:
    shown = "".join(f"[{n}]" for n in numbers[:most])
    return shown + (f" (+{len(numbers) - most} more)" if len(numbers) > most else "")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def ask(conn: Connection, question: str) -> Brief:
    """Resolve the question's actors, gather the evidence between them and summarise it with citations."""
    question = question.strip()[:500]
    brief = Brief(question=question, actors=[], relation=relation_asked(question))
    brief.articles_searched = (
        conn.scalar(select(func.count()).select_from(articles).where(articles.c.current.is_(True))) or 0
    )
    sides = _sides(conn, question)
    if sides is None:
        found = find_actors(conn, question)
        named = _join([a.name for a in found]) if found else "none"
        brief.actors = [
            {"id": a.id, "name": a.name, "label": None, "side": "a", "asked": a.asked} for a in found
        ]
        brief.summary.append(
            {
                "text": f"Actors recognised in the question: {named}. Two are needed to gather the "
                "evidence between them, so no answer is given.",
                "cites": [],
            }
        )
        return brief
    side_a, side_b = sides
    labels: dict[str, str] = {}
    for side, group in (("a", side_a), ("b", side_b)):
        for x in group:
            brief.actors.append(
                {"id": x.id, "name": x.name, "label": x.label, "side": side, "asked": x.asked}
            )
            labels[x.id] = f"{x.name} ({x.label})" if x.label else x.name
    ids_a, ids_b = [x.id for x in side_a], [x.id for x in side_b]
    name_a, name_b = side_a[0].name, side_b[0].name

    every_copy = pair_facts(conn, ids_a, ids_b)
    items = [_fact_item(conn, f, labels) for f in dedupe(every_copy)]
    coded_spans: dict[int, list] = defaultdict(list)
    for f in every_copy:
        coded_spans[f.article_id].append((f.start, f.end))
    items += _claims(conn, ids_a, ids_b, labels) + _claims(conn, ids_b, ids_a, labels)
    items += _comentions(conn, ids_a, ids_b, labels, coded_spans)
    items.sort(key=lambda e: (e["published"] or "", e["doc_id"], e["start"]))
    brief.timeline = _timeline(items)
    for item in items:
        item.pop("_month", None)
        item.pop("_story", None)
    brief.evidence = items
    _summarise(brief, name_a, name_b, side_a, side_b)
    return brief


def _timeline(items: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in items:
        groups[(e["_month"] or "undated", e["type"])].append(e)
    rows = [
        {"month": m, "type": t, "count": len(v), "score": round(sum(x["score"] or 0 for x in v), 2)}
        for (m, t), v in groups.items()
    ]
    return sorted(rows, key=lambda r: (r["month"] == "undated", r["month"], r["type"]))


def _summarise(brief: Brief, name_a: str, name_b: str, side_a: list[Actor], side_b: list[Actor]) -> None:
    ev = brief.evidence
    say = brief.summary.append
    grouped: dict[str, list[str]] = defaultdict(list)
    for x in side_a + side_b:
        if x.label:
            grouped[x.label].append(x.name)
    if grouped:
        parts = "; ".join(f"{label}: {_join(names)}" for label, names in grouped.items())
        say({"text": f"Also searched, as labelled: {parts}.", "cites": []})
    if not ev:
        say(
            {
                "text": f"No evidence linking {name_a} and {name_b} was found in the "
                f"{brief.articles_searched} stored articles; newsdesk does not infer a link it cannot cite.",
                "cites": [],
            }
        )
        return
    numbered = list(enumerate(ev, start=1))
    coded = [(n, e) for n, e in numbered if e["kind"] in ("event", "relation")]
    claims = [(n, e) for n, e in numbered if e["kind"] == "claim"]
    comention = [(n, e) for n, e in numbered if e["kind"] == "co-mention"]
    dated = sorted(e["published"] for e in ev if e["published"])
    span = f" between {dated[0][:10]} and {dated[-1][:10]}" if dated else ""
    coded_n = _n(len(coded), "coded event or relation", "coded events or relations")
    say(
        {
            "text": f"Evidence linking {name_a} and {name_b}{span}: {coded_n}, "
            f"{_n(len(claims), 'quoted claim')} and {_n(len(comention), 'passage')} naming both.",
            "cites": [n for n, _ in numbered],
        }
    )
    by_kind: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, e in coded:
        by_kind[(e["type"], e["modality"])].append(n)
    for (type_, modality), ns in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        reporters = Counter(ev[n - 1]["reported_by"] for n in ns if ev[n - 1]["reported_by"])
        who = f", reported by {_join([r for r, _ in reporters.most_common(3)])}" if reporters else ""
        say({"text": f"{type_} ({_label(modality)}): {_n(len(ns), 'item')}{who} {_cite(ns)}.", "cites": ns})
    if claims:
        ns = [n for n, _ in claims]
        who = Counter(e["reported_by"] for _, e in claims if e["reported_by"])
        say(
            {
                "text": f"Quoted claims by {_join([w for w, _ in who.most_common(3)]) or 'the actors'} "
                "name the "
                f"other side (reported, not verified) {_cite(ns)}.",
                "cites": ns,
            }
        )
    if comention:
        mods = Counter(e["modality"] for _, e in comention)
        parts = ", ".join(f"{k} {v}" for k, v in mods.most_common())
        ns = [n for n, _ in comention]
        capped = f" (capped at the oldest {MAX_COMENTIONS})" if len(ns) >= MAX_COMENTIONS else ""
        say(
            {
                "text": f"Passages naming both sides without a coded event between them: {len(ns)}"
                f"{capped} ({parts}); they show that a link is discussed, not what it is {_cite(ns)}.",
                "cites": ns,
            }
        )
    pro, con = _signals(coded, brief.relation)
    brief.signals = {"for": pro, "against": con}
    asked = brief.relation or "cooperation"
    if pro:
        say({"text": f"Signals for {asked}: {_describe(ev, pro)} {_cite(pro)}.", "cites": pro})
    if con:
        say({"text": f"Signals against {asked}: {_describe(ev, con)} {_cite(con)}.", "cites": con})
    if coded and not pro and not con:
        say({"text": "The coded evidence is neutral on the question asked.", "cites": [n for n, _ in coded]})
    last = ev[-1]
    n_last = len(ev)
    say(
        {
            "text": f"Most recent: {last['published'] or 'undated'}, {last['outlet'] or last['doc_id']}, "
            f"{last['type']} ({_label(last['modality'])}) [{n_last}].",
            "cites": [n_last],
        }
    )


def _label(modality: str) -> str:
    return {
        "reported": "reported",
        "hypothetical": "hypothetical, not a fact",
        "asserted": "stated by the outlet",
        "negated": "negated",
        "denied": "denied",
        "future": "planned or expected",
    }.get(modality, modality)


def _signals(coded: list[tuple[int, dict]], relation: str | None) -> tuple[list[int], list[int]]:
    """Cooperative facts speak for a cooperation question, conflictual ones against (and the reverse)."""
    pro, con = [], []
    for n, e in coded:
        score = e["score"] or 0.0
        if e["modality"] in NEGATIVE:
            score = -score
        if score == 0:
            continue
        favourable = score > 0 if relation != "conflict" else score < 0
        (pro if favourable else con).append(n)
    return pro, con


def _describe(ev: list[dict], ns: list[int]) -> str:
    kinds = Counter((ev[n - 1]["type"], ev[n - 1]["modality"]) for n in ns)
    return ", ".join(f"{t} ({_label(m)}) ×{c}" for (t, m), c in kinds.most_common(4))
