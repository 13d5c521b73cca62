"""Flow ``ingest-files``: discover -> read -> parse -> validate -> load -> report.

Each step is a Prefect task that handles a whole batch of documents, so a run shows a handful of
task runs with counts, never one per article. Only the load task touches the warehouse, holding
the write connection just while it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import progress
from flows.batch import ParsedBatch, parse_documents
from flows.concurrency import warehouse_slot
from flows.config import load_settings
from flows.discover import Discovery, discover_files
from flows.read import RawInput, missing_input, read_file
from flows.rejections import Rejection
from flows.report import IngestSummary
from flows.tasks import LoadRun, chunked, opaque
from transforms.models import Document

FLOW_NAME = "ingest-files"


@dataclass(frozen=True)
class ReadBatch:
    """Documents read from a batch of files, and the files that could not be read."""

    documents: tuple[Document, ...]
    rejections: tuple[Rejection, ...]
    raw_inputs: tuple[RawInput, ...]


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
def parse(batch: ReadBatch, *, keep_non_articles: bool) -> ParsedBatch:
    """Parse a batch of documents into articles."""
    parsed = parse_documents(
        batch.documents, keep_non_articles=keep_non_articles, on_parsed=progress.advance
    )
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


@flow(name=FLOW_NAME, log_prints=False)
def ingest_files(
    paths: list[str],
    db: str | None = None,
    batch_size: int | None = None,
    keep_non_articles: bool | None = None,
) -> IngestSummary:
    """Read article files (HTML, text dumps, gzip) into the warehouse.

    Args:
        paths: files and directories; directories are searched for .html, .htm, .txt (+ .gz).
        db: warehouse file; default from COPYDESK_DB or data/copydesk.duckdb.
        batch_size: documents per batch, each loaded in one transaction.
        keep_non_articles: load pages judged not to be articles (flagged) instead of rejecting
            them as ``not_an_article``; default from COPYDESK_KEEP_NON_ARTICLES (off).

    Returns:
        The run summary; the same figures are in ``ops.loads`` and the run's artifacts.
    """
    settings = load_settings(db=db, batch_size=batch_size, keep_non_articles=keep_non_articles)
    logger = get_run_logger()
    with warehouse_slot(settings.db_path):  # one writer at a time; a second run waits here
        run = LoadRun(
            flow_name=FLOW_NAME,
            db_path=settings.db_path,
            sources=paths,
            data_docs_dir=settings.data_docs_dir,
        )
        run.start()
        discovery = Discovery((), (), 0)
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
                        read_batch.documents,
                        missing + read_batch.rejections,
                        read_batch.raw_inputs,
                    )
                    progress.advance(len(missing))
                parsed = parse(opaque(read_batch), keep_non_articles=settings.keep_non_articles)
                run.load_prepared(run.validate(parsed))
        except Exception as exc:
            run.fail(exc)
            raise
        return run.finish(count_ignored_files=discovery.count_ignored)
