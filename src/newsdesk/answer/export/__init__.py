"""Exports: the one registry of formats, and one module per format.

Each format's module has ``write_<name>(conn, out) -> int`` (the items written). The CLI's
choices and help, and ``newsdesk.export``, are derived from :data:`FORMATS`, so a format is
added here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, its module under ``newsdesk.answer.export``, what it holds."""

    name: str
    module: str
    holds: str


#: format name -> format, in the order the CLI lists them
FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("jsonl", "jsonl", "documents"),
    ExportFormat("csv", "tables", "events"),
    ExportFormat("parquet", "tables", "events"),
    ExportFormat("geojson", "geojson", "map"),
    ExportFormat("graphml", "graphml", "actor network"),
    ExportFormat("stix", "stix", "STIX 2.1 bundle"),
    ExportFormat("plover", "plover", "PLOVER events"),
)}


def described() -> str:
    """The formats and what each holds, for a help text: ``jsonl (documents), csv (events), ...``."""
    return ", ".join(f"{f.name} ({f.holds})" for f in FORMATS.values())


def writer(fmt: str) -> Callable[[Connection, Path], int]:
    """The function that writes format ``fmt``; an unknown name is a ``ValueError`` listing the formats."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    module = import_module(f"{__name__}.{FORMATS[fmt].module}")
    return getattr(module, f"write_{fmt}")
