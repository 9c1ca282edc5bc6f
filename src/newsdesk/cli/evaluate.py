"""`newsdesk eval TASK DIR`: print one JSON line with the task's metric."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer

from ..eval import SettingError
from . import app


def _tasks() -> dict:
    return {ep.name: ep for ep in entry_points(group="newsdesk.eval")}


@app.command("eval")
def eval_command(
    task: Annotated[str, typer.Argument(help="extraction, geo or events (and any plugin's task)")],
    data: Annotated[Path, typer.Argument(exists=True, help="a folder in the layout of ../shared/eval/<set>")],
) -> None:
    """Score newsdesk on an evaluation set; prints one JSON line."""
    tasks = _tasks()
    if task not in tasks:
        typer.echo(f"newsdesk eval: unknown task {task!r}; known: {', '.join(sorted(tasks))}", err=True)
        raise typer.Exit(2)
    evaluate = tasks[task].load()
    try:
        result = evaluate(data)
    except SettingError as error:
        typer.echo(f"newsdesk eval: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps({"task": task, **result}, ensure_ascii=False))
