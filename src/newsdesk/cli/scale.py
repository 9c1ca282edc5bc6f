"""`newsdesk follow FEED_URL...` and `newsdesk bench [CORPUS]`: thin layers over ingest/ and benchmark/."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

import newsdesk

from . import app
from .options import DbOption, ExecutorOption, SchedulerOption, WorkersOption

DEFAULT_CORPUS = Path("../shared/corpus")


@app.command()
def follow(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed or sitemap URLs")],
    db: DbOption = None,
    state: Annotated[Path | None, typer.Option(
        help="where ETags and the entries already taken are kept "
             "(default: $NEWSDESK_FETCH_STATE, else .newsdesk/fetch-state.json)", show_default=False)] = None,
    every: Annotated[float, typer.Option(help="re-read the feeds every this many seconds (0: once)")] = 0.0,
    per_host_interval: Annotated[float, typer.Option(help="seconds between two requests to one host")] = 1.0,
    workers: WorkersOption = 1,
    executor: ExecutorOption = "auto",
    scheduler: SchedulerOption = None,
) -> None:
    """Fetch what is new in feeds or sitemaps (politely, public addresses only) and store it."""
    from ..ingest.feeds import read_feed
    from ..ingest.fetch import Fetcher, FetchPolicy
    from ..ingest.fetch_state import FetchState, default_path
    engine = newsdesk.open_store(db)
    failed = False
    while True:
        policy = FetchPolicy(per_host_interval=per_host_interval)
        with Fetcher(policy=policy, state=FetchState(state or default_path())) as fetcher:
            items = (item for feed in feeds for item in read_feed(feed, fetcher))
            report = newsdesk.ingest(engine, items, workers=workers, executor=executor, scheduler=scheduler)
        for line in report.errors:
            print(f"newsdesk follow: {line}", file=sys.stderr)
        print(f"newsdesk follow: read {report.read} new pages, stored {report.stored}, "
              f"already stored {report.skipped}, failed {len(report.errors)}", file=sys.stderr)
        failed = failed or bool(report.errors)
        if every <= 0:
            break
        time.sleep(every)
    if failed:
        raise typer.Exit(1)


@app.command()
def bench(
    corpus: Annotated[list[Path] | None, typer.Argument(help="files, folders or WARC archives "
                                                        "(default ../shared/corpus)")] = None,
    workers: Annotated[int, typer.Option(help="worker processes (a process pool when above 1)")] = 1,
    executor: Annotated[str | None, typer.Option(help="local, process or dask (default: by --workers)")]
    = None,
    limit: Annotated[int | None, typer.Option(help="only the first N articles")] = None,
    batch_size: Annotated[int, typer.Option(help="documents per analysis batch")] = 32,
    no_embed: Annotated[bool, typer.Option("--no-embed", help="without the article vectors, as "
                                           "`ingest --no-embed` runs")] = False,
) -> None:
    """Articles/s and words/s end to end against spaCy's NER alone; prints one JSON line."""
    from itertools import islice

    from ..benchmark.throughput import run
    from ..ingest.sources import read_sources
    from ..model import RawPage

    paths = corpus or [DEFAULT_CORPUS]
    pages = [item for item in read_sources([str(p) for p in paths]) if isinstance(item, RawPage)]
    pages = list(islice(pages, limit)) if limit else pages
    if not pages:
        typer.echo(f"newsdesk bench: no pages in {', '.join(map(str, paths))}", err=True)
        raise typer.Exit(1)
    result = run(pages, workers=workers, executor=executor, batch_size=batch_size,
                 skip=("vectors",) if no_embed else ())
    typer.echo(json.dumps(result.to_dict()))
