"""The values warehouse statements share (warehouse/sql.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from warehouse.sql import sql_string, utc_midnight


@pytest.mark.parametrize(
    "text",
    ["/srv/exports/2025", "/home/o'brien/exports", "it''s", "", "'; drop table core.articles; --"],
    ids=["plain", "quote", "two-quotes", "empty", "injection"],
)
def test_sql_string_reads_back_as_the_same_text(text: str) -> None:
    con = duckdb.connect(":memory:")
    try:
        assert con.execute(f"select {sql_string(text)}").fetchone() == (text,)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2025, 3, 1), datetime(2025, 3, 1, tzinfo=UTC)), (None, None)],
    ids=["day", "no-bound"],
)
def test_utc_midnight(day: date | None, expected: datetime | None) -> None:
    assert utc_midnight(day) == expected
