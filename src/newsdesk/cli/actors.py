"""`newsdesk actors ...`: an analyst's overrides of actors (merge, split, rename, not-an-actor, undo)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import newsdesk

from . import app
from .options import DbOption

actors_app = typer.Typer(
    help="Correct the actors the reading got wrong; corrections survive ingest and reprocess.",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")

WhoOption = Annotated[str | None, typer.Option(help="who says so (default $NEWSDESK_ANALYST or $USER)")]


def _run(db: str | None, call) -> None:
    from ..store.overrides import OverrideError

    err = Console(stderr=True)
    try:
        found = call(newsdesk.open_store(db))
    except OverrideError as error:
        err.print(f"newsdesk: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    err.print(
        f"override {found.id}: {found.action} {found.actor}"
        + (f" -> {found.target}" if found.target else "")
        + (f" ({found.name})" if found.name else "")
        + (f", undone {found.undone_at}" if found.undone_at else f", by {found.who} at {found.at}"),
        markup=False, highlight=False, soft_wrap=True,
    )


@actors_app.command()
def merge(actor: str, into: str, db: DbOption = None, who: WhoOption = None) -> None:
    """ACTOR is INTO: every mention, quote, event and relation of ACTOR becomes INTO's."""
    from ..store import overrides

    _run(db, lambda engine: overrides.say(engine, "merge", actor, target=into, who=who))


@actors_app.command()
def split(
    actor: str,
    new_id: Annotated[str, typer.Argument(help="the id of the other actor, e.g. person:george-h-w-bush")],
    documents: Annotated[
        list[str], typer.Option("--document", "-d", help="a document id where ACTOR is the other")
    ],
    name: Annotated[str | None, typer.Option(help="the other actor's name")] = None,
    db: DbOption = None,
    who: WhoOption = None,
) -> None:
    """In the given documents ACTOR is another actor, NEW_ID."""
    from ..store import overrides

    _run(db, lambda engine: overrides.say(engine, "split", actor, target=new_id, name=name,
                                          documents=documents, who=who))


@actors_app.command()
def rename(actor: str, name: str, db: DbOption = None, who: WhoOption = None) -> None:
    """ACTOR's name is NAME everywhere."""
    from ..store import overrides

    _run(db, lambda engine: overrides.say(engine, "rename", actor, name=name, who=who))


@actors_app.command("not-an-actor")
def not_an_actor(actor: str, db: DbOption = None, who: WhoOption = None) -> None:
    """ACTOR is no actor: its mentions go, and the events left with no actor go with them."""
    from ..store import overrides

    _run(db, lambda engine: overrides.say(engine, "not-an-actor", actor, who=who))


@actors_app.command()
def undo(override: int, db: DbOption = None, who: WhoOption = None) -> None:
    """Undo override number OVERRIDE (see `newsdesk actors list`)."""
    from ..store import overrides

    _run(db, lambda engine: overrides.undo(engine, override, who=who))


@actors_app.command("list")
def list_overrides(db: DbOption = None) -> None:
    """Every override said, with who, when and whether it was undone."""
    from ..store import overrides

    with newsdesk.open_store(db).connect() as conn:
        found = overrides.listed(conn)
    table = Table("id", "action", "actor", "target / name", "who", "at", "undone")
    for o in found:
        table.add_row(str(o.id), o.action, o.actor, o.target or o.name or "", o.who, o.at, o.undone_at or "")
    Console().print(table)
