"""The run summary: what a load did, as a dataclass, Markdown and tables for Prefect artifacts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flows.rejections import Rejection
from warehouse.loader import BatchCounts
from warehouse.reports import Coverage, HostTiming, OutcomeRow, WarehouseTotals

SUMMARY_ARTIFACT_KEY = "copydesk-{flow}-summary"
COUNTS_ARTIFACT_KEY = "copydesk-{flow}-counts"
REJECTS_ARTIFACT_KEY = "copydesk-{flow}-rejects"
SOURCES_ARTIFACT_KEY = "copydesk-{flow}-sources"
WARNINGS_ARTIFACT_KEY = "copydesk-{flow}-warnings"
_EXAMPLES_PER_REASON = 3


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest run did; returned by the flow and printed by the CLI."""

    flow_name: str
    load_id: str
    flow_run_id: str | None
    db_path: str
    status: str
    counts: BatchCounts
    duration_s: float
    count_ignored_files: int = 0
    rejects_by_reason: Mapping[str, int] = field(default_factory=dict)
    """``stage/reason`` -> inputs or rows rejected."""
    reject_examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """``stage/reason`` -> a few ``source: detail`` lines."""
    expectation_failures: Mapping[str, int] = field(default_factory=dict)
    by_source: tuple[OutcomeRow, ...] = ()
    """Inputs by source, host, outcome and reason, as the warehouse recorded them."""
    coverage: Coverage | None = None
    """Share of the loaded articles that have each field."""
    slowest_hosts: tuple[HostTiming, ...] = ()
    totals: WarehouseTotals | None = None
    """The warehouse as a whole after the load."""
    data_docs: str | None = None
    """Path of the GX Data Docs page of this run's validations."""
    discovery: Mapping[str, int] = field(default_factory=dict)
    """Feeds, sitemaps, URL lists and home pages requested, by fetch outcome (web runs)."""

    def discovery_line(self) -> str:
        """e.g. ``discovery: 2 fetched, 3 not modified`` (empty for file runs)."""
        if not self.discovery:
            return ""
        parts = ", ".join(
            f"{count} {outcome.replace('_', ' ')}"
            for outcome, count in sorted(self.discovery.items())
        )
        return f"discovery documents (feeds, sitemaps, home pages): {parts}"

    source_failures: tuple[Mapping[str, str | int], ...] = ()
    """Fetch and discovery failures grouped by host and reason, with an example."""

    @property
    def count_loaded(self) -> int:
        """Inputs whose article is in the warehouse after the run."""
        c = self.counts
        return c.count_articles_new + c.count_articles_updated + c.count_articles_unchanged

    @property
    def count_rejected(self) -> int:
        """Inputs rejected at any stage."""
        c = self.counts
        return (
            c.count_read_rejected
            + c.count_parse_rejected
            + c.count_validate_rejected
            + c.count_load_rejected
        )


