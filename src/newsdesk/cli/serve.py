"""`newsdesk serve`: the REST API and the web UI over a store (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .options import DbOption


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Serve the JSON API (/search, /documents, /actors, /dyads, /ask; /openapi.json) and the UI (/ui/)."""
    import uvicorn

    from ..api import create_app

    typer.echo(f"newsdesk: web UI at http://{host}:{port}/ui/, API schema at http://{host}:{port}/openapi.json",
               err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
