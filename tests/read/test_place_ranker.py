"""The place ranker: its model file, the outlet's home as evidence, and learning its weights."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsdesk.read import placerank, placetrain


def test_shipped_model_names_known_features_only():
    ranker = placerank.load()
    assert set(ranker.features) <= set(placerank.FEATURES)
    assert len(ranker.weights) == len(ranker.features)
    record = json.loads(ranker.to_json())
    assert placerank.parse(record).features == ranker.features


def test_a_model_file_with_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="unknown features"):
        placerank.parse({"features": ["log_population", "shoe_size"], "weights": [1.0, 2.0],
                         "near_km": 250, "world_city": 1_000_000})


@pytest.mark.parametrize("url, letters, country", [
    ("http://www.richmondregister.com/local/x.html", "richmondregister", None),
    ("https://www.thisisoxfordshire.co.uk/news/1", "thisisoxfordshire", "GB"),
    ("dailystar.com.lb", "dailystar", "LB"),
    ("chronicle.augusta.com", "chronicleaugusta", None),
    (None, "", None),
])
def test_outlet_home_from_its_address(url, letters, country):
    home = placerank.outlet(url)
    assert (home.letters, home.country) == (letters, country)


def test_fit_learns_the_feature_that_marks_the_right_reading():
    rng = np.random.default_rng(0)
    width = len(placerank.FEATURES)
    marker = placerank.FEATURES.index("outlet_name")
    size = placerank.FEATURES.index("log_population")
    samples = []
    for _ in range(60):
        x = np.zeros((4, width))
        x[:, size] = rng.uniform(3, 7, 4)
        right = np.zeros(4, dtype=bool)
        right[rng.integers(4)] = True
        x[right, marker] = 1.0  # the right reading is the outlet's town, whatever its size
        samples.append((x, right, 1.0))
    weights = placetrain.fit(samples, ("log_population", "outlet_name"))
    assert weights[1] > 0 and weights[1] > abs(weights[0])


def test_home_towns_from_the_host_name():
    from newsdesk.read import placenames

    index = placenames.load()
    assert len(placerank.home_points(placerank.outlet("columbuslocalnews.com"), index)) > 1
    assert len(placerank.home_points(placerank.outlet("ajc.com"), index)) == 0
