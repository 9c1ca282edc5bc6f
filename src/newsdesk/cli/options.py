"""Options several commands share, declared once so their names and help stay the same."""

from __future__ import annotations

from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="a SQLite file path or a SQLAlchemy URL (default sqlite:///.newsdesk/newsdesk.db)"
    ),
]
WorkersOption = Annotated[int, typer.Option(help="worker processes for the analysis")]
ExecutorOption = Annotated[
    str, typer.Option(help="auto (a process pool when --workers > 1), local, process or dask")
]
SchedulerOption = Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786)")]
