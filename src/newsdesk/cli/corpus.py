"""Corpus commands: ingest, search, actor, dyad, ask, export. Thin: the logic is in store/ and answer/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import app

DbOption = Annotated[str | None, typer.Option("--db", help="a SQLite file path or a SQLAlchemy URL "
                                              "(default sqlite:///.newsdesk/newsdesk.db)")]


def _read_inputs(paths: list[str]):
    """Pages from files and folders (and WARC files and URLs once ingest.sources exists)."""
    try:
        from ..ingest.sources import read_sources
    except ImportError:
        from ..ingest.files import read_paths

        return read_paths([Path(p) for p in paths])
    return read_sources(paths)


def _store(db: str | None):
    from ..store.engine import open_store

    return open_store(db)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files or folders to read")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="worker processes for the analysis")] = 1,
    executor: Annotated[str, typer.Option(help="local, process or dask")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786)")] = None,
    batch_size: Annotated[int, typer.Option(help="documents per analysis batch and per commit")] = 32,
    embed: Annotated[bool, typer.Option(help="store sentence embeddings for semantic search")] = True,
) -> None:
    """Analyse pages and store them; re-running skips what is stored (idempotent, resumable)."""
    from ..store.ingest import ingest as run_ingest

    engine = _store(db)
    err = Console(stderr=True)
    options = {"workers": workers, "executor": executor, "scheduler": scheduler}
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as progress:
        task = progress.add_task("ingest", total=None)
        report = run_ingest(
            engine, _read_inputs(paths), batch_size=batch_size, embed=embed,
            on_start=lambda n: progress.update(task, total=n),
            on_batch=lambda n: progress.advance(task, n), **options)
    for line in report.errors:
        err.print(f"newsdesk ingest: {line}", markup=False, highlight=False)
    err.print(f"read {report.read}, stored {report.stored}, already stored {report.skipped}, "
              f"failed {len(report.errors)}", markup=False, highlight=False)
    if report.errors:
        raise typer.Exit(1)
