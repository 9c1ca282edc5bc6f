"""`newsdesk eval TASK DIR [--folds K] [--seed S] [--heldout] [--train DIRS]`: one JSON line.

The flags are passed to the task's ``evaluate(path, **options)`` as arguments; a flag not given
is not passed, so the task falls back to its setting (``NEWSDESK_EVAL_*``, see the README).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer

from ..eval import SettingError
from . import app


def _tasks() -> dict:
    return {ep.name: ep for ep in entry_points(group="newsdesk.eval")}


def _refused(evaluate: Callable[..., dict], options: dict[str, object]) -> list[str]:
    """The options ``evaluate`` takes no argument for."""
    params = inspect.signature(evaluate).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return []
    names = {p.name for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
    return [name for name in options if name not in names]


@app.command("eval")
def eval_command(
    task: Annotated[str, typer.Argument(help="extraction, geo, events, actors, quotes or a plugin's task")],
    data: Annotated[Path, typer.Argument(exists=True, help="a folder in the layout of ../shared/eval/<set>")],
    folds: Annotated[int | None, typer.Option(
        min=0, show_default=False,
        help="cross-validation by document in this many folds (extraction, geo, events; "
             "default $NEWSDESK_EVAL_FOLDS, else the task's: 0, 0, 5)")] = None,
    seed: Annotated[int | None, typer.Option(
        min=0, show_default=False,
        help="how the documents are dealt into folds (default $NEWSDESK_EVAL_FOLD_SEED, for geo "
             "$NEWSDESK_EVAL_SEED, else 0)")] = None,
    heldout: Annotated[bool | None, typer.Option(
        "--heldout/--development", show_default=False,
        help="score the held-out documents, once (actors, quotes, events; default $NEWSDESK_EVAL_HELDOUT, "
             "else the development documents)")] = None,
    train: Annotated[str | None, typer.Option(
        show_default=False,
        help="geo with folds: other dev sets the ranker trains on, comma-separated, '' for none "
             "(default $NEWSDESK_EVAL_GEO_TRAIN, else the geowebnews and lgl folders beside DATA)")] = None,
) -> None:
    """Score newsdesk on an evaluation set; prints one JSON line."""
    tasks = _tasks()
    if task not in tasks:
        typer.echo(f"newsdesk eval: unknown task {task!r}; known: {', '.join(sorted(tasks))}", err=True)
        raise typer.Exit(2)
    evaluate = tasks[task].load()
    others = None if train is None else [Path(p) for p in train.split(",") if p.strip()]
    options: dict[str, object] = {"folds": folds, "seed": seed, "heldout": heldout, "train": others}
    options = {name: given for name, given in options.items() if given is not None}
    refused = _refused(evaluate, options)
    if refused:
        shown = ", ".join(f"--{name}" for name in refused)
        typer.echo(f"newsdesk eval: task {task!r} takes no {shown}", err=True)
        raise typer.Exit(2)
    try:
        result = evaluate(data, **options)
    except SettingError as error:
        typer.echo(f"newsdesk eval: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps({"task": task, **result}, ensure_ascii=False))
