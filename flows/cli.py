"""The ``copydesk`` command line.

Exit status: 0 when the command did its job (rejected inputs included), 1 when a run failed,
2 for a usage or configuration error, 3 when the warehouse is missing or busy.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows import progress
from flows.analyst import add_analyst_commands
from flows.config import load_settings, set_console_log_level
from flows.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WAREHOUSE,
    add_db_option,
    err,
    out,
)
from flows.discover import discover_files
from flows.errors import ConfigError, CopydeskError, NothingLoaded
from flows.read import missing_input, read_file
from flows.rejections import Rejection
from flows.sources import load_sources
from transforms.models import Article, Document, ParseFailure
from transforms.parse import parse_document
from transforms.urllists import looks_like_url_list
from warehouse.connection import open_reader
from warehouse.errors import WarehouseError, WarehouseLocked, WarehouseMissing

if TYPE_CHECKING:
    from flows.report import IngestSummary

# Inputs above which a progress bar is worth drawing.
_PROGRESS_MIN_INPUTS = 50


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _extraction_record(outcome: Article | ParseFailure | Rejection) -> dict[str, object]:
    if isinstance(outcome, Article):
        fields = asdict(outcome)
        # The judgement first: `extract` is how one checks why a page was (not) taken.
        first = ("source_uri", "is_article", "article_score", "judgement_reasons",
                 "extraction_score", "title")  # fmt: skip
        return {**{name: fields.pop(name) for name in first}, **fields}
    stage = outcome.stage if isinstance(outcome, Rejection) else "parse"
    return {
        "source_uri": outcome.source_uri,
        "doc_id": outcome.doc_id,
        "rejected": {"stage": stage, "reason": outcome.reason, "detail": outcome.detail},
    }


def cmd_extract(args: argparse.Namespace) -> int:
    """Parse files and print what was extracted, one JSON object per document."""
    settings = load_settings()
    discovery = discover_files(args.paths)
    now = datetime.now(UTC)
    outcomes: list[Article | ParseFailure | Rejection] = [
        missing_input(p) for p in discovery.missing
    ]
    for path in discovery.files:
        read = read_file(path, max_bytes=settings.max_document_bytes, now=now)
        outcomes.append(parse_document(read) if isinstance(read, Document) else read[0])
    for outcome in outcomes:
        record = _extraction_record(outcome)
        indent = None if args.jsonl else 2
        sys.stdout.write(
            json.dumps(record, ensure_ascii=False, indent=indent, default=_json_default) + "\n"
        )
    return EXIT_OK


class _Bar:
    """Adapts a rich progress bar to flows.progress."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._task = bar.add_task("ingesting", total=None)

    def set_total(self, total: int) -> None:
        self._bar.update(self._task, total=total)
        self._bar.update(self._task, visible=total >= _PROGRESS_MIN_INPUTS)

    def advance(self, steps: int) -> None:
        self._bar.advance(self._task, steps)


@contextmanager
def _progress_bar() -> Iterator[None]:
    if not err.is_terminal:
        yield
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        bar.update(bar.add_task("starting Prefect", total=None), visible=False)
        with progress.reporting_to(_Bar(bar)):
            yield


@dataclass(frozen=True)
class IngestRequest:
    """What ``copydesk ingest`` was asked to load, split by the flow that loads it."""

    files: tuple[str, ...] = ()
    web: tuple[str, ...] = ()
    sources_file: str | None = None
    only: tuple[str, ...] = ()


def split_inputs(paths: Sequence[str], *, sources_file: str | None = None) -> IngestRequest:
    """URLs and URL-list files go to ingest-web; files and directories to ingest-files."""
    files: list[str] = []
    web: list[str] = []
    for raw in paths:
        if raw.startswith(("http://", "https://")):
            web.append(raw)
        elif _is_url_list(Path(raw)):
            web.append(str(Path(raw).expanduser().absolute()))
        else:
            files.append(raw)
    return IngestRequest(files=tuple(files), web=tuple(web), sources_file=sources_file)


