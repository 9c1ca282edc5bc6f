"""The ``agents`` stage: generic actors ("the government", "police", "rebels", "Congress") read as a
country and a sector, as event data sets code them.

A noun phrase whose head is a generic actor noun of ``data/actors/agents.tsv`` (built from the
Phoenix agents dictionary) becomes a mention of the actor ``agent:ISO3-SECTOR`` ("Iraq
government", "United States military"). The country is the one the phrase names ("Iraqi police",
"Iraq's government"); failing that, the country the article names most; failing that there is no
agent, and the phrase stays the words it is. Words inside a name ("Iraqi National Congress") are
the name's, not an agent's.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..model import Document, Entity, Span
from ..stages import Stage
from ..tuning import weights
from . import gazetteer

#: Institutions a story's own country can be assumed for ("the government", "police", "Congress");
#: other generic nouns ("militants", "armed groups", "troops") get an agent only when their phrase
#: names the country, since a story about one country often speaks of another's forces.
INSTITUTIONS = {
    "government", "administration", "parliament", "congress", "senate", "cabinet", "police", "army",
    "military", "navy", "air force", "opposition", "court", "supreme court", "judiciary", "legislature",
    "junta", "authority", "security force", "police force", "lawmaker", "legislator",
}  # fmt: skip
#: Dependents that stay in the agent's phrase ("the *Iraqi* government", "*Iraq's* army").
MODIFIERS = {"amod", "compound", "poss", "nmod", "det", "case"}


@cache
def table() -> dict[str, tuple[str, str]]:
    """Lower-case lemma phrase -> (sector code, sector word)."""
    path = files("newsdesk.data.actors").joinpath("agents.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["phrase"]: (r["sector"], r["label"]) for r in rows}


def _phrase_at(tokens: Sequence[Token], i: int) -> tuple[int, str, str] | None:
    """The longest agent phrase ending with the noun at ``i``: (first token index, code, label)."""
    agents = table()
    for k in range(min(weights("agents").max_words, i + 1), 0, -1):
        words = [t.lemma_.lower() for t in tokens[i - k + 1 : i + 1]]
        if not all(w.isalpha() for w in words):
            continue
        found = agents.get(" ".join(words))
        if found:
            return i - k + 1, found[0], found[1]
    return None


def _main_country(doc: Document) -> gazetteer.Actor | None:
    """The country the article names most (the first named among equals)."""
    counts: Counter[str] = Counter(
        {k: v for k, v in doc.analysis.get("located", {}).items() if k.startswith("country:")}
    )
    first: dict[str, int] = {k: 10**9 for k in counts}
    for e in doc.entities:
        if e.id.startswith("country:") and e.mentions:
            counts[e.id] += len(e.mentions)
            first[e.id] = e.mentions[0].start
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return gazetteer.get(best)


def read_agents(doc: Document) -> list[Entity]:
    parsed = doc.analysis.get("spacy")
    if parsed is None:
        return []
    named = sorted(
        (m.start, m.end) for e in doc.entities if e.type in {"PERSON", "ORG", "FAC"} for m in e.mentions
    )
    countries = sorted(
        (m.start, m.end, e.id) for e in doc.entities if e.id.startswith("country:") for m in e.mentions
    )
    main = _main_country(doc)
    tokens = list(parsed)
    found: dict[str, Entity] = {}
    covered: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ == "compound":
            continue
        if token.lemma_.lower() not in _last_words():
            continue
        match = _phrase_at(tokens, i)
        if match is None:
            continue
        first, code, label = match
        phrase = " ".join(t.lemma_.lower() for t in tokens[first : i + 1])
        if phrase in _titles():
            continue  # "the minister said": a person holding a title, read by the roles and quotes
        if any(s < token.idx + len(token.text) and token.idx < e for s, e in named):
            continue  # part of a name
        left = first
        while left > 0 and tokens[left - 1].dep_ in MODIFIERS and first <= tokens[left - 1].head.i <= i:
            left -= 1
        while left < first and tokens[left].dep_ in {"det", "case"}:
            left += 1
        start, end = tokens[left].idx, token.idx + len(token.text)
        within = [cid for s, e, cid in countries if s >= start and e <= end]
        if not within and phrase not in INSTITUTIONS:
            continue
        country = gazetteer.get(within[0]) if within else main
        if country is None or not country.code:
            continue
        how = "country named" if within else "article's country"
        eid = f"agent:{country.code}-{code}"
        entity = found.get(eid)
        if entity is None:
            entity = found[eid] = Entity(
                id=eid, name=f"{country.name} {label}", type="ORG", code=f"{country.code}{code}",
                sector=label, country=country.country, resolution=how,
            )
        entity.mentions.append(Span(start, end, doc.body[start:end]))
        if entity.resolution != how:
            entity.resolution = "country named"
        covered.append((start, end))
    # The country word inside an agent's phrase ("*Iraqi* police") is the agent's, not the country's.
    # One describing another noun ("*U.S.* Senator John McCain", "the *U.S.* embassy") names the
    # country without making it an actor: it is kept apart as ``described``, where the event coder
    # still finds it (an attack on the U.S. embassy is on the United States). Both still count as
    # the article naming the country.
    located = doc.analysis.setdefault("located", Counter())
    for e in doc.entities:
        if e.type != "GPE":
            continue
        inside = [m for m in e.mentions if any(s <= m.start and m.end <= t for s, t in covered)]
        describing = [m for m in e.mentions if m not in inside and _describes(parsed, m)]
        located[e.id] += len(inside) + len(describing)
        e.mentions = [m for m in e.mentions if m not in inside and m not in describing]
        e.described = sorted(e.described + describing, key=lambda m: m.start)
    doc.entities = [e for e in doc.entities if e.mentions or e.described or e.type != "GPE"]
    return list(found.values())


#: Prepositions whose object place says whose or where from, not who acts ("the leader *of North
#: Korea*", "Senator Dodd *of Connecticut*", "officials *from the United States*").
OF_PLACE = {"of", "from"}


def _describes(parsed: SpacyDoc, mention: Span) -> bool:
    """A place word modifying a noun ("*German* Chancellor", "*Texas* highways") or after "of" or
    "from", alone or in a list; not a possessor ("*Iran*'s programme") and not inside a longer
    name."""
    span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    while root.dep_ in {"conj", "appos"} and root.head != root:
        root = root.head  # "from Germany, South Korea and *the United States*"
    if root.dep_ == "pobj" and root.head.lower_ in OF_PLACE:
        return True
    return (root.dep_ in {"amod", "compound", "nmod"} and root.head.i >= span.end
            and root.head.pos_ in {"NOUN", "PROPN"})


@cache
def _titles() -> frozenset[str]:
    from .titles import titles

    return frozenset(" ".join(t).replace(" - ", "-") for t in titles())


@cache
def _last_words() -> frozenset[str]:
    """The head nouns of all agent phrases (most nouns are none of them)."""
    return frozenset(p.split()[-1] for p in table())


def run(docs: Sequence[Document]) -> None:
    for doc in docs:
        if "spacy" in doc.analysis:
            found = read_agents(doc)  # drops the country words agents take over, then adds agents
            doc.entities = doc.entities + found


STAGE = Stage(name="agents", phase="read", run=run, order=25, requires=("actors",))
