"""The article-extraction-benchmark metric against cases worked out by hand."""

from __future__ import annotations

import pytest

from newsdesk.eval.extraction import page_counts, shingles, summarise


def test_shingles_are_word_4grams_over_w_tokens() -> None:
    assert shingles("The cat, sat on-the mat.") == {
        ("The", "cat", "sat", "on"): 1, ("cat", "sat", "on", "the"): 1, ("sat", "on", "the", "mat"): 1}
    assert shingles("too short") == {("too", "short"): 1}
    assert shingles("") == {}


def test_page_counts_by_hand() -> None:
    # true: a b c d e f -> abcd bcde cdef; pred: a b c d x -> abcd bcdx
    # tp = 1 (abcd), fp = 1 (bcdx), fn = 2 (bcde, cdef): normalised by 4.
    assert page_counts("a b c d e f", "a b c d x") == (0.25, 0.25, 0.5)
    # Repeated shingles count with multiplicity: true has "a a a a" twice, pred once.
    assert page_counts("a a a a a", "a a a a") == (0.5, 0.0, 0.5)


def test_summary_averages_pages_then_takes_f1() -> None:
    pages = [page_counts("a b c d e f", "a b c d x"),   # precision 1/2, recall 1/3
             page_counts("a b c d", "a b c d"),         # precision 1, recall 1
             page_counts("a b c d", "")]                # nothing predicted: recall 0, no precision
    result = summarise(pages)
    precision, recall = (0.5 + 1) / 2, (1 / 3 + 1 + 0) / 3
    assert result["precision"] == pytest.approx(precision, abs=1e-4)
    assert result["recall"] == pytest.approx(recall, abs=1e-4)
    assert result["f1"] == pytest.approx(2 * precision * recall / (precision + recall), abs=1e-4)


def test_standfirst_is_left_out_only_where_the_text_cleaner_put_it() -> None:
    from newsdesk.eval.extraction import benchmark_body
    from newsdesk.model import Article, RawPage

    summary = "Talks between the two groups have begun, officials say."
    article = Article(id="p", title="t", body=f"{summary}\n\nThe rest of the story.", summary=summary)
    text = RawPage(id="p", kind="text", content="", source="p.txt")
    html = RawPage(id="p", kind="html", content="", source="p.html")
    assert benchmark_body(text, article) == "The rest of the story."
    # trafilatura's body may open with the paragraph the page's description repeats: it stays.
    assert benchmark_body(html, article) == article.body


def test_fold_seeds_deal_every_page_into_one_fold_each() -> None:
    from newsdesk.clean.train import fold_assignment

    for seed in (0, 1):
        folds = fold_assignment(121, 5, seed)
        assert sorted(i for fold in folds for i in fold) == list(range(121))  # each page once
        assert sorted(len(fold) for fold in folds) == [24, 24, 24, 24, 25]
        assert fold_assignment(121, 5, seed) == folds  # the same seed, the same deal
    assert fold_assignment(121, 5, 0) != fold_assignment(121, 5, 1)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("NEWSDESK_EVAL_FOLDS", "five", "NEWSDESK_EVAL_FOLDS must be a whole number, not 'five'"),
    ("NEWSDESK_EVAL_FOLD_SEED", "-1", "NEWSDESK_EVAL_FOLD_SEED must be at least 0, not -1"),
])
def test_a_bad_evaluation_setting_is_one_line_naming_it(tmp_path, monkeypatch, name, value, message) -> None:
    import json

    from typer.testing import CliRunner

    from newsdesk.cli import app

    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Home\n\nThe council met on Monday to vote on the budget.\n")
    (tmp_path / "ground-truth.json").write_text(json.dumps({"a": {"articleBody": "The council met."}}))
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "5")
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["eval", "extraction", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"newsdesk eval: {message}"
