"""Figures about one load, for the run report: read from what the load wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files

import duckdb


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """Inputs of a load by source, host and outcome."""

    source_name: str
    host: str
    outcome: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Share of a load's new or updated articles that have each field."""

    count_articles: int
    share_published_at: float
    share_authors: float
    share_body: float
    share_language: float
    share_site_name: float


@dataclass(frozen=True, slots=True)
class HostTiming:
    """Request timings of one host in a load."""

    host: str
    count_requests: int
    avg_ms: float
    max_ms: float
    count_failed: int


@dataclass(frozen=True, slots=True)
class WarehouseTotals:
    """Size of the warehouse after a load."""

    count_articles: int
    count_sites: int
    count_documents: int
    count_rejects: int
    count_loads: int
    latest_published_at: datetime | None


def _sql(name: str) -> str:
    return (files("warehouse.reports") / f"{name}.sql").read_text("utf-8")


def outcomes_by_source(con: duckdb.DuckDBPyConnection, load_id: str) -> list[OutcomeRow]:
    """Every input of the load grouped by source, host, outcome and reason."""
    rows = con.execute(_sql("outcomes_by_source"), {"load_id": load_id}).fetchall()
    return [OutcomeRow(*row) for row in rows]


def field_coverage(con: duckdb.DuckDBPyConnection, load_id: str) -> Coverage:
    """Field coverage of the articles the load wrote."""
    row = con.execute(_sql("field_coverage"), {"load_id": load_id}).fetchone()
    assert row is not None  # an aggregate always returns one row
    return Coverage(*row)


def slowest_hosts(
    con: duckdb.DuckDBPyConnection, load_id: str, *, limit: int = 10
) -> list[HostTiming]:
    """Hosts of the load's requests, slowest on average first."""
    rows = con.execute(_sql("slowest_hosts"), {"load_id": load_id, "limit": limit}).fetchall()
    return [HostTiming(*row) for row in rows]


def warehouse_totals(con: duckdb.DuckDBPyConnection) -> WarehouseTotals:
    """Totals over the whole warehouse."""
    row = con.execute(_sql("warehouse_totals")).fetchone()
    assert row is not None  # an aggregate always returns one row
    return WarehouseTotals(*row)
