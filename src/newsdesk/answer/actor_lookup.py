"""Names to corpus entity ids: the store's aliases first, the shipped gazetteer second.

Short all-capital aliases ("IS", "US") match only in capitals, so the verb "is" in a
question never resolves to the Islamic State. The gazetteer also gives an actor's
branches and earlier names, which answers follow and label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, func, select

from ..read import gazetteer
from ..store.keys import fold
from ..store.schema import aliases, entities, mentions
from .question_words import question_cues

MAX_NGRAM = 6
_TOKEN = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]")


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(question_cues()["stopwords"])


@dataclass
class ActorMatch:
    id: str
    name: str
    label: str | None = None  # None for the actor asked about; else "earlier name of X", "branch of X"
    asked: str | None = None  # the words of the question that named it


def _ids(found) -> list[str]:
    """The gazetteer may answer with an id, an entry, or a list of either."""
    if found is None:
        return []
    if isinstance(found, str):
        return [found]
    if isinstance(found, list | tuple | set):
        return [i for item in found for i in _ids(item)]
    ident = getattr(found, "id", None) or (found.get("id") if isinstance(found, dict) else None)
    return [ident] if ident else []


def _case_ok(alias: str, said: str) -> bool:
    compact = alias.replace(".", "")
    if len(compact) <= 4 and compact.isupper():
        return said.replace(".", "") == compact
    return True


def entity_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    query = select(entities.c.id, entities.c.name).where(entities.c.id.in_(ids))
    names: dict[str, str] = {r.id: r.name for r in conn.execute(query)} if ids else {}
    for i in ids:
        if i not in names:
            entry = _safe(gazetteer.get, i)
            name = getattr(entry, "name", None) or (entry.get("name") if isinstance(entry, dict) else None)
            if name:
                names[i] = name
    return names


def _safe(fn, *args):
    try:
        return fn(*args)
    except (KeyError, LookupError, ValueError):
        return None


def _popular(conn: Connection, ids: list[str]) -> list[str]:
    """Among ambiguous ids, the most mentioned first."""
    if len(ids) <= 1:
        return ids
    counts: dict[str, int] = dict(
        conn.execute(
            select(mentions.c.entity_id, func.count())
            .where(mentions.c.entity_id.in_(ids))
            .group_by(mentions.c.entity_id)
        ).all()
    )
    return sorted(ids, key=lambda i: -counts.get(i, 0))


def resolve_name(conn: Connection, name: str) -> list[str]:
    """Entity ids a name may denote, most mentioned first; an id passes through."""
    name = name.strip()
    if conn.scalar(select(entities.c.id).where(entities.c.id == name)):
        return [name]
    rows = conn.execute(
        select(aliases.c.entity_id, aliases.c.alias).where(aliases.c.folded == fold(name))
    ).all()
    ids = list(dict.fromkeys(r.entity_id for r in rows if _case_ok(r.alias, name)))
    entry = _safe(gazetteer.lookup, name)
    same = [n for n in getattr(entry, "names", lambda: [])() if fold(n) == fold(name)]
    if not same or any(_case_ok(n, name) for n in same):
        ids += [i for i in _ids(entry) if i not in ids]
    return _popular(conn, ids)


def find_actors(conn: Connection, text: str) -> list[ActorMatch]:
    """Actors named in free text (a question), longest names first, without overlaps."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    candidates: list[tuple[int, int, str]] = []
    for i in range(len(tokens)):
        for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
            candidates.append((tokens[i][0], tokens[i + n - 1][1], text[tokens[i][0] : tokens[i + n - 1][1]]))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, ActorMatch]] = []
    stop = _stopwords()
    for start, end, said in candidates:
        if any(start < e and s < end for s, e in taken) or all(
            w.lower() in stop and not (len(w) > 1 and w.isupper()) for w in said.split()
        ):
            continue
        ids = resolve_name(conn, said)
        if not ids:
            continue
        taken.append((start, end))
        names = entity_names(conn, ids[:1])
        found.append((start, ActorMatch(id=ids[0], name=names.get(ids[0], said), asked=said)))
    return [a for _, a in sorted(found, key=lambda x: x[0])]


#: Which gazetteer links an answer follows from an actor, and how each is labelled.
FOLLOW = {"branches": "branch of {}", "formerly": "earlier name of {}", "successors": "later name of {}"}


def related(actor: ActorMatch) -> list[ActorMatch]:
    """Branches and earlier (or later) names of an actor from the gazetteer, labelled as such."""
    links = _safe(gazetteer.related, actor.id) or {}
    out = []
    for kind, label in FOLLOW.items():
        for ident in links.get(kind, []):
            if ident != actor.id:
                name = getattr(_safe(gazetteer.get, ident), "name", None) or ident
                out.append(ActorMatch(id=ident, name=name, label=label.format(actor.name)))
    return out


def expand(actor: ActorMatch) -> list[ActorMatch]:
    """The actor and what the gazetteer relates to it, once each."""
    seen, out = set(), []
    for a in [actor, *related(actor)]:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


def two_sides(a: ActorMatch, b: ActorMatch) -> tuple[list[ActorMatch], list[ActorMatch]]:
    """Both actors expanded, with no actor on both sides: each asked actor keeps its own side,
    and a group related to both (al-Qaeda in Iraq: AQ's branch, IS's earlier name) stays with the first."""
    side_a = expand(a)
    ids_a = {x.id for x in side_a}
    side_b = [x for x in expand(b) if x.id not in ids_a or x.id == b.id]
    return [x for x in side_a if x.id != b.id], side_b
