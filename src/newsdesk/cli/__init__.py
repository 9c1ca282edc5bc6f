"""The command line: a thin Typer layer over the Python API.

Each sub-module adds its commands to :data:`app`; none holds logic of its own.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="newsdesk",
    help="Turn scraped news pages into cited, attributed, PLOVER-coded evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

from . import actors, corpus, evaluate, extract, scale, serve  # noqa: E402,F401  (register commands)
