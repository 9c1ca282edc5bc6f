"""End-to-end throughput against spaCy's NER alone: the script behind ``newsdesk bench``.

    .venv/bin/python bench/throughput.py [CORPUS...] [--workers 2] [--limit N]

Prints the same JSON line as ``newsdesk bench``. Target on 2 cores with ``--workers 2``:
``ratio >= 0.5`` and ``peak_rss_mb <= 2048`` (per worker).
"""

from __future__ import annotations

import sys

from newsdesk.cli import app

if __name__ == "__main__":
    app(["bench", *sys.argv[1:]])
