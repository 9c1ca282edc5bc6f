"""spaCy's attribute ruler and lemmatizer, applied a document at a time instead of a token at a time.

In ``en_core_web_sm`` these two components cost over a third of the NER's time, although
neither learns anything. The attribute ruler's ``Matcher`` tests every token against 179
rules, most of them plain equalities on the tag and the lower-case form; the lemmatizer
works out the same lemma again for every occurrence of a word. Here the tag map is one
array lookup, the other equality rules one dictionary lookup, and the remaining rules
(dependency tests, regular expressions, two-token rules) are tested on whole columns at
once; only a rule this module cannot read (an operator, another attribute) goes through
spaCy's own ``AttributeRuler``. Each distinct (word, part of speech, morphology) is lemmatized once by
spaCy's own lemmatizer. The annotations are exactly those of the two components
(``tests/read/test_morphology.py`` compares them on real articles).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler, EntityRecognizer, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: The component names this module takes over, when a pipeline has them.
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
#: A rule key's "any value" (no string hashes to 0).
ANY = 0
#: Distinct (word, POS, morphology) lemmas remembered at most.
MAX_KNOWN = 200_000
#: The columns of ``RuleTable``'s token array, by the Matcher attribute each holds.
COLUMNS = {"TAG": 0, "LOWER": 3, "DEP": 4, "IS_SPACE": 5}


class RuleTable:
    """spaCy's ``AttributeRuler``, with its equality rules looked up instead of matched.

    The tag map (the leading single-tag rules, which every token matches) is applied as one
    array lookup, and the other one-token rules that test only ``TAG`` and ``LOWER`` for
    equality or membership are found by a dictionary lookup on the tokens that can match.
    The rest (dependency tests, regular expressions, two-token rules) are evaluated on the
    token columns (see :class:`ColumnPattern`); a rule it cannot read still goes through a
    ``Matcher``. Every match is applied in the ruler's own order (by rule, later rules
    overriding earlier ones) with spaCy's own setter.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        patterns: list[dict[str, Any]] = ruler.patterns
        lead = 0
        while lead < len(patterns) and _is_tag_rule(patterns[lead]):
            lead += 1
        self.vocab = vocab = ruler.vocab
        self.tag_map: dict[int, tuple[int | None, int | None]] = {}
        for rule in patterns[:lead]:
            tag = vocab.strings.add(rule["patterns"][0][0]["TAG"])
            attrs = rule["attrs"]
            pos = POS_IDS[attrs["POS"]] if "POS" in attrs else None
            morph = vocab.morphology.add(attrs["MORPH"]) if "MORPH" in attrs else None
            old_pos, old_morph = self.tag_map.get(tag, (None, None))  # a later rule overrides
            self.tag_map[tag] = (old_pos if pos is None else pos, old_morph if morph is None else morph)
        #: (tag or ANY, lower or ANY) -> indices of the rules that key matches, in rule order.
        self.lookup: dict[tuple[int, int], list[int]] = {}
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.matched = AttributeRuler(vocab, name=ruler.name)
        self.matched_rules: list[int] = []
        self.columns: list[tuple[int, ColumnPattern]] = []
        for number in range(lead, len(patterns)):
            rule = patterns[number]
            keys = _lookup_keys(rule, vocab)
            if keys is None:
                compiled = [ColumnPattern.compile(p, vocab) for p in rule["patterns"]]
                if all(c is not None for c in compiled):
                    self.columns += [(number, c) for c in compiled if c is not None]
                    continue
                self.matched.add_patterns([rule])
                self.matched_rules.append(number)
                continue
            for key in keys:
                self.lookup.setdefault(key, []).append(number)
        self.lookup_tags = np.array(sorted({t for t, _ in self.lookup if t != ANY}), dtype=np.uint64)
        self.lookup_lowers = np.array(sorted({low for _, low in self.lookup if low != ANY}), dtype=np.uint64)
        self.tag_only = any(low == ANY for _, low in self.lookup)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        current = doc.to_array([TAG, POS, MORPH, LOWER, DEP, IS_SPACE])
        if self.tag_map:
            tags, inverse = np.unique(current[:, 0], return_inverse=True)
            rows = [self.tag_map.get(int(tag), (None, None)) for tag in tags]
            values = np.array([[v or 0 for v in row] for row in rows], dtype=np.uint64)[inverse.ravel()]
            known = np.array([[v is not None for v in row] for row in rows], dtype=bool)[inverse.ravel()]
            # spaCy annotates the array as thinc's Ints2d, which a NumPy array is at run time.
            doc.from_array([POS, MORPH], np.where(known, values, current[:, 1:3]).astype(np.uint64))  # type: ignore[arg-type]
        # Every match as (rule, start): the order AttributeRuler.set_annotations applies them in.
        matches = [(self.matched_rules[attr_id], start)
                   for attr_id, _, start, _ in self.matched.match(doc)] if self.matched_rules else []
        strings = self.vocab.strings
        for number, pattern in self.columns:
            matches.extend((number, start) for start in pattern.starts(current, strings))
        # A token can match only if its lower form or its tag is in some rule's key.
        candidates = np.isin(current[:, 3], self.lookup_lowers)
        if self.tag_only:
            candidates |= np.isin(current[:, 0], self.lookup_tags)
        lookup = self.lookup
        for i in np.flatnonzero(candidates).tolist():
            tag, lower = int(current[i, 0]), int(current[i, 3])
            for key in ((tag, lower), (tag, ANY), (ANY, lower)):
                matches.extend((number, i) for number in lookup.get(key, ()))
        matches.sort()
        for number, start in matches:
            set_token_attrs(doc[start + self.indices[number]], self.attrs[number])
        return doc


