"""Build ``data/actors/wordnet_people.txt``: common nouns whose most frequent WordNet sense is a
person (lexicographer file noun.person) or a social group (noun.group), for the groups stage.

    apt-get install wordnet-base      # Debian's WordNet 3.0 data, /usr/share/wordnet
    python scripts/build_person_nouns.py [/usr/share/wordnet]

Only one-word lemmas whose first sense (WordNet orders senses by corpus frequency) is such a
sense and that were seen in the sense-tagged corpus at least once, so a word such as "paper"
(first sense: the material) stays out. Heaps, series and taxonomic groups (genera, families
of living things) are left out: a group counts only below WordNet's "social group" or "people".
WordNet 3.0 is Copyright 2006 by Princeton University, under the WordNet
licence (permissive; the notice is kept in the output file).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "actors" / "wordnet_people.txt"
LEXFILES = {"14": "group", "18": "person"}
#: Groups count only under these synsets: people acting together, not heaps, series or genera.
SOCIAL_ROOTS = ("social_group", "people")
#: ... except occasions people gather for ("meeting", "rally", "conference"): events, not actors.
OCCASIONS = ("meeting", "social_gathering", "rally")


def _first_senses(root: Path, lemmas: tuple[str, ...]) -> set[str]:
    """The first-sense synset offsets of ``lemmas``."""
    found = set()
    with (root / "index.noun").open(encoding="latin-1") as fh:
        for line in fh:
            fields = line.split()
            if fields and fields[0] in lemmas:
                n_pointers = int(fields[3])
                found.add(fields[6 + n_pointers])
    return found


def main(root: Path) -> None:
    senses: dict[str, tuple[str, str]] = {}
    parents: dict[str, list[str]] = {}
    with (root / "data.noun").open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition("|")
            fields = head.split()
            senses[fields[0]] = (fields[1], gloss.strip().lower())
            n_words = int(fields[3], 16)
            at = 4 + 2 * n_words
            n_pointers = int(fields[at])
            pointers = [fields[at + 1 + 4 * k : at + 5 + 4 * k] for k in range(n_pointers)]
            parents[fields[0]] = [p[1] for p in pointers if p[0] in {"@", "@i"}]
    social, occasions = _first_senses(root, SOCIAL_ROOTS), _first_senses(root, OCCASIONS)

    def below(offset: str, roots: set[str], depth: int = 0) -> bool:
        above = parents.get(offset, [])
        return offset in roots or (depth < 20 and any(below(p, roots, depth + 1) for p in above))

    def social_group(offset: str) -> bool:
        return below(offset, social) and not below(offset, occasions)
    kinds: dict[str, list[str]] = {"person": [], "group": []}
    with (root / "index.noun").open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, n_synsets, n_pointers = fields[0], int(fields[2]), int(fields[3])
            tagged = int(fields[5 + n_pointers])
            offsets = fields[6 + n_pointers : 6 + n_pointers + n_synsets]
            if "_" in lemma or "-" in lemma or not lemma.isalpha() or tagged < 1 or not offsets:
                continue
            lexfile, gloss = senses[offsets[0]]
            kind = LEXFILES.get(lexfile)
            if kind is None or (kind == "group" and not social_group(offsets[0])):
                continue
            kinds[kind].append(lemma)
    lines = [
        "# Common nouns whose most frequent WordNet 3.0 sense is a person or a social group, built by",
        "# scripts/build_person_nouns.py from Debian's wordnet-base. WordNet 3.0 Copyright 2006 by",
        "# Princeton University. All rights reserved. Used under the WordNet licence, which permits",
        "# use, copying and distribution with this notice. Format: kind<TAB>lemma.",
    ]
    lines += [f"{kind}\t{lemma}" for kind in ("person", "group") for lemma in sorted(set(kinds[kind]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kinds['person'])} person nouns, {len(kinds['group'])} group nouns -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/wordnet"))
