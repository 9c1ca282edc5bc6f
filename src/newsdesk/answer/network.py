"""The actor network: who acted on whom, as a networkx graph written to GraphML."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
from sqlalchemy import Connection, select

from ..store.schema import articles, entities, event_actors, events, relation_actors, relations
from .facts import fact_score


def _pairs(conn: Connection, table, links, key: str, kind: str):
    rows = conn.execute(
        select(
            table.c.id,
            table.c.type,
            table.c.modality,
            links.c.side,
            links.c.entity_id,
            articles.c.story_id,
            *([table.c.score] if kind == "event" else []),
        )
        .join(links, links.c[key] == table.c.id)
        .join(articles, articles.c.id == table.c.article_id)
        .where(articles.c.current.is_(True), links.c.side.in_(("source", "target")))
    ).mappings()
    facts: dict[int, dict] = {}
    for r in rows:
        f = facts.setdefault(
            r["id"],
            {
                "type": r["type"],
                "modality": r["modality"],
                "story": r["story_id"],
                "score": fact_score(kind, r["type"], r.get("score")),
                "source": [],
                "target": [],
            },
        )
        f[r["side"]].append(r["entity_id"])
    seen = set()
    for f in facts.values():
        k = (f["story"], f["type"], f["modality"], tuple(sorted(f["source"])), tuple(sorted(f["target"])))
        if k in seen:
            continue
        seen.add(k)
        for s in f["source"]:
            for t in f["target"]:
                if s != t:
                    yield kind, s, t, f


def build_graph(conn: Connection) -> nx.MultiDiGraph:
    """Nodes are entities; one edge per (source, target, kind, type) with counts and summed score."""
    edges: dict[tuple, dict] = defaultdict(lambda: {"count": 0, "score": 0.0, "modalities": set()})
    for table, links, key, kind in (
        (events, event_actors, "event_id", "event"),
        (relations, relation_actors, "relation_id", "relation"),
    ):
        for kind_, s, t, f in _pairs(conn, table, links, key, kind):
            e = edges[(s, t, kind_, f["type"])]
            e["count"] += 1
            e["score"] += f["score"]
            e["modalities"].add(f["modality"])
    graph = nx.MultiDiGraph()
    ids = {i for s, t, _, _ in edges for i in (s, t)}
    known = (
        {r.id: r for r in conn.execute(select(entities).where(entities.c.id.in_(list(ids))))} if ids else {}
    )
    for i in ids:
        r = known.get(i)
        graph.add_node(
            i, name=r.name if r else i, type=(r.type if r else "") or "", code=(r.code if r else "") or ""
        )
    for (s, t, kind, type_), e in edges.items():
        graph.add_edge(
            s,
            t,
            key=f"{kind}:{type_}",
            kind=kind,
            type=type_,
            count=e["count"],
            score=round(e["score"], 2),
            modalities=",".join(sorted(e["modalities"])),
        )
    return graph


def write_graphml(conn: Connection, out: Path) -> nx.MultiDiGraph:
    graph = build_graph(conn)
    nx.write_graphml(graph, out)
    return graph
