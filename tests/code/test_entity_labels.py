"""The classifier's per-sentence entity labels are exactly those of spaCy's ``Span.ents``."""

from __future__ import annotations

import json
from itertools import islice

from shareddata import shared_path

from newsdesk.code.classify import entity_labels
from newsdesk.read.nlp import get_nlp


def test_same_labels_as_span_ents_on_sample_articles() -> None:
    path = shared_path("corpus") / "wikinews-politics-2004-2009" / "articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["body"] for line in islice(lines, 8)]
    nlp = get_nlp()
    docs = list(nlp.pipe(texts))
    checked = 0
    for doc in docs:
        spans = [*doc.sents, doc[:], doc[2:7]] + [doc[e.start - 1:e.end] for e in doc.ents if e.start]
        for span in spans:
            assert entity_labels(span) == [e.label_ for e in span.ents]
            checked += bool(span.ents)
    # Back to a document read before: its own entities, not the last document's.
    first = next(docs[0].sents)
    assert entity_labels(first) == [e.label_ for e in first.ents]
    assert checked > 50
