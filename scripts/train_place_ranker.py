"""Retrain ``src/newsdesk/data/places/ranker.json`` and the place filter ``filter.json`` on the
GeoWebNews and LGL dev sets together.

First scores the configuration by K-fold cross-validation by document (the figures written into
the model files and docs/places.md), then trains the shipped models on every dev document. The
parses are cached on disk (``newsdesk.eval.geo.parsed``), so only the first run parses.
``--keep-ranker`` leaves ``ranker.json`` as it is and trains only the filter (read with it).

usage: .venv/bin/python scripts/train_place_ranker.py [../shared/eval] [--folds 5] [--seed 0]
       [--penalty 0.01] [--features a,b,c] [--without-address] [--threshold 0.45] [--keep-ranker]
       [--out PATH] [--filter-out PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsdesk.eval import geo
from newsdesk.read import placefilter, placenames, placerank, placetrain

DATA = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "places"
SETS = ("geowebnews", "lgl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, nargs="?", default=Path("../shared/eval"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--penalty", type=float, default=placetrain.PENALTY)
    parser.add_argument("--features", default=",".join(placerank.load().features),
                        help="the ranker's features (default: the shipped model's)")
    parser.add_argument("--out", type=Path, default=DATA / "ranker.json")
    parser.add_argument("--filter-out", type=Path, default=DATA / "filter.json")
    parser.add_argument("--threshold", type=float, default=0.45,
                        help="probability of being a place under which the filter drops a mention")
    parser.add_argument("--keep-ranker", action="store_true", help="train only the place filter")
    parser.add_argument("--without-address", action="store_true",
                        help="also train on every document without its web address")
    args = parser.parse_args()
    features = tuple(f for f in args.features.split(",") if f)
    sets = {}
    for name in SETS:
        folder = args.shared / name
        articles = geo.load(folder)
        sets[name] = (articles, geo.parsed([text for text, _ in articles], geo.addresses(folder)))
    cv = geo.cross_validate(sets, args.folds, args.seed, features, args.penalty, args.without_address,
                            place_filter=True, threshold=args.threshold)
    print(json.dumps({"cross_validation": cv}))
    docs = [d for _, ds in sets.values() for d in ds]
    golds = [geo.points(g) for articles, _ in sets.values() for _, g in articles]
    index = placenames.load()
    figures = {name: {k: s[k] for k in ("precision", "recall", "within_161km")} for name, s in cv.items()}
    how = (f"{args.folds}-fold cross-validation by document (ranker and filter trained on the other folds), "
           f"seed {args.seed}")
    if args.keep_ranker:
        ranker = placerank.load()
    else:
        ranker = placetrain.train(docs, golds, index, placerank.load(), features,
                                  penalty=args.penalty, without_address=args.without_address)
        args.out.write_text(ranker.to_json({
            "source": f"scripts/train_place_ranker.py on {', '.join(SETS)} dev ({len(docs)} articles), "
                      f"penalty {args.penalty}; {how}",
            "cross_validation": figures}), encoding="utf-8")
        print(f"wrote {args.out}")
    toponyms = [geo.spans(g) for articles, _ in sets.values() for _, g in articles]
    place_filter = placetrain.train_filter(docs, toponyms, index, ranker, placefilter.FEATURES,
                                           threshold=args.threshold)
    args.filter_out.write_text(place_filter.to_json({
        "source": f"scripts/train_place_ranker.py on {', '.join(SETS)} dev ({len(docs)} articles): "
                  f"logistic regression, a mention is right when it overlaps an annotated toponym; {how}",
        "cross_validation": figures}), encoding="utf-8")
    print(f"wrote {args.filter_out}")


if __name__ == "__main__":
    main()
