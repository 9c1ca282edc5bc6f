"""Make a document storable, and stored the same, on SQLite and PostgreSQL.

SQLite stores any text in any column; PostgreSQL refuses a NUL character, an unpaired UTF-16
surrogate and a value longer than its ``VARCHAR(n)``. Rather than lose such a page on one
engine only, every document is fitted before it is written, on both engines alike:

* NUL and unpaired surrogates become U+FFFD, one character for one, so every offset into the
  body still points at the same evidence;
* an id longer than ``ID_LENGTH`` (a page or document id from a long file name, an actor id
  made from a long name) becomes a readable prefix and a hash of the whole, the same each time,
  and the original is kept in ``long_ids``;
* a ``published`` value too long for its column keeps the ISO date found in it, or is dropped
  (the page is stored all the same; a date is never guessed);
* a name over ``ALIAS_LENGTH`` is no alias to look an actor up by (PostgreSQL's index on aliases
  holds at most 2,704 bytes an entry): it is kept as the actor's name, not indexed as an alias;
* any other value too long for its column is dropped where the column may be empty, else cut.

Each change is reported, one line per page, by the caller.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from sqlalchemy import Column, String

from ..model import Article, DateMention, Document, Entity, Event, Place, Quote, RawPage, Relation
from .schema import articles, dates, entities, events, mentions, places, quotes, raw_pages, relations


def _length(column: Column) -> int:
    """The declared length of a ``VARCHAR`` column (every bounded column is one)."""
    kind = column.type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"column {column.name} has no declared length")
    return kind.length


#: Characters a PostgreSQL text cannot hold (NUL) or UTF-8 cannot encode (unpaired surrogates).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
#: The length of every id column (``VARCHAR(200)``).
ID_LENGTH = _length(articles.c.doc_id)
#: The longest name indexed as an alias (4 bytes a character at most: within PostgreSQL's index).
ALIAS_LENGTH = 200
#: Hex digits of the hash that ends a shortened id.
ID_HASH = 16
#: An ISO date, with a time and zone when given, inside a longer ``published`` value.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")

#: Record fields stored in a column of bounded length (ids apart: see ``bounded_id``).
BOUNDED: dict[tuple[type, str], Column] = {
    (Article, "published"): articles.c.published,
    (Article, "language"): articles.c.language,
    (RawPage, "published"): raw_pages.c.published,
    (RawPage, "encoding"): raw_pages.c.encoding,
    (RawPage, "kind"): raw_pages.c.kind,
    (Entity, "type"): entities.c.type,
    (Entity, "code"): entities.c.code,
    (Entity, "country"): entities.c.country,
    (Entity, "resolution"): mentions.c.resolution,
    (Place, "country_code"): places.c.country_code,
    (Place, "feature"): places.c.feature,
    (DateMention, "value"): dates.c.value,
    (Event, "type"): events.c.type,
    (Event, "modality"): events.c.modality,
    (Event, "date"): events.c.date,
    (Relation, "type"): relations.c.type,
    (Relation, "modality"): relations.c.modality,
    **{(Quote, name): quotes.c[name] for name in ("kind", "modality") if name in quotes.c},
}
_BOUNDED_BY_TYPE: dict[type, tuple[tuple[str, Column], ...]] = {}
for (_kind, _name), _column in BOUNDED.items():
    _BOUNDED_BY_TYPE[_kind] = (*_BOUNDED_BY_TYPE.get(_kind, ()), (_name, _column))
#: Where replaced characters are counted apart in the report.
PLACES = {(Article, "body"): "body", (Article, "title"): "title", (RawPage, "content"): "raw page"}
#: Fields holding actor references (an id or a list of ids).
REFERENCES = {Quote: ("speaker",), Event: ("source", "target", "reported_by"),
              Relation: ("source", "target", "reported_by")}


@dataclass
class Fitted:
    """What fitting one page changed: notes for the report, long ids to keep in full."""

    notes: list[str] = field(default_factory=list)
    long_ids: dict[str, str] = field(default_factory=dict)  # shortened id -> original


def bounded_id(value: str, limit: int = ID_LENGTH) -> str:
    """``value`` if it fits, else its first characters, ``~`` and a hash of the whole."""
    if len(value) <= limit:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:ID_HASH]
    return f"{value[: limit - ID_HASH - 1]}~{digest}"


def storable(value: str) -> tuple[str, int]:
    """The text with NUL and unpaired surrogates replaced (same length), and how many were."""
    found = len(UNSTORABLE.findall(value))
    return (UNSTORABLE.sub(REPLACEMENT, value), found) if found else (value, 0)


def _storable_parameter(value):
    if isinstance(value, str) and UNSTORABLE.search(value):
        return UNSTORABLE.sub(REPLACEMENT, value)
    return value


def storable_parameters(conn, cursor, statement, parameters, context, executemany):
    """A ``before_cursor_execute`` hook: NUL and unpaired surrogates in any string parameter become
    U+FFFD, so a query (a search, an actor's name, a document id from a URL) holding one is answered
    on both engines instead of failing (PostgreSQL refuses NUL; neither driver encodes a surrogate)."""

    def clean(params):
        if isinstance(params, dict):
            if any(isinstance(v, str) and UNSTORABLE.search(v) for v in params.values()):
                return {k: _storable_parameter(v) for k, v in params.items()}
            return params
        if isinstance(params, (list, tuple)):
            cleaned = [clean(v) if isinstance(v, (dict, list, tuple)) else _storable_parameter(v)
                       for v in params]
            if any(a is not b for a, b in zip(cleaned, params, strict=True)):
                return type(params)(cleaned) if isinstance(params, tuple) else cleaned
        return params

    return statement, clean(parameters)


def fit_document(doc: Document, raw: RawPage) -> Fitted:
    """Fit the document and its raw page in place; idempotent (a second call changes nothing).

    Every field is searched for NUL and surrogates only when the page's own texts hold one (the
    names, quotes and spans read out of a clean body are clean; a stray one elsewhere is still
    replaced by ``storable_parameters`` as it is written): the full walk costs milliseconds a page.
    """
    fitted = Fitted()
    replaced: Counter[str] = Counter()
    cut: list[str] = []
    records = (raw, doc.article, *doc.entities, *doc.places, *doc.dates, *doc.quotes, *doc.events,
               *doc.relations)
    if any(UNSTORABLE.search(v) for v in _page_texts(doc.article, raw)):
        for record in records:
            _replace_in(record, replaced)
    for record in records:
        for name, column in _BOUNDED_BY_TYPE.get(type(record), ()):
            value = getattr(record, name)
            if isinstance(value, str) and len(value) > _length(column):
                setattr(record, name, _shorten(type(record).__name__.lower(), name, value, column, cut))
    if replaced:
        places = (*PLACES.values(), "other fields")
        where = ", ".join(f"{replaced[p]} in the {p}" for p in places if replaced[p])
        fitted.notes.append(f"NUL or unpaired surrogate characters replaced by U+FFFD ({where})")
    fitted.notes.extend(cut)
    long_names = sum(1 for e in doc.entities for n in {e.name, *e.aliases} if n and len(n) > ALIAS_LENGTH)
    if long_names:
        for entity in doc.entities:
            entity.aliases = [a for a in entity.aliases if len(a) <= ALIAS_LENGTH]
        fitted.notes.append(f"{long_names} actor name{'s' if long_names > 1 else ''} over {ALIAS_LENGTH} "
                            "characters not indexed as aliases")
    _bound_ids(doc, raw, fitted)
    return fitted


def _page_texts(article: Article, raw: RawPage):
    for record in (article, raw):
        for name in _fields(type(record)):
            value = getattr(record, name)
            if isinstance(value, str):
                yield value
    yield from (c for c in article.captions if isinstance(c, str))


def _replace_in(record, replaced: Counter) -> None:
    kind = type(record)
    for f in _fields(kind):
        value = getattr(record, f)
        counted: Counter[str] = Counter()
        new = _storable_value(value, counted)
        if counted:
            place = PLACES.get((kind, f)) or ("raw page" if kind is RawPage else "other fields")
            replaced[place] += counted["n"]
        if new is not value:
            setattr(record, f, new)


def _storable_value(value, replaced: Counter):
    """Strings, lists and nested records (spans, roles) with their unstorable characters replaced."""
    if isinstance(value, str):
        new, n = storable(value)
        replaced["n"] += n
        return new if n else value
    if isinstance(value, list):
        items = [_storable_value(v, replaced) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if is_dataclass(value) and not isinstance(value, type):
        for f in _fields(type(value)):
            old = getattr(value, f)
            new = _storable_value(old, replaced)
            if new is not old:
                setattr(value, f, new)
    return value


def _shorten(record: str, name: str, value: str, column: Column, cut: list[str]) -> str | None:
    limit = _length(column)
    if name == "published":
        found = ISO_DATE.search(value)
        if found and len(found.group()) <= limit:
            cut.append(f"{record} published of {len(value)} characters kept as {found.group()!r}")
            return found.group()
        cut.append(f"{record} published of {len(value)} characters dropped (no ISO date in it)")
        return None
    if column.nullable:
        cut.append(f"{record} {name} of {len(value)} characters dropped (at most {limit})")
        return None
    cut.append(f"{record} {name} of {len(value)} characters cut to {limit}")
    return value[:limit]


def _bound_ids(doc: Document, raw: RawPage, fitted: Fitted) -> None:
    def short(value):
        if isinstance(value, list):
            return [short(v) for v in value]
        if isinstance(value, str) and len(value) > ID_LENGTH:
            bounded = bounded_id(value)
            if bounded not in fitted.long_ids:
                fitted.notes.append(f"id of {len(value)} characters stored as {bounded[:40]!r}…"
                                    f"{bounded[-ID_HASH:]} (the original is kept in long_ids)")
            fitted.long_ids[bounded] = value
            return bounded
        return value

    raw.id = short(raw.id)
    doc.article.id = short(doc.article.id)
    for entity in doc.entities:
        entity.id = short(entity.id)
    for kind, names in REFERENCES.items():
        for record in _of_kind(doc, kind):
            for name in names:
                setattr(record, name, short(getattr(record, name)))


def _of_kind(doc: Document, kind: type) -> list[Any]:
    records: dict[type, list[Any]] = {Quote: doc.quotes, Event: doc.events, Relation: doc.relations}
    return records[kind]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names