class ColumnPattern:
    """One Matcher pattern without operators, tested on whole token columns at once.

    Each token spec is a conjunction of tests on ``TAG``, ``LOWER``, ``DEP`` (a string, or
    ``IN``, ``NOT_IN``, ``REGEX``) and ``IS_SPACE``; a pattern of n specs matches at ``i``
    when spec k holds at ``i + k`` for every k. Regular expressions are searched in the
    attribute's string, as the Matcher does, once per distinct value (remembered).
    """

    def __init__(self, specs: list[list[tuple[int, str, Any]]]) -> None:
        self.specs = specs
        self.seen: dict[tuple[int, int], bool] = {}

    @classmethod
    def compile(cls, pattern: list[dict], vocab) -> ColumnPattern | None:
        specs = []
        for spec in pattern:
            tests: list[tuple[int, str, Any]] = []
            for attr, value in spec.items():
                if attr not in COLUMNS or (attr == "IS_SPACE") != isinstance(value, bool):
                    return None
                column = COLUMNS[attr]
                if isinstance(value, bool):
                    tests.append((column, "eq", int(value)))
                elif isinstance(value, str):
                    tests.append((column, "eq", vocab.strings.add(value)))
                elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value:
                    tests.append((column, "regex", re.compile(value["REGEX"])))
                elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
                    kind, values = next(iter(value.items()))
                    hashes = np.array([vocab.strings.add(v) for v in values], dtype=np.uint64)
                    tests.append((column, kind, hashes))
                else:
                    return None
            if not tests:
                return None
            specs.append(tests)
        return cls(specs) if specs else None

    def starts(self, columns: np.ndarray, strings) -> list[int]:
        """Where the pattern matches, as token indices in order."""
        width = len(self.specs)
        n = len(columns) - width + 1
        if n <= 0:
            return []
        ok = np.ones(n, dtype=bool)
        regexes = []
        for offset, tests in enumerate(self.specs):
            window = columns[offset:offset + n]
            for column, kind, value in tests:
                if kind == "eq":
                    ok &= window[:, column] == value
                elif kind == "IN":
                    ok &= np.isin(window[:, column], value)
                elif kind == "NOT_IN":
                    ok &= ~np.isin(window[:, column], value)
                else:
                    regexes.append((offset, column, value))
        found = np.flatnonzero(ok)
        for offset, column, regex in regexes:
            if not len(found):
                break
            values = columns[found + offset, column]
            distinct, inverse = np.unique(values, return_inverse=True)
            hits = np.array([self._search(regex, value, strings) for value in distinct.tolist()],
                            dtype=np.bool_)
            found = found[hits[inverse.ravel()]]
        return found.tolist()

    def _search(self, regex: re.Pattern, value: int, strings) -> bool:
        key = (id(regex), value)
        hit = self.seen.get(key)
        if hit is None:
            if len(self.seen) >= MAX_KNOWN:
                self.seen.clear()
            hit = self.seen[key] = regex.search(strings[value]) is not None
        return hit


