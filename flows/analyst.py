"""The analysts' commands: ``copydesk search`` (BM25 full-text search) and ``copydesk export``.

Both read the warehouse through a read-only connection, so they work while nothing or something
else is reading, and wait briefly while a load holds the file. Exit status as in flows/cli.py:
0 done, 1 failed, 2 usage or configuration error, 3 warehouse missing, busy or not indexed yet.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.config import load_settings
from flows.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WAREHOUSE,
    add_db_option,
    err,
    out,
)
from warehouse.connection import open_reader, open_writer
from warehouse.errors import WarehouseMissing
from warehouse.export import ExportError, ExportResult, OutputNotEmpty, export_parquet
from warehouse.search import (
    FtsUnavailable,
    SearchError,
    SearchHit,
    SearchIndexMissing,
    index_status,
    rebuild_index,
    search,
)


def _iso_date(text: str) -> date:
    """argparse type for --since."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _positive_int(text: str) -> int:
    """argparse type for --limit."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _one_line(text: str | None) -> str:
    """A field for tab-separated output: no tabs or line breaks inside."""
    return " ".join((text or "").split())


def print_hits(hits: list[SearchHit], *, console: Console) -> None:
    """Ranked hits: a table on a terminal, tab-separated lines when piped.

    The lines hold rank, score, title, site, publication day (UTC) and snippet.
    """
    if not console.is_terminal:
        for rank, hit in enumerate(hits, start=1):
            day = hit.published_at.date().isoformat() if hit.published_at else ""
            fields = (str(rank), f"{hit.score:.3f}", hit.title, hit.site, day, hit.snippet)
            console.file.write("\t".join(_one_line(f) for f in fields) + "\n")
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("site", ratio=1)
    table.add_column("date", no_wrap=True)
    table.add_column("snippet", ratio=3)
    for rank, hit in enumerate(hits, start=1):
        day = hit.published_at.date().isoformat() if hit.published_at else ""
        # Titles and snippets are publishers' text: brackets in them are not rich markup.
        cells = (hit.title, hit.site or "", day, hit.snippet)
        table.add_row(str(rank), f"{hit.score:.2f}", *(escape(cell) for cell in cells))
    console.print(table)


def cmd_search(args: argparse.Namespace) -> int:
    """Print the articles that best match a query (BM25 over title and body)."""
    settings = load_settings(db=args.db)
    try:
        if args.reindex:
            if not settings.db_path.exists():
                raise WarehouseMissing(
                    f"no warehouse at {settings.db_path}: run `copydesk ingest` first"
                )
            with open_writer(settings.db_path) as writer:
                count = rebuild_index(writer)
            err.print(f"search index rebuilt over {count} articles")
        with open_reader(settings.db_path) as con:
            hits = search(con, args.query, since=args.since, site=args.site, limit=args.limit)
            status = index_status(con)
    except SearchIndexMissing as exc:
        err.print(
            f"[red]{escape(str(exc))}[/]; or build it now with `copydesk search --reindex QUERY`"
        )
        return EXIT_WAREHOUSE
    except FtsUnavailable as exc:
        err.print(f"[red]full-text search is not available:[/] {escape(str(exc))}")
        return EXIT_USAGE
    except SearchError as exc:
        err.print(f"[red]search failed:[/] {escape(str(exc))}")
        return EXIT_FAILED
    if not status.is_current:
        err.print(
            f"[yellow]the search index is older than the warehouse[/] ({status.count_indexed} "
            f"of {status.count_articles} articles indexed, or some changed since): results may "
            "miss recent articles; rebuild it with --reindex"
        )
    if not hits:
        err.print(f"no article matches {escape(repr(args.query))}")
        return EXIT_OK
    print_hits(hits, console=out)
    return EXIT_OK


def print_export(result: ExportResult, *, console: Console) -> None:
    """The files written, then the rows per table."""
    for path in result.files:
        console.file.write(f"{path}\n")
    console.file.flush()
    if not console.is_terminal:
        for table in result.tables:
            console.file.write(f"{table.name}\t{table.count_rows}\t{len(table.files)} files\n")
        return
    summary = Table("table", "rows", "files", "directory", title=f"Exported to {result.out_dir}")
    summary.title_justify = "left"
    for table in result.tables:
        summary.add_row(
            table.name, str(table.count_rows), str(len(table.files)), escape(str(table.directory))
        )
    console.print(summary)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the articles and their rows as Parquet partitioned by publication year and month."""
    settings = load_settings(db=args.db)
    try:
        with open_reader(settings.db_path) as con:
            result = export_parquet(
                con, Path(args.out_dir), since=args.since, overwrite=args.overwrite
            )
    except OutputNotEmpty:
        err.print(
            f"[red]{escape(args.out_dir)} is not empty:[/] choose an empty or new directory, "
            "or pass --overwrite to replace an earlier export there (other files are kept)"
        )
        return EXIT_USAGE
    except ExportError as exc:
        err.print(f"[red]export failed:[/] {escape(str(exc))}")
        return EXIT_FAILED
    print_export(result, console=out)
    return EXIT_OK


def add_analyst_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``search`` and ``export`` on the ``copydesk`` subcommand parsers."""
    search_cmd = subparsers.add_parser(
        "search",
        help="full-text search of the articles (BM25 over title and body)",
        description="Print the articles that best match QUERY, best first. On a terminal as a "
        "table; piped, one tab-separated line per hit: rank, score, title, site, date, snippet.",
    )
    search_cmd.add_argument("query", metavar="QUERY", help="words to look for, in any order")
    search_cmd.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="only articles published on or after "
        "this day (YYYY-MM-DD, UTC)"
    )  # fmt: skip
    search_cmd.add_argument(
        "--site", metavar="S", help="only this site: its name or host, e.g. example.com"
    )
    search_cmd.add_argument(
        "--limit", type=_positive_int, default=10, metavar="N", help="at most N hits (10)"
    )
    search_cmd.add_argument(
        "--reindex",
        action="store_true",
        help="rebuild the search index first (loads do it themselves; needs write access)",
    )
    add_db_option(search_cmd)
    search_cmd.set_defaults(handler=cmd_search)

    export_cmd = subparsers.add_parser(
        "export",
        help="write the articles as Parquet, partitioned by publication year/month",
        description="Write core.articles and its paragraphs, links and authors under OUT_DIR as "
        "Parquet datasets partitioned by publication year and month (UTC).",
    )
    export_cmd.add_argument("out_dir", metavar="OUT_DIR", help="an empty or new directory")
    export_cmd.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="only articles published on or after "
        "this day (YYYY-MM-DD, UTC); undated articles are then left out"
    )  # fmt: skip
    export_cmd.add_argument(
        "--overwrite", action="store_true", help="replace an earlier export in OUT_DIR"
    )
    add_db_option(export_cmd)
    export_cmd.set_defaults(handler=cmd_export)
