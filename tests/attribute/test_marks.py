"""The quotation scanner on hostile text: whatever the marks, spans stay inside the body, in order,
apart, and never hold their own outer marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.attribute.marks import OPENERS, scan

MARKS = "".join(sorted(set("".join([*OPENERS, *OPENERS.values()]))))
TEXT = st.text(alphabet=st.sampled_from(list(MARKS + "ab .,:\n'")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_spans_are_inside_in_order_and_apart(body):
    spans = scan(body)
    last = -1
    for s in spans:
        assert 0 < s.start <= s.end <= len(body)
        assert s.start > last
        last = s.end
        assert body[s.start - 1] in MARKS  # every span opens right after a quotation mark


def test_running_quote_over_paragraphs_is_one_span():
    body = "He said: \u201cFirst part.\n\n\u201cSecond part.\n\n\u201cThird part.\u201d Then he left."
    (s,) = scan(body)
    assert body[s.start : s.end] == "First part.\n\n\u201cSecond part.\n\n\u201cThird part."


def test_a_paragraph_not_opening_with_a_mark_ends_the_quote():
    body = "He said: \u201cFirst part.\n\nThe reporter left."
    (s,) = scan(body)
    assert body[s.start : s.end] == "First part." and not s.closed
