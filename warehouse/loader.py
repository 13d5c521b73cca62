"""The loader: the only code that writes the warehouse.

A batch arrives as DataFrames, one per table, already validated. It is written in one
transaction: documents and articles merged on their keys, child rows replaced for the articles
that changed, rejects and input outcomes recorded, the load's counts advanced. Either all of a
batch is in the database or none of it. If the database refuses some rows, the batch is rolled
back and loaded again one article at a time, so the refused articles become ``load`` rejects and
the rest still load.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime

import duckdb
import pandas as pd

from warehouse.errors import LoadError

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source_uri",
    "media_type",
    "encoding",
    "size_bytes",
    "content",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "doc_id",
    "source_uri",
    "url",
    "canonical_url",
    "site_name",
    "title",
    "subtitle",
    "description",
    "section",
    "authors",
    "published_at",
    "updated_at",
    "language",
    "reading_time_min",
    "word_count",
    "body_text",
    "image_url",
    "image_caption",
    "image_credit",
    "agency",
    "dateline",
    "tags",
    "extractor",
    "extractor_version",
    "organizations",
    "is_article",
    "article_score",
    "extraction_score",
    "published_utc_offset_min",
    "updated_utc_offset_min",
    "final_url",
    "discovered_via",
    "fetched_at",
    "quality_flags",
)
PARAGRAPH_COLUMNS: tuple[str, ...] = ("article_id", "position", "kind", "text")
LINK_COLUMNS: tuple[str, ...] = ("article_id", "position", "kind", "title", "url")
AUTHOR_COLUMNS: tuple[str, ...] = ("article_id", "position", "name")
REJECT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source_uri",
    "stage",
    "table_name",
    "row_key",
    "reason",
    "failed_expectations",
    "record",
)
INPUT_COLUMNS: tuple[str, ...] = (
    "source_uri",
    "doc_id",
    "outcome",
    "article_id",
    "stage",
    "reason",
)
"""``outcome`` of an incoming input: ``article`` (resolved here to new/updated/unchanged),
``duplicate``, ``not_modified``, ``skipped`` or ``rejected``."""
FETCH_COLUMNS: tuple[str, ...] = (
    "load_id",
    "url",
    "final_url",
    "source_name",
    "purpose",
    "discovered_via",
    "attempt",
    "requested_at",
    "elapsed_ms",
    "status",
    "outcome",
    "error",
    "error_detail",
    "content_type",
    "etag",
    "last_modified",
    "retry_after",
    "redirects",
    "count_bytes",
    "doc_id",
)
URL_STATE_COLUMNS: tuple[str, ...] = (
    "url",
    "source_name",
    "purpose",
    "last_outcome",
    "last_status",
    "last_error",
    "etag",
    "last_modified",
    "content_hash",
    "count_consecutive_failures",
    "first_seen_at",
    "last_fetched_at",
    "last_changed_at",
    "next_fetch_after",
    "discovered_via",
)

_CHILD_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("paragraphs", "core.paragraphs", PARAGRAPH_COLUMNS),
    ("links", "core.links", LINK_COLUMNS),
    ("authors", "core.article_authors", AUTHOR_COLUMNS),
)


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame with the given columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


@dataclass(frozen=True)
class LoadBatch:
    """One batch of validated rows, one DataFrame per table, columns as the ``*_COLUMNS`` above.

    ``fetches`` and ``url_states`` are empty for files; web loads record their HTTP requests
    and per-URL state in the same transaction as the articles they produced.
    """

    documents: pd.DataFrame
    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    links: pd.DataFrame
    authors: pd.DataFrame
    rejects: pd.DataFrame
    inputs: pd.DataFrame
    fetches: pd.DataFrame = field(default_factory=lambda: empty_frame(FETCH_COLUMNS))
    url_states: pd.DataFrame = field(default_factory=lambda: empty_frame(URL_STATE_COLUMNS))


@dataclass(frozen=True, slots=True)
class BatchCounts:
    """What one batch did to the warehouse; each input is counted once in the first eleven."""

    count_inputs: int = 0
    count_read_rejected: int = 0
    count_parse_rejected: int = 0
    count_validate_rejected: int = 0
    count_load_rejected: int = 0
    count_articles_new: int = 0
    count_articles_updated: int = 0
    count_articles_unchanged: int = 0
    count_duplicates: int = 0
    count_not_modified: int = 0
    count_skipped: int = 0
    count_flagged: int = 0
    count_row_rejects: int = 0

    @property
    def count_accounted(self) -> int:
        """Inputs with an outcome; equals ``count_inputs`` when nothing was lost."""
        return (
            self.count_read_rejected
            + self.count_parse_rejected
            + self.count_validate_rejected
            + self.count_load_rejected
            + self.count_articles_new
            + self.count_articles_updated
            + self.count_articles_unchanged
            + self.count_duplicates
            + self.count_not_modified
            + self.count_skipped
        )

    def __add__(self, other: BatchCounts) -> BatchCounts:
        return BatchCounts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


_COUNT_NAMES: tuple[str, ...] = tuple(f.name for f in fields(BatchCounts))


def start_load(
    con: duckdb.DuckDBPyConnection,
    *,
    load_id: str,
    flow_name: str,
    flow_run_id: str | None,
    sources: Sequence[str],
    now: datetime,
    version: str,
) -> int:
    """Record a new running load; loads left ``running`` by a killed process become ``interrupted``.

    Returns:
        How many earlier loads were marked interrupted.
    """
    interrupted = con.execute(
        "update ops.loads set status = 'interrupted' where status = 'running' returning load_id"
    ).fetchall()
    con.execute(
        f"""
        insert into ops.loads (
            load_id, flow_name, flow_run_id, started_at, status, sources,
            {", ".join(_COUNT_NAMES)}, copydesk_version
        )
        values (
            $load_id, $flow_name, $flow_run_id, $now, 'running', $sources,
            {", ".join("0" for _ in _COUNT_NAMES)}, $version
        )
        """,
        {
            "load_id": load_id,
            "flow_name": flow_name,
            "flow_run_id": flow_run_id,
            "now": now,
            "sources": list(sources),
            "version": version,
        },
    )
    return len(interrupted)


def finish_load(
    con: duckdb.DuckDBPyConnection,
    *,
    load_id: str,
    now: datetime,
    error: str | None = None,
) -> str:
    """Close a load: ``failed`` when ``error`` is given, else completed with or without rejects.

    Returns:
        The final status.
    """
    row = con.execute(
        """
        update ops.loads
        set
            finished_at = $now,
            error = $error,
            status = case
                when $error is not null then 'failed'
                when count_read_rejected + count_parse_rejected + count_validate_rejected
                    + count_load_rejected + count_row_rejects > 0
                    -- feeds and sitemaps that failed are rejects without being inputs
                    or exists (select 1 from ops.rejects as r where r.load_id = $load_id)
                    then 'completed_with_rejects'
                else 'completed'
            end
        where load_id = $load_id
        returning status
        """,
        {"load_id": load_id, "now": now, "error": error},
    ).fetchone()
    if row is None:
        raise LoadError(f"no load {load_id} in ops.loads")
    return str(row[0])


def load_batch(
    con: duckdb.DuckDBPyConnection, batch: LoadBatch, *, load_id: str, now: datetime
) -> BatchCounts:
    """Write one batch atomically; refused articles become ``load`` rejects.

    Raises:
        LoadError: the file could not be written, or the batch failed for a reason no single
            article explains.
    """
    try:
        return _load_in_transaction(con, batch, load_id=load_id, now=now)
    except duckdb.IOException as exc:
        raise LoadError(f"cannot write the warehouse file: {exc}") from exc
    except duckdb.Error as exc:
        if not len(batch.articles):
            raise LoadError(f"batch refused: {exc}") from exc
        return _load_article_by_article(con, batch, load_id=load_id, now=now)


def _load_article_by_article(
    con: duckdb.DuckDBPyConnection, batch: LoadBatch, *, load_id: str, now: datetime
) -> BatchCounts:
    """Fallback after a refused batch: one transaction per article, refused ones rejected."""
    article_ids = list(batch.articles["article_id"])
    counts = BatchCounts()
    refused: dict[str, str] = {}
    for article_id in article_ids:
        try:
            counts += _load_in_transaction(
                con, _only_article(batch, article_id), load_id=load_id, now=now
            )
        except duckdb.IOException as exc:
            raise LoadError(f"cannot write the warehouse file: {exc}") from exc
        except duckdb.Error as exc:
            refused[article_id] = f"{type(exc).__name__}: {exc}"
    rest = _without_articles(batch, set(article_ids), refused)
    try:
        counts += _load_in_transaction(con, rest, load_id=load_id, now=now)
    except duckdb.Error as exc:
        raise LoadError(f"batch refused even without its articles: {exc}") from exc
    return counts


def _only_article(batch: LoadBatch, article_id: str) -> LoadBatch:
    articles = batch.articles[batch.articles["article_id"] == article_id]
    inputs = batch.inputs[
        (batch.inputs["article_id"] == article_id) & (batch.inputs["outcome"] == "article")
    ]
    return LoadBatch(
        documents=batch.documents[batch.documents["doc_id"].isin(articles["doc_id"])],
        articles=articles,
        paragraphs=batch.paragraphs[batch.paragraphs["article_id"] == article_id],
        links=batch.links[batch.links["article_id"] == article_id],
        authors=batch.authors[batch.authors["article_id"] == article_id],
        rejects=batch.rejects.iloc[0:0],
        inputs=inputs,
        fetches=batch.fetches.iloc[0:0],
        url_states=batch.url_states.iloc[0:0],
    )


def _without_articles(
    batch: LoadBatch, article_ids: set[str], refused: dict[str, str]
) -> LoadBatch:
    """Everything but the articles, plus a load reject for each refused article."""
    refused_articles = batch.articles[batch.articles["article_id"].isin(list(refused))]
    load_rejects = pd.DataFrame(
        [
            {
                "doc_id": row.doc_id,
                "source_uri": row.source_uri,
                "stage": "load",
                "table_name": "core.articles",
                "row_key": None,
                "reason": "load_error",
                "failed_expectations": [],
                "record": json.dumps({"error": refused[str(row.article_id)]}),
            }
            for row in refused_articles.itertuples()
        ],
        columns=list(REJECT_COLUMNS),
    )
    inputs = batch.inputs.copy()
    is_refused = (inputs["outcome"] == "article") & inputs["article_id"].isin(list(refused))
    inputs.loc[is_refused, ["outcome", "stage", "reason"]] = ["rejected", "load", "load_error"]
    inputs = inputs[~((inputs["outcome"] == "article") & inputs["article_id"].isin(article_ids))]
    loaded_docs = set(batch.articles["doc_id"]) - set(refused_articles["doc_id"])
    return LoadBatch(
        documents=batch.documents[~batch.documents["doc_id"].isin(list(loaded_docs))],
        articles=batch.articles.iloc[0:0],
        paragraphs=batch.paragraphs.iloc[0:0],
        links=batch.links.iloc[0:0],
        authors=batch.authors.iloc[0:0],
        rejects=pd.concat([batch.rejects, load_rejects], ignore_index=True)
        if len(load_rejects)
        else batch.rejects,
        inputs=inputs,
        fetches=batch.fetches,
        url_states=batch.url_states,
    )


def _load_in_transaction(
    con: duckdb.DuckDBPyConnection, batch: LoadBatch, *, load_id: str, now: datetime
) -> BatchCounts:
    params = {"load_id": load_id, "now": now}
    frames = {
        "incoming_documents": batch.documents[list(DOCUMENT_COLUMNS)],
        "incoming_articles": batch.articles[list(ARTICLE_COLUMNS)],
        "incoming_paragraphs": batch.paragraphs[list(PARAGRAPH_COLUMNS)],
        "incoming_links": batch.links[list(LINK_COLUMNS)],
        "incoming_authors": batch.authors[list(AUTHOR_COLUMNS)],
        "incoming_rejects": batch.rejects[list(REJECT_COLUMNS)],
        "incoming_inputs": batch.inputs[list(INPUT_COLUMNS)],
        "incoming_fetches": batch.fetches[list(FETCH_COLUMNS)],
        "incoming_url_states": batch.url_states[list(URL_STATE_COLUMNS)],
    }
    for name, frame in frames.items():
        con.register(name, frame)
    con.execute("begin transaction")
    try:
        _write_documents(con, params)
        _classify_articles(con)
        _write_articles(con, params)
        _write_rejects(con, params)
        _write_inputs(con, params)
        _write_fetches(con)
        _write_url_states(con, params)
        counts = _count_batch(con)
        _advance_load(con, load_id, counts)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for name in frames:
            con.unregister(name)
        con.execute("drop table if exists temp.article_changes")
    return counts


def _write_documents(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    con.execute(
        """
        insert into raw.documents (
            doc_id, source_uri, media_type, encoding, size_bytes, content,
            first_seen_at, last_seen_at, load_id
        )
        select
            doc_id, source_uri, media_type, encoding, size_bytes, content,
            $now, $now, $load_id
        from incoming_documents
        on conflict (doc_id) do update set
            media_type = coalesce(excluded.media_type, raw.documents.media_type),
            encoding = coalesce(excluded.encoding, raw.documents.encoding),
            last_seen_at = excluded.last_seen_at,
            load_id = excluded.load_id
        """,
        params,
    )


def _classify_articles(con: duckdb.DuckDBPyConnection) -> None:
    """new, updated or unchanged (same bytes, same extractor version) for each incoming article."""
    con.execute(
        """
        create temp table article_changes as
        select
            -- explicit: DuckDB types the columns of an empty frame as it likes
            cast(incoming.article_id as varchar) as article_id,
            case
                when existing.article_id is null then 'new'
                when existing.doc_id = incoming.doc_id
                    and existing.extractor_version = incoming.extractor_version then 'unchanged'
                else 'updated'
            end as change
        from incoming_articles as incoming
        left join core.articles as existing on existing.article_id = incoming.article_id
        """
    )


_ARTICLE_UPDATES = ",\n".join(
    f"{column} = excluded.{column}" for column in ARTICLE_COLUMNS if column != "article_id"
)


def _write_articles(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    columns = ", ".join(ARTICLE_COLUMNS)
    con.execute(
        f"""
        insert into core.articles ({columns}, first_seen_at, last_changed_at, load_id)
        select {columns}, $now, $now, $load_id
        from incoming_articles
        where article_id in (select article_id from article_changes where change <> 'unchanged')
        on conflict (article_id) do update set
            {_ARTICLE_UPDATES},
            last_changed_at = excluded.last_changed_at,
            load_id = excluded.load_id
        """,
        params,
    )
    con.execute(
        """
        insert into core.article_versions (
            article_id, version, doc_id, extractor_version, title, published_at, updated_at,
            word_count, body_sha256, loaded_at, load_id
        )
        select
            incoming.article_id,
            coalesce(
                (select max(v.version) from core.article_versions as v
                 where v.article_id = incoming.article_id),
                0
            ) + 1,
            incoming.doc_id, incoming.extractor_version, incoming.title,
            incoming.published_at, incoming.updated_at, incoming.word_count,
            sha256(incoming.body_text), $now, $load_id
        from incoming_articles as incoming
        where incoming.article_id in (
            select article_id from article_changes where change <> 'unchanged'
        )
        """,
        params,
    )
    for frame, table, child_columns in _CHILD_TABLES:
        con.execute(
            f"""
            delete from {table}
            where article_id in (
                select article_id from article_changes where change = 'updated'
            )
            """
        )
        column_list = ", ".join(child_columns)
        con.execute(
            f"""
            insert into {table} ({column_list}, load_id)
            select {column_list}, $load_id
            from incoming_{frame}
            where article_id in (
                select article_id from article_changes where change <> 'unchanged'
            )
            """,
            {"load_id": params["load_id"]},
        )


def _write_rejects(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    con.execute(
        """
        insert into ops.rejects (
            reject_id, load_id, doc_id, source_uri, stage, table_name, row_key, reason,
            failed_expectations, record, first_rejected_at, last_rejected_at
        )
        select
            sha256(concat_ws(
                '|', source_uri, coalesce(doc_id, ''), stage,
                coalesce(table_name, ''), coalesce(row_key, '')
            )),
            $load_id, doc_id, source_uri, stage, table_name, row_key, reason,
            failed_expectations, record, $now, $now
        from incoming_rejects
        on conflict (reject_id) do update set
            load_id = excluded.load_id,
            reason = excluded.reason,
            failed_expectations = excluded.failed_expectations,
            record = excluded.record,
            last_rejected_at = excluded.last_rejected_at
        """,
        params,
    )


def _write_inputs(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    con.execute(
        """
        insert into ops.inputs (
            source_uri, doc_id, outcome, article_id, stage, reason,
            first_seen_at, last_seen_at, load_id
        )
        select
            incoming.source_uri,
            incoming.doc_id,
            case when incoming.outcome = 'article' then changes.change else incoming.outcome end,
            incoming.article_id,
            incoming.stage,
            incoming.reason,
            $now,
            $now,
            $load_id
        from incoming_inputs as incoming
        left join article_changes as changes on changes.article_id = incoming.article_id
            and incoming.outcome = 'article'
        on conflict (source_uri) do update set
            doc_id = excluded.doc_id,
            outcome = excluded.outcome,
            article_id = excluded.article_id,
            stage = excluded.stage,
            reason = excluded.reason,
            last_seen_at = excluded.last_seen_at,
            load_id = excluded.load_id
        """,
        params,
    )


def _write_fetches(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(FETCH_COLUMNS)
    con.execute(
        f"""
        insert into raw.fetches (fetch_id, {columns})
        select
            sha256(concat_ws('|', load_id, url, purpose, attempt, requested_at)),
            {columns}
        from incoming_fetches
        on conflict (fetch_id) do nothing
        """
    )


_URL_STATE_UPDATES = ",\n".join(
    f"{column} = excluded.{column}"
    for column in URL_STATE_COLUMNS
    if column not in ("url", "first_seen_at")
)


def _write_url_states(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    columns = ", ".join(URL_STATE_COLUMNS)
    con.execute(
        f"""
        insert into raw.url_state ({columns}, load_id)
        select {columns}, $load_id
        from incoming_url_states
        on conflict (url) do update set
            {_URL_STATE_UPDATES},
            load_id = excluded.load_id
        """,
        {"load_id": params["load_id"]},
    )


def _count_batch(con: duckdb.DuckDBPyConnection) -> BatchCounts:
    row = con.execute(
        """
        select
            count(*),
            count(*) filter (where outcome = 'rejected' and stage = 'read'),
            count(*) filter (where outcome = 'rejected' and stage = 'parse'),
            count(*) filter (where outcome = 'rejected' and stage = 'validate'),
            count(*) filter (where outcome = 'rejected' and stage = 'load'),
            count(*) filter (where change = 'new'),
            count(*) filter (where change = 'updated'),
            count(*) filter (where change = 'unchanged'),
            count(*) filter (where outcome = 'duplicate'),
            count(*) filter (where outcome = 'not_modified'),
            count(*) filter (where outcome = 'skipped'),
            (
                select count(*)
                from incoming_articles
                join article_changes using (article_id)
                where change <> 'unchanged' and len(quality_flags) > 0
            ),
            (select count(*) from incoming_rejects where row_key is not null)
        from incoming_inputs as incoming
        left join article_changes as changes on changes.article_id = incoming.article_id
            and incoming.outcome = 'article'
        """
    ).fetchone()
    assert row is not None  # an aggregate always returns one row
    return BatchCounts(*(int(value) for value in row))


def _advance_load(con: duckdb.DuckDBPyConnection, load_id: str, counts: BatchCounts) -> None:
    assignments = ", ".join(f"{name} = {name} + ${name}" for name in _COUNT_NAMES)
    con.execute(
        f"update ops.loads set {assignments} where load_id = $load_id",
        {"load_id": load_id, **{name: getattr(counts, name) for name in _COUNT_NAMES}},
    )
