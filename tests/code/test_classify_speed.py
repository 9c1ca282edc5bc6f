"""The events stage's shortcuts change no answer: settled sentences, the embedding cache."""

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


class _Fake:
    def __init__(self):
        self.seen: list[list[str]] = []

    def encode(self, texts, **_):
        self.seen.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_embed_encodes_each_new_sentence_once(monkeypatch):
    fake = _Fake()
    monkeypatch.setattr(classify, "_encoder", lambda: fake)
    monkeypatch.setattr(classify, "_cache", {})
    first = classify.embed(["a b", "c", "a b"])
    second = classify.embed(["c", "dd"])
    assert fake.seen == [["a b", "c"], ["dd"]]
    assert first.tolist() == [[3, 1], [1, 1], [3, 1]]
    assert second.tolist() == [[1, 1], [2, 1]]
