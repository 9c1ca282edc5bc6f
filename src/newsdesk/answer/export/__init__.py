"""Exports: one module per format, each ``write(conn, out) -> int`` (items written)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from sqlalchemy import Connection

#: format name -> module under newsdesk.answer.export
FORMATS = {
    "jsonl": "jsonl",
    "csv": "tables",
    "parquet": "tables",
    "geojson": "geojson",
    "graphml": "graphml",
    "stix": "stix",
    "plover": "plover",
}


def writer(fmt: str) -> Callable[[Connection, Path], int]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {sorted(FORMATS)}")
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    return getattr(module, f"write_{fmt}")
