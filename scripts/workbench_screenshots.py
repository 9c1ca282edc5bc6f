"""Screenshots of the workbench pages on a store, for docs/workbench/ (linked from the README).

    .venv/bin/python scripts/workbench_screenshots.py --db .newsdesk/demo.db [--out docs/workbench]

Serves the store with ``newsdesk serve`` on loopback and photographs the dyad page of al-Qaeda
and the Islamic State, the map, the network of al-Qaeda, the events table and an actor page in
headless Debian Chromium (``make install-browser``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
PAGES = {
    "dyad-al-qaeda-islamic-state.png": "/ui/dyad?a=al-Qaeda&b=Islamic+State",
    "map.png": "/ui/map",
    "network-al-qaeda.png": "/ui/network?actor=al-Qaeda",
    "events-al-qaeda.png": "/ui/events?actor=al-Qaeda&limit=15",
    "actor-iyad-allawi.png": "/ui/actors/Iyad%20Allawi",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(REPO / ".newsdesk" / "demo.db"))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "workbench")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    newsdesk = Path(sys.executable).with_name("newsdesk")
    server = subprocess.Popen([str(newsdesk), "serve", "--db", args.db, "--port", str(args.port)])
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/static/style.css", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, path in PAGES.items():
                page.goto(base + path)
                page.screenshot(path=str(args.out / name), full_page=False)
                print(args.out / name)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