def summarize_rejections(
    rejections: Iterable[Rejection],
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """Counts and a few examples per ``stage/reason``."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for r in rejections:
        key = f"{r.stage}/{r.reason}"
        counts[key] += 1
        shown = examples.setdefault(key, [])
        if len(shown) < _EXAMPLES_PER_REASON:
            shown.append(f"{r.source_uri.rsplit('/', 1)[-1]}: {r.detail}")
    return dict(counts.most_common()), {k: tuple(v) for k, v in examples.items()}


def outcome_rows(summary: IngestSummary) -> list[dict[str, str | int]]:
    """One row per outcome, in pipeline order; the counts add up to ``inputs``."""
    c = summary.counts
    return [
        {"outcome": "inputs", "count": c.count_inputs},
        {"outcome": "rejected at read", "count": c.count_read_rejected},
        {"outcome": "rejected at parse", "count": c.count_parse_rejected},
        {"outcome": "rejected at validate", "count": c.count_validate_rejected},
        {"outcome": "rejected at load", "count": c.count_load_rejected},
        {"outcome": "duplicates", "count": c.count_duplicates},
        {"outcome": "not modified (HTTP 304)", "count": c.count_not_modified},
        {"outcome": "skipped (robots, known, private)", "count": c.count_skipped},
        {"outcome": "articles new", "count": c.count_articles_new},
        {"outcome": "articles updated", "count": c.count_articles_updated},
        {"outcome": "articles unchanged", "count": c.count_articles_unchanged},
        {"outcome": "loaded but flagged (warn)", "count": c.count_flagged},
        {"outcome": "rows rejected (paragraphs, links, authors)", "count": c.count_row_rejects},
    ]


def reject_rows(summary: IngestSummary) -> list[dict[str, str | int]]:
    """One row per ``stage/reason`` with an example."""
    rows: list[dict[str, str | int]] = []
    for key, count in summary.rejects_by_reason.items():
        stage, reason = key.split("/", 1)
        example = summary.reject_examples.get(key, ("",))[0]
        rows.append({"stage": stage, "reason": reason, "count": count, "example": example})
    return rows


def failure_rows(failures: Iterable[Rejection]) -> list[dict[str, str | int]]:
    """Failures grouped by host and reason, most frequent first, with an example."""
    groups: dict[tuple[str, str], list[Rejection]] = {}
    for failure in failures:
        host = urlsplit(failure.source_uri).hostname or "(files)"
        groups.setdefault((host, failure.reason), []).append(failure)
    return [
        {"host": host, "reason": reason, "count": len(items), "example": items[0].detail}
        for (host, reason), items in sorted(groups.items(), key=lambda kv: -len(kv[1]))
    ]


def render_warnings(summary: IngestSummary) -> str:
    """The warning artifact: what could not be fetched or read, by host."""
    if not summary.source_failures:
        return f"# copydesk {summary.flow_name}: no warnings\n\nEvery source and page answered.\n"
    return (
        f"# copydesk {summary.flow_name}: some sources failed\n\n"
        f"The run went on without them (status `{summary.status}`). Failed URLs are in "
        "`ops.rejects` (stage read or parse) and `raw.fetches`; they are tried again on a later "
        "run after a backoff.\n\n"
        f"{_md_table(list(summary.source_failures))}"
    )


def source_rows(summary: IngestSummary) -> list[dict[str, str | int]]:
    """One row per source, host, outcome and reason."""
    return [
        {
            "source": row.source_name,
            "host": row.host,
            "outcome": row.outcome,
            "reason": row.reason,
            "count": row.count,
        }
        for row in summary.by_source
    ]


def coverage_rows(summary: IngestSummary) -> list[dict[str, str | int]]:
    """Share of loaded articles with each field, as percentages."""
    c = summary.coverage
    if c is None or not c.count_articles:
        return []
    return [
        {"field": name, "share": f"{share:.0%}"}
        for name, share in (
            ("published_at", c.share_published_at),
            ("authors", c.share_authors),
            ("body_text", c.share_body),
            ("language", c.share_language),
            ("site_name", c.share_site_name),
        )
    ]


def host_rows(summary: IngestSummary) -> list[dict[str, str | int | float]]:
    """Slowest hosts of the run."""
    return [
        {
            "host": h.host,
            "requests": h.count_requests,
            "avg_ms": h.avg_ms,
            "max_ms": h.max_ms,
            "failed": h.count_failed,
        }
        for h in summary.slowest_hosts
    ]


def total_rows(summary: IngestSummary) -> list[dict[str, str | int]]:
    """Warehouse totals after the load."""
    t = summary.totals
    if t is None:
        return []
    latest = t.latest_published_at.isoformat() if t.latest_published_at else "-"
    return [
        {"articles": t.count_articles, "sites": t.count_sites, "documents": t.count_documents,
         "rejects": t.count_rejects, "loads": t.count_loads, "latest publication": latest}
    ]  # fmt: skip


def _md_table(rows: Sequence[Mapping[str, object]]) -> str:
    if not rows:
        return "_none_\n"
    headers = list(rows[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = (str(row[h]).replace("|", "\\|").replace("\n", " ") for h in headers)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_markdown(summary: IngestSummary) -> str:
    """The run summary artifact."""
    failures = [
        {"expectation": name, "rows": count}
        for name, count in sorted(summary.expectation_failures.items(), key=lambda kv: -kv[1])
    ]
    return (
        f"# copydesk {summary.flow_name}: {summary.status}\n\n"
        f"Load `{summary.load_id}` into `{summary.db_path}` took {summary.duration_s:.1f} s. "
        f"{summary.counts.count_inputs} inputs: {summary.count_loaded} articles in the "
        f"warehouse, {summary.counts.count_duplicates} duplicates, "
        f"{summary.count_rejected} rejected."
        + (f" {summary.discovery_line().capitalize()}." if summary.discovery else "")
        + "\n\n"
        "## Inputs by outcome\n\n"
        f"{_md_table(outcome_rows(summary))}\n"
        "## Rejects by reason\n\n"
        f"{_md_table(reject_rows(summary))}\n"
        "## Expectations that failed\n\n"
        f"{_md_table(failures)}\n"
        "## Inputs by source and host\n\n"
        f"{_md_table(source_rows(summary))}\n"
        f"## Field coverage of the {summary.coverage.count_articles if summary.coverage else 0} "
        "articles written\n\n"
        f"{_md_table(coverage_rows(summary))}\n"
        "## Slowest hosts\n\n"
        f"{_md_table(host_rows(summary))}\n"
        "## The warehouse now\n\n"
        f"{_md_table(total_rows(summary))}\n"
        + (
            f"Great Expectations Data Docs of this run's validations: `{summary.data_docs}`\n\n"
            if summary.data_docs
            else ""
        )
        + "Query `ops.rejects` for every rejected input with the offending values, and "
        "`ops.inputs` for the outcome of each input.\n"
    )
