"""`newsdesk extract PATH...`: clean and read pages, print the document contract.

Every page that cannot be read or analysed is one escaped line on stderr (file, line,
reason) and the others are still printed; the exit code is then 1.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import newsdesk

from ..ingest.files import read_paths
from ..ingest.shown import shown
from ..model import InputError, RawPage
from . import app


def _report(item: InputError) -> None:
    print(f"newsdesk extract: {shown(str(item), 2000)}", file=sys.stderr)


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files (.txt, .html, .htm, .gz, .jsonl) or folders")],
    format: Annotated[Format, typer.Option("--format", "-f", help="json: one object, a list for several")]
    = Format.json,
    upto: Annotated[str | None, typer.Option(help="stop after phase: clean, read, attribute or code")] = None,
) -> None:
    """Print the clean article and what was read out of it, as JSON."""
    failed = 0
    pages: list[RawPage] = []
    for item in read_paths(paths):
        if isinstance(item, InputError):
            failed += 1
            _report(item)
        else:
            pages.append(item)
    results = []
    for doc in newsdesk.analyse(pages, executor="local", upto=upto):
        if isinstance(doc, InputError):
            failed += 1
            _report(doc)
            continue
        record = {"id": doc.article.id, **doc.to_dict()}
        if format is Format.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            results.append(record)
    if format is Format.json:
        out = results[0] if len(results) == 1 and failed == 0 and len(paths) == 1 else results
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)
