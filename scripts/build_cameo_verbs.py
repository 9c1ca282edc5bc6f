"""Build ``src/newsdesk/data/plover/cameo_verbs.json`` from the PETRARCH2 CAMEO verb dictionary.

    python scripts/build_cameo_verbs.py ../shared/knowledge/petrarch2-dictionaries/CAMEO.2.0.txt \
        ../shared/eval/plover-gsr/CAMEO2PLOVER-2021.txt

The verb dictionary (MIT, Open Event Data Alliance) lists verbs in synonym blocks, each with a
default CAMEO code and phrase patterns ("- * CURFEW [1723]") that refine it. The event coder uses
them as evidence for its classifier, never as the decision, so the build keeps only what a
bag-of-lemmas matcher can use: each verb's lemma, its default PLOVER category, and its patterns
as the content words that must precede or follow the verb, with the PLOVER category of the
pattern's code (CAMEO codes folded through the CAMEO->PLOVER 2021 table; comment codes 01/02
and "---" become ``none``).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "plover" / "cameo_verbs.json"
CODE = re.compile(r"\[([^\]]*)\]")
SYMBOLS = {"*", "$", "+", "%", "^", "=", "(", ")", "{", "}", "|"}


def plover_table(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER category (the 2021 table; its last word for a code wins)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        category = rest.split(",", 1)[0].strip()
        if code.strip().isdigit() and category.isalpha():
            out[code.strip()] = "REQUEST" if category == "DEMAND" else category
    return out


def to_plover(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER category of a CAMEO code ("0231", "173:173", "---"); None when unknown."""
    code = code.split(":", 1)[0].strip()
    if not code or code.startswith("-"):
        return "none"
    if code[:2] in {"01", "02"}:
        return "none"  # comments: PLOVER dropped CAMEO's 01 and 02
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


def _word(raw: str) -> str:
    return raw.strip("+_").replace("_", " ").lower()


def parse(path: Path, table: dict[str, str]) -> dict:
    synonyms: dict[str, list[str]] = {}
    blocks: list[dict] = []
    lines = path.read_text(encoding="latin-1").splitlines()
    current_syn: str | None = None
    block_code: str | None = None
    block_verbs: list[str] = []
    in_verbs = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_syn = None
            continue
        if "VERBS" in line and line.startswith("####"):
            in_verbs = True
            continue
        if line.startswith("&") and not in_verbs:
            current_syn = line.strip().rstrip("_").lower()
            synonyms[current_syn] = []
            continue
        if current_syn is not None and line.startswith("+"):
            synonyms[current_syn].append(_word(line.strip()))
            continue
        if line.startswith("---"):
            in_verbs = True
            m = CODE.search(line)
            block_code = to_plover(m.group(1), table) if m else None
            block_verbs = []
            blocks.append({"verbs": {}, "patterns": []})
            continue
        if not in_verbs:
            continue
        if line.startswith("-"):
            m = CODE.search(line)
            if not m or not block_verbs:
                continue
            category = to_plover(m.group(1), table)
            if category is None:
                continue
            body = CODE.sub(" ", line[1:])
            tokens = re.findall(r"[&A-Za-z][A-Za-z_'\-]*|\*", body)
            if "*" not in tokens:
                continue
            star = tokens.index("*")
            pre = [_word(t) if not t.startswith("&") else t.lower().rstrip("_") for t in tokens[:star]]
            post = [_word(t) if not t.startswith("&") else t.lower().rstrip("_") for t in tokens[star + 1 :]]
            blocks[-1]["patterns"].append([[w for w in pre if w], [w for w in post if w], category])
            continue
        # A verb line: "WORD [code] {irregular forms}" or "+MULTI_WORD {...}".
        head = line.strip().split()[0]
        if head in SYMBOLS or not re.match(r"\+?[A-Za-z]", head):
            continue
        word = _word(head)
        m = CODE.search(line)
        own = to_plover(m.group(1), table) if m else None
        blocks[-1]["verbs"][word] = own or block_code or "none"
        block_verbs.append(word)
    # A block with nothing to say is dropped.
    blocks = [
        b for b in blocks if b["verbs"] and (b["patterns"] or any(c != "none" for c in b["verbs"].values()))
    ]
    return {"synonyms": {k: v for k, v in synonyms.items() if v}, "blocks": blocks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = parse(args.dictionary, plover_table(args.table))
    data["about"] = (
        "Built by scripts/build_cameo_verbs.py from the PETRARCH2 CAMEO verb dictionary "
        "(CAMEO.2.0.txt, MIT License, Copyright (c) 2015 Open Event Data Alliance) with CAMEO codes "
        "folded to PLOVER through CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0)."
    )
    args.out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    n_verbs = sum(len(b["verbs"]) for b in data["blocks"])
    n_pat = sum(len(b["patterns"]) for b in data["blocks"])
    print(f"wrote {args.out}: {len(data['blocks'])} blocks, {n_verbs} verbs, {n_pat} patterns")


if __name__ == "__main__":
    main()
