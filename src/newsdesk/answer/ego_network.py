"""An actor's network: its counterparts as nodes, and who acted on whom (by category) as edges.

Built from the actor's facts (events and relations, one per story), so an edge between two
counterparts appears where a fact names both beside the actor ("A and B attacked C").
Weak edges (under ``min_weight`` facts) are dropped and only the ``cap`` heaviest
counterparts are kept: a page shows a readable graph, and the download says what was cut.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection

from .actor_lookup import entity_names
from .facts import facts


@dataclass
class Network:
    center: str
    nodes: list[dict] = field(default_factory=list)  # {id, name, weight}, the centre first
    edges: list[dict] = field(default_factory=list)  # {source, target, type, kind, count, score}
    dropped_nodes: int = 0


def _refs(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def actor_network(
    conn: Connection,
    ident: str,
    *,
    cap: int = 25,
    min_weight: int = 1,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Network:
    edges: dict[tuple[str, str, str, str], dict] = defaultdict(lambda: {"count": 0, "score": 0.0})
    for f in facts(conn, [ident]):
        if category and f.type != category:
            continue
        when = f.date or f.published or ""
        if (since and when < since) or (until and when > until + "\uffff"):
            continue
        for s in _refs(f.source):
            for t in _refs(f.target):
                if s != t:
                    e = edges[(s, t, f.type, f.kind)]
                    e["count"] += 1
                    e["score"] += f.score
    weight: Counter[str] = Counter()
    for (s, t, _, _), e in edges.items():
        if e["count"] >= min_weight:
            for node in (s, t):
                if node != ident:
                    weight[node] += e["count"]
    kept = {n for n, _ in weight.most_common(cap)}
    names = entity_names(conn, [ident, *kept])
    net = Network(center=ident, dropped_nodes=max(0, len(weight) - len(kept)))
    net.nodes = [{"id": ident, "name": names.get(ident, ident), "weight": sum(weight[n] for n in kept)}]
    net.nodes += [
        {"id": n, "name": names.get(n, n), "weight": weight[n]}
        for n in sorted(kept, key=lambda n: (-weight[n], n))
    ]
    keep = kept | {ident}
    net.edges = sorted(
        (
            {
                "source": s,
                "target": t,
                "source_name": names.get(s, s),
                "target_name": names.get(t, t),
                "type": type_,
                "kind": kind,
                "count": e["count"],
                "score": round(e["score"], 2),
            }
            for (s, t, type_, kind), e in edges.items()
            if e["count"] >= min_weight and s in keep and t in keep
        ),
        key=lambda e: (-e["count"], e["source"], e["target"], e["type"]),
    )
    return net
