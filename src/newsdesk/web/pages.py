"""The web UI's pages: search, events table, dyad, map, network, actors, documents, ask.

Rendered on the server with Jinja2 autoescaping on for every template: scraped titles,
bodies, names and URLs are text, never markup; a link is made only from an http(s) URL.
Charts, the map and the network are SVG drawn here, so pages run no script at all.
Every list page is a GET form: its URL is its permalink, and its download links ask the
API for exactly the rows shown (same filters, offset and limit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

import newsdesk

from ..answer.actor_lookup import entity_names
from ..answer.actor_quotes import quotes_about, quotes_by
from ..answer.claim_wording import HEDGES, KIND_LABELS, in_marks, kind_of
from ..answer.ego_network import actor_network
from ..answer.event_table import SORTS, count_events, event_rows, facets
from ..answer.facts import category_scores, outlet_of
from ..answer.place_map import place_features
from ..answer.search import MODES, has_vectors
from ..api import params
from ..api.routes import actor_list, dyad_page, event_filters, no_vectors_message, search_filters, search_page
from ..api.store_access import MAX_QUERY, connection, document
from .charts import bars_svg, legend, timeline_svg
from .highlight import document_spans, runs, segments
from .netgraph import network_svg
from .wording import fact_sentence, modality_words, role_words, when
from .worldmap import map_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_SIZE = 25
#: Entity types that are places rather than actors (listed with the places of a document).
PLACE_TYPES = {"LOC", "FAC"}


def _place_like(entity: dict, sides: set[str]) -> bool:
    """A city or region named in passing is a place; a country, or any place that acts in one of
    the document's facts or quotes ("Florida sued ..."), is an actor."""
    kind = entity.get("type") or ""
    if entity["id"] in sides:
        return False
    return kind in PLACE_TYPES or (kind == "GPE" and not str(entity["id"]).startswith("country:"))


def quote_form(q: dict) -> dict:
    """How a stored attribution is shown: its kind (``direct``, ``indirect``, ``mixed``,
    ``source_phrase``) with its label, whether its words stand in quotation marks (a direct
    quote, or the quoted part of a mixed one), and the hedge its modality calls for."""
    kind = kind_of(q.get("kind"), q.get("direct"))
    return {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "in_marks": in_marks(kind, q.get("text") or ""),
        "hedge": HEDGES.get(q.get("modality") or ""),
    }


def safe_href(url: str | None) -> str | None:
    """An http(s) URL may become a link; anything else (javascript:, data:) may not."""
    if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    return url.strip()


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["safe_href"] = safe_href
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.filters["when"] = when
    env.filters["modality_words"] = modality_words
    env.filters["outlet"] = lambda it: outlet_of(getattr(it, "outlet", None), getattr(it, "url", None)) or ""
    env.globals["categories"] = sorted(category_scores())
    env.globals["modalities"] = params.modalities()
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter()
Conn = Annotated[Connection, Depends(connection)]
Text = Annotated[str, Query(max_length=MAX_QUERY)]
Short = Annotated[str, Query(max_length=200)]


def render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str, headers: dict | None = None) -> HTMLResponse:
    response = render(request, "error.html", {"status": status, "message": message}, status)
    response.headers.update(headers or {})
    return response


def login_page(
    request: Request, status: int, *, next_path: str = "/ui/", failed: bool = False
) -> HTMLResponse:
    target = next_path if next_path.startswith("/ui") and "//" not in next_path else "/ui/"
    return render(request, "login.html", {"next": target, "failed": failed}, status)


def _pager(request: Request, total: int, offset: int, limit: int) -> dict:
    """Links to the previous and next pages, keeping every other parameter of the URL."""
    base = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit") and v != ""}

    def link(at: int) -> str:
        return request.url.path + "?" + urlencode({**base, "offset": at, "limit": limit})

    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "next": link(offset + limit) if offset + limit < total else None,
        "permalink": request.url.path + "?" + urlencode({**base, "offset": offset, "limit": limit}),
    }


def _download(endpoint: str, request: Request, offset: int, limit: int, fmt: str, **fixed) -> str:
    base = {
        k: v for k, v in request.query_params.items() if k not in ("offset", "limit", "format") and v != ""
    }
    return endpoint + "?" + urlencode({**base, **fixed, "offset": offset, "limit": limit, "format": fmt})


