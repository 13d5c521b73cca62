"""One batch between the readers and the loader: parse, de-duplicate, validate, frame.

Every input of a batch leaves here with exactly one outcome in the ``inputs`` frame: an article
to load, a duplicate of another input's article, or a rejection with its stage and reason.
Nothing in this module talks to Prefect or DuckDB.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import pandas as pd

from expectations.validate import Failure, FrameVerdict, ResultKeeper, validate_frame
from flows.read import RawInput
from flows.rejections import Rejection
from transforms.models import Article, Document, ParseFailure
from transforms.parse import parse_document
from transforms.rows import article_row, author_rows, link_rows, paragraph_rows
from warehouse.loader import (
    ARTICLE_COLUMNS,
    AUTHOR_COLUMNS,
    DOCUMENT_COLUMNS,
    FETCH_COLUMNS,
    INPUT_COLUMNS,
    LINK_COLUMNS,
    PARAGRAPH_COLUMNS,
    REJECT_COLUMNS,
    URL_STATE_COLUMNS,
    LoadBatch,
)

_DATETIME_COLUMNS: tuple[str, ...] = ("published_at", "updated_at", "fetched_at")
_NULLABLE_INT_COLUMNS: tuple[str, ...] = (
    "reading_time_min",
    "published_utc_offset_min",
    "updated_utc_offset_min",
)
# How much of a long text a reject record keeps: enough to recognise the row.
_RECORD_TEXT_CHARS = 300


@dataclass(frozen=True, slots=True)
class Settled:
    """An input settled without parsing: not modified since the last fetch, or skipped."""

    source_uri: str
    doc_id: str | None
    outcome: Literal["not_modified", "skipped"]
    reason: str


@dataclass(frozen=True)
class ParsedBatch:
    """What reading and parsing made of a batch of inputs."""

    documents: tuple[Document, ...] = ()
    articles: tuple[Article, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    raw_inputs: tuple[RawInput, ...] = ()
    media: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """doc_id -> (media type, encoding) as the parser found them."""
    settled: tuple[Settled, ...] = ()


@dataclass(frozen=True)
class PreparedBatch:
    """A batch ready for the loader, plus what validation found, for the run report."""

    load_batch: LoadBatch
    rejections: tuple[Rejection, ...]
    count_flagged: int
    expectation_failures: Mapping[str, int]
    """``table.expectation`` -> rows that failed it (reject and warn levels)."""


def _not_an_article(article: Article) -> Rejection:
    detail = f"article score {article.article_score:.2f}: {', '.join(article.judgement_reasons)}"
    return Rejection(
        source_uri=article.source_uri,
        doc_id=article.doc_id,
        stage="parse",
        reason="not_an_article",
        detail=detail,
        record=json.dumps(
            {
                "title": article.title,
                "url": article.url,
                "article_score": article.article_score,
                "reasons": list(article.judgement_reasons),
                "word_count": article.word_count,
            },
            ensure_ascii=False,
        ),
    )


def parse_documents(
    documents: Sequence[Document],
    *,
    keep_non_articles: bool = False,
    on_parsed: Callable[[int], None] | None = None,
) -> ParsedBatch:
    """Parse each document; a reader that raises yields a ``parse_error`` rejection, not a crash.

    Pages judged not to be articles are rejected as ``not_an_article`` unless
    ``keep_non_articles``; kept ones load with ``is_article`` false (and a quality flag).
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    media: dict[str, tuple[str | None, str | None]] = {}
    for doc in documents:
        try:
            outcome = parse_document(doc)
        except Exception as exc:  # a reader bug must cost one document, never the batch
            outcome = ParseFailure(
                doc.doc_id, doc.source_uri, "parse_error", f"{type(exc).__name__}: {exc}"
            )
        media[doc.doc_id] = (outcome.media_type, outcome.encoding)
        if isinstance(outcome, Article) and (outcome.is_article or keep_non_articles):
            articles.append(outcome)
        elif isinstance(outcome, Article):
            rejections.append(_not_an_article(outcome))
        else:
            rejections.append(
                Rejection(
                    source_uri=outcome.source_uri,
                    doc_id=outcome.doc_id,
                    stage="parse",
                    reason=outcome.reason,
                    detail=outcome.detail,
                    record=json.dumps({"detail": outcome.detail}),
                )
            )
        if on_parsed is not None:
            on_parsed(1)
    return ParsedBatch(
        documents=tuple(documents),
        articles=tuple(articles),
        rejections=tuple(rejections),
        media=media,
    )


