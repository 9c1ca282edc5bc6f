"""`newsdesk ask`: a question about two actors in, a cited evidence brief out. No language model.

The actors are resolved from the question (with their branches and earlier names, each
labelled), then the evidence between the two sides is gathered from the store: coded events
and relations first, attributed claims next (each worded as its kind says: only a direct quote in
quotation marks), and sentences that merely name both last (marked as
co-mentions, never counted as signals). Every summary sentence cites evidence by number;
when there is none the brief says so.

The brief states what it did, so a reader can check it: which two actors it compares and by
which rule, and which others the question named and it left out; coded facts counted as the
events table and the document pages count them (stored rows), copies of a story cited once;
when the facts happened by their own dates, else by their articles' dates said to be such;
and, where a cap applies, that the newest items are kept and how many older ones were not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache
from urllib.parse import urlencode

from sqlalchemy import Connection, Row, Text, cast, func, or_, select

from ..attribute.cues import modality_lists
from ..sentences import around
from ..store.schema import aliases, articles, mentions, quotes
from .actor_lookup import ActorMatch, entity_names, find_actors, two_sides
from .claim_wording import HEDGES, KIND_LABELS, kind_of, worded
from .event_table import EventFilters, count_events
from .facts import Fact, attribution, dedupe_copies, event_day, outlet_of
from .pair_facts import pair_facts
from .question_words import question_cues

#: Caps that keep a brief readable on a large corpus.
MAX_COMENTIONS = 40
MAX_QUOTES = 40
#: Claims worded in the summary itself (the newest); the evidence list words every one.
CLAIMS_WORDED = 3
#: Stories whose co-mentions are read at a time (newest first) until the cap is reached.
COMENTION_CHUNK = 25
#: How a brief counts coded facts, said in its JSON and its text.
COUNT_RULE = (
    "stored rows in current articles, as the events table and the document pages list them: "
    "each copy of a story is a row, and two facts in one article are two"
)
NEGATIVE = {"negated", "denied"}


@cache
def modality_cues() -> dict[str, set[str]]:
    """The attribute stage's cue lemmas; verbs also in their inflected forms (no parse here)."""
    cues = {k: set(v) for k, v in modality_lists().items() if isinstance(v, list)}
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
    actor_rule: str | None = None  # how the two actors compared were chosen
    actors_left_out: list[dict] = field(default_factory=list)  # named in the question, not compared
    counts: dict = field(default_factory=dict)  # see ``COUNT_RULE``
    dates: dict = field(default_factory=dict)  # the coded facts' own dates, else their articles'

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


@cache
def _pair_cue() -> re.Pattern:
    """The words after which a question names its two actors ("between A and B")."""
    words = question_cues().get("pair_after") or ["between"]
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _positions(question: str, found: list[ActorMatch]) -> list[int]:
    """Where each found actor is named (``find_actors`` gives them in order, without overlaps)."""
    out, at = [], 0
    for a in found:
        i = question.find(a.asked or a.name, at)
        out.append(i if i >= 0 else at)
        at = (i + len(a.asked or a.name)) if i >= 0 else at
    return out


def choose_pair(question: str, found: list[ActorMatch]) -> tuple[list[ActorMatch], list[dict], str]:
    """The two actors a brief compares, the others named and left out (with why), and the rule used.

    A brief compares two actors. When the question says "between A and B" those two are
    compared; otherwise the first two different actors the question names.
    """
    distinct: list[tuple[int, ActorMatch]] = []
    for at, a in zip(_positions(question, found), found, strict=True):
        if all(a.id != b.id for _, b in distinct):
            distinct.append((at, a))
    rule = "the first two different actors the question names"
    chosen = [a for _, a in distinct[:2]]
    cue = _pair_cue().search(question)
    if cue:
        after = [a for at, a in distinct if at >= cue.end()]
        if len(after) >= 2:
            chosen = after[:2]
            rule = f"the first two actors named after '{cue.group(1).lower()}'"
    chosen_ids = {a.id for a in chosen}
    left = [
        {
            "id": a.id,
            "name": a.name,
            "asked": a.asked,
            "reason": "a brief compares two actors; ask about this one in a question of its own",
        }
        for _, a in distinct
        if a.id not in chosen_ids
    ]
    return chosen, left, rule


