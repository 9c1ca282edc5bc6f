"""The CAMEO verb dictionary, folded to PLOVER, matched on a parse: evidence, not the decision."""

from __future__ import annotations

import pytest

from newsdesk.code.cameo import hits
from newsdesk.read.nlp import get_nlp

pytestmark = pytest.mark.slow


def _categories(text: str) -> dict[str, set[str]]:
    doc = get_nlp()(text)
    out: dict[str, set[str]] = {}
    for h in hits(doc[:]):
        out.setdefault(h.token.lower_, set()).add(h.category)
    return out


def test_a_verb_takes_its_default_category_and_a_pattern_refines_it():
    assert "ASSAULT" in _categories("Rebels attacked the army base.")["attacked"]
    assert "COERCE" in _categories("Police arrested the opposition leader.")["arrested"]
    # "impose * curfew" is a CAMEO pattern (1723), folded to COERCE.
    assert "COERCE" in _categories("The army imposed a curfew on the city.")["imposed"]


def test_words_the_dictionary_does_not_know_give_nothing():
    assert _categories("The weather was mild on Tuesday.") == {}
