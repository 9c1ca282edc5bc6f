"""`newsdesk eval geo` on tiny sets in both layouts, written here so every number is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.eval import SettingError
from newsdesk.eval.geo import evaluate

pytestmark = pytest.mark.slow

TEXT = "Officials in Mosul and Baghdad met on Monday. The Iraqi envoy then left for Paris."
# (surface, type, lat, lon): Paris is annotated as the Texan town, so resolving it to France is a miss.
GOLD = [("Mosul", "Literal", 36.335, 43.119), ("Baghdad", "Literal", 33.341, 44.401),
        ("Iraqi", "Demonym", None, None), ("Paris", "Literal", 33.661, -95.556)]


def _spans():
    for name, kind, lat, lon in GOLD:
        start = TEXT.index(name)
        yield name, kind, lat, lon, start, start + len(name)


def _gwn(folder: Path) -> None:
    toponyms = "".join(
        f"<toponym><extractedName>{n}</extractedName><type>{k}</type><modifierType/>"
        f"<start>{s}</start><end>{e}</end><latitude>{'' if la is None else la}</latitude>"
        f"<longitude>{'' if lo is None else lo}</longitude></toponym>"
        for n, k, la, lo, s, e in _spans())
    (folder / "GWN.xml").write_text(
        f'<articles><article file="1"><title>t</title><text>{TEXT}</text>'
        f"<toponyms>{toponyms}</toponyms></article></articles>", encoding="utf-8")


def _lgl(folder: Path) -> None:
    toponyms = "".join(
        f"<toponym><start>{s}</start><end>{e}</end><phrase>{n}</phrase>"
        + (f'<gaztag geonameid="1"><lat>{la}</lat><lon>{lo}</lon></gaztag>' if la is not None else "")
        + "</toponym>" for n, _, la, lo, s, e in _spans())
    (folder / "lgl.xml").write_text(
        f'<articles><article docid="1"><text><![CDATA[{TEXT}]]></text>'
        f"<toponyms>{toponyms}</toponyms></article></articles>", encoding="utf-8")


@pytest.mark.parametrize("write, layout", [(_gwn, "GWN"), (_lgl, "LGL")])
def test_scores_on_a_known_article(tmp_path, write, layout):
    write(tmp_path)
    result = evaluate(tmp_path)
    assert result["layout"] == layout
    assert result["annotated"] == 3  # the demonym is not a proper-noun toponym
    assert result["found"] == 3 and result["precision"] == 1.0 and result["recall"] == 1.0
    assert result["within_161km"] == pytest.approx(2 / 3, abs=1e-3)


def test_unknown_layout_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError):
        evaluate(tmp_path)


def test_cross_validation_by_document(tmp_path, monkeypatch):
    """With folds, each article is read by a ranker trained on the others (here none, so the
    shipped weights stand) and scored as without folds."""
    _gwn(tmp_path)
    monkeypatch.setenv("NEWSDESK_EVAL_GEO_TRAIN", "")
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "2")
    result = evaluate(tmp_path)
    assert result["folds"] == 2 and result["companion_articles"] == 0
    assert result["recall"] == 1.0 and result["within_161km"] == pytest.approx(2 / 3, abs=1e-3)


def test_options_are_arguments_and_win_over_the_settings(tmp_path, monkeypatch):
    """``folds`` and ``train`` passed as arguments give what the variables give, and win over them."""
    _gwn(tmp_path)
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "0")
    monkeypatch.setenv("NEWSDESK_EVAL_GEO_TRAIN", str(tmp_path / "absent"))
    by_argument = evaluate(tmp_path, folds=2, seed=0, train=[])
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "2")
    monkeypatch.setenv("NEWSDESK_EVAL_GEO_TRAIN", "")
    assert evaluate(tmp_path) == by_argument
    assert by_argument["folds"] == 2 and by_argument["companion_articles"] == 0


def test_one_fold_is_refused(tmp_path, monkeypatch):
    _gwn(tmp_path)
    monkeypatch.setenv("NEWSDESK_EVAL_FOLDS", "1")
    with pytest.raises(SettingError):
        evaluate(tmp_path)