def _month(value: str | None) -> str | None:
    if value and len(value) >= 7 and value[:4].isdigit() and value[5:7].isdigit():
        return value[:7]
    return None


def _fact_item(conn: Connection, f: Fact, labels: dict[str, str]) -> dict:
    day = event_day(f.date, f.published, f.modality)
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
        "quote_kind": None,
        "cue": None,
        "worded": None,
        "source": _names(conn, f.source),
        "target": _names(conn, f.target),
        "score": f.score,
        "date": day,
        "url": f.url,
        "attribution": attribution(f.url),
        "actors_as": sorted({labels[i] for i in _ids(f.source) + _ids(f.target) if labels.get(i)}),
        "_month": _month(day) or _month(f.published),
        "_story": f.story_id,
    }


def _ids(refs) -> list[str]:
    return [refs] if isinstance(refs, str) else list(refs or [])


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


def _stories_newest_first(conn: Connection, ids_a: list[str], ids_b: list[str]) -> list[list[int]]:
    """Current articles naming both sides, grouped by story, newest story first (by the
    published date, then id, of the copy that speaks for it: the story's oldest stored copy)."""
    both = (
        select(mentions.c.article_id)
        .where(mentions.c.entity_id.in_(ids_a))
        .intersect(select(mentions.c.article_id).where(mentions.c.entity_id.in_(ids_b)))
    )
    rows = conn.execute(
        select(articles.c.id, articles.c.published, articles.c.story_id).where(
            articles.c.id.in_(both), articles.c.current.is_(True)
        )
    ).all()
    stories: dict[object, list] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r.published or "", r.id)):  # oldest copy first
        stories[r.story_id if r.story_id is not None else f"a{r.id}"].append(r)
    ordered = sorted(stories.values(), key=lambda c: (c[0].published or "", c[0].id), reverse=True)
    return [[r.id for r in copies] for copies in ordered]


def _comentions(
    conn: Connection, ids_a: list[str], ids_b: list[str], labels: dict[str, str], coded: dict[int, list]
) -> tuple[list[dict], dict]:
    """Passages naming both sides where no coded fact is cited: the newest ``MAX_COMENTIONS``,
    and how many were left out (older passages read past the cap, older stories not read)."""
    stories = _stories_newest_first(conn, ids_a, ids_b)
    out: list[dict] = []
    left_out = 0
    read = 0
    for first in range(0, len(stories), COMENTION_CHUNK):
        if len(out) >= MAX_COMENTIONS:
            break
        chunk = stories[first : first + COMENTION_CHUNK]
        read += len(chunk)
        found, extra = _comention_passages(
            conn, chunk, ids_a, ids_b, labels, coded, MAX_COMENTIONS - len(out)
        )
        out += found
        left_out += extra
    return out, {
        "shown": len(out),
        "passages_left_out": left_out,
        "stories_left_out": len(stories) - read,
        "cap": MAX_COMENTIONS,
        "kept": "newest",
    }


def _comention_passages(
    conn: Connection,
    stories: list[list[int]],
    ids_a: list[str],
    ids_b: list[str],
    labels: dict[str, str],
    coded: dict[int, list],
    room: int,
) -> tuple[list[dict], int]:
    """The co-mention passages of some stories (newest first), up to ``room``; and how many more."""
    article_ids = [aid for copies in stories for aid in copies]
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
    meta = {r.id: r for r in conn.execute(select(articles).where(articles.c.id.in_(article_ids)))}
    said: dict[int, list] = defaultdict(list)  # quotes overlapping a co-mention name who said it
    for q in conn.execute(
        select(
            quotes.c.article_id, quotes.c.start, quotes.c.end, quotes.c.speaker, quotes.c.speaker_name
        ).where(quotes.c.article_id.in_(article_ids))
    ):
        said[q.article_id].append(q)
    out: list[dict] = []
    extra = 0
    set_a = set(ids_a)
    for copies in stories:
        speaker = None  # the copy whose co-mentions speak for the story (the oldest with one)
        for aid in copies:
            art = meta[aid]
            sentences: dict[tuple[int, int], dict[str, set]] = {}
            for m in by_article[aid]:
                bounds = around(art.body, m.start, m.end, art.sentences)
                side = "a" if m.entity_id in set_a else "b"
                sentences.setdefault(bounds, {"a": set(), "b": set()})[side].add(m.entity_id)
            for start, end, sides, scope, *parts in _windows(art.body, sentences):
                if any(s < end and start < e for s, e in coded.get(aid, ())):
                    continue  # a coded fact or a claim already cites this passage
                if (speaker := speaker or aid) != aid:
                    continue  # another copy of this story already speaks for it
                if len(out) >= room:
                    extra += 1
                    continue
                out.append(
                    _comention_item(conn, art, start, end, sides, scope, parts, names_at, said, labels)
                )
    return out, extra


