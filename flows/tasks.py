"""Tasks every ingest flow shares: prepare the warehouse, validate and load batches, close the
load, publish the report. ``LoadRun`` strings them together so a flow reads like a loop."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from prefect import State, Task, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from expectations.datadocs import build_data_docs
from expectations.validate import ResultKeeper
from flows.batch import ParsedBatch, PreparedBatch, prepare_batch
from flows.errors import NothingLoaded, is_transient
from flows.rejections import Rejection
from flows.report import (
    COUNTS_ARTIFACT_KEY,
    REJECTS_ARTIFACT_KEY,
    SOURCES_ARTIFACT_KEY,
    SUMMARY_ARTIFACT_KEY,
    WARNINGS_ARTIFACT_KEY,
    IngestSummary,
    failure_rows,
    outcome_rows,
    reject_rows,
    render_markdown,
    render_warnings,
    source_rows,
    summarize_rejections,
)
from warehouse.connection import open_reader, open_writer
from warehouse.errors import WarehouseError
from warehouse.loader import BatchCounts, LoadBatch, finish_load, load_batch, start_load
from warehouse.migrate import migrate
from warehouse.reports import (
    Coverage,
    HostTiming,
    OutcomeRow,
    WarehouseTotals,
    field_coverage,
    outcomes_by_source,
    slowest_hosts,
    warehouse_totals,
)
from warehouse.search import SearchError, refresh_index

_T = TypeVar("_T")
_P = ParamSpec("_P")
_R = TypeVar("_R")
# Backoff for a warehouse held by another load: long enough for a batch to commit.
_LOCK_RETRY_DELAYS_S: list[float] = [1, 2, 4, 8, 15, 30]


def retry_if_transient(task: Any, task_run: Any, state: State[Any]) -> bool:
    """Prefect retry condition: retry only errors that may go away (see flows.errors)."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc)
    return False


def warehouse_task(name: str) -> Callable[[Callable[_P, _R]], Task[_P, _R]]:
    """A task that opens the warehouse for writing: another load may hold the file, so it
    retries transient errors (and only those) with backoff."""
    return task(
        name=name,
        cache_policy=NO_CACHE,
        retries=len(_LOCK_RETRY_DELAYS_S),
        retry_delay_seconds=_LOCK_RETRY_DELAYS_S,
        retry_condition_fn=retry_if_transient,
    )


def opaque(value: _T) -> _T:
    """Hand a batch to a task without Prefect walking every object in it looking for futures."""
    return cast(_T, quote(value))


