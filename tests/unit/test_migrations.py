"""Migrations apply in order, are recorded with checksums, and document every column."""

from __future__ import annotations

import typing
from dataclasses import replace

import duckdb
import pytest

from transforms.rows import ArticleRow, AuthorRow, LinkRow, ParagraphRow
from warehouse.errors import MigrationError
from warehouse.loader import (
    ARTICLE_COLUMNS,
    AUTHOR_COLUMNS,
    DOCUMENT_COLUMNS,
    LINK_COLUMNS,
    PARAGRAPH_COLUMNS,
)
from warehouse.migrate import load_migrations, load_views, migrate

CONTRACT: dict[str, set[str]] = {
    "raw.documents": {"doc_id", "source_uri", "media_type", "encoding", "size_bytes", "content",
                      "first_seen_at", "last_seen_at", "load_id"},
    "core.articles": {"article_id", "doc_id", "url", "canonical_url", "site_name", "title",
                      "subtitle", "section", "authors", "published_at", "updated_at", "language",
                      "reading_time_min", "word_count", "body_text", "image_url", "image_caption",
                      "image_credit", "agency", "dateline", "extractor_version", "first_seen_at",
                      "load_id"},
    "core.paragraphs": {"article_id", "position", "kind", "text"},
    "core.links": {"article_id", "position", "kind", "title", "url"},
    "core.article_authors": {"article_id", "position", "name"},
    "ops.loads": {"load_id", "flow_run_id", "started_at", "finished_at", "status"},
    "ops.rejects": {"load_id", "doc_id", "source_uri", "stage", "reason", "failed_expectations",
                    "record"},
    "marts.daily_articles": {"day", "site", "section", "count"},
    "marts.article_overview": {"article_id", "title"},
}  # fmt: skip


@pytest.fixture
def con() -> typing.Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    yield connection
    connection.close()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str | None]:
    schema, name = table.split(".")
    rows = con.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return dict(rows)


def test_migrations_are_numbered_in_order() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))


def test_migrate_creates_the_contract_tables(con: duckdb.DuckDBPyConnection) -> None:
    applied = migrate(con)
    assert applied == [m.name for m in load_migrations()]
    for table, required in CONTRACT.items():
        assert required <= set(_columns(con, table)), table


def test_migrate_twice_applies_nothing(con: duckdb.DuckDBPyConnection) -> None:
    migrate(con)
    assert migrate(con) == []
    count = con.execute("select count(*) from ops.schema_migrations").fetchone()
    assert count == (len(load_migrations()),)


def test_every_table_view_macro_and_column_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    migrate(con)
    undocumented_tables = con.execute(
        """
        select schema_name || '.' || table_name from duckdb_tables()
        where schema_name in ('raw', 'core', 'ops', 'marts') and coalesce(comment, '') = ''
        union all
        select schema_name || '.' || view_name from duckdb_views()
        where schema_name in ('raw', 'core', 'ops', 'marts') and coalesce(comment, '') = ''
        union all
        select schema_name || '.' || function_name from duckdb_functions()
        where schema_name in ('raw', 'core', 'ops', 'marts') and coalesce(comment, '') = ''
        """
    ).fetchall()
    undocumented_columns = con.execute(
        """
        select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()
        where schema_name in ('raw', 'core', 'ops', 'marts') and coalesce(comment, '') = ''
        """
    ).fetchall()
    assert undocumented_tables == []
    assert undocumented_columns == []


def test_an_edited_applied_migration_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    migrations = load_migrations()
    migrate(con, migrations)
    edited = [*migrations[:-1], replace(migrations[-1], sql=migrations[-1].sql + "\n-- edit\n")]
    with pytest.raises(MigrationError, match="was edited after it was applied"):
        migrate(con, edited)


def test_a_database_from_a_newer_copydesk_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    migrations = load_migrations()
    migrate(con, migrations)
    with pytest.raises(MigrationError, match="does not ship it"):
        migrate(con, migrations[:-1])


def test_a_failing_migration_leaves_nothing_behind(con: duckdb.DuckDBPyConnection) -> None:
    migrations = load_migrations()
    broken = replace(
        migrations[-1],
        version=migrations[-1].version + 1,
        name="9999_create_broken.sql",
        sql="create table core.half_done (x integer);\nselect * from no_such_table;",
    )
    with pytest.raises(MigrationError, match=r"9999_create_broken\.sql failed"):
        migrate(con, [*migrations, broken])
    assert _columns(con, "core.half_done") == {}
    assert migrate(con, migrations) == []


def test_views_are_applied_from_their_files(con: duckdb.DuckDBPyConnection) -> None:
    migrate(con)
    names = {name for name, _ in load_views()}
    assert {"marts.daily_articles", "marts.article_overview"} <= names


@pytest.mark.parametrize(
    ("row_type", "columns"),
    [
        (ArticleRow, tuple(c for c in ARTICLE_COLUMNS if c != "quality_flags")),
        (ParagraphRow, PARAGRAPH_COLUMNS),
        (LinkRow, LINK_COLUMNS),
        (AuthorRow, AUTHOR_COLUMNS),
    ],
    ids=["articles", "paragraphs", "links", "authors"],
)
def test_row_types_match_loader_columns(row_type: type, columns: tuple[str, ...]) -> None:
    assert tuple(typing.get_type_hints(row_type)) == columns


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("raw.documents", DOCUMENT_COLUMNS),
        ("core.articles", ARTICLE_COLUMNS),
        ("core.paragraphs", PARAGRAPH_COLUMNS),
        ("core.links", LINK_COLUMNS),
        ("core.article_authors", AUTHOR_COLUMNS),
    ],
)
def test_loader_columns_exist_in_tables(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]
) -> None:
    migrate(con)
    assert set(columns) <= set(_columns(con, table))