def _comention_item(
    conn: Connection,
    art: Row,
    start: int,
    end: int,
    sides: dict[str, set],
    scope: str,
    parts: list,
    names_at: dict[int, list],
    said: dict[int, list],
    labels: dict[str, str],
) -> dict:
    """One co-mention passage as an evidence item (the sentence, or two passages elided between)."""
    aid = art.id
    if parts:  # two passages apart: show both, elided between
        sentence = " … ".join(art.body[s:e].strip() for s, e in parts[0])
    else:
        sentence = art.body[start:end].strip()
    modality = sentence_modality(_masked(art.body, start, end, names_at[aid]))
    quote = next((q for q in said[aid] if q.start < end and start < q.end), None)
    reporter = (_names(conn, quote.speaker) or quote.speaker_name) if quote else None
    if reporter and modality == "asserted":
        modality = "reported"
    return {
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
        "quote_kind": None,
        "cue": None,
        "worded": None,
        "scope": scope,
        "source": None,
        "target": None,
        "score": 0.0,
        "date": None,
        "url": art.url,
        "attribution": attribution(art.url),
        "actors_as": sorted({labels[i] for i in sides["a"] | sides["b"] if labels.get(i)}),
        "_month": (art.published or "")[:7] or None,
        "_story": art.story_id,
    }


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


