"""Full-text search over the articles: a BM25 index built with DuckDB's ``fts`` extension.

The extension comes offline from the ``duckdb-extension-fts`` package, loaded by file path
(copydesk's connections never auto-install); without that package it is installed from DuckDB's
repository, which needs the network once. The index lives in the database file (schema
``fts_core_articles``) and does not follow changes to ``core.articles``: the loader rebuilds it
after every load, inside its write connection. Searching needs only a read-only connection.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError
from warehouse.sql import sql_string, utc_midnight

# The schema PRAGMA create_fts_index names after the indexed table: fts_<schema>_<table>.
FTS_SCHEMA = "fts_core_articles"
STEMMER = "porter"
STOPWORDS = "english"
# The extension's default tokenizer only splits on ASCII punctuation, so words in typographic
# quotes (“ready,”) or next to an em dash became tokens of their own and never matched a query.
# Any run of characters that are not letters or digits (any script) separates words instead.
TOKEN_SEPARATORS = r"[^\p{L}\p{N}]+"
SNIPPET_CHARS = 200
# Context kept before the first matching word, so the snippet shows what leads up to it.
_SNIPPET_LEAD_CHARS = 60
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


class SearchError(WarehouseError):
    """Base class of search errors."""


class FtsUnavailable(SearchError):
    """The fts extension could not be loaded (package missing and no way to install it)."""


class SearchIndexMissing(SearchError):
    """The warehouse has no full-text index yet (no load has built it)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article that matched a query, best first."""

    article_id: str
    title: str
    site: str | None
    published_at: datetime | None
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """Whether the index exists and still matches core.articles."""

    exists: bool
    count_indexed: int
    count_articles: int
    built_at: datetime | None
    is_current: bool


def fts_extension_path() -> Path | None:
    """The fts extension file shipped by ``duckdb-extension-fts`` for this DuckDB, if installed."""
    spec = importlib.util.find_spec("duckdb_extension_fts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location, "extensions", f"v{duckdb.__version__}", "fts.duckdb_extension")
        if candidate.is_file():
            return candidate
    return None


def _is_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "select loaded from duckdb_extensions() where extension_name = 'fts'"
    ).fetchone()
    return bool(row and row[0])


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into ``con``: the bundled file, else ``INSTALL fts`` (online).

    Raises:
        FtsUnavailable: neither way worked.
    """
    if _is_loaded(con):
        return
    path = fts_extension_path()
    try:
        if path is not None:
            # LOAD takes no parameters; the path comes from the installed package, not a user.
            con.execute(f"load {sql_string(str(path))}")
        else:
            con.execute("install fts")
            con.execute("load fts")
    except duckdb.Error as exc:
        where = str(path) if path else "DuckDB's extension repository (INSTALL fts)"
        raise FtsUnavailable(
            f"cannot load DuckDB's fts extension from {where}: {exc}; "
            f"install duckdb-extension-fts=={duckdb.__version__} for offline use"
        ) from exc


def rebuild_index(con: duckdb.DuckDBPyConnection) -> int:
    """Build the BM25 index over core.articles (title and body_text) again, replacing the old one.

    Run it in the write connection after every load: the index does not follow table changes.
    It may run inside the load's transaction.

    Returns:
        The number of articles indexed.

    Raises:
        FtsUnavailable: the extension could not be loaded.
        SearchError: DuckDB refused to build the index (e.g. a read-only connection).
    """
    load_fts(con)
    try:
        con.execute(
            "pragma create_fts_index('core.articles', 'article_id', 'title', 'body_text', "
            f"stemmer = '{STEMMER}', stopwords = '{STOPWORDS}', "
            f"ignore = '{TOKEN_SEPARATORS}', strip_accents = 1, lower = 1, overwrite = 1)"
        )
        # Dropped with the schema by the next rebuild; lets readers tell a stale index.
        con.execute(
            f"""
            create table {FTS_SCHEMA}.copydesk_build as
            select
                current_timestamp as built_at,
                count(*) as count_articles,
                max(last_changed_at) as last_changed_at
            from core.articles
            """
        )
        row = con.execute(f"select count(*) from {FTS_SCHEMA}.docs").fetchone()
    except duckdb.Error as exc:
        raise SearchError(f"cannot build the search index: {exc}") from exc
    return int(row[0]) if row else 0