def _recency(article: Article) -> datetime:
    return article.updated_at or article.published_at or datetime.min.replace(tzinfo=UTC)


def deduplicate(articles: Iterable[Article]) -> tuple[list[Article], list[tuple[Article, Article]]]:
    """One article per article_id: the most recently updated wins, the later input on a tie.

    Returns:
        The kept articles in input order, and (duplicate, winner) pairs.
    """
    winners: dict[str, Article] = {}
    for article in articles:
        current = winners.get(article.article_id)
        if current is None or _recency(article) >= _recency(current):
            winners[article.article_id] = article
    kept_ids = {id(a) for a in winners.values()}
    kept: list[Article] = []
    duplicates: list[tuple[Article, Article]] = []
    for article in articles:
        if id(article) in kept_ids:
            kept.append(article)
        else:
            duplicates.append((article, winners[article.article_id]))
    return kept, duplicates


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for column in _DATETIME_COLUMNS:
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True)
    for column in _NULLABLE_INT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def fetches_frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """``raw.fetches`` rows as a frame."""
    frame = _frame(rows, FETCH_COLUMNS)
    frame["requested_at"] = pd.to_datetime(frame["requested_at"], utc=True)
    for column in ("attempt", "status", "count_bytes"):
        frame[column] = frame[column].astype("Int64")
    return frame