def _claims(
    conn: Connection, speakers: list[str], about: list[str], labels: dict[str, str]
) -> tuple[list[dict], int]:
    """Quotes by one side that name the other: what each says about the other. The newest
    ``MAX_QUOTES`` (by published date, then id), and how many older ones were left out."""
    names = [
        r
        for r in conn.scalars(select(aliases.c.alias).where(aliases.c.entity_id.in_(about)))
        if len(r) > 2 or r.isupper()
    ]
    if not names:
        return [], 0
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
        .order_by(articles.c.published.desc().nulls_last(), quotes.c.id.desc())
    ).mappings()
    out: list[dict] = []
    left_out = 0
    for r in rows:
        speaker = _ids(r["speaker"])
        if not set(speaker) & set(speakers) or not pattern.search(r["text"] or ""):
            continue
        if len(out) >= MAX_QUOTES:
            left_out += 1
            continue
        kind = kind_of(r["kind"], r["direct"])
        modality = r["modality"] or sentence_modality(r["text"])  # rows stored before modality was
        who = _names(conn, r["speaker"]) or r["speaker_name"]
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
                "reported_by": who,
                "kind": "claim",
                "quote_kind": kind,
                "cue": r["cue"],
                "worded": worded(kind, modality, who, r["text"]),
                "source": _names(conn, r["speaker"]),
                "target": None,
                "score": 0.0,
                "date": None,
                "url": r["url"],
                "attribution": attribution(r["url"]),
                "actors_as": sorted({labels[i] for i in speaker if labels.get(i)}),
                "_month": (r["published"] or "")[:7] or None,
                "_story": r["story_id"],
                "_article": r["article_id"],
            }
        )
    return out, left_out


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
    found = find_actors(conn, question)
    pair, left_out, rule = choose_pair(question, found)
    if len(pair) < 2:
        named = _join([a.name for a in pair]) if pair else "none"
        brief.actors = [
            {"id": a.id, "name": a.name, "label": None, "side": "a", "asked": a.asked} for a in pair
        ]
        brief.summary.append(
            {
                "text": f"Actors recognised in the question: {named}. Two different actors are needed to "
                "gather the evidence between them, so no answer is given.",
                "cites": [],
            }
        )
        return brief
    brief.actor_rule, brief.actors_left_out = rule, left_out
    side_a, side_b = two_sides(pair[0], pair[1])
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
    cited = dedupe_copies(every_copy)
    items = [_fact_item(conn, f, labels) for f in cited]
    brief.counts = _fact_counts(conn, every_copy, cited, ids_a, ids_b)
    related = len(ids_a) + len(ids_b) > 2
    brief.counts |= _asked_pair_table(conn, pair[0], pair[1], brief.counts["events_table"], related)
    brief.dates = _fact_dates(items)
    coded_spans: dict[int, list] = defaultdict(list)
    for f in every_copy:
        coded_spans[f.article_id].append((f.start, f.end))
    (by_a, left_a), (by_b, left_b) = _claims(conn, ids_a, ids_b, labels), _claims(conn, ids_b, ids_a, labels)
    items += by_a + by_b
    for claim in by_a + by_b:  # a passage a claim already cites is not cited again as a co-mention
        coded_spans[claim["_article"]].append((claim["start"], claim["end"]))
    comentions, brief.counts["co-mentions"] = _comentions(conn, ids_a, ids_b, labels, coded_spans)
    items += comentions
    items.sort(key=lambda e: (e["published"] or "", e["doc_id"], e["start"]))
    brief.timeline = _timeline(items)
    for item in items:
        item.pop("_month", None)
        item.pop("_story", None)
        item.pop("_article", None)
    brief.evidence = items
    brief.counts["claims"] = {"shown": len(by_a) + len(by_b), "left_out": left_a + left_b, "cap": MAX_QUOTES}
    _summarise(brief, name_a, name_b, side_a, side_b)
    return brief


def _fact_counts(
    conn: Connection, every_copy: list[Fact], cited: list[Fact], ids_a: list[str], ids_b: list[str]
) -> dict:
    """The coded facts between the sides counted once, by ``COUNT_RULE``; the events table's
    total for the same actors, which also holds events naming both only as targets of a third
    party (not a link between them, so not cited)."""
    table = count_events(conn, EventFilters(actor=ids_a, counterpart=ids_b))
    events_n = sum(1 for f in every_copy if f.kind == "event")
    return {
        "rule": COUNT_RULE,
        "events": events_n,
        "relations": sum(1 for f in every_copy if f.kind == "relation"),
        "events_cited": sum(1 for f in cited if f.kind == "event"),
        "relations_cited": sum(1 for f in cited if f.kind == "relation"),
        "events_table": table,
        "events_third_party": table - events_n,
    }


def _asked_pair_table(conn: Connection, a: ActorMatch, b: ActorMatch, table: int, related: bool) -> dict:
    """The events table of the two asked actors alone (it takes one actor a side), with its link;
    where branches or earlier names were searched too, its total is the asked pair's share."""
    asked = count_events(conn, EventFilters(actor=[a.id], counterpart=[b.id])) if related else table
    return {
        "events_table_link": "/ui/events?" + urlencode({"actor": a.id, "counterpart": b.id}),
        "events_table_asked": asked,
    }


def _fact_dates(items: list[dict]) -> dict:
    """The coded facts' own dates; for those without, their articles' publication dates (said as such)."""
    own = sorted(e["date"][:10] for e in items if e["date"])
    undated = [e for e in items if not e["date"]]
    published = sorted(e["published"][:10] for e in undated if e["published"])
    return {
        "facts": len(items),
        "own_dates": len(own),
        "own_first": own[0] if own else None,
        "own_last": own[-1] if own else None,
        "published_first": published[0] if published else None,
        "published_last": published[-1] if published else None,
        "undated_articles": len(undated) - len(published),
    }


def _when(first: str | None, last: str | None) -> str:
    """ "on D" for one day, "between D1 and D2" for two: never a range from a day to itself."""
    if not first:
        return ""
    return f"on {first}" if first == last else f"between {first} and {last}"


