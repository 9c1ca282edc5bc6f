"""400 simultaneous API requests on loopback: errors and p95, as one JSON line.

Serves the store (the demo store by default) with ``newsdesk serve`` in a subprocess on
127.0.0.1, draws a mix of search, document, actor, dyad and ask requests from what the store
holds (``newsdesk.benchmark.burst``), releases them all at once from one thread each, and
prints one JSON line, also written to ``bench/results/burst.json``.

    .venv/bin/python bench/burst.py [--db .newsdesk/demo.db] [--requests 400] [--seed 0]

The demo store is made by ``make demo`` (about 3 minutes on 2 cores); the script refuses to
run without a store rather than build one behind your back.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from newsdesk.benchmark.burst import fire, free_port, plan, summary, wait_until_up
from newsdesk.store.engine import normalise_url, open_store

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / ".newsdesk" / "demo.db"
RESULT = REPO / "bench" / "results" / "burst.json"


def _label(db: str) -> str:
    """The store named without its directory or password."""
    url = make_url(normalise_url(db))
    if url.get_backend_name() == "sqlite":
        return f"sqlite:{Path(url.database or '').name}"
    return url.render_as_string(hide_password=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEMO), help="store path or SQLAlchemy URL (default: demo store)")
    parser.add_argument("--requests", type=int, default=400, help="requests fired at once")
    parser.add_argument("--seed", type=int, default=0, help="seed of the request mix")
    parser.add_argument("--out", default=str(RESULT), help="where the JSON result is written")
    args = parser.parse_args()
    if "://" not in args.db and not Path(args.db).exists():
        print(f"burst: no store at {args.db}; run `make demo` first or give --db", file=sys.stderr)
        return 2
    calls = plan(open_store(args.db), args.requests, seed=args.seed)
    port = free_port()
    newsdesk = Path(sys.executable).with_name("newsdesk")
    command = [str(newsdesk), "serve", "--db", args.db, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, alive=lambda: server.poll() is None)
        started = time.perf_counter()
        outcomes, wall = fire(base, calls)
        result = summary(outcomes, wall)
        result["elapsed_s"] = round(time.perf_counter() - started, 2)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    when = datetime.now(UTC).isoformat(timespec="seconds")
    result = {"bench": "burst", "store": _label(args.db), "when": when, "cores": os.cpu_count(), **result}
    line = json.dumps(result)
    print(line)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(line + "\n", encoding="utf-8")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
