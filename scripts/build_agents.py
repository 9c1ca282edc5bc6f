"""Build ``src/newsdesk/data/actors/agents.tsv``: generic actor nouns and the sector they name.

    python scripts/build_agents.py ../shared/knowledge/petrarch2-dictionaries/Phoenix.agents.txt

The Phoenix agents dictionary (MIT, Open Event Data Alliance) maps about 2,300 generic nouns
("police", "security force", "rebel", "opposition coalition") to the sector code they add to a
country (COP, MIL, REB, OPP ...). Event data sets code "the government" in a story about Iraq as
Iraq, government; the reading stage does the same with this table. Only the sectors of political
actors are kept (business, media, health, education ... are not the actors an event codes), and
each phrase is stored as lower-case lemmas, singular, one line per phrase.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "actors" / "agents.tsv"
#: Sector codes kept, and the word a reader sees for each.
SECTORS = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "rebels", "OPP": "opposition",
    "JUD": "judiciary", "LEG": "legislature", "SPY": "intelligence", "UAF": "armed group",
    "INS": "insurgents",
}  # fmt: skip
SUBSTITUTIONS = {"!PERSON!": ["man", "men", "woman", "women", "person", "people"],
                 "!MINIST!": ["minister", "ministers", "ministry", "ministries"]}
#: Nouns the dictionary lacks that event data sets code the same way (added by newsdesk).
EXTRA = {"opposition": "OPP", "junta": "GOV", "legislature": "LEG", "lawmaker": "LEG", "official": "GOV"}
LINE = re.compile(r"^(?P<phrase>[A-Z0-9!_.,'\- ]+?)\s*(?:\{[^}]*\})?\s*\[~(?P<code>[A-Z]+)\]")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def phrases(raw: str) -> list[str]:
    out = [raw]
    for key, values in SUBSTITUTIONS.items():
        if any(key in p for p in out):
            out = [p.replace(key, v) for p in out for v in values]
    cleaned = []
    for p in out:
        words = [w for w in re.split(r"[_\s]+", p.lower().strip(" ,.")) if w]
        if words and all(w.isalpha() for w in words):
            cleaned.append(" ".join([*words[:-1], _singular(words[-1])]))
    return cleaned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("agents", type=Path, help="Phoenix.agents.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table: dict[str, str] = {}
    for line in args.agents.read_text(encoding="latin-1").splitlines():
        if line.startswith("#"):
            continue
        m = LINE.match(line.strip())
        if not m:
            continue
        sector = m["code"][:3]
        if sector not in SECTORS:
            continue
        for phrase in phrases(m["phrase"]):
            table.setdefault(phrase, sector)
    for phrase, sector in EXTRA.items():
        table.setdefault(phrase, sector)
    header = (
        "# Generic actor nouns -> sector, built by scripts/build_agents.py from Phoenix.agents.txt\n"
        "# (petrarch2 dictionaries, MIT License, Copyright (c) 2014 Open Event Data Alliance).\n"
        "phrase\tsector\tlabel\n"
    )
    rows = "".join(f"{p}\t{s}\t{SECTORS[s]}\n" for p, s in sorted(table.items()))
    args.out.write_text(header + rows, encoding="utf-8")
    print(f"wrote {args.out}: {len(table)} phrases")


if __name__ == "__main__":
    main()
