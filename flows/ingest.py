"""Flow ``ingest-files``: discover -> read -> parse -> validate -> load -> report.

Each step is a Prefect task that handles a whole batch of documents, so a run shows a handful of
task runs with counts, never one per article. Only the load task touches the warehouse, holding
the write connection just while it writes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from prefect import State, Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows import progress
from flows.batch import ParsedBatch, PreparedBatch, parse_documents, prepare_batch
from flows.config import load_settings
from flows.discover import Discovery, discover_files
from flows.errors import is_transient
from flows.read import RawInput, missing_input, read_file
from flows.rejections import Rejection
from flows.report import (
    COUNTS_ARTIFACT_KEY,
    REJECTS_ARTIFACT_KEY,
    SUMMARY_ARTIFACT_KEY,
    IngestSummary,
    outcome_rows,
    reject_rows,
    render_markdown,
    summarize_rejections,
)
from transforms.models import Document
from warehouse.connection import open_writer
from warehouse.loader import BatchCounts, finish_load, load_batch, start_load
from warehouse.migrate import migrate

FLOW_NAME = "ingest-files"
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


def chunked(items: Sequence[Path], size: int) -> list[Sequence[Path]]:
    """Consecutive slices of at most ``size`` items; one empty slice for no items."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [()]


def new_load_id(now: datetime) -> str:
    """Sortable, unique load id: UTC start time plus a random suffix."""
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class ReadBatch:
    """Documents read from a batch of files, and the files that could not be read."""

    documents: tuple[Document, ...]
    rejections: tuple[Rejection, ...]
    raw_inputs: tuple[RawInput, ...]


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


@task(name="discover-files", cache_policy=NO_CACHE)
def discover(paths: list[str]) -> Discovery:
    """Expand the given files and directories into input files."""
    discovery = discover_files(paths)
    get_run_logger().info(
        "Found %d input files (%d named paths missing, %d other files ignored)",
        len(discovery.files),
        len(discovery.missing),
        discovery.count_ignored,
    )
    return discovery


@task(name="read-files", cache_policy=NO_CACHE)
def read_files(paths: Sequence[Path], *, max_bytes: int) -> ReadBatch:
    """Read a batch of files; unreadable ones become read rejections."""
    documents: list[Document] = []
    rejections: list[Rejection] = []
    raw_inputs: list[RawInput] = []
    now = datetime.now(UTC)
    for path in paths:
        outcome = read_file(path, max_bytes=max_bytes, now=now)
        if isinstance(outcome, Document):
            documents.append(outcome)
        else:
            rejection, raw = outcome
            rejections.append(rejection)
            if raw is not None:
                raw_inputs.append(raw)
            progress.advance()
    get_run_logger().info("Read %d documents, %d rejected", len(documents), len(rejections))
    return ReadBatch(tuple(documents), tuple(rejections), tuple(raw_inputs))


@task(name="parse-documents", cache_policy=NO_CACHE)
def parse(batch: ReadBatch) -> ParsedBatch:
    """Parse a batch of documents into articles."""
    parsed = parse_documents(batch.documents, on_parsed=progress.advance)
    get_run_logger().info(
        "Parsed %d articles, %d rejected", len(parsed.articles), len(parsed.rejections)
    )
    return ParsedBatch(
        documents=parsed.documents,
        articles=parsed.articles,
        rejections=batch.rejections + parsed.rejections,
        raw_inputs=batch.raw_inputs,
        media=parsed.media,
    )


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate(parsed: ParsedBatch, *, now: datetime) -> PreparedBatch:
    """Run the expectation suites over the batch's frames."""
    prepared = prepare_batch(parsed, now=now)
    get_run_logger().info(
        "Validated %d articles: %d to load, %d flagged; %d rejections in the batch so far",
        len(parsed.articles),
        len(prepared.load_batch.articles),
        prepared.count_flagged,
        len(prepared.rejections),
    )
    return prepared


