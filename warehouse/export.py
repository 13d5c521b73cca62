"""Export the articles and their child rows as Parquet, partitioned by publication year and month.

Layout under the output directory, one Hive-partitioned dataset per table::

    articles/year=2025/month=6/data_0.parquet
    paragraphs/year=2025/month=6/data_0.parquet      (rows of the articles exported)
    links/...  article_authors/...
    articles/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/...   (undated)

Child rows sit in their article's partition, so one month's directories hold a consistent
subset. ``__HIVE_DEFAULT_PARTITION__`` is Hive's name for a null partition value: DuckDB,
pyarrow (pandas), polars and Spark all read it back as a null year and month.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError
from warehouse.sql import sql_string, utc_midnight

# (directory and table name, source table, row order): articles first, then their rows.
EXPORT_TABLES: tuple[tuple[str, str, str], ...] = (
    ("articles", "core.articles", "rows.published_at, rows.article_id"),
    ("paragraphs", "core.paragraphs", "rows.article_id, rows.position"),
    ("links", "core.links", "rows.article_id, rows.position"),
    ("article_authors", "core.article_authors", "rows.article_id, rows.position"),
)
UNDATED_PARTITION = "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"
_SELECTION = "copydesk_export_articles"


class ExportError(WarehouseError):
    """The export could not be written."""


class OutputNotEmpty(ExportError):
    """The output directory holds files and overwriting was not asked for."""


@dataclass(frozen=True, slots=True)
class ExportedTable:
    """One table written as a partitioned Parquet dataset."""

    name: str
    directory: Path
    count_rows: int
    files: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    out_dir: Path
    since: date | None
    tables: tuple[ExportedTable, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Rows written per table name."""
        return {table.name: table.count_rows for table in self.tables}

    @property
    def files(self) -> tuple[Path, ...]:
        """Every Parquet file written, table by table."""
        return tuple(path for table in self.tables for path in table.files)


def _partition_order(path: Path) -> tuple[tuple[int, int, str], ...]:
    """Sort key: partitions in calendar order (month=9 before month=10), undated last."""
    key: list[tuple[int, int, str]] = []
    for part in path.parts:
        value = part.partition("=")[2]
        key.append((0, int(value), part) if value.isdigit() else (1, 0, part))
    return tuple(key)


def _prepare(out_dir: Path, *, overwrite: bool) -> None:
    """Refuse a non-empty ``out_dir`` unless overwriting; then clear only our table folders."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        if not overwrite:
            raise OutputNotEmpty(
                f"{out_dir} is not empty: choose an empty directory or pass overwrite=True"
            )
        # Only what an export writes is removed: other files the user keeps there stay.
        for name, _, _ in EXPORT_TABLES:
            target = out_dir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out_dir}: {exc}") from exc


def export_parquet(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    since: date | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write core.articles and its paragraphs, links and authors as partitioned Parquet.

    Args:
        con: a connection to the warehouse; read-only is enough.
        out_dir: directory to write into; created when missing.
        since: only articles published on or after this UTC day (undated articles are left out);
            None exports every article, undated ones in ``UNDATED_PARTITION``.
        overwrite: allow a non-empty ``out_dir``; the table folders of an earlier export are
            replaced, anything else in it is left alone.

    Returns:
        The tables written with their row counts and files.

    Raises:
        OutputNotEmpty: ``out_dir`` holds files and ``overwrite`` is false.
        ExportError: ``out_dir`` cannot be created or written.
    """
    out_dir = out_dir.expanduser().absolute()
    _prepare(out_dir, overwrite=overwrite)
    tables: list[ExportedTable] = []
    con.execute("begin transaction")
    try:
        # One snapshot and one selection for all four tables, so child rows match the articles.
        con.execute(
            f"""
            create or replace temp table {_SELECTION} as
            select
                article_id,
                year(timezone('UTC', published_at)) as year,
                month(timezone('UTC', published_at)) as month
            from core.articles
            where $since is null or published_at >= $since
            """,
            {"since": utc_midnight(since)},
        )
        for name, source, order in EXPORT_TABLES:
            directory = out_dir / name
            select = (
                f"select rows.*, selection.year, selection.month from {source} as rows "
                f"join {_SELECTION} as selection on selection.article_id = rows.article_id "
                f"order by {order}"
            )
            row = con.execute(
                f"copy ({select}) to {sql_string(str(directory))} "
                "(format parquet, partition_by (year, month))"
            ).fetchone()
            files = tuple(sorted(directory.rglob("*.parquet"), key=_partition_order))
            tables.append(ExportedTable(name, directory, int(row[0]) if row else 0, files))
        con.execute(f"drop table {_SELECTION}")
        con.execute("commit")
    except duckdb.Error as exc:
        con.execute("rollback")
        raise ExportError(f"export to {out_dir} failed: {exc}") from exc
    return ExportResult(out_dir=out_dir, since=since, tables=tuple(tables))
