"""The attribution cue lists (speech verbs, modality cues, titles, pronouns), read once from data files.

Keeping the words in ``newsdesk/data/attribute/`` lets a linguist extend them without touching logic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DATA = files("newsdesk") / "data" / "attribute"


def _words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Cues:
    speech_verbs: frozenset[str]
    speaker_nouns: frozenset[str]
    group_nouns: frozenset[str]
    titles: frozenset[str]
    hypothetical: frozenset[str]
    future: frozenset[str]
    negation: frozenset[str]
    denial: frozenset[str]
    denial_objects: frozenset[str]
    unnamed_sources: frozenset[str]
    reporting_verbs: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    group_pronouns: frozenset[str]
    first_person: frozenset[str]
    disaster: frozenset[str]
    accident: frozenset[str]
    crime: frozenset[str]
    science: frozenset[str]
    sport: frozenset[str]
    business: frozenset[str]
    business_exceptions: frozenset[str]
    political_actors: frozenset[str]


@cache
def modality_lists() -> dict:
    """``modality.json`` as it stands, read once: the stage's cues and ``ask``'s wording share it."""
    return _json("modality.json")


@cache
def cues() -> Cues:
    """All cue lists; cached per process."""
    modality = modality_lists()
    pronouns = _json("pronouns.json")
    nonpol = _json("not_political.json")
    singular = pronouns["person_singular"]
    return Cues(
        speech_verbs=_words("speech_verbs.txt"),
        speaker_nouns=_words("speaker_nouns.txt"),
        group_nouns=_words("group_nouns.txt"),
        titles=_words("titles.txt"),
        hypothetical=frozenset(modality["hypothetical"]),
        future=frozenset(modality["future"]),
        negation=frozenset(modality["negation"]),
        denial=frozenset(modality["denial"]),
        denial_objects=frozenset(modality["denial_objects"]),
        unnamed_sources=frozenset(modality["unnamed_sources"]),
        reporting_verbs=frozenset(modality["reporting_verbs"]),
        male=frozenset(w for w, g in singular.items() if g == "male"),
        female=frozenset(w for w, g in singular.items() if g == "female"),
        group_pronouns=frozenset(pronouns["group"]),
        first_person=frozenset(pronouns["first_person"]),
        disaster=frozenset(nonpol["disaster"]),
        accident=frozenset(nonpol["accident"]),
        crime=frozenset(nonpol["crime"]),
        science=frozenset(nonpol["science"]),
        sport=frozenset(nonpol["sport"]),
        business=frozenset(nonpol["business"]),
        business_exceptions=frozenset(nonpol["business_exceptions"]),
        political_actors=frozenset(nonpol["political_actors"]),
    )


@dataclass(frozen=True)
class AttributionCues:
    """Cue words of attribution relations (``attribution_cues.json``), by lemma."""

    speech: frozenset[str]
    indirect: frozenset[str]
    infinitive_content: frozenset[str]
    future_cues: frozenset[str]
    denial: frozenset[str]
    object_content: dict[str, frozenset[str]]
    not_claims: frozenset[str]
    agentless_passive: frozenset[str]
    statement_nouns: frozenset[str]
    source_phrase_adverbs: frozenset[str]
    citing: frozenset[str]
    document_sources: frozenset[str]
    content_hypothetical: frozenset[str]
    content_future: frozenset[str]
    clause_as_object: frozenset[str]
    person_only: frozenset[str]
    claim_nouns: frozenset[str]
    object_only: frozenset[str]


@cache
def attribution_cues() -> AttributionCues:
    data = _json("attribution_cues.json")
    lists = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    return AttributionCues(
        speech=lists["speech"],
        indirect=lists["indirect"],
        infinitive_content=lists["infinitive_content"],
        future_cues=lists["future_cues"],
        denial=lists["denial"],
        object_content={k: frozenset(v) for k, v in data["object_content"].items()},
        not_claims=lists["not_claims"],
        agentless_passive=lists["agentless_passive"],
        statement_nouns=lists["statement_nouns"],
        source_phrase_adverbs=lists["source_phrase_adverbs"],
        citing=lists["citing"],
        document_sources=lists["document_sources"],
        content_hypothetical=lists["content_hypothetical"],
        content_future=lists["content_future"],
        clause_as_object=lists["clause_as_object"],
        person_only=lists["person_only"],
        claim_nouns=lists["claim_nouns"],
        object_only=lists["object_only"],
    )