def chunked(items: Sequence[_T], size: int) -> list[Sequence[_T]]:
    """Consecutive slices of at most ``size`` items; one empty slice for no items."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[0:0]]


def new_load_id(now: datetime) -> str:
    """Sortable, unique load id: UTC start time plus a random suffix."""
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@warehouse_task(name="prepare-warehouse")
def prepare_warehouse(
    db_path: Path, *, load_id: str, flow_name: str, sources: list[str], now: datetime
) -> list[str]:
    """Apply pending migrations and open the load in ``ops.loads``; returns migrations applied."""
    logger = get_run_logger()
    with open_writer(db_path) as con:
        applied = migrate(con)
        interrupted = start_load(
            con,
            load_id=load_id,
            flow_name=flow_name,
            flow_run_id=str(flow_run.id) if flow_run.id else None,
            sources=sources,
            now=now,
            version=version("copydesk"),
        )
    if applied:
        logger.info("Applied migrations: %s", ", ".join(applied))
    if interrupted:
        logger.warning("Marked %d earlier load(s) left running as interrupted", interrupted)
    return applied


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate(
    parsed: ParsedBatch, *, now: datetime, keep: ResultKeeper | None = None
) -> PreparedBatch:
    """Run the expectation suites over the batch's frames (keeping GX's results for Data Docs)."""
    prepared = prepare_batch(parsed, now=now, keep=keep)
    get_run_logger().info(
        "Validated %d articles: %d to load, %d flagged; %d rejections in the batch so far",
        len(parsed.articles),
        len(prepared.load_batch.articles),
        prepared.count_flagged,
        len(prepared.rejections),
    )
    return prepared


@warehouse_task(name="load-batch")
def load(db_path: Path, batch: LoadBatch, *, load_id: str, now: datetime) -> BatchCounts:
    """Write the batch in one transaction."""
    with open_writer(db_path) as con:
        counts = load_batch(con, batch, load_id=load_id, now=now)
    get_run_logger().info(
        "Loaded batch: %d inputs: %d new, %d updated, %d unchanged, %d duplicates, "
        "%d not modified, %d skipped, %d rejected",
        counts.count_inputs,
        counts.count_articles_new,
        counts.count_articles_updated,
        counts.count_articles_unchanged,
        counts.count_duplicates,
        counts.count_not_modified,
        counts.count_skipped,
        counts.count_read_rejected
        + counts.count_parse_rejected
        + counts.count_validate_rejected
        + counts.count_load_rejected,
    )
    return counts


@warehouse_task(name="finish-load")
def close_load(db_path: Path, *, load_id: str, error: str | None) -> str:
    """Refresh the full-text index and record the load's end and final status."""
    with open_writer(db_path) as con:
        try:
            # DuckDB's FTS index does not follow table changes: rebuild it when articles did.
            if refresh_index(con):
                get_run_logger().info("Rebuilt the full-text search index")
        except SearchError as exc:
            get_run_logger().warning("Full-text index not refreshed: %s", exc)
        return finish_load(con, load_id=load_id, now=datetime.now(UTC), error=error)


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report(summary: IngestSummary) -> None:
    """Markdown summary and tables, as Prefect artifacts with stable keys (the UI keeps their
    history across runs)."""
    key = summary.flow_name
    create_markdown_artifact(
        key=SUMMARY_ARTIFACT_KEY.format(flow=key),
        markdown=render_markdown(summary),
        description=f"copydesk {summary.flow_name} run summary",
    )
    create_table_artifact(
        key=COUNTS_ARTIFACT_KEY.format(flow=key),
        table=outcome_rows(summary),
        description="Inputs by outcome (they add up to inputs)",
    )
    create_table_artifact(
        key=REJECTS_ARTIFACT_KEY.format(flow=key),
        table=reject_rows(summary) or [{"stage": "", "reason": "none", "count": 0, "example": ""}],
        description="Rejects by stage and reason",
    )
    create_markdown_artifact(
        key=WARNINGS_ARTIFACT_KEY.format(flow=key),
        markdown=render_warnings(summary),
        description="Sources, hosts and pages that failed in this run (none: all answered)",
    )
    create_table_artifact(
        key=SOURCES_ARTIFACT_KEY.format(flow=key),
        table=source_rows(summary) or [{"source": "", "host": "", "outcome": "none", "count": 0}],
        description="Inputs by source, host and outcome",
    )


