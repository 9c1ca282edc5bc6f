"""Retrain ``src/newsdesk/data/places/ranker.json`` on the GeoWebNews and LGL dev sets together.

First scores the configuration by K-fold cross-validation by document (the figures written into
the model file and docs/places.md), then trains the shipped model on every dev document. The
parses are cached on disk (``newsdesk.eval.geo.parsed``), so only the first run parses.

usage: .venv/bin/python scripts/train_place_ranker.py [../shared/eval] [--folds 5] [--seed 0]
       [--penalty 0.01] [--features a,b,c] [--without-address] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsdesk.eval import geo
from newsdesk.read import placenames, placerank, placetrain

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "places" / "ranker.json"
SETS = ("geowebnews", "lgl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, nargs="?", default=Path("../shared/eval"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--penalty", type=float, default=placetrain.PENALTY)
    parser.add_argument("--features", default=",".join(placerank.FEATURES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--without-address", action="store_true",
                        help="also train on every document without its web address")
    args = parser.parse_args()
    features = tuple(f for f in args.features.split(",") if f)
    sets = {}
    for name in SETS:
        folder = args.shared / name
        articles = geo.load(folder)
        sets[name] = (articles, geo.parsed([text for text, _ in articles], geo.addresses(folder)))
    cv = geo.cross_validate(sets, args.folds, args.seed, features, args.penalty, args.without_address)
    print(json.dumps({"cross_validation": cv}))
    docs = [d for _, ds in sets.values() for d in ds]
    golds = [geo.points(g) for articles, _ in sets.values() for _, g in articles]
    ranker = placetrain.train(docs, golds, placenames.load(), placerank.load(), features,
                              penalty=args.penalty, without_address=args.without_address)
    figures = {name: {k: s[k] for k in ("precision", "recall", "within_161km")} for name, s in cv.items()}
    args.out.write_text(ranker.to_json({
        "source": f"scripts/train_place_ranker.py on {', '.join(SETS)} dev ({len(docs)} articles), "
                  f"penalty {args.penalty}; {args.folds}-fold cross-validation by document, seed {args.seed}",
        "cross_validation": figures}), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
