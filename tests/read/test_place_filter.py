"""The place filter: its model file, learning it, and what it keeps on sentences written for the tests."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsdesk.read import placefilter


def test_shipped_filter_names_known_features_only():
    shipped = placefilter.load()
    assert shipped is not None
    assert set(shipped.features) <= set(placefilter.FEATURES)
    assert len(shipped.weights) == len(shipped.features)
    again = placefilter.parse(json.loads(shipped.to_json()))
    x = np.random.default_rng(0).uniform(0, 1, (20, len(placefilter.FEATURES)))
    assert (again.keep(x) == shipped.keep(x)).all()


def test_a_filter_file_with_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="unknown features"):
        placefilter.parse({"features": ["kind_city", "shoe_size"], "weights": [1.0, 2.0],
                           "bias": 0.0, "threshold": 0.5})


def test_fit_learns_that_unknown_lower_case_names_are_not_places():
    rng = np.random.default_rng(0)
    x = np.zeros((400, len(placefilter.FEATURES)))
    lower = placefilter.FEATURES.index("lower")
    local = placefilter.FEATURES.index("kind_local")
    x[:, lower] = rng.integers(0, 2, 400)
    x[:, local] = rng.integers(0, 2, 400)
    y = ~((x[:, lower] > 0) & (x[:, local] > 0))
    model = placefilter.fit(x, y)
    probe = np.zeros((2, len(placefilter.FEATURES)))
    probe[0, [lower, local]] = 1.0
    assert list(model.keep(probe)) == [False, True]


def test_a_lower_bar_for_names_the_gazetteer_does_not_know():
    features = ("kind_local",)
    strict = placefilter.Filter(features, np.array([-1.0]), 0.5, 0.5)
    lenient = placefilter.Filter(features, np.array([-1.0]), 0.5, 0.5, local_threshold=0.3)
    local = np.zeros((1, len(placefilter.FEATURES)))
    local[0, placefilter.FEATURES.index("kind_local")] = 1.0
    assert not strict.keep(local)[0] and lenient.keep(local)[0]


@pytest.mark.slow
def test_the_shipped_filter_keeps_towns_and_drops_a_charity():
    from reading_kit import read

    doc = read("Volunteers from the United Way collected food in Lexington, Kentucky, on Saturday. "
               "The United Way said the drive in Lexington was its largest.")
    names = {m.text.rstrip(",") for p in doc.places for m in p.mentions}
    assert {"Lexington", "Kentucky"} <= names
    assert "United Way" not in names