def _timeline(items: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in items:
        groups[(e["_month"] or "undated", e["type"])].append(e)
    rows = [
        {"month": m, "type": t, "count": len(v), "score": round(sum(x["score"] or 0 for x in v), 2)}
        for (m, t), v in groups.items()
    ]
    return sorted(rows, key=lambda r: (r["month"] == "undated", r["month"], r["type"]))


def _say_pair(brief: Brief, name_a: str, name_b: str) -> None:
    """Which two actors the brief compares, by which rule, and who was named but left out."""
    text = f"Compared: {name_a} and {name_b} ({brief.actor_rule})."
    if brief.actors_left_out:
        names = _join([a["name"] for a in brief.actors_left_out])
        text += (
            f" Also named in the question but left out, since a brief compares two actors: {names}; "
            "ask about them in a question of their own."
        )
    brief.summary.append({"text": text, "cites": []})


def _third_party(n: int) -> str:
    return (
        f"The events table for these actors also lists {_n(n, 'event')} naming both only as targets "
        "of a third party; that is no link between them, so it is not cited."
    )


def _say_dates(d: dict) -> str:
    """When the coded facts happened (a clause, cited by the caller): their own dates, else their
    articles' publication dates, labelled as such."""
    total, own = d["facts"], d["own_dates"]
    own_when = _when(d["own_first"], d["own_last"])
    articles_when = _when(d["published_first"], d["published_last"])
    if own == total:
        return f"The coded facts are dated {own_when}"
    undated = d["undated_articles"]
    also = f" ({undated} of {total - own} in undated articles)" if undated and articles_when else ""
    if articles_when:
        fallback = f"their articles (article dates, not event dates) were published {articles_when}{also}"
    else:
        fallback = "their articles are undated too"
    if own:
        rest = total - own
        return (
            f"{own} of {total} coded facts are dated {own_when}; the other {rest} carry none, and {fallback}"
        )
    return f"The coded facts carry no dates of their own, and {fallback}"


def _claims_capped(c: dict) -> str:
    left = c.get("left_out", 0)
    return f" (the newest {c['cap']} of each side shown; {_n(left, 'older claim')} left out)" if left else ""


def _capped(c: dict) -> str:
    if not c.get("passages_left_out") and not c.get("stories_left_out"):
        return ""
    left = []
    if c["passages_left_out"]:
        left.append(_n(c["passages_left_out"], "older passage"))
    if c["stories_left_out"]:
        left.append(_n(c["stories_left_out"], "older story", "older stories") + " naming both")
    return f" (the newest {c['cap']} are shown; left out: {' and '.join(left)})"


def _summarise(
    brief: Brief, name_a: str, name_b: str, side_a: list[ActorMatch], side_b: list[ActorMatch]
) -> None:
    ev = brief.evidence
    say = brief.summary.append
    _say_pair(brief, name_a, name_b)
    grouped: dict[str, list[str]] = defaultdict(list)
    for x in side_a + side_b:
        if x.label:
            grouped[x.label].append(x.name)
    if grouped:
        parts = "; ".join(f"{label}: {_join(names)}" for label, names in grouped.items())
        say({"text": f"Also searched, as labelled: {parts}.", "cites": []})
    third = brief.counts.get("events_third_party", 0)
    if not ev:
        say(
            {
                "text": f"No evidence linking {name_a} and {name_b} was found in the "
                f"{brief.articles_searched} stored articles; newsdesk does not infer a link it cannot cite.",
                "cites": [],
            }
        )
        if third:
            say({"text": _third_party(third), "cites": []})
        return
    numbered = list(enumerate(ev, start=1))
    coded = [(n, e) for n, e in numbered if e["kind"] in ("event", "relation")]
    claims = [(n, e) for n, e in numbered if e["kind"] == "claim"]
    comention = [(n, e) for n, e in numbered if e["kind"] == "co-mention"]
    c = brief.counts
    say(
        {
            "text": f"Evidence linking {name_a} and {name_b}: {_n(c['events'], 'coded event')}, "
            f"{_n(c['relations'], 'coded relation')}, {_n(len(claims), 'attributed claim')} and "
            f"{_n(len(comention), 'passage')} naming both.",
            "cites": [n for n, _ in numbered],
        }
    )
    if coded:
        merged = (c["events"], c["relations"]) != (c["events_cited"], c["relations_cited"])
        cited = (
            f"; copies of one story are cited once, so {_n(c['events_cited'], 'event')} and "
            f"{_n(c['relations_cited'], 'relation')} are cited below"
            if merged
            else ""
        )
        say({"text": f"Coded facts are counted as {COUNT_RULE}{cited}.", "cites": []})
    if third:
        say({"text": _third_party(third), "cites": []})
    if len(brief.actors) > 2:
        say(
            {
                "text": f"The events table for {name_a} and {name_b} alone (it takes one actor a side) "
                f"lists {_n(c['events_table_asked'], 'event')}; the counts here add the branches and "
                "earlier names searched.",
                "cites": [],
            }
        )
    if coded:
        ns = [n for n, _ in coded]
        say({"text": f"{_say_dates(brief.dates)} {_cite(ns)}.", "cites": ns})
    published = sorted(e["published"][:10] for e in ev if e["published"])
    undated = len(ev) - len(published)
    if published:
        also = f" ({_n(undated, 'item')} from undated articles)" if undated else ""
        say(
            {
                "text": f"The articles cited were published {_when(published[0], published[-1])}{also}.",
                "cites": [],
            }
        )
    else:
        say({"text": "The articles cited carry no publication date.", "cites": []})
    by_kind: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, e in coded:
        by_kind[(e["type"], e["modality"])].append(n)
    for (type_, modality), ns in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        reporters = Counter(ev[n - 1]["reported_by"] for n in ns if ev[n - 1]["reported_by"])
        who = f", reported by {_join([r for r, _ in reporters.most_common(3)])}" if reporters else ""
        say({"text": f"{type_} ({_label(modality)}): {_n(len(ns), 'item')}{who} {_cite(ns)}.", "cites": ns})
    if claims:
        _say_claims(brief, claims)
    if comention:
        mods = Counter(e["modality"] for _, e in comention)
        parts = ", ".join(f"{k} {v}" for k, v in mods.most_common())
        ns = [n for n, _ in comention]
        say(
            {
                "text": f"Passages naming both sides without a coded event between them: {len(ns)}"
                f"{_capped(c['co-mentions'])} ({parts}); they show that a link is discussed, not what it "
                f"is {_cite(ns)}.",
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


def _say_claims(brief: Brief, claims: list[tuple[int, dict]]) -> None:
    """The claims each side makes naming the other: how many of each kind, which are hedged or
    denied, and the newest few worded as their kind says (a quotation only for a direct quote)."""
    say = brief.summary.append
    ns = [n for n, _ in claims]
    who = Counter(e["reported_by"] for _, e in claims if e["reported_by"])
    forms = Counter(e["quote_kind"] for _, e in claims)
    kinds = ", ".join(f"{forms[k]} as {label}" for k, label in KIND_LABELS.items() if forms[k])
    say(
        {
            "text": f"Claims by {_join([w for w, _ in who.most_common(3)]) or 'the actors'} naming the "
            f"other side, attributed to them and not verified: {kinds}"
            f"{_claims_capped(brief.counts['claims'])} {_cite(ns)}.",
            "cites": ns,
        }
    )
    hedged: dict[str, list[int]] = defaultdict(list)
    for n, e in claims:
        if e["modality"] in HEDGES:
            hedged[e["modality"]].append(n)
    if hedged:
        parts = "; ".join(f"{_n(len(v), 'claim')} {HEDGES[m]} {_cite(v)}" for m, v in hedged.items())
        say({"text": f"Hedged or denied, so not facts: {parts}.", "cites": sorted(sum(hedged.values(), []))})
    for n, e in claims[-CLAIMS_WORDED:][::-1]:
        say({"text": f"{e['worded']} [{n}].", "cites": [n]})


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
    pro: list[int] = []
    con: list[int] = []
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