@router.get("/", response_class=HTMLResponse)
def search_view(
    request: Request,
    conn: Conn,
    q: Text = "",
    mode: str = "fts",
    actor: Short = "",
    place: Short = "",
    category: Short = "",
    modality: Short = "",
    since: Short = "",
    until: Short = "",
    offset: str = "",
    limit: str = "",
) -> HTMLResponse:
    mode = params.choice("mode", mode, tuple(MODES), "fts")
    offset_n, limit_n = params.page(offset, limit, default=PAGE_SIZE, most=100)
    hits, pager, missing_index = [], None, None
    if q.strip():
        filters = search_filters(conn, actor, place, since, until, category, modality)
        if mode != "fts" and not has_vectors(conn):
            missing_index = no_vectors_message()
        else:
            total, hits = search_page(conn, q, mode, filters, offset_n, limit_n)
            pager = _pager(request, total, offset_n, limit_n)
    return render(
        request,
        "search.html",
        {
            "q": q,
            "mode": mode,
            "modes": list(MODES),
            "actor": actor,
            "place": place,
            "category": category,
            "modality": modality,
            "since": since,
            "until": until,
            "hits": hits,
            "pager": pager,
            "missing_index": missing_index,
            "csv": _download("/search", request, offset_n, limit_n, "csv"),
            "json": _download("/search", request, offset_n, limit_n, "json"),
        },
    )


@router.get("/events", response_class=HTMLResponse)
def events_view(
    request: Request,
    conn: Conn,
    actor: Short = "",
    counterpart: Short = "",
    category: Short = "",
    modality: Short = "",
    place: Short = "",
    outlet: Short = "",
    since: Short = "",
    until: Short = "",
    sort: Short = "-date",
    offset: str = "",
    limit: str = "",
) -> HTMLResponse:
    f = event_filters(conn, actor, counterpart, category, modality, place, outlet, since, until)
    sort = params.choice("sort", sort, tuple(k for key in SORTS for k in (key, "-" + key)), "-date")
    offset_n, limit_n = params.page(offset, limit, default=50, most=100)
    rows = event_rows(conn, f, sort=sort, offset=offset_n, limit=limit_n)
    for r in rows:
        r["words"] = fact_sentence("event", r["type"], r["source"], r["target"])
    base = {k: v for k, v in request.query_params.items() if k not in ("sort", "offset") and v != ""}
    facet_base = {k: v for k, v in base.items() if k != "limit"}
    sorts = {
        key: "/ui/events?" + urlencode({**base, "sort": ("-" + key) if sort == key else key}) for key in SORTS
    }
    return render(
        request,
        "events.html",
        {
            "f": {
                "actor": actor,
                "counterpart": counterpart,
                "category": category,
                "modality": modality,
                "place": place,
                "outlet": outlet,
                "since": since,
                "until": until,
            },
            "sort": sort,
            "sorts": sorts,
            "facets": {
                name: [
                    (value, n, "/ui/events?" + urlencode({**facet_base, name: value}))
                    for value, n in counts.items()
                ]
                for name, counts in facets(conn, f).items()
            },
            "rows": rows,
            "pager": _pager(request, count_events(conn, f), offset_n, limit_n),
            "csv": _download("/events", request, offset_n, limit_n, "csv", sort=sort),
            "json": _download("/events", request, offset_n, limit_n, "json", sort=sort),
        },
    )