class LoadRun:
    """One load, from preparing the warehouse to publishing the report.

    A flow creates it, calls ``start``, then ``load`` for each batch, and ``finish`` (or
    ``fail`` when an exception escapes): every batch's counts and rejections are tallied here.
    """

    def __init__(
        self,
        *,
        flow_name: str,
        db_path: Path,
        sources: Sequence[str],
        data_docs_dir: Path | None = None,
    ) -> None:
        self.flow_name = flow_name
        self.db_path = db_path
        self.data_docs_dir = data_docs_dir
        self.keeper = ResultKeeper()
        self.sources = list(sources)
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC)
        self.load_id = new_load_id(self.started_at)
        self.totals = BatchCounts()
        self.rejections: list[Rejection] = []
        self.failures: dict[str, int] = {}
        self.source_failures: list[Rejection] = []
        self.discovery: dict[str, int] = {}
        """Feeds, sitemaps and home pages requested, by outcome (web runs)."""

    def start(self) -> None:
        """Migrate the warehouse and record the load as running."""
        prepare_warehouse(
            self.db_path,
            load_id=self.load_id,
            flow_name=self.flow_name,
            sources=self.sources,
            now=self.started_at,
        )

    def validate(self, parsed: ParsedBatch) -> PreparedBatch:
        """Validate a parsed batch, keeping the results for this run's Data Docs."""
        return validate(opaque(parsed), now=datetime.now(UTC), keep=opaque(self.keeper))

    def load_prepared(self, prepared: PreparedBatch, batch: LoadBatch | None = None) -> None:
        """Load a validated batch (``batch`` overrides its frames, e.g. with fetch records)."""
        self.load(batch or prepared.load_batch, prepared.rejections)
        for name, count in prepared.expectation_failures.items():
            self.failures[name] = self.failures.get(name, 0) + count

    def load(self, batch: LoadBatch, rejections: Sequence[Rejection] = ()) -> None:
        """Load a batch and tally it."""
        self.totals += load(self.db_path, opaque(batch), load_id=self.load_id,
                            now=datetime.now(UTC))  # fmt: skip
        self.rejections.extend(rejections)

    def note_source_failures(self, rejections: Sequence[Rejection]) -> None:
        """Remember fetch and discovery failures: they make the run's warning artifact."""
        self.source_failures.extend(r for r in rejections if r.stage in ("read", "parse"))

    @property
    def has_source_failures(self) -> bool:
        """True when some source, host or page could not be fetched or read."""
        return bool(self.source_failures)

    def fail(self, exc: BaseException) -> None:
        """Record the load as failed."""
        close_load(self.db_path, load_id=self.load_id, error=f"{type(exc).__name__}: {exc}")

    def finish(
        self, *, count_ignored_files: int = 0, nothing_reached: bool = False
    ) -> IngestSummary:
        """Close the load, publish the report, and return the summary.

        Raises:
            NothingLoaded: ``nothing_reached``: no source or page answered, so the run failed
                (after it was recorded and reported).
        """
        error = None
        if nothing_reached:
            error = f"nothing could be fetched: {len(self.source_failures)} sources or pages failed"
        status = close_load(self.db_path, load_id=self.load_id, error=error)
        by_reason, examples = summarize_rejections(self.rejections)
        by_source, coverage, hosts, totals = self._warehouse_figures()
        data_docs = self._build_data_docs()
        summary = IngestSummary(
            flow_name=self.flow_name,
            load_id=self.load_id,
            flow_run_id=str(flow_run.id) if flow_run.id else None,
            db_path=str(self.db_path),
            status=status,
            counts=self.totals,
            duration_s=time.monotonic() - self.started,
            count_ignored_files=count_ignored_files,
            rejects_by_reason=by_reason,
            reject_examples=examples,
            expectation_failures=dict(self.failures),
            by_source=tuple(by_source),
            coverage=coverage,
            slowest_hosts=tuple(hosts),
            totals=totals,
            data_docs=str(data_docs) if data_docs else None,
            discovery=dict(self.discovery),
            source_failures=tuple(failure_rows(self.source_failures)),
        )
        publish_report(opaque(summary))
        logger = get_run_logger()
        if summary.source_failures:
            logger.warning(
                "%d sources or pages could not be fetched or read; see the %s artifact",
                len(self.source_failures),
                WARNINGS_ARTIFACT_KEY.format(flow=self.flow_name),
            )
        logger.info(
            "Load %s %s: %d inputs, %d articles, %d rejected",
            self.load_id,
            status,
            self.totals.count_inputs,
            summary.count_loaded,
            summary.count_rejected,
        )
        if error:
            raise NothingLoaded(error, summary)
        return summary

    def _build_data_docs(self) -> Path | None:
        """GX Data Docs for this run's validations; a failure to build them only warns."""
        if self.data_docs_dir is None or not self.keeper.results:
            return None
        try:
            return build_data_docs(self.keeper.results, self.data_docs_dir, run_name=self.load_id)
        except Exception as exc:  # reports are a courtesy: never fail a load over them
            get_run_logger().warning("Data Docs not built: %s: %s", type(exc).__name__, exc)
            return None

    def _warehouse_figures(
        self,
    ) -> tuple[list[OutcomeRow], Coverage | None, list[HostTiming], WarehouseTotals | None]:
        """Per-source outcomes, field coverage, host timings and totals, when readable."""
        try:
            with open_reader(self.db_path, wait_s=10) as con:
                return (
                    outcomes_by_source(con, self.load_id),
                    field_coverage(con, self.load_id),
                    slowest_hosts(con, self.load_id),
                    warehouse_totals(con),
                )
        except WarehouseError as exc:
            get_run_logger().warning("Could not read this load's figures back: %s", exc)
            return [], None, [], None
