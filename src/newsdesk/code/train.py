"""Train the shipped event classifier (``data/plover/classifier.npz``) from PLOVER gold records.

    python -m newsdesk.code.train ../shared/eval/plover-gsr [more dirs in the same layout]

The records stay in ``../shared``; only the fitted arrays (and one hash per training sentence, so that
:mod:`newsdesk.eval.events` can refit without the sentences it scores) are written to the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..read.nlp import get_nlp
from . import classify, plover
from .triggers import find

RECORDS = "PLOVER_GSR_CAMEO.json"


def records(folder: Path) -> Iterator[dict]:
    """Coded sentences of a PLOVER-layout folder, label mapped to its 2021 category."""
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"newsdesk: skipping {path.name}: {error}", file=sys.stderr)
            continue
        for record in data if isinstance(data, list) else []:
            label = plover.canonical(str(record.get("event", "")))
            text = record.get("text")
            if label and isinstance(text, str) and text.strip():
                yield {**record, "category": label}


def design(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Contextual vectors + trigger features per record (one sentence, which spaCy may split in several)."""
    trig, vectors = [], []
    for parsed in get_nlp().pipe(texts, batch_size=32):
        found = [t for s in parsed.sents for t in find(s)]
        trig.append(classify.trigger_vector(found))
        vectors.append(classify.represent([parsed[:]], [found])[0])
    return np.stack(vectors), np.stack(trig)


def train(folders: list[Path]) -> classify.Model:
    rows = [r for f in folders for r in records(f)]
    texts = [r["text"] for r in rows]
    emb, trig = design(texts)
    return classify.fit(
        classify.features(emb, trig),
        [r["category"] for r in rows],
        [classify.sentence_hash(t) for t in texts],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=classify.MODEL_PATH)
    args = parser.parse_args()
    model = train(args.folders)
    model.save(args.out)
    print(f"wrote {args.out} ({len(model.train_y)} sentences, {len(model.classes)} categories)")


if __name__ == "__main__":
    main()
