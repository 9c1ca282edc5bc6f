"""Build ``src/newsdesk/data/actors/people.json.gz``: named people with dated roles, one entry per person.

    python scripts/build_actor_kb.py ../shared/knowledge/petrarch2-dictionaries/Phoenix.Countries.actors.txt

The Phoenix country dictionary (MIT, Open Event Data Alliance, from CountryInfo.txt of the
Computational Event Data System project) lists about 30,000 people, each with aliases and dated
role codes such as ``[USAGOV 010120-090120]`` (country, sector, from, to). People are the entries
marked ``# CountryInfo.txt``. Entries that are one person under two
transliterations (IYAD_ALLAWI_ and AYAD_ALLAWI_) merge when their names share a transliteration key
(:func:`newsdesk.read.people.same_spelling`), their initials (George Bush is not George W. Bush) and
a role country. Aliases that are institutions ("Bush
administration") are dropped: an administration is not its president.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.read.people import display_name, initials, name_key, same_spelling, strip_title  # noqa: E402

OUT = ROOT / "src" / "newsdesk" / "data" / "actors" / "people.json.gz"
CODE = re.compile(r"\[([A-Z]{3})([A-Z]{0,6})\s*([<>]?[\d-]*)\]")
INSTITUTION = re.compile(r"\b(administration|government|regime|cabinet|camp|family)\b", re.I)


def _date(raw: str | None) -> str | None:
    if not raw:
        return None
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    yy = int(raw[:2])
    year = 2000 + yy if yy <= 30 else 1900 + yy
    return f"{year}-{raw[2:4]}-{raw[4:]}"


def read_entries(path: Path) -> list[dict]:
    entries: list[dict] = []
    current: dict | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line, _, comment = raw.partition("#")
        text = line.strip()
        if not text:
            continue
        if raw[:1] not in {" ", "\t", "+"} and not text.startswith("["):
            name = text.split("[")[0].strip()
            current = {"raw": name, "aliases": [], "roles": [], "person": "CountryInfo" in comment}
            entries.append(current)
            text = text[len(name):].strip()
        if current is None:
            continue
        if text.startswith("+"):
            current["aliases"].append(text[1:].split("[")[0].strip())
            text = text[len(text.split("[")[0]):]
        for m in CODE.finditer(text):
            spec = m.group(3)
            if spec.startswith(">"):
                start, end = spec[1:], None
            elif spec.startswith("<"):
                start, end = None, spec[1:]
            else:
                start, _, end = spec.partition("-")
            current["roles"].append([m.group(1), m.group(2) or None, _date(start), _date(end)])
    return entries


def _words(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def people(entries: list[dict]) -> list[dict]:
    out: list[dict] = []
    by_key: dict[tuple[tuple[str, str], str], dict] = {}
    for e in entries:
        if not e["person"] or not e["roles"]:
            continue
        name = display_name(_words(e["raw"]))
        if len(name.split()) < 2:
            continue
        aliases = []
        for a in e["aliases"]:
            words = _words(a)
            if INSTITUTION.search(words):
                continue
            bare = strip_title(words)
            if bare and len(bare.split()) >= 2:
                aliases.append(display_name(bare))
        countries = sorted({r[0] for r in e["roles"]})
        key = (name_key(name), initials(name))
        merged = next((by_key[(key, c)] for c in countries if (key, c) in by_key), None)
        if merged is not None and not same_spelling(name, merged["name"], set(countries)):
            merged = None
        if merged is not None:
            merged["aliases"] = list(dict.fromkeys([*merged["aliases"], name, *aliases]))
            merged["roles"] += [r for r in e["roles"] if r not in merged["roles"]]
            continue
        unique = [a for a in dict.fromkeys(aliases) if a != name]
        person = {"name": name, "aliases": unique, "roles": e["roles"]}
        out.append(person)
        for c in countries:
            by_key[(key, c)] = person
    for p in out:
        p["aliases"] = [a for a in p["aliases"] if a != p["name"]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries", type=Path, help="Phoenix.Countries.actors.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    found = people(read_entries(args.countries))
    data = {
        "about": "Built by scripts/build_actor_kb.py from Phoenix.Countries.actors.txt (petrarch2 "
        "dictionaries, MIT License, Copyright (c) 2014 Open Event Data Alliance; produced from "
        "CountryInfo.txt of the Computational Event Data System project). roles: [country, sector, "
        "from, to] with ISO dates; null for open ends.",
        "people": found,
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"))
    merged = sum(1 for p in found if any(name_key(a) == name_key(p["name"]) for a in p["aliases"]))
    print(f"wrote {args.out}: {len(found)} people ({merged} with a merged transliteration)")


if __name__ == "__main__":
    main()
