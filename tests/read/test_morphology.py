"""The bulk attribute ruler and lemmatizer annotate exactly as spaCy's own components do."""

from __future__ import annotations

import json
from itertools import islice

import numpy as np
import pytest
from shareddata import shared_path
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from newsdesk.read.morphology import LEMMATIZER, RULER, RuleTable, bulk_components
from newsdesk.read.nlp import get_nlp

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_TYPE]
#: Written for this test: each line trips rules beyond the tag map (contractions, "there
#: are", "gonna", "y'all", negation, subordinators, pronoun case, auxiliaries, spaces).
OWN = [
    "I ain't gonna say it, but y'all know there are reasons  he didn't come.",
    "Let's go: nothin' here is as it was, because they had done what you asked me to do.",
    "She said that it would not happen unless the council, which has met twice, agrees.",
    "Whether or not   they will, we have got to try; it's what I'd do if I were them.",
]


def _compare(texts: list[str]) -> int:
    """Documents whose annotations differ between spaCy's components and the bulk ones."""
    nlp = get_nlp()
    names, runs = bulk_components(nlp)
    assert names == [RULER, LEMMATIZER]
    reference = list(nlp.pipe(texts))
    with nlp.select_pipes(disable=names):
        bulk = list(nlp.pipe(texts))
    differing = 0
    for ref, doc in zip(reference, bulk, strict=True):
        for run in runs:
            doc = run(doc)
        if not np.array_equal(ref.to_array(ATTRS), doc.to_array(ATTRS)):
            differing += 1
    return differing


def test_same_annotations_on_written_sentences() -> None:
    assert _compare(OWN) == 0


def test_same_annotations_on_sample_articles() -> None:
    corpus = shared_path("corpus")
    texts = []
    for path in sorted(corpus.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["body"] for line in islice(lines, 15)]
    assert len(texts) >= 15
    assert _compare(texts) == 0


def test_rule_order_is_kept() -> None:
    """A later rule overrides an earlier one on the same token, as in AttributeRuler."""
    nlp = get_nlp()
    ruler = nlp.get_pipe(RULER)
    table = RuleTable(ruler)
    assert table.tag_map, "the tag map is applied as a lookup"
    assert len(table.matched_rules) < len(ruler.patterns) // 4, "most rules are looked up"
    doc = nlp("He isn't here.")
    assert [t.lemma_ for t in doc] == ["he", "be", "not", "here", "."]
    assert doc[2].pos_ == "PART" and str(doc[2].morph) == "Polarity=Neg"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_and_blank_documents(text: str) -> None:
    assert _compare([text]) == 0


def test_a_component_after_the_ruler_keeps_spacy_s_own() -> None:
    """A pipeline where something after the attribute ruler may read its output is left alone."""
    nlp = get_nlp()
    assert bulk_components(nlp)[0] == [RULER, LEMMATIZER]
    nlp.add_pipe("sentencizer", last=True, name="late_reader")
    try:
        assert bulk_components(nlp) == ([], [])
    finally:
        nlp.remove_pipe("late_reader")


def test_lemmas_come_from_the_set_indexed_copy() -> None:
    """The stand-in asks its own copy (word index as sets), not spaCy's component with its lists,
    and leaves the component's cache as it was."""
    nlp = get_nlp()
    names, runs = bulk_components(nlp)
    private = runs[1].lemmatizer
    assert private is not nlp.get_pipe(LEMMATIZER)
    assert private.lemmatize.__self__ is private
    assert isinstance(private.lookups.get_table("lemma_index")["noun"], frozenset)
    before = len(nlp.get_pipe(LEMMATIZER).cache)
    with nlp.select_pipes(disable=names):
        doc = nlp("The ministers were negotiating treaties between warring provinces.")
    for run in runs:
        doc = run(doc)
    assert [t.lemma_ for t in doc][1:4] == ["minister", "be", "negotiate"]
    assert len(nlp.get_pipe(LEMMATIZER).cache) == before
