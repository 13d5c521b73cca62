"""Stored documents, read back for re-extraction without reading or fetching them again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from warehouse.connection import registered


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """The current bytes of one input, with what is known of where they came from."""

    source_uri: str
    doc_id: str
    content: bytes
    media_type: str | None
    url: str | None
    final_url: str | None
    discovered_via: str | None
    fetched_at: datetime | None


def documents_to_reparse(
    con: duckdb.DuckDBPyConnection, *, current_versions: Mapping[str, str], everything: bool
) -> list[str]:
    """Source URIs whose current document should be extracted again.

    Only each input's latest bytes (``ops.inputs.doc_id``) are considered: older versions in
    ``raw.documents`` are history, and re-extracting them would roll articles back. Without
    ``everything``, only inputs whose article came from an older extractor version, or that
    have no article (rejected before, perhaps by an extractor that has since improved).
    """
    versions = pd.DataFrame(
        {"extractor": list(current_versions), "version": list(current_versions.values())},
        dtype="object",
    )
    with registered(con, "current_versions", versions):
        rows = con.execute(
            """
            select inputs.source_uri
            from ops.inputs as inputs
            join raw.documents as documents on documents.doc_id = inputs.doc_id
            left join core.articles as articles on articles.article_id = inputs.article_id
            left join current_versions on current_versions.extractor = articles.extractor
            where documents.media_type is distinct from 'application/gzip'
                and (
                    $everything
                    or articles.article_id is null
                    or current_versions.version is distinct from articles.extractor_version
                )
            order by inputs.source_uri
            """,
            {"everything": everything},
        ).fetchall()
    return [row[0] for row in rows]


def read_documents(
    con: duckdb.DuckDBPyConnection, source_uris: Sequence[str]
) -> list[StoredDocument]:
    """The current document of each source URI, with provenance from its article if any."""
    wanted = pd.DataFrame({"source_uri": list(source_uris)}, dtype="object")
    with registered(con, "wanted_sources", wanted):
        rows = con.execute(
            """
            select
                inputs.source_uri,
                documents.doc_id,
                documents.content,
                documents.media_type,
                coalesce(articles.url, case
                    when inputs.source_uri like 'http%' then inputs.source_uri end) as url,
                articles.final_url,
                articles.discovered_via,
                articles.fetched_at
            from wanted_sources
            join ops.inputs as inputs using (source_uri)
            join raw.documents as documents on documents.doc_id = inputs.doc_id
            left join core.articles as articles on articles.article_id = inputs.article_id
            order by inputs.source_uri
            """
        ).fetchall()
    return [StoredDocument(*row) for row in rows]