def _is_url_list(path: Path) -> bool:
    """A plain-text file of URLs (one per line), as opposed to an article dump."""
    if not path.is_file() or path.suffix.lower() not in (".txt", ".list", ".urls", ""):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)
    except OSError:
        return False
    return looks_like_url_list(head.decode("utf-8", "replace"))


def run_ingest(
    paths: Sequence[str],
    *,
    db: str | None,
    batch_size: int | None,
    keep_non_articles: bool | None = None,
    sources_file: str | None = None,
    only: Sequence[str] = (),
    allow_private_hosts: bool | None = None,
    rate_limit: float | None = None,
) -> list[IngestSummary]:
    """Run the ingest flows the inputs need, with Prefect's console quiet and a progress bar.

    Returns:
        One summary per flow run: ingest-files first, then ingest-web.
    """
    request = split_inputs(paths, sources_file=sources_file)
    settings = load_settings(
        db=db,
        batch_size=batch_size,
        keep_non_articles=keep_non_articles,
        allow_private_hosts=allow_private_hosts,
        rate_limit=rate_limit,
    )
    if sources_file:
        load_sources(sources_file).select(only)  # a bad file fails here, before any run
    set_console_log_level(settings.log_level)
    # Imported here: Prefect loads only for commands that run flows.
    from flows.ingest import ingest_files
    from flows.web import ingest_web

    summaries: list[IngestSummary] = []
    with _progress_bar():
        if request.files:
            summaries.append(
                ingest_files(
                    list(request.files),
                    db=str(settings.db_path),
                    batch_size=batch_size,
                    keep_non_articles=settings.keep_non_articles,
                )
            )
        if request.web or sources_file:
            try:
                summary = ingest_web(
                    urls=list(request.web),
                    sources_file=sources_file,
                    only=list(only),
                    db=str(settings.db_path),
                    batch_size=batch_size,
                    allow_private_hosts=settings.allow_private_hosts,
                    keep_non_articles=settings.keep_non_articles,
                    rate_limit=settings.rate_limit,
                )
            except NothingLoaded as exc:
                # The run was recorded and reported before it failed: show what it saw.
                summary = cast("IngestSummary", exc.summary)
            summaries.append(summary)
    return summaries


def print_summary(summary: IngestSummary) -> None:
    """The run's counts, its rejects by reason, and where to look next."""
    from flows.report import outcome_rows, reject_rows

    c = summary.counts
    out.print(
        f"[bold]{summary.flow_name}[/] {summary.status}: {c.count_inputs} inputs -> "
        f"{c.count_articles_new} new, {c.count_articles_updated} updated, "
        f"{c.count_articles_unchanged} unchanged, {c.count_duplicates} duplicates, "
        + (f"{c.count_not_modified} not modified, " if c.count_not_modified else "")
        + (f"{c.count_skipped} skipped, " if c.count_skipped else "")
        + f"{summary.count_rejected} rejected ({summary.duration_s:.1f} s)"
    )
    if summary.discovery:
        out.print(summary.discovery_line())
    table = Table("outcome", "count", title="Inputs by outcome", title_justify="left")
    for row in outcome_rows(summary):
        table.add_row(str(row["outcome"]), str(row["count"]))
    out.print(table)
    if summary.rejects_by_reason:
        rejects = Table("stage", "reason", "count", "example", title="Rejects by reason")
        rejects.title_justify = "left"
        for row in reject_rows(summary):
            rejects.add_row(*(str(row[k]) for k in ("stage", "reason", "count", "example")))
        out.print(rejects)
    if summary.count_ignored_files:
        out.print(f"{summary.count_ignored_files} files with other extensions were ignored.")
    out.print(f"Warehouse: {summary.db_path}  (load {summary.load_id})")
    if summary.flow_run_id:
        out.print(
            "Prefect flow run: "
            f"{summary.flow_run_id}  (see it with `copydesk ui`, then "
            f"http://127.0.0.1:4200/runs/flow-run/{summary.flow_run_id})"
        )


