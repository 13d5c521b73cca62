"""Flow ``reparse``: extract stored documents again with the current extractors.

Raw bytes are kept in ``raw.documents``, so a better extractor can be run over everything
already collected without reading files or fetching pages again. The flow re-parses each
input's latest document (by default only those whose article came from an older extractor
version or that have no article), validates and loads the result like any other batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import progress
from flows.batch import ParsedBatch, parse_documents
from flows.concurrency import warehouse_slot
from flows.config import load_settings
from flows.report import IngestSummary
from flows.tasks import LoadRun, chunked, opaque
from transforms.html import EXTRACTOR as HTML_EXTRACTOR
from transforms.html import HTML_VERSION
from transforms.models import Document
from transforms.textdump import EXTRACTOR as TEXTDUMP_EXTRACTOR
from transforms.textdump import TEXTDUMP_VERSION
from warehouse.connection import open_reader
from warehouse.documents import documents_to_reparse, read_documents

FLOW_NAME = "reparse"
CURRENT_VERSIONS: dict[str, str] = {
    HTML_EXTRACTOR: HTML_VERSION,
    TEXTDUMP_EXTRACTOR: TEXTDUMP_VERSION,
}


@task(name="select-documents", cache_policy=NO_CACHE)
def select_documents(db_path: Path, *, everything: bool) -> list[str]:
    """Source URIs whose current document is to be extracted again."""
    with open_reader(db_path, wait_s=30) as con:
        chosen = documents_to_reparse(con, current_versions=CURRENT_VERSIONS, everything=everything)
    get_run_logger().info("%d documents to extract again", len(chosen))
    return chosen


@task(name="reparse-documents", cache_policy=NO_CACHE)
def reparse_batch(
    db_path: Path, source_uris: Sequence[str], *, keep_non_articles: bool
) -> ParsedBatch:
    """Read a batch of stored documents and parse them with the current extractors."""
    with open_reader(db_path, wait_s=30) as con:
        stored = read_documents(con, source_uris)
    documents = [
        Document(
            source_uri=s.source_uri,
            content=s.content,
            media_type=s.media_type,
            url=s.url,
            final_url=s.final_url,
            discovered_via=s.discovered_via,
            fetched_at=s.fetched_at,
        )
        for s in stored
    ]
    return parse_documents(
        documents, keep_non_articles=keep_non_articles, on_parsed=progress.advance
    )


@flow(name=FLOW_NAME, log_prints=False)
def reparse(
    db: str | None = None,
    everything: bool = False,
    batch_size: int | None = None,
    keep_non_articles: bool | None = None,
) -> IngestSummary:
    """Extract stored documents again with the current extractors and load the results.

    Args:
        db: warehouse file; default from COPYDESK_DB or data/copydesk.duckdb.
        everything: every input's current document, not only those extracted by an older
            extractor version or without an article.
        batch_size: documents per batch, each loaded in one transaction.
        keep_non_articles: load pages judged not to be articles (flagged).

    Returns:
        The run summary.
    """
    settings = load_settings(db=db, batch_size=batch_size, keep_non_articles=keep_non_articles)
    with warehouse_slot(settings.db_path):  # one writer at a time; a second run waits here
        run = LoadRun(
            flow_name=FLOW_NAME,
            db_path=settings.db_path,
            sources=["raw.documents"],
            data_docs_dir=settings.data_docs_dir,
        )
        run.start()
        try:
            chosen = select_documents(settings.db_path, everything=everything)
            progress.set_total(len(chosen))
            for chunk in chunked(chosen, settings.batch_size):
                parsed = reparse_batch(
                    settings.db_path, opaque(list(chunk)),
                    keep_non_articles=settings.keep_non_articles,
                )  # fmt: skip
                run.load_prepared(run.validate(parsed))
        except Exception as exc:
            run.fail(exc)
            raise
        return run.finish()
