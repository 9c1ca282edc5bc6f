"""Corpus commands: ingest, search, actor, dyad, ask, export. Thin: the logic is in store/ and answer/."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import newsdesk

from ..answer.export import FORMATS as EXPORT_FORMATS
from ..answer.export import described as described_formats
from . import app
from .options import DbOption, ExecutorOption, SchedulerOption, WorkersOption


def _read_inputs(paths: list[str]):
    """Pages from files, folders, WARC files and URLs, read where the command runs."""
    from ..ingest.sources import read_sources

    return read_sources(paths)


def _store(db: str | None):
    return newsdesk.open_store(db)


def _progress(console: Console) -> Progress:
    """The progress bar of the commands that work through the store page by page."""
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files or folders to read")],
    db: DbOption = None,
    workers: WorkersOption = 1,
    executor: ExecutorOption = "auto",
    scheduler: SchedulerOption = None,
    batch_size: Annotated[int, typer.Option(help="documents per analysis batch")] = 32,
    commit_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="documents per transaction (default: the batch size); bulk loads into a large "
            "store go faster with larger commits, e.g. 1000",
        ),
    ] = None,
    embed: Annotated[
        bool | None,
        typer.Option(
            "--embed/--no-embed",
            help="semantic search: by default one vector per article (title, standfirst, lead); --embed "
            "adds sentence vectors (slow), --no-embed stores none; both fill in stored articles without",
        ),
    ] = None,
) -> None:
    """Analyse pages and store them; re-running skips what is stored (idempotent, resumable)."""
    engine = _store(db)
    err = Console(stderr=True)
    timings: dict[str, float] = {}
    options = {"workers": workers, "executor": executor, "scheduler": scheduler, "timings": timings}
    started = time.perf_counter()
    with _progress(err) as progress:
        task = progress.add_task("ingest", total=None)
        report = newsdesk.ingest(
            engine,
            _read_inputs(paths),
            batch_size=batch_size,
            commit_size=commit_size,
            embed=embed,
            on_start=lambda n: progress.update(task, total=n),
            on_batch=lambda n: progress.advance(task, n),
            **options,
        )
        if embed is not False:
            from ..store.vectors import backfill
            from ..store.writer_lock import StoreBusy

            vectors = progress.add_task("embed", total=None)
            try:
                backfill(
                    engine,
                    sentences=bool(embed),
                    batch_size=batch_size,
                    on_start=lambda n: progress.update(vectors, total=n),
                    on_batch=lambda n: progress.advance(vectors, n),
                )
            except StoreBusy:
                pass  # the ingest itself was refused and says so below
    for line in report.notes:  # stored, with what had to change for the store to hold it
        err.print(f"newsdesk ingest: {' '.join(line.split())}", markup=False, highlight=False, soft_wrap=True)
    for line in report.errors:
        one_line = " ".join(line.split())  # one line per bad input, whatever the exception said
        err.print(f"newsdesk ingest: {one_line}", markup=False, highlight=False, soft_wrap=True)
    elapsed = time.perf_counter() - started
    if timings:
        spent = ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items())
        err.print(f"stage seconds: {spent}", markup=False, highlight=False, soft_wrap=True)
    err.print(
        f"read {report.read}, stored {report.stored}, already stored {report.skipped}, "
        f"failed {len(report.errors)} in {elapsed:.1f} s",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def reprocess(
    db: DbOption = None,
    workers: WorkersOption = 1,
    executor: ExecutorOption = "auto",
    scheduler: SchedulerOption = None,
    batch_size: Annotated[int, typer.Option(help="documents per analysis batch and per commit")] = 32,
) -> None:
    """Re-read every stored page with the current stages, from the raw input kept in the store."""
    from ..store.reprocess import reprocess as run_reprocess
    from ..store.writer_lock import StoreBusy

    engine = _store(db)
    err = Console(stderr=True)
    try:
        with _progress(err) as progress:
            task = progress.add_task("reprocess", total=None)
            done = run_reprocess(
                engine,
                batch_size=batch_size,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                on_start=lambda n: progress.update(task, total=n),
                on_batch=lambda n: progress.advance(task, n),
            )
    except StoreBusy as busy:
        err.print(f"newsdesk reprocess: {busy}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    err.print(f"re-read {done} pages", markup=False, highlight=False, soft_wrap=True)


class Mode(StrEnum):
    fts = "fts"
    semantic = "semantic"
    hybrid = "hybrid"


class Output(StrEnum):
    markdown = "markdown"
    json = "json"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words to find")],
    db: DbOption = None,
    mode: Annotated[Mode, typer.Option(help="fts (full text), semantic (embeddings) or hybrid")] = Mode.fts,
    actor: Annotated[
        str | None, typer.Option(help="only articles mentioning this actor (name or id)")
    ] = None,
    place: Annotated[
        str | None, typer.Option(help="only articles naming this place (name or country code)")
    ] = None,
    since: Annotated[str | None, typer.Option(help="published on or after (YYYY[-MM[-DD]])")] = None,
    until: Annotated[str | None, typer.Option(help="published on or before (YYYY[-MM[-DD]])")] = None,
    category: Annotated[str | None, typer.Option(help="with an event of this PLOVER category")] = None,
    modality: Annotated[str | None, typer.Option(help="with an event of this modality")] = None,
    limit: Annotated[int, typer.Option(help="results to show")] = 10,
    format: Annotated[Output, typer.Option("--format", "-f")] = Output.markdown,
) -> None:
    """Search stored articles (full text, semantic or hybrid) with filters."""
    from ..answer.search import Filters, has_vectors

    filters = Filters(
        actor=actor, place=place, since=since, until=until, category=category, modality=modality
    )
    with _store(db).connect() as conn:
        if mode is not Mode.fts and not has_vectors(conn):
            typer.echo(
                "newsdesk search: this store has no vectors; run "
                "`newsdesk ingest` without --no-embed to add them (full-text results only)",
                err=True,
            )
        hits = newsdesk.search(conn, query, mode=mode.value, filters=filters, limit=limit)
    if format is Output.json:
        typer.echo(json.dumps([vars(h) for h in hits], ensure_ascii=False, indent=2))
        return
    console = Console()
    if not hits:
        console.print("no match", markup=False)
    for n, h in enumerate(hits, start=1):
        console.print(
            f"{n}. {h.title or h.doc_id}  ({h.published or 'undated'}, {h.outlet or ''}) score {h.score:.3f}"
            + (f", {h.copies} copies of this story" if h.copies > 1 else ""),
            markup=False,
            highlight=False,
            style="bold",
        )
        console.print(f"   {' '.join(h.snippet.split())}", markup=False, highlight=False)
        if h.url:
            console.print(f"   {h.url}" + (f"  ({h.attribution})" if h.attribution else ""), markup=False)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="an actor's name, alias or id")],
    db: DbOption = None,
    format: Annotated[Output, typer.Option("--format", "-f")] = Output.markdown,
) -> None:
    """An actor's page: aliases, roles over time, counterparts, events by category."""
    with _store(db).connect() as conn:
        page = newsdesk.actor_page(conn, name)
    if page is None:
        typer.echo(f"newsdesk actor: no actor called {name!r} in the store", err=True)
        raise typer.Exit(1)
    if format is Output.json:
        typer.echo(json.dumps(vars(page), ensure_ascii=False, indent=2))
        return
    c = Console()
    c.print(f"# {page.name} ({page.id}, {page.type or '?'}) — {page.articles} articles", markup=False)
    c.print("aliases: " + ", ".join(page.aliases), markup=False)
    for r in page.roles:
        c.print(
            f"role: {r['title']}{' of ' + r['of_name'] if r['of'] else ''} ({r['first']} – {r['last']}, "
            f"{r['articles']} articles)",
            markup=False,
        )
    for p in page.counterparts:
        c.print(f"counterpart: {p['name']} ({p['facts']})", markup=False)
    for cat, mods in page.events_by_category.items():
        c.print(f"events {cat}: " + ", ".join(f"{m} {n}" for m, n in mods.items()), markup=False)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="first actor")],
    b: Annotated[str, typer.Argument(help="second actor")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="evidence lines to show")] = 20,
    format: Annotated[Output, typer.Option("--format", "-f")] = Output.markdown,
) -> None:
    """Events between two actors by month: counts by category and modality, cooperation–conflict score."""
    with _store(db).connect() as conn:
        result = newsdesk.dyad(conn, a, b)
    if format is Output.json:
        typer.echo(
            json.dumps(
                {
                    "a": [vars(x) for x in result.a],
                    "b": [vars(x) for x in result.b],
                    "timeline": result.timeline,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    c = Console()
    if not result.a or not result.b:
        missing = a if not result.a else b
        c.print(f"no actor called {missing!r} in the store", markup=False)
        raise typer.Exit(1)
    c.print(
        f"# {result.a[0].name} — {result.b[0].name}: {len(result.facts)} events and relations", markup=False
    )
    c.print("| month | type | modality | count | score |", markup=False)
    for r in result.timeline:
        c.print(
            f"| {r['month']} | {r['type']} | {r['modality']} | {r['count']} | {r['score']:+.1f} |",
            markup=False,
        )
    if result.facts:
        c.print("\nEvidence (one per story):", markup=False)
    for f in result.facts[:limit]:
        c.print(
            f"- {f.published or 'undated'} {f.type} ({f.modality}): {' '.join(f.sentence.split())[:300]}"
            f" [{f.url or f.doc_id}]",
            markup=False,
            highlight=False,
        )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='e.g. "Will al-Qaeda and IS unite?"')],
    db: DbOption = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="also write a self-contained HTML brief here")
    ] = None,
    format: Annotated[
        Output, typer.Option("--format", "-f", help="markdown (terminal) or json")
    ] = Output.markdown,
) -> None:
    """Answer a question about two actors with cited evidence (no language model)."""
    from ..answer.brief import to_html, to_json, to_markdown

    with _store(db).connect() as conn:
        brief = newsdesk.ask(conn, question)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(to_html(brief), encoding="utf-8")
    if format is Output.json:
        typer.echo(to_json(brief))
    else:
        sys.stdout.write(to_markdown(brief) + "\n")


#: The export formats as CLI choices, from the one registry (mypy reads an Enum's members only
#: from literals, so it cannot list these: the ignore is for that).
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORT_FORMATS})  # type: ignore[misc]


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Argument(help=described_formats())],
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")],
    db: DbOption = None,
) -> None:
    """Export the store (documents, events, the map, the actor network, STIX) to one file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _store(db).connect() as conn:
        n = newsdesk.export(conn, format.value, out)
    typer.echo(f"wrote {n} items to {out}", err=True)