def url_states_frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """``raw.url_state`` rows as a frame."""
    frame = _frame(rows, URL_STATE_COLUMNS)
    for column in ("first_seen_at", "last_fetched_at", "last_changed_at", "next_fetch_after"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    for column in ("last_status", "count_consecutive_failures"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _json_value(value: object) -> object:
    if isinstance(value, str) and len(value) > _RECORD_TEXT_CHARS:
        return value[:_RECORD_TEXT_CHARS] + "…"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def _reject_record(failures: Sequence[Failure], row: Mapping[str, object]) -> str:
    return json.dumps(
        {
            "failures": [
                {"expectation": f.expectation, "column": f.column, "value": _json_value(f.value)}
                for f in failures
            ],
            "row": {k: _json_value(v) for k, v in row.items()},
        },
        ensure_ascii=False,
        default=str,
    )


def _names(failures: Iterable[Failure]) -> tuple[str, ...]:
    return tuple(sorted({f.expectation for f in failures}))


def _count_failures(verdicts: Iterable[FrameVerdict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for verdict in verdicts:
        for outcome in verdict.outcomes:
            if outcome.unexpected_count:
                counts[f"{verdict.table}.{outcome.name}"] = outcome.unexpected_count
    return counts


def prepare_batch(
    parsed: ParsedBatch, *, now: datetime, keep: ResultKeeper | None = None
) -> PreparedBatch:
    """De-duplicate, validate every table's frame and build the loader's batch.

    Rows failing a reject-level expectation become validate rejections (an article takes its
    paragraphs, links and authors with it); rows failing a warn-level one load with
    ``quality_flags``.
    """
    kept, duplicates = deduplicate(parsed.articles)
    rejections = list(parsed.rejections)

    documents, doc_verdict, bad_docs = _validate_documents(parsed, now, rejections, keep)
    kept = [a for a in kept if a.doc_id not in bad_docs]
    articles, article_verdict, rejected_ids = _validate_articles(kept, now, rejections, keep)
    for duplicate, winner in duplicates:
        if winner.article_id in rejected_ids or winner.doc_id in bad_docs:
            rejections.append(_orphaned_duplicate(duplicate, winner))
    loaded = [a for a in kept if a.article_id not in rejected_ids]
    children, child_verdicts = _validate_children(loaded, now, rejections, keep)

    rejects = _rejects_frame(rejections)
    return PreparedBatch(
        load_batch=LoadBatch(
            documents=documents,
            articles=articles,
            paragraphs=children["core.paragraphs"],
            links=children["core.links"],
            authors=children["core.article_authors"],
            rejects=rejects,
            inputs=_inputs_frame(loaded, duplicates, rejections, parsed.settled),
        ),
        rejections=tuple(rejections),
        count_flagged=sum(1 for flags in articles["quality_flags"] if flags),
        expectation_failures=_count_failures([doc_verdict, article_verdict, *child_verdicts]),
    )


def _rejects_frame(rejections: Sequence[Rejection]) -> pd.DataFrame:
    return _frame(
        [
            {
                "doc_id": r.doc_id,
                "source_uri": r.source_uri,
                "stage": r.stage,
                "table_name": r.table_name,
                "row_key": r.row_key,
                "reason": r.reason,
                "failed_expectations": list(r.failed_expectations),
                "record": r.record,
            }
            for r in rejections
        ],
        REJECT_COLUMNS,
    )


def discovery_batch(
    documents: Sequence[Document],
    rejections: Sequence[Rejection],
    *,
    now: datetime,
    keep: ResultKeeper | None = None,
) -> LoadBatch:
    """Feeds, sitemaps and lists fetched to find articles: their bytes and their failures.

    They are not inputs of the load (their articles are), so ``inputs`` stays empty.
    """
    all_rejections = list(rejections)
    frame, _, _ = _validate_documents(
        ParsedBatch(documents=tuple(documents)), now, all_rejections, keep
    )
    return LoadBatch(
        documents=frame,
        articles=_frame([], ARTICLE_COLUMNS),
        paragraphs=_frame([], PARAGRAPH_COLUMNS),
        links=_frame([], LINK_COLUMNS),
        authors=_frame([], AUTHOR_COLUMNS),
        rejects=_rejects_frame(all_rejections),
        inputs=_frame([], INPUT_COLUMNS),
    )


def _validate_documents(
    parsed: ParsedBatch, now: datetime, rejections: list[Rejection], keep: ResultKeeper | None
) -> tuple[pd.DataFrame, FrameVerdict, set[str]]:
    """The raw.documents frame without its rejected rows, the verdict, the rejected doc_ids."""
    documents = _documents_frame(parsed)
    verdict = validate_frame("raw.documents", documents, now=now, keep=keep)
    bad_docs: set[str] = set()
    for i, failures in verdict.rejected.items():
        doc_id, source_uri = str(documents.at[i, "doc_id"]), str(documents.at[i, "source_uri"])
        bad_docs.add(doc_id)
        rejections.append(
            _validate_rejection(
                source_uri,
                doc_id,
                "raw.documents",
                None,
                failures,
                {"doc_id": doc_id, "source_uri": source_uri},
            )
        )
    documents = documents.drop(index=list(verdict.rejected)).reset_index(drop=True)
    return documents, verdict, bad_docs


def _validate_articles(
    articles: Sequence[Article],
    now: datetime,
    rejections: list[Rejection],
    keep: ResultKeeper | None,
) -> tuple[pd.DataFrame, FrameVerdict, set[str]]:
    """The core.articles frame with quality_flags and without rejected rows, the verdict, and
    the rejected article_ids."""
    rows = [dict(article_row(a)) for a in articles]
    frame = _frame(rows, [c for c in ARTICLE_COLUMNS if c != "quality_flags"])
    verdict = validate_frame("core.articles", frame, now=now, keep=keep)
    rejected_ids: set[str] = set()
    for i, failures in verdict.rejected.items():
        article = articles[i]
        rejected_ids.add(article.article_id)
        shown = {k: v for k, v in rows[i].items() if k != "body_text"}
        rejections.append(
            _validate_rejection(
                article.source_uri, article.doc_id, "core.articles", None, failures, shown
            )
        )
    frame["quality_flags"] = pd.Series(
        [list(_names(verdict.flagged.get(i, ()))) for i in range(len(frame))], dtype="object"
    )
    frame = frame[~frame["article_id"].isin(list(rejected_ids))].reset_index(drop=True)
    return frame, verdict, rejected_ids


def _orphaned_duplicate(duplicate: Article, winner: Article) -> Rejection:
    """A duplicate whose winning version was rejected: rejected with it, never lost."""
    detail = f"another version of a rejected article ({winner.source_uri})"
    return Rejection(
        source_uri=duplicate.source_uri,
        doc_id=duplicate.doc_id,
        stage="validate",
        reason="duplicate_of_rejected",
        detail=detail,
        table_name="core.articles",
        record=json.dumps({"detail": detail, "article_id": duplicate.article_id}),
    )


_CHILD_TABLES: tuple[tuple[str, tuple[str, ...], Callable[[Article], Sequence[object]]], ...] = (
    ("core.paragraphs", PARAGRAPH_COLUMNS, paragraph_rows),
    ("core.links", LINK_COLUMNS, link_rows),
    ("core.article_authors", AUTHOR_COLUMNS, author_rows),
)


def _validate_children(
    articles: Sequence[Article],
    now: datetime,
    rejections: list[Rejection],
    keep: ResultKeeper | None,
) -> tuple[dict[str, pd.DataFrame], list[FrameVerdict]]:
    """Paragraph, link and author frames without their rejected rows, and the verdicts."""
    by_id = {a.article_id: a for a in articles}
    frames: dict[str, pd.DataFrame] = {}
    verdicts: list[FrameVerdict] = []
    for table, columns, make_rows in _CHILD_TABLES:
        rows = [dict(typing.cast(Mapping[str, object], r)) for a in articles for r in make_rows(a)]
        frame = _frame(rows, columns)
        verdict = validate_frame(table, frame, now=now, keep=keep)
        verdicts.append(verdict)
        for i, failures in verdict.rejected.items():
            article = by_id[str(rows[i]["article_id"])]
            rejections.append(
                _validate_rejection(
                    article.source_uri,
                    article.doc_id,
                    table,
                    f"{article.article_id}:{rows[i]['position']}",
                    failures,
                    rows[i],
                )
            )
        frames[table] = frame.drop(index=list(verdict.rejected)).reset_index(drop=True)
    return frames, verdicts


def _validate_rejection(
    source_uri: str,
    doc_id: str,
    table: str,
    row_key: str | None,
    failures: Sequence[Failure],
    row: Mapping[str, object],
) -> Rejection:
    names = _names(failures)
    return Rejection(
        source_uri=source_uri,
        doc_id=doc_id,
        stage="validate",
        reason="failed_expectations",
        detail=f"{table}: failed {', '.join(names)}",
        table_name=table,
        row_key=row_key,
        failed_expectations=names,
        record=_reject_record(failures, row),
    )


def _documents_frame(parsed: ParsedBatch) -> pd.DataFrame:
    rows: dict[str, dict[str, object]] = {}
    for doc in parsed.documents:
        media_type, encoding = parsed.media.get(doc.doc_id, (doc.media_type, None))
        rows.setdefault(
            doc.doc_id,
            {
                "doc_id": doc.doc_id,
                "source_uri": doc.source_uri,
                "media_type": media_type,
                "encoding": encoding,
                "size_bytes": len(doc.content),
                "content": doc.content,
            },
        )
    for raw in parsed.raw_inputs:
        kept = Document(source_uri=raw.source_uri, content=raw.content)
        rows.setdefault(
            kept.doc_id,
            {
                "doc_id": kept.doc_id,
                "source_uri": raw.source_uri,
                "media_type": raw.media_type,
                "encoding": None,
                "size_bytes": len(raw.content),
                "content": raw.content,
            },
        )
    frame = _frame(list(rows.values()), DOCUMENT_COLUMNS)
    frame["size_bytes"] = frame["size_bytes"].astype("int64")
    return frame


def _inputs_frame(
    loaded: Sequence[Article],
    duplicates: Sequence[tuple[Article, Article]],
    rejections: Sequence[Rejection],
    settled: Sequence[Settled] = (),
) -> pd.DataFrame:
    """One row per input source: settled, rejected (first rejection wins), article or
    duplicate."""
    rows: dict[str, dict[str, object]] = {
        s.source_uri: {
            "source_uri": s.source_uri,
            "doc_id": s.doc_id,
            "outcome": s.outcome,
            "article_id": None,
            "stage": None,
            "reason": s.reason,
        }
        for s in settled
    }
    for rejection in rejections:
        if rejection.row_key is not None:
            continue  # a rejected paragraph/link/author row does not reject its input
        rows.setdefault(
            rejection.source_uri,
            {
                "source_uri": rejection.source_uri,
                "doc_id": rejection.doc_id,
                "outcome": "rejected",
                "article_id": None,
                "stage": rejection.stage,
                "reason": rejection.reason,
            },
        )
    for article in loaded:
        rows.setdefault(
            article.source_uri,
            {
                "source_uri": article.source_uri,
                "doc_id": article.doc_id,
                "outcome": "article",
                "article_id": article.article_id,
                "stage": None,
                "reason": None,
            },
        )
    for duplicate, winner in duplicates:
        rows.setdefault(
            duplicate.source_uri,
            {
                "source_uri": duplicate.source_uri,
                "doc_id": duplicate.doc_id,
                "outcome": "duplicate",
                "article_id": duplicate.article_id,
                "stage": None,
                "reason": f"same article as {winner.source_uri}",
            },
        )
    return _frame(list(rows.values()), INPUT_COLUMNS)
