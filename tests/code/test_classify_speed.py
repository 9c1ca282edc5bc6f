"""The events stage's shortcut changes no answer; its sentence vectors come from the parse itself."""

import numpy as np

from newsdesk.code import classify, plover


def test_settled_category_beats_any_classifier_answer():
    n = len(plover.names())
    for k in range(n):
        lexicon = np.full(n, np.log(1e-3), dtype=np.float32)
        lexicon[k] = np.log(classify.SETTLED_STRENGTH + 1e-3)
        # The classifier as sure as it can be of another category.
        worst = np.full(n, np.log(1.0 + 1e-4), dtype=np.float32)
        worst[k] = np.log(1e-4)
        assert int((worst + classify.LEXICON_WEIGHT * lexicon).argmax()) == k


def test_vectors_come_from_the_parse_and_follow_the_trigger_sense():
    from newsdesk.code.triggers import find
    from newsdesk.read.nlp import get_nlp

    texts = ["Rebels fired rockets at the army base on Monday.",
             "The company fired its chief executive on Monday."]
    docs = list(get_nlp().pipe(texts))
    sentences = [d[:] for d in docs]
    found = [find(s) for s in sentences]
    vectors = classify.represent(sentences, found)
    assert vectors.shape == (2, 2 * classify.TENSOR_WIDTH)
    # Each half is a unit vector: the sentence mean, then the strongest trigger in context.
    assert np.allclose(np.linalg.norm(vectors[:, : classify.TENSOR_WIDTH], axis=1), 1.0, atol=1e-5)
    assert all(found)  # "rockets" and "fired" are both ASSAULT triggers
    assert np.allclose(np.linalg.norm(vectors[:, classify.TENSOR_WIDTH:], axis=1), 1.0, atol=1e-5)
    # The two triggers read in their own contexts: two different vectors.
    assert float(vectors[0, classify.TENSOR_WIDTH:] @ vectors[1, classify.TENSOR_WIDTH:]) < 0.99
    # A pipeline without the tensor (or of another width) leaves the lexicon alone to decide.
    bare = get_nlp().make_doc(texts[0])
    assert not classify.represent([bare[:]], [[]]).any()