def refresh_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the index only when articles were added, changed or removed since it was built.

    The cheap check (count and latest last_changed_at of core.articles) saves the rebuild,
    about half a millisecond per article, after loads that changed nothing.

    Returns:
        True when the index was rebuilt.

    Raises:
        FtsUnavailable: the extension could not be loaded.
        SearchError: DuckDB refused to build the index.
    """
    if index_status(con).is_current:
        return False
    rebuild_index(con)
    return True


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [FTS_SCHEMA, table],
    ).fetchone()
    return bool(row and row[0])


def index_status(con: duckdb.DuckDBPyConnection) -> IndexStatus:
    """Whether the index exists, and whether articles were loaded or changed since it was built."""
    articles = con.execute(
        "select count(*), max(last_changed_at) from core.articles"
    ).fetchone() or (0, None)
    count_articles, last_changed_at = int(articles[0]), articles[1]
    if not _table_exists(con, "docs"):
        return IndexStatus(False, 0, count_articles, None, is_current=False)
    indexed = con.execute(f"select count(*) from {FTS_SCHEMA}.docs").fetchone()
    count_indexed = int(indexed[0]) if indexed else 0
    if not _table_exists(con, "copydesk_build"):
        # Built by hand or by another tool: only the counts can be compared.
        return IndexStatus(True, count_indexed, count_articles, None,
                           is_current=count_indexed == count_articles)  # fmt: skip
    build = con.execute(
        f"select built_at, count_articles, last_changed_at from {FTS_SCHEMA}.copydesk_build"
    ).fetchone()
    if build is None:
        return IndexStatus(True, count_indexed, count_articles, None, is_current=False)
    is_current = (build[1], build[2]) == (count_articles, last_changed_at)
    return IndexStatus(True, count_indexed, count_articles, build[0], is_current=is_current)


def _fold(text: str) -> str:
    """Lower case without accents, one character per character of ``text`` (offsets stay valid)."""
    return "".join(unicodedata.normalize("NFKD", ch)[0].lower()[0] for ch in text)


def make_snippet(body: str, word: str | None, *, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``body`` around the first whole ``word``, else its start."""
    text = _SPACE.sub(" ", body).strip()
    if len(text) <= width:
        return text
    position = -1
    if word:
        for match in _WORD.finditer(_fold(text)):
            if match.group() == word:
                position = match.start()
                break
    start = 0 if position < _SNIPPET_LEAD_CHARS else position - _SNIPPET_LEAD_CHARS
    if start:
        # Begin at a word, not in the middle of one.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > position else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _query_stems(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The query's words as the index sees them (tokenized, stemmed), stopwords left out."""
    row = con.execute(
        f"""
        select coalesce(list(distinct stem(token, '{STEMMER}')), [])
        from (select unnest({FTS_SCHEMA}.tokenize($query)) as token)
        where token <> '' and token not in (select sw from {FTS_SCHEMA}.stopwords)
        """,
        {"query": query},
    ).fetchone()
    return list(row[0]) if row else []


def _require_site_host(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse, with advice, a warehouse that predates the marts.site_host macro (0010)."""
    try:
        con.execute("select marts.site_host(null)")
    except duckdb.CatalogException as exc:
        # A warehouse last written by an older copydesk is migrated by its next load only.
        raise SearchError(
            "the warehouse was last written by an older copydesk: load once "
            "(`copydesk ingest ...`) to bring it up to date"
        ) from exc


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    since: date | None = None,
    site: str | None = None,
    limit: int = 10,
) -> list[SearchHit]:
    """Articles matching ``query`` by BM25 over title and body, best first.

    Args:
        con: a connection to the warehouse; read-only is enough.
        query: words to look for (any order; a document needs only one of them).
        since: only articles published on or after this UTC day (undated ones are left out).
        site: only articles of this site: its site_name or host, case-insensitively, as the
            ``site`` of marts.article_overview (a leading ``www.`` is ignored).
        limit: at most this many hits.

    Returns:
        The hits, highest score first (ties: newest first).

    Raises:
        SearchIndexMissing: no load has built the index yet.
        FtsUnavailable: the fts extension could not be loaded.
        SearchError: the warehouse predates this copydesk's schema (no load since the upgrade).
        ValueError: ``limit`` is below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if not _table_exists(con, "docs"):
        raise SearchIndexMissing(
            "the warehouse has no search index yet: it is built after each load "
            "(`copydesk ingest ...`)"
        )
    load_fts(con)
    _require_site_host(con)
    stems = _query_stems(con, query)
    if not stems:
        return []
    rows = con.execute(
        f"""
        with articles as (
            select
                article_id,
                title,
                coalesce(site_name, marts.site_host(coalesce(canonical_url, url))) as site,
                marts.site_host(coalesce(canonical_url, url)) as host,
                published_at,
                body_text
            from core.articles
        ),

        scored as (
            select
                article_id,
                title,
                site,
                published_at,
                body_text,
                {FTS_SCHEMA}.match_bm25(article_id, $query) as score
            from articles
            where ($since is null or published_at >= $since)
                and (
                    $site is null
                    or lower(site) = lower($site)
                    or lower(host) = lower(regexp_replace($site, '^www\\.', ''))
                )
        ),

        top as (
            select
                article_id,
                title,
                site,
                published_at,
                body_text,
                score
            from scored
            where score is not null
            order by score desc, published_at desc nulls last, article_id
            limit $limit
        )

        select
            article_id,
            title,
            site,
            published_at,
            score,
            body_text,
            list_filter(
                {FTS_SCHEMA}.tokenize(body_text),
                word -> list_contains($stems, stem(word, '{STEMMER}'))
            )[1] as first_match
        from top
        order by score desc, published_at desc nulls last, article_id
        """,
        {
            "query": query,
            "since": utc_midnight(since),
            "site": site,
            "limit": limit,
            "stems": stems,
        },
    ).fetchall()
    return [
        SearchHit(
            article_id=article_id,
            title=title,
            site=hit_site,
            published_at=published_at,
            score=float(score),
            snippet=make_snippet(body, first_match),
        )
        for article_id, title, hit_site, published_at, score, body, first_match in rows
    ]
