"""`newsdesk serve`: the REST API and the web UI over a store (uvicorn).

On loopback it serves as it always did. Any other address exposes the store to the
network, so it needs a token (``--token`` or the ``token`` setting, NEWSDESK_TOKEN) or it does not start. A
mistyped ``--db`` must not quietly create and serve an empty store: a SQLite file has to
exist unless ``--create`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from .. import settings
from . import app
from .options import DbOption

TOKEN_VARIABLE = settings.setting("token").env
#: A token shorter than this gets a warning (a guessable token is little protection on a network).
MIN_TOKEN = 16


def _refuse(message: str) -> None:
    typer.echo(f"newsdesk serve: {message}", err=True)
    raise typer.Exit(2)


def missing_store(db: str | None) -> str | None:
    """The SQLite file ``db`` names when it does not exist (None for URLs of other databases)."""
    from ..store.engine import normalise_url

    url = make_url(normalise_url(db))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return None if Path(url.database).exists() else url.database


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help=f"bearer token every request must carry (or ${TOKEN_VARIABLE}); "
                     "required on any address but loopback", show_default=False),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="a Host name to answer besides the loopback names (repeatable)"),
    ] = None,
    create: Annotated[bool, typer.Option("--create", help="create the store if --db names none")] = False,
) -> None:
    """Serve the JSON API (/search, /events, /places, /network, /documents, /actors, /dyads, /ask;
    /openapi.json) and the UI (/ui/)."""
    import uvicorn

    from ..api.exposure import Exposure, is_loopback
    from ..web import create_app

    token = token or settings.text("token") or None
    if not is_loopback(host) and token is None:
        _refuse(f"--host {host} exposes the store to the network: give --token or set {TOKEN_VARIABLE}")
    if token is not None and len(token) < MIN_TOKEN:
        typer.echo(f"newsdesk serve: warning: a token under {MIN_TOKEN} characters is easy to guess",
                   err=True)
    absent = missing_store(db)
    if absent and not create:
        _refuse(f"no store at {absent}: check --db, or give --create to start an empty one")
    exposure = Exposure.for_address(host, token, allow_host or ())
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    typer.echo(f"newsdesk: web UI at {base}/ui/, API schema at {base}/openapi.json"
               + (" (token required)" if token else ""), err=True)
    uvicorn.run(create_app(db, exposure=exposure), host=host, port=port, log_level="warning")