@warehouse_task(name="load-batch")
def load(db_path: Path, prepared: PreparedBatch, *, load_id: str, now: datetime) -> BatchCounts:
    """Write the batch in one transaction."""
    with open_writer(db_path) as con:
        counts = load_batch(con, prepared.load_batch, load_id=load_id, now=now)
    get_run_logger().info(
        "Loaded batch: %d new, %d updated, %d unchanged, %d duplicates, %d rejected",
        counts.count_articles_new,
        counts.count_articles_updated,
        counts.count_articles_unchanged,
        counts.count_duplicates,
        counts.count_read_rejected
        + counts.count_parse_rejected
        + counts.count_validate_rejected
        + counts.count_load_rejected,
    )
    return counts


@warehouse_task(name="finish-load")
def close_load(db_path: Path, *, load_id: str, error: str | None) -> str:
    """Record the load's end and final status."""
    with open_writer(db_path) as con:
        return finish_load(con, load_id=load_id, now=datetime.now(UTC), error=error)


@task(name="publish-report", cache_policy=NO_CACHE)
def publish_report(summary: IngestSummary) -> None:
    """Markdown summary and tables, as Prefect artifacts with stable keys."""
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


@flow(name=FLOW_NAME, log_prints=False)
def ingest_files(
    paths: list[str], db: str | None = None, batch_size: int | None = None
) -> IngestSummary:
    """Read article files (HTML, text dumps, gzip) into the warehouse.

    Args:
        paths: files and directories; directories are searched for .html, .htm, .txt (+ .gz).
        db: warehouse file; default from COPYDESK_DB or data/copydesk.duckdb.
        batch_size: documents per batch, each loaded in one transaction.

    Returns:
        The run summary; the same figures are in ``ops.loads`` and the run's artifacts.
    """
    started = time.monotonic()
    settings = load_settings(db=db, batch_size=batch_size)
    logger = get_run_logger()
    now = datetime.now(UTC)
    load_id = new_load_id(now)
    prepare_warehouse(
        settings.db_path, load_id=load_id, flow_name=FLOW_NAME, sources=list(paths), now=now
    )
    totals = BatchCounts()
    rejections: list[Rejection] = []
    failures: dict[str, int] = {}
    discovery = Discovery((), (), 0)
    error: str | None = None
    try:
        discovery = discover(list(paths))
        progress.set_total(len(discovery.files) + len(discovery.missing))
        missing = tuple(missing_input(path) for path in discovery.missing)
        chunks = chunked(discovery.files, settings.batch_size)
        for number, chunk in enumerate(chunks, start=1):
            logger.info("Batch %d of %d: %d files", number, len(chunks), len(chunk))
            read_batch = read_files(opaque(list(chunk)), max_bytes=settings.max_document_bytes)
            if number == 1 and missing:
                read_batch = ReadBatch(
                    read_batch.documents, missing + read_batch.rejections, read_batch.raw_inputs
                )
                progress.advance(len(missing))
            parsed = parse(opaque(read_batch))
            prepared = validate(opaque(parsed), now=datetime.now(UTC))
            totals += load(
                settings.db_path, opaque(prepared), load_id=load_id, now=datetime.now(UTC)
            )
            rejections.extend(prepared.rejections)
            for name, count in prepared.expectation_failures.items():
                failures[name] = failures.get(name, 0) + count
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        close_load(settings.db_path, load_id=load_id, error=error)
        raise
    status = close_load(settings.db_path, load_id=load_id, error=None)
    by_reason, examples = summarize_rejections(rejections)
    summary = IngestSummary(
        flow_name=FLOW_NAME,
        load_id=load_id,
        flow_run_id=str(flow_run.id) if flow_run.id else None,
        db_path=str(settings.db_path),
        status=status,
        counts=totals,
        duration_s=time.monotonic() - started,
        count_ignored_files=discovery.count_ignored,
        rejects_by_reason=by_reason,
        reject_examples=examples,
        expectation_failures=failures,
    )
    publish_report(opaque(summary))
    logger.info(
        "Load %s %s: %d inputs, %d articles, %d rejected",
        load_id,
        status,
        totals.count_inputs,
        summary.count_loaded,
        summary.count_rejected,
    )
    return summary
