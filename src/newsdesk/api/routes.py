"""The JSON API: thin over ``newsdesk.answer`` (the same calls the CLI makes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from ..answer.actors import actor_page
from ..answer.ask import ask as ask_question
from ..answer.dyads import dyad as find_dyad
from ..answer.search import MODES, Filters
from ..answer.search import search as run_search
from .store_access import MAX_LIMIT, MAX_QUERY, connection, document, plain

router = APIRouter()
Conn = Annotated[Connection, Depends(connection)]
Name = Annotated[str, Query(min_length=1, max_length=200)]


@router.get("/search", summary="Search stored articles")
def search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
           mode: Annotated[str, Query(pattern="^(" + "|".join(MODES) + ")$")] = "fts",
           actor: str | None = None, place: str | None = None,
           since: Annotated[str | None, Query(max_length=10)] = None,
           until: Annotated[str | None, Query(max_length=10)] = None,
           category: str | None = None, modality: str | None = None,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> list[dict[str, Any]]:
    filters = Filters(actor=actor, place=place, since=since, until=until, category=category,
                      modality=modality)
    return plain(run_search(conn, q, mode=mode, filters=filters, limit=limit))


@router.get("/documents/{doc_id}", summary="A stored document with everything read out of it")
def get_document(conn: Conn, doc_id: str) -> dict[str, Any]:
    found = document(conn, doc_id)
    if found is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return found


@router.get("/actors/{name}", summary="An actor's page: aliases, roles, counterparts, events")
def get_actor(conn: Conn, name: str) -> dict[str, Any]:
    page = actor_page(conn, name[:200])
    if page is None:
        raise HTTPException(404, f"no actor called {name!r}")
    return plain(page)


@router.get("/dyads", summary="Events and relations between two actors, with a monthly timeline")
def get_dyad(conn: Conn, a: Name, b: Name) -> dict[str, Any]:
    found = find_dyad(conn, a, b)
    if not found.a or not found.b:
        missing = [n for n, side in ((a, found.a), (b, found.b)) if not side]
        raise HTTPException(404, f"no actor called {', '.join(map(repr, missing))}")
    return {"a": plain(found.a), "b": plain(found.b), "timeline": found.timeline, "facts": plain(found.facts)}


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUERY)


@router.get("/ask", summary="An evidence brief answering a question about two actors")
def ask_get(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)]) -> dict[str, Any]:
    return ask_question(conn, q).to_dict()


@router.post("/ask", summary="An evidence brief answering a question about two actors")
def ask_post(conn: Conn, body: Question) -> dict[str, Any]:
    return ask_question(conn, body.question).to_dict()
