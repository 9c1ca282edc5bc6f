"""A burst of simultaneous API requests: how many fail, and how long the slowest wait.

The requests are drawn from the store itself (titles' words to search, documents, the actors
named most, pairs of actors that share events, questions about those pairs), so on any store
they ask for things that are there. Every request is released at the same instant by a
barrier; an error is a transport failure or a 5xx answer (a 404 or 422 is the API answering).
Loopback only: the server is started by the caller on 127.0.0.1.
"""

from __future__ import annotations

import random
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine, func, select

from ..store.schema import articles, entities, event_actors, mentions

#: Share of each kind of request in a burst.
MIX = {"search": 0.3, "document": 0.2, "actor": 0.2, "dyad": 0.15, "ask": 0.15}


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    params: dict | None = None
    json: dict | None = None


def plan(engine: Engine, count: int, seed: int = 0) -> list[Call]:
    """``count`` requests in the proportions of ``MIX``, about what the store holds."""
    with engine.connect() as conn:
        docs = list(conn.scalars(select(articles.c.doc_id).where(articles.c.current.is_(True))
                                 .order_by(articles.c.id).limit(200)))
        titles = list(conn.scalars(select(articles.c.title).where(articles.c.title.is_not(None))
                                   .order_by(articles.c.id).limit(200)))
        named = func.count(mentions.c.id)
        actors = list(conn.scalars(
            select(entities.c.name).join(mentions, mentions.c.entity_id == entities.c.id)
            .group_by(entities.c.id, entities.c.name).order_by(named.desc(), entities.c.id).limit(50)
        ))
        a, b = event_actors.alias("a"), event_actors.alias("b")
        ea, eb = entities.alias("ea"), entities.alias("eb")
        shared = (a.join(b, (a.c.event_id == b.c.event_id) & (a.c.side == "source") & (b.c.side == "target")
                         & (a.c.entity_id != b.c.entity_id))
                  .join(ea, ea.c.id == a.c.entity_id).join(eb, eb.c.id == b.c.entity_id))
        shared_pairs = conn.execute(
            select(ea.c.name, eb.c.name).select_from(shared).group_by(ea.c.name, eb.c.name)
            .order_by(func.count().desc(), ea.c.name, eb.c.name).limit(50)
        ).all()
    if not docs:
        raise ValueError("the store holds no documents to ask about")
    words = sorted({w for t in titles for w in re.findall(r"[A-Za-z]{4,}", t)}) or ["news"]
    actors = actors or ["nobody"]
    pairs = [tuple(p) for p in shared_pairs] or [(actors[0], actors[-1])]
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    calls = []
    for i, kind in enumerate(kinds):
        if kind == "search":
            calls.append(Call(kind, "GET", "/search", {"q": " ".join(rng.sample(words, min(2, len(words))))}))
        elif kind == "document":
            calls.append(Call(kind, "GET", f"/documents/{rng.choice(docs)}"))
        elif kind == "actor":
            calls.append(Call(kind, "GET", f"/actors/{rng.choice(actors)}"))
        elif kind == "dyad":
            x, y = rng.choice(pairs)
            calls.append(Call(kind, "GET", "/dyads", {"a": x, "b": y}))
        else:
            x, y = rng.choice(pairs)
            question = f"Will {x} and {y} cooperate?"
            calls.append(Call(kind, "POST", "/ask", json={"question": question}) if i % 2
                         else Call(kind, "GET", "/ask", {"q": question}))
    return calls


@dataclass
class Outcome:
    kind: str
    status: int | None  # None: no answer (transport error)
    seconds: float
    error: str | None = None


def fire(base_url: str, calls: list[Call], timeout: float = 180.0) -> tuple[list[Outcome], float]:
    """Send every call at once (one thread each); the outcomes and the wall time of the burst."""
    barrier = threading.Barrier(len(calls))
    limits = httpx.Limits(max_connections=len(calls), max_keepalive_connections=len(calls))
    with httpx.Client(base_url=base_url, timeout=timeout, limits=limits, trust_env=False) as client:

        def one(call: Call) -> Outcome:
            barrier.wait()
            started = time.perf_counter()
            try:
                answer = client.request(call.method, call.path, params=call.params, json=call.json)
            except httpx.HTTPError as error:
                failed = f"{type(error).__name__}: {error}"
                return Outcome(call.kind, None, time.perf_counter() - started, failed)
            return Outcome(call.kind, answer.status_code, time.perf_counter() - started,
                           answer.text[:200] if answer.status_code >= 500 else None)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            outcomes = list(pool.map(one, calls))
        return outcomes, time.perf_counter() - started


def summary(outcomes: list[Outcome], wall: float) -> dict:
    """One JSON-ready line: errors (5xx or no answer), statuses, latency percentiles in ms."""
    times = sorted(o.seconds * 1000 for o in outcomes)
    errors = [o for o in outcomes if o.status is None or o.status >= 500]

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(p * len(times)))], 1) if times else 0.0

    return {
        "requests": len(outcomes),
        "errors": len(errors),
        "statuses": {str(k): v for k, v in sorted(Counter(str(o.status) for o in outcomes).items())},
        "kinds": dict(sorted(Counter(o.kind for o in outcomes).items())),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "max_ms": round(times[-1], 1) if times else 0.0,
        "mean_ms": round(statistics.fmean(times), 1) if times else 0.0,
        "wall_s": round(wall, 2),
        "first_errors": sorted({o.error or str(o.status) for o in errors})[:3],
    }


def wait_until_up(base_url: str, seconds: float = 120.0, alive=lambda: True) -> None:
    """Poll the API's schema until the server answers (or fail after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("the server exited before answering")
        try:
            if httpx.get(f"{base_url}/openapi.json", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer from {base_url} in {seconds:.0f} s")


@contextmanager
def served_in_thread(app, port: int) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread of this process (for tests)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, 30, alive=thread.is_alive)
        yield base
    finally:
        server.should_exit = True
        thread.join(30)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