@router.get("/dyad", response_class=HTMLResponse)
def dyad_view(
    request: Request,
    conn: Conn,
    a: Short = "",
    b: Short = "",
    category: Short = "",
    modality: Short = "",
    since: Short = "",
    until: Short = "",
    offset: str = "",
    limit: str = "",
) -> HTMLResponse:
    context: dict[str, Any] = {
        "a": a,
        "b": b,
        "category": category,
        "modality": modality,
        "since": since,
        "until": until,
        "found": None,
    }
    if a.strip() and b.strip():
        found = dyad_page(conn, a, b, category, modality, since, until)
        offset_n, limit_n = params.page(offset, limit, default=PAGE_SIZE, most=100)
        ids = {
            i
            for f in found.facts[offset_n : offset_n + limit_n]
            for side in (f.source, f.target, f.reported_by)
            for i in ([side] if isinstance(side, str) else side or [])
        }
        names = entity_names(conn, sorted(ids))

        def said(ref) -> str:
            refs = [ref] if isinstance(ref, str) else list(ref or [])
            return " and ".join(names.get(i, i) for i in refs)

        evidence = [
            {
                "fact": f,
                "words": fact_sentence(f.kind, f.type, said(f.source), said(f.target)),
                "reported_by": said(f.reported_by),
            }
            for f in found.facts[offset_n : offset_n + limit_n]
        ]
        types = sorted({r["type"] for r in found.timeline})
        a_id, b_id = found.a[0].id, found.b[0].id
        context.update(
            {
                "found": found,
                "evidence": evidence,
                "pager": _pager(request, len(found.facts), offset_n, limit_n),
                "chart": timeline_svg(found.timeline, link={"actor": a_id, "counterpart": b_id}),
                "legend": legend(types),
                "csv": _download("/dyads", request, offset_n, limit_n, "csv"),
                "json": _download("/dyads", request, offset_n, limit_n, "json"),
                "events_link": "/ui/events?" + urlencode({"actor": a_id, "counterpart": b_id}),
            }
        )
    return render(request, "dyad.html", context)


@router.get("/map", response_class=HTMLResponse)
def map_view(
    request: Request,
    conn: Conn,
    actor: Short = "",
    category: Short = "",
    since: Short = "",
    until: Short = "",
    offset: str = "",
    limit: str = "",
) -> HTMLResponse:
    ids = params.actor_ids(conn, "actor", actor)[:1]
    since_d, until_d = params.date_range(since, until)
    cat = params.category(category)
    offset_n, limit_n = params.page(offset, limit, default=500, most=5000)
    features = place_features(conn, actor=ids, category=cat, since=since_d, until=until_d)
    shown = features[offset_n : offset_n + limit_n]
    link = {
        "actor": ids[0] if ids else "",
        "category": cat or "",
        "since": since_d or "",
        "until": until_d or "",
    }
    return render(
        request,
        "map.html",
        {
            "actor": actor,
            "category": category,
            "since": since,
            "until": until,
            "svg": map_svg(shown, link=link),
            "places": shown[:50],
            "pager": _pager(request, len(features), offset_n, limit_n),
            "geojson": _download("/places", request, offset_n, limit_n, "geojson"),
            "csv": _download("/places", request, offset_n, limit_n, "csv"),
            "json": _download("/places", request, offset_n, limit_n, "json"),
        },
    )


@router.get("/network", response_class=HTMLResponse)
def network_view(
    request: Request,
    conn: Conn,
    actor: Short = "",
    category: Short = "",
    since: Short = "",
    until: Short = "",
    cap: str = "",
    min_weight: str = "",
) -> HTMLResponse:
    context: dict[str, Any] = {
        "actor": actor,
        "category": category,
        "since": since,
        "until": until,
        "cap": cap,
        "min_weight": min_weight,
        "net": None,
    }
    if actor.strip():
        ident = params.actor_ids(conn, "actor", actor)[0]
        since_d, until_d = params.date_range(since, until)
        cap_n = params.number("cap", cap, 25, 1, 200)
        weight_n = params.number("min_weight", min_weight, 1, 1, 10_000)
        net = actor_network(
            conn,
            ident,
            cap=cap_n,
            min_weight=weight_n,
            category=params.category(category),
            since=since_d,
            until=until_d,
        )
        query = {k: v for k, v in request.query_params.items() if v != ""}
        context.update(
            {
                "net": net,
                "svg": network_svg(net.nodes, net.edges),
                "csv": "/network?" + urlencode({**query, "limit": 100, "format": "csv"}),
                "json": "/network?" + urlencode({**query, "limit": 100, "format": "json"}),
            }
        )
    return render(request, "network.html", context)