def cmd_ingest(args: argparse.Namespace) -> int:
    """Load files, directories, URLs and sources into the warehouse."""
    if not args.paths and not args.sources:
        err.print("give files, directories or URLs to ingest, or --sources FILE")
        return EXIT_USAGE
    if args.only and not args.sources:
        err.print("--only selects sources of a --sources file")
        return EXIT_USAGE
    summaries = run_ingest(
        args.paths,
        db=args.db,
        batch_size=args.batch_size,
        keep_non_articles=True if args.keep_non_articles else None,
        sources_file=args.sources,
        only=args.only or (),
        allow_private_hosts=True if args.allow_private_hosts else None,
    )
    for summary in summaries:
        print_summary(summary)
    return EXIT_OK if all(s.status != "failed" for s in summaries) else EXIT_FAILED


def print_query(db: str | None, query: str, *, fmt: str = "table", max_rows: int = 100) -> None:
    """Run a read-only query and print the result."""
    settings = load_settings(db=db)
    with open_reader(settings.db_path) as con:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return
    if fmt == "jsonl":
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            sys.stdout.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
        return
    table = Table(*columns)
    for row in rows[:max_rows]:
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)
    shown = min(len(rows), max_rows)
    more = f" (first {shown} shown; use LIMIT or --max-rows)" if len(rows) > max_rows else ""
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}{more}")


def cmd_sql(args: argparse.Namespace) -> int:
    """Query the warehouse read-only."""
    import duckdb

    try:
        print_query(args.db, args.query, fmt=args.format, max_rows=args.max_rows)
    except duckdb.Error as exc:
        err.print(f"[red]query failed:[/] {exc}")
        return EXIT_FAILED
    return EXIT_OK


