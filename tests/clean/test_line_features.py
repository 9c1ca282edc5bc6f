"""Block and record features of the line classifier on small hand-made pages."""

from __future__ import annotations

import numpy as np

from newsdesk.clean.features import blocks, page_features, periodic_runs
from newsdesk.clean.lines import split_lines


def test_periodic_runs_tell_a_table_from_a_menu() -> None:
    table = [("name",), ("num",), ("num",)] * 4
    menu = [("item",)] * 6
    runs = periodic_runs(table + menu)
    assert np.allclose(runs[:12, 0], np.log1p(12))  # the table's records reach over all its lines
    assert (runs[:12, 1] == 3).all()  # ... with a record of three lines
    assert (runs[12:, 0] == 0).all()  # one repeated shape is not a record
    assert np.allclose(runs[12:, 2], np.log1p(6))


def test_blocks_split_prose_from_the_rest() -> None:
    assert blocks(np.array([0.0, 0.0, 1.0, 1.0, 0.0])).tolist() == [0, 0, 1, 1, 2]


def test_every_line_gets_the_same_number_of_features() -> None:
    prose = "The council said on Monday that the new bridge would open to traffic next spring, after delays."
    page = ["Home", "News", prose, "Pos", "Player", "12", "Pos", "Player", "14", prose]
    lines = split_lines("\n".join(page))
    features = page_features(lines)
    assert features.shape[0] == len(lines)
    assert np.isfinite(features).all()
