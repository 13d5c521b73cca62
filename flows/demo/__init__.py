"""``copydesk demo``: crawl a bundled news site, ingest bundled text dumps, show some queries.

Everything is original text written for copydesk and runs with no network: the news site
(``flows/demo/site``: home page, RSS feed, sitemap index, robots.txt, articles) is served on
127.0.0.1 and crawled over HTTP like a live site; the corpus (``flows/demo/corpus``) holds
plain-text dumps, pages saved as files, and two inputs that show how rejects are reported: a
site's home page (not an article) and an upload cut off half way (``broken-*.gz``).
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from rich.console import Console

from flows.analyst import print_hits
from flows.console import EXIT_FAILED, EXIT_OK
from flows.demo.site import DemoSite
from warehouse.connection import open_reader
from warehouse.examples import ExampleQuery, load_examples
from warehouse.search import search

DEMO_SEARCH = "wetland gravel pit"
# The demo site is our own, on loopback: crawl it briskly instead of at 1 request/s.
DEMO_RATE_LIMIT = 50.0

DEMO_QUERIES: tuple[str, ...] = (
    "01_latest_articles",
    "02_daily_volume",
    "03_rejects_by_reason",
    "07_where_articles_came_from",
)


def run_demo(*, db: str | None, out: Console) -> int:
    """Ingest the corpus into the warehouse and print example queries with their results."""
    from flows.cli import print_query, print_summary, run_ingest

    with DemoSite() as site:
        out.print(
            f"[bold]copydesk demo[/]: crawling the bundled news site at {site.base_url}/ "
            "(home page -> feed, robots.txt -> sitemaps -> articles)\n"
        )
        [web] = run_ingest(
            [f"{site.base_url}/"],
            db=db,
            batch_size=None,
            allow_private_hosts=True,
            rate_limit=DEMO_RATE_LIMIT,
        )
    print_summary(web)
    with as_file(files("flows.demo") / "corpus") as corpus:
        out.print(f"\n[bold]copydesk demo[/]: ingesting the sample files in {corpus}\n")
        [summary] = run_ingest([str(corpus)], db=db, batch_size=None)
    print_summary(summary)
    if "failed" in (web.status, summary.status):
        return EXIT_FAILED
    examples: dict[str, ExampleQuery] = {e.name: e for e in load_examples()}
    for name in DEMO_QUERIES:
        example = examples[name]
        out.print(f"\n[bold]{example.title}[/]")
        out.print(f"[dim]$ copydesk sql {example.one_line()!r}[/]")
        print_query(summary.db_path, example.sql, max_rows=10)
    out.print("\n[bold]Full-text search, BM25 over titles and bodies[/]")
    out.print(f"[dim]$ copydesk search {DEMO_SEARCH!r} --limit 3[/]")
    with open_reader(Path(summary.db_path)) as con:
        print_hits(search(con, DEMO_SEARCH, limit=3), console=out)
    out.print(
        "\nRun `copydesk demo` again: the site answers 304 or is skipped as known, every file is "
        "unchanged, and no row changes.\n"
        'Next: `copydesk sql "select ..."` and `copydesk search "..."` on the warehouse '
        "(docs/analysts.md, docs/warehouse.md), and the runs in the Prefect UI with `copydesk ui`."
    )
    return EXIT_OK