def cmd_reparse(args: argparse.Namespace) -> int:
    """Extract stored documents again with the current extractors."""
    settings = load_settings(db=args.db)
    set_console_log_level(settings.log_level)
    from flows.reparse import reparse

    with _progress_bar():
        summary = reparse(
            db=str(settings.db_path),
            everything=args.all,
            keep_non_articles=True if args.keep_non_articles else None,
        )
    print_summary(summary)
    return EXIT_OK if summary.status != "failed" else EXIT_FAILED


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the scheduled deployments (sources' crons and the files inbox) until Ctrl-C."""
    settings = load_settings(db=args.db)
    set_console_log_level("INFO")  # serving is long-running: show what the runner does
    from flows.deployments import DEFAULT_FILES_CRON, serve_deployments

    inbox = Path(args.inbox) if args.inbox else settings.data_dir / "inbox"
    out.print(
        f"Serving copydesk's deployments (sources: {args.sources or 'none'}, files inbox: {inbox})."
        " Stop with Ctrl-C."
    )
    files_cron = DEFAULT_FILES_CRON if args.files_cron is None else args.files_cron
    serve_deployments(args.sources, db=settings.db_path, inbox=inbox, files_cron=files_cron)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled sample corpus and show what an analyst can ask of it."""
    from flows.demo import run_demo

    return run_demo(db=args.db, out=out)


def cmd_ui(args: argparse.Namespace) -> int:
    """Start the Prefect server and UI over the database the runs are recorded in."""
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect), "server", "start", "--host", args.host, "--port", str(args.port)]
    out.print(
        f"Prefect UI on http://{args.host}:{args.port} (PREFECT_HOME={os.environ['PREFECT_HOME']})."
        " Stop it with Ctrl-C."
    )
    os.execv(command[0], command)
    return EXIT_OK  # pragma: no cover - execv does not return


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="News ETL: read articles, extract, validate, load into DuckDB.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="load article files, directories, URLs or sources into the warehouse",
        description="Read, extract, validate and load articles into the DuckDB warehouse, as "
        "one Prefect flow run per call. Every input ends as a loaded article or a row in "
        "ops.rejects with its reason; the run's counts are printed at the end.",
    )
    ingest.add_argument(
        "paths",
        nargs="*",
        metavar="PATH_OR_URL",
        help=".html/.htm/.txt files (+.gz), directories, URL-list files, or URLs of article "
        "pages, feeds, sitemaps, URL lists and home pages",
    )
    add_db_option(ingest)
    ingest.add_argument("--batch-size", type=int, metavar="N", help="documents per transaction")
    ingest.add_argument("--sources", metavar="FILE", help="a sources.toml to crawl")
    ingest.add_argument(
        "--only", action="append", metavar="NAME", help="only this source (repeatable)"
    )
    ingest.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="fetch private, loopback and link-local addresses (refused by default)",
    )
    ingest.add_argument(
        "--keep-non-articles",
        action="store_true",
        help="load pages judged not to be articles (flagged) instead of rejecting them",
    )
    ingest.set_defaults(handler=cmd_ingest)

    extract = commands.add_parser(
        "extract",
        help="parse files and print the extracted fields as JSON (no loading)",
        description="Parse article files and print, per document, the metadata, the main "
        "text found and the article judgement (is_article, article_score, extraction_score "
        "and its reasons) as JSON. Files that cannot be read or parsed print their reject "
        "reason. Nothing is written to the warehouse.",
    )
    extract.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".html/.htm/.txt files (+.gz) or directories of them",
    )
    extract.add_argument("--jsonl", action="store_true", help="one compact JSON object per line")
    extract.set_defaults(handler=cmd_extract)

    sql = commands.add_parser(
        "sql",
        help="run a read-only SQL query against the warehouse",
        description="Run one read-only SQL query against the warehouse and print the result "
        "(tables and columns: docs/warehouse.md).",
    )
    sql.add_argument("query", metavar="QUERY")
    add_db_option(sql)
    sql.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    sql.add_argument("--max-rows", type=int, default=100, metavar="N", help="rows in a table")
    sql.set_defaults(handler=cmd_sql)

    reparse = commands.add_parser(
        "reparse",
        help="extract stored documents again with the current extractors",
        description="Extract the documents stored in raw.documents again with the current "
        "extractors and reload the results, without fetching anything.",
    )
    add_db_option(reparse)
    reparse.add_argument(
        "--all",
        action="store_true",
        help="every input's current document (default: older extractor versions and rejects)",
    )
    reparse.add_argument(
        "--keep-non-articles",
        action="store_true",
        help="load pages judged not to be articles (flagged) instead of rejecting them",
    )
    reparse.set_defaults(handler=cmd_reparse)

    serve = commands.add_parser(
        "serve",
        help="run the scheduled deployments (sources' crons, the files inbox) on a Prefect server",
        description="Serve copydesk's deployments: each source's crawl on its cron and the "
        "ingest of the files inbox. Runs until interrupted; watch the runs with copydesk ui.",
    )
    serve.add_argument("--sources", metavar="FILE", help="a sources.toml with schedules")
    serve.add_argument("--inbox", metavar="DIR", help="directory ingested on a schedule "
                       "(default: data/inbox)")  # fmt: skip
    serve.add_argument("--files-cron", metavar="CRON",
                       help="schedule of the inbox ingest (default: hourly)")  # fmt: skip
    add_db_option(serve)
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser(
        "demo",
        help="ingest the bundled sample corpus and query it",
        description="Ingest the bundled sample corpus (original pages and dumps, with a broken "
        "upload and a home page among them) into a warehouse and print a few analyst queries "
        "over it.",
    )
    add_db_option(demo)
    demo.set_defaults(handler=cmd_demo)

    add_analyst_commands(commands)

    ui = commands.add_parser(
        "ui",
        help="start the Prefect UI over copydesk's runs",
        description="Start a local Prefect server with its UI over copydesk's Prefect home, "
        "where every ingest run is recorded.",
    )
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    ui.add_argument("--port", type=int, default=4200, help="port to listen on (4200)")
    ui.set_defaults(handler=cmd_ui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``copydesk`` console script."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/] {exc}")
        return EXIT_USAGE
    except WarehouseMissing as exc:
        err.print(f"[red]{exc}[/]")
        return EXIT_WAREHOUSE
    except WarehouseLocked as exc:
        err.print(f"[red]the warehouse is busy:[/] {exc}; try again when the load has finished")
        return EXIT_WAREHOUSE
    except (CopydeskError, WarehouseError) as exc:
        err.print(f"[red]{type(exc).__name__}:[/] {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
