"""``copydesk demo``: ingest the bundled sample corpus, then show a few analyst queries.

The corpus (``flows/demo/corpus``) is original text written for copydesk: news stories as
plain-text dumps and HTML pages, plus two inputs that show how rejects are reported: a site's
home page (not an article) and an upload cut off half way (``broken-*.gz``).
"""

from __future__ import annotations

from importlib.resources import as_file, files

from rich.console import Console

from warehouse.examples import ExampleQuery, load_examples

DEMO_QUERIES: tuple[str, ...] = (
    "01_latest_articles",
    "02_daily_volume",
    "03_rejects_by_reason",
    "05_related_links",
)


def run_demo(*, db: str | None, out: Console) -> int:
    """Ingest the corpus into the warehouse and print example queries with their results."""
    from flows.cli import EXIT_FAILED, EXIT_OK, print_query, print_summary, run_ingest

    with as_file(files("flows.demo") / "corpus") as corpus:
        out.print(f"[bold]copydesk demo[/]: ingesting the sample corpus in {corpus}\n")
        summary = run_ingest([str(corpus)], db=db, batch_size=None)
    print_summary(summary)
    if summary.status == "failed":
        return EXIT_FAILED
    examples: dict[str, ExampleQuery] = {e.name: e for e in load_examples()}
    for name in DEMO_QUERIES:
        example = examples[name]
        out.print(f"\n[bold]{example.title}[/]")
        out.print(f"[dim]$ copydesk sql {example.one_line()!r}[/]")
        print_query(summary.db_path, example.sql, max_rows=10)
    out.print(
        '\nNext: query the warehouse with `copydesk sql "select ..."`, see every table in '
        "docs/warehouse.md, and watch the run in the Prefect UI with `copydesk ui`."
    )
    return EXIT_OK