class CachedLemmas:
    """spaCy's lemmatizer, asked once per distinct (word, POS, morphology) and remembered.

    Its rule mode is a pure function of those three, so the lemma is the same as running it
    on every token.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = _with_index_sets(lemmatizer)
        self.known: dict[tuple[int, int, int], int] = {}
        self.strings = lemmatizer.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        todo = np.arange(len(rows)) if self.lemmatizer.overwrite else np.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        # Each distinct (word, POS, morphology) once: a document repeats most of its words.
        distinct, first, inverse = np.unique(rows[todo, :3], axis=0, return_index=True, return_inverse=True)
        known = self.known
        values = []
        for key, i in zip(map(tuple, distinct.tolist()), todo[first].tolist(), strict=True):
            value = known.get(key)
            if value is None:
                if len(known) >= MAX_KNOWN:  # a long ingest meets ever more rare words
                    known.clear()
                    self.lemmatizer.cache.clear()
                value = known[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            values.append(value)
        lemmas[todo] = np.array(values, dtype=np.uint64)[inverse.ravel()]
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]  # thinc's Ints2d, as above
        return doc


def bulk_components(nlp: Language) -> tuple[list[str], list[Callable[[Doc], Doc]]]:
    """The components of ``nlp`` this module can stand in for, and their stand-ins in order.

    Only the standard English setup is taken over: an ``AttributeRuler`` and a rule-mode
    ``Lemmatizer`` followed by nothing but the NER (which reads neither), since the
    stand-ins run after the rest of the pipeline. Anything else runs as spaCy runs it.
    """
    names: list[str] = []
    runs: list[Callable[[Doc], Doc]] = []
    if RULER in nlp.pipe_names and any(
            name != LEMMATIZER and not isinstance(nlp.get_pipe(name), EntityRecognizer)
            for name in nlp.pipe_names[nlp.pipe_names.index(RULER) + 1:]):
        return names, runs
    if isinstance(ruler := _get(nlp, RULER), AttributeRuler):
        names.append(RULER)
        runs.append(RuleTable(ruler))
    lemmatizer = _get(nlp, LEMMATIZER)
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule" and RULER in names:
        names.append(LEMMATIZER)
        runs.append(CachedLemmas(lemmatizer))
    return names, runs


def _with_index_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of ``lemmatizer`` whose word index per part of speech is a set.

    spaCy's English tables keep it as lists (57,000 nouns), and the rule lemmatizer tests
    each candidate form with ``in``, a scan per word (docs/measurements.md). The lemmas are the same; the
    pipeline's own component is left untouched (it is pickled and saved as it was).
    """
    lookups = lemmatizer.lookups
    if not lookups.has_table("lemma_index"):
        return lemmatizer
    private = copy.copy(lemmatizer)
    private.cache = {}
    private.lookups = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            private.lookups.add_table(name, {key: _as_set(words) for key, words in table.items()})
        else:
            private.lookups.add_table(name, dict(table.items()))
    # spaCy binds ``lemmatize`` to the mode's method of the instance it built; the copy's
    # attribute still calls the original (its lists and its unbounded cache) unless rebound.
    private.lemmatize = getattr(private, f"{private.mode}_lemmatize")
    return private


def _as_set(words: object) -> object:
    return frozenset(words) if isinstance(words, list) else words


def _get(nlp: Language, name: str) -> object | None:
    return nlp.get_pipe(name) if name in nlp.pipe_names else None


def _lookup_keys(rule: dict, vocab) -> list[tuple[int, int]] | None:
    """The (tag, lower) keys a one-token rule testing only TAG and LOWER matches, else None."""
    if len(rule["patterns"]) != 1 or len(rule["patterns"][0]) != 1 or rule.get("index", 0) != 0:
        return None
    spec = rule["patterns"][0][0]
    if not spec or set(spec) - {"TAG", "LOWER"}:
        return None
    values = []
    for attr in ("TAG", "LOWER"):
        value = spec.get(attr)
        if value is None:
            values.append([ANY])
        elif isinstance(value, str):
            values.append([vocab.strings.add(value)])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values.append([vocab.strings.add(v) for v in value["IN"]])
        else:
            return None
    return [(t, low) for t in values[0] for low in values[1]]


def _is_tag_rule(rule: dict) -> bool:
    return (len(rule["patterns"]) == 1 and len(rule["patterns"][0]) == 1
            and set(rule["patterns"][0][0]) == {"TAG"} and rule.get("index", 0) == 0
            and set(rule["attrs"]) <= {"POS", "MORPH"})