@router.get("/actors", response_class=HTMLResponse)
def actors_view(
    request: Request, conn: Conn, q: Short = "", offset: str = "", limit: str = ""
) -> HTMLResponse:
    offset_n, limit_n = params.page(offset, limit, default=50, most=100)
    total, items = actor_list(conn, q, None, offset_n, limit_n)
    return render(
        request,
        "actors.html",
        {
            "q": q,
            "items": items,
            "pager": _pager(request, total, offset_n, limit_n),
            "csv": _download("/actors", request, offset_n, limit_n, "csv"),
            "json": _download("/actors", request, offset_n, limit_n, "json"),
        },
    )


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_view(request: Request, conn: Conn, name: str) -> HTMLResponse:
    page = newsdesk.actor_page(conn, name[:200]) if len(name) <= 200 else None
    if page is None:
        raise HTTPException(404, f"no actor called {params.shown(name)}")
    ids = {
        i
        for r in page.relations
        for side in (r["source"], r["target"])
        for i in ([side] if isinstance(side, str) else side or [])
    }
    names = entity_names(conn, sorted(ids))

    def said(ref) -> str:
        refs = [ref] if isinstance(ref, str) else list(ref or [])
        return " and ".join(names.get(i, i) for i in refs)

    relations = [
        {**r, "words": fact_sentence("relation", r["type"], said(r["source"]), said(r["target"]))}
        for r in page.relations
    ]
    chart = bars_svg(
        [
            (c["name"], c["facts"], "/ui/dyad?" + urlencode({"a": page.id, "b": c["id"]}))
            for c in page.counterparts
            if c["id"] != page.id
        ]
    )
    return render(
        request,
        "actor.html",
        {
            "page": page,
            "roles": [role_words(r) for r in page.roles],
            "relations": relations,
            "chart": chart,
            "quotes_by": [q | quote_form(q) for q in quotes_by(conn, page.id)],
            "quotes_about": [q | quote_form(q) for q in quotes_about(conn, page.id)],
        },
    )


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_view(
    request: Request, conn: Conn, doc_id: str, start: int | None = None, end: int | None = None
) -> HTMLResponse:
    doc = document(conn, doc_id) if len(doc_id) <= 200 else None
    if doc is None:
        raise HTTPException(404, f"no document {params.shown(doc_id)}")
    focus = (start, end) if start is not None and end is not None else None
    refs = {
        i
        for kind in ("events", "relations", "quotes")
        for item in doc.get(kind, [])
        for side in ("source", "target", "reported_by", "speaker")
        for i in ([item.get(side)] if isinstance(item.get(side), str) else item.get(side) or [])
    }
    role_of = {r["of"] for e in doc["entities"] for r in e.get("roles", []) if r.get("of")}
    names = {e["id"]: e["name"] for e in doc["entities"]} | entity_names(conn, sorted(refs | role_of))
    for e in doc["entities"]:  # "vice president of Iraq", not "of country:IRQ"
        for r in e.get("roles", []):
            r["of_name"] = names.get(r.get("of"), r.get("of"))
    place_names = {p["name"].casefold() for p in doc.get("places", [])}

    def said(ref) -> str:
        refs_ = [ref] if isinstance(ref, str) else list(ref or [])
        return " and ".join(names.get(i, i) for i in refs_)

    facts = [
        {
            **item,
            "kind": kind,
            "words": fact_sentence(kind, item["type"], said(item.get("source")), said(item.get("target"))),
            "reported": said(item.get("reported_by")),
            "text": doc["body"][item["start"] : item["end"]],
        }
        for kind in ("event", "relation")
        for item in doc.get(kind + "s", [])
    ]
    quotes = [
        {**q, **quote_form(q), "who": said(q.get("speaker")) or q.get("speaker_name") or "unknown speaker"}
        for q in doc.get("quotes", [])
    ]
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "runs": runs(segments(doc["body"], document_spans(doc, focus))),
            "focus": focus,
            "actors": [e for e in doc["entities"] if not _place_like(e, refs)],
            "place_entities": [
                e for e in doc["entities"] if _place_like(e, refs) and e["name"].casefold() not in place_names
            ],
            "facts": sorted(facts, key=lambda f: f["start"]),
            "quotes": quotes,
            "captions": [c for c in (doc.get("captions") or []) if isinstance(c, str | dict)][:50],
        },
    )


@router.get("/ask", response_class=HTMLResponse)
def ask_view(request: Request, conn: Conn, q: Text = "") -> HTMLResponse:
    brief = newsdesk.ask(conn, q) if q.strip() else None
    return render(request, "ask.html", {"q": q, "brief": brief})
