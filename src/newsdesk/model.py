"""The typed records that flow through the pipeline.

The clean ``Article.body`` is the coordinate system: every span below is a pair of
character offsets into it, so any fact can be shown highlighted and checked by a person.
Actor references (``speaker``, ``source``, ``target``, ``reported_by``, ``Role.of``) hold an
entity id; a compound actor ("Jordan and Britain") is a list of ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorRef = str | list[str] | None
RawKind = Literal["text", "html", "body"]


@dataclass
class RawPage:
    """One input page as read, before cleaning. ``content`` is decoded text."""

    id: str
    kind: RawKind
    content: str
    source: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    encoding: str | None = None


@dataclass
class Article:
    """A cleaned page: the article and its metadata, never an invented date."""

    id: str
    title: str | None
    body: str
    summary: str | None = None
    captions: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    paywalled: bool = False
    url: str | None = None
    source: str | None = None
    #: Bylines the page declares (people); the reporting news agency ("Reuters") apart.
    authors: list[str] = field(default_factory=list)
    agency: str | None = None


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Role:
    """A title or function held by a person ("vice president" of Iraq)."""

    title: str
    of: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Entity:
    """An actor within one document; ``id`` is stable across the corpus."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    code: str | None = None  # PLOVER / CAMEO-style actor code (IRQ, IMG, IGO, ...)
    sector: str | None = None
    country: str | None = None  # ISO-3166 alpha-2 where known
    #: How the id was reached: "gazetteer", "knowledge base", "dated role", "country" or None
    #: (the article's own name for it, not linked to a known actor).
    resolution: str | None = None
    #: Words naming the actor only to describe someone or something else ("*U.S.* Senator John
    #: McCain", "the *U.S.* embassy"): evidence an event can point at, not mentions of an actor.
    described: list[Span] = field(default_factory=list)


@dataclass
class Place:
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None = None
    geonameid: int | None = None
    feature: str | None = None  # country, admin1, city
    mentions: list[Span] = field(default_factory=list)


@dataclass
class DateMention:
    """A date expression normalised against the publication date.

    ``value`` is ISO (``2014-04-17``) or partial (``--04-17`` when the year is unknown).
    """

    start: int
    end: int
    text: str
    value: str | None
    year_known: bool = True


@dataclass
class Quote:
    """An attribution (PARC: source, cue, content): who is reported to have said or held what.

    ``start``/``end`` span the content; ``speaker_start``/``speaker_end`` the words naming the source
    in this sentence (a pronoun stays the pronoun, ``speaker`` holds what it stands for);
    ``cue_start``/``cue_end`` the cue ("said", "according to"). ``kind`` is ``direct`` (within
    quotation marks), ``indirect``, ``mixed`` (indirect speech holding a partial quote) or
    ``source_phrase`` ("according to X", "citing X", "reportedly"); ``modality`` is ``reported``,
    ``denied``, ``hypothetical`` or ``future``. An unnamed source ("a senior US official") keeps
    its words as ``speaker``.
    """

    speaker: ActorRef
    text: str
    direct: bool
    start: int
    end: int
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str | None = None
    kind: str | None = None
    modality: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass
class Event:
    """A PLOVER event; ``start``/``end`` span its evidence (usually the sentence)."""

    type: str
    source: ActorRef
    target: ActorRef
    modality: str  # asserted, reported, hypothetical, negated, denied, future
    start: int
    end: int
    reported_by: ActorRef = None
    date: str | None = None
    location: str | None = None
    mode: str | None = None
    context: str | None = None
    score: float | None = None  # cooperation (+) to conflict (-)
    trigger: str | None = None
    #: Offsets of the place mention the location was read from (its evidence), when there is one.
    location_start: int | None = None
    location_end: int | None = None


@dataclass
class Relation:
    """A standing relation between organisations: membership, branch, alliance, rivalry, split, leadership."""

    type: str
    source: ActorRef
    target: ActorRef
    modality: str
    start: int
    end: int
    reported_by: ActorRef = None


@dataclass
class Document:
    """An article and everything read out of it.

    ``analysis`` holds transient, in-process artefacts (the spaCy ``Doc``) shared by the
    stages; it is never serialised.
    """

    article: Article
    raw: RawPage | None = None
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: What the article is about, as one unit vector (float32 bytes) for semantic search: set by
    #: the ``vectors`` stage where the analysis runs, written by the store; not in ``to_dict``.
    vector: bytes | None = field(default=None, repr=False, compare=False)
    #: ``(start, end)`` of each sentence of the body as the parser split it (``newsdesk.sentences``);
    #: empty when the body was not parsed. Kept with the document, unlike the parse itself.
    sentences: list[tuple[int, int]] = field(default_factory=list, repr=False)
    analysis: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        return self.article.body

    def entity(self, ref: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == ref), None)

    def names(self, ref: ActorRef) -> set[str]:
        """Every name an actor reference stands for: an id's name and aliases, each member of a list."""
        out: set[str] = set()
        for r in ref if isinstance(ref, list) else [ref]:
            if r is None:
                continue
            entity = self.entity(r)
            out |= {entity.name, *entity.aliases} if entity else {r}
        return out

    def to_dict(self) -> dict[str, Any]:
        """The document as ``newsdesk extract --format json`` prints it: the article and its facts."""
        out = asdict(self.article)
        for name in ("entities", "places", "dates", "quotes", "events", "relations"):
            out[name] = [asdict(item) for item in getattr(self, name)]
        return out


@dataclass
class InputError:
    """A page that could not be read; reported on one line, the batch goes on."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"
