"""p95 latency of every workbench page and API endpoint over loopback, as one JSON line.

Serves the store (the demo store by default) with ``newsdesk serve`` in a subprocess on
127.0.0.1, sends 50 requests one after another to each page and endpoint (the first is a
warm-up and not counted: it fills the caches a fresh server has not built yet), and prints
the p95 of each with the budget it is held to (300 ms; 500 ms for ask). Also written to
``bench/results/pages.json``. Exit code 1 when a budget is missed or a request fails.

    .venv/bin/python bench/pages.py [--db .newsdesk/demo.db] [--requests 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / ".newsdesk" / "demo.db"
RESULT = REPO / "bench" / "results" / "pages.json"
ASK = "Will al-Qaeda and IS unite?"
BUDGET_MS, ASK_BUDGET_MS = 300.0, 500.0


def targets(doc_id: str) -> list[str]:
    doc = quote(doc_id, safe="")
    return [
        "/ui/?q=alliance", "/search?q=alliance", "/search?q=alliance&offset=10",
        "/ui/events", "/events", "/events?actor=al-Qaeda", "/events?actor=al-Qaeda&format=csv",
        "/ui/events?actor=United+States&category=ASSAULT&sort=-date",
        "/ui/dyad?a=al-Qaeda&b=Islamic+State", "/dyads?a=al-Qaeda&b=Islamic+State",
        "/ui/map", "/places", "/ui/map?actor=al-Qaeda",
        "/ui/network?actor=al-Qaeda", "/network?actor=al-Qaeda", "/ui/network?actor=United+States",
        "/ui/actors", "/actors", "/ui/actors/al-Qaeda", "/actors/al-Qaeda", "/ui/actors/Iyad%20Allawi",
        f"/ui/documents/{doc}", f"/documents/{doc}",
        "/ui/ask?q=" + quote(ASK), "/ask?q=" + quote(ASK),
    ]  # fmt: skip


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEMO))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if "://" not in args.db and not Path(args.db).exists():
        print(f"bench/pages.py: no store at {args.db}: run `make demo` first", file=sys.stderr)
        return 2
    from newsdesk.store.engine import open_store
    from newsdesk.store.schema import articles

    engine = open_store(args.db)
    with engine.connect() as conn:
        from sqlalchemy import select

        doc_id = conn.scalar(select(articles.c.doc_id).where(articles.c.current.is_(True)).limit(1))
    engine.dispose()
    newsdesk = Path(sys.executable).with_name("newsdesk")
    server = subprocess.Popen([str(newsdesk), "serve", "--db", args.db, "--port", str(args.port)],
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    rows, failed = [], []
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(300):
                try:
                    client.get("/static/style.css")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            for path in targets(doc_id or ""):
                times = []
                for i in range(args.requests + 1):
                    start = time.perf_counter()
                    answer = client.get(path)
                    elapsed = (time.perf_counter() - start) * 1000
                    if answer.status_code != 200:
                        failed.append(f"{path}: HTTP {answer.status_code}")
                        break
                    if i:
                        times.append(elapsed)
                if times:
                    budget = ASK_BUDGET_MS if "ask" in path else BUDGET_MS
                    rows.append({"path": path, "p95_ms": round(p95(times), 1),
                                 "median_ms": round(sorted(times)[len(times) // 2], 1), "budget_ms": budget,
                                 "ok": p95(times) < budget})
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": Path(args.db).name,
        "requests_each": args.requests,
        "worst_p95_ms": max((r["p95_ms"] for r in rows), default=None),
        "all_within_budget": all(r["ok"] for r in rows) and not failed,
        "failed": failed,
        "pages": rows,
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0 if result["all_within_budget"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
