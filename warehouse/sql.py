"""Values as the warehouse's statements take them: a literal where DuckDB takes no parameter,
and the bound of a "since this day" filter."""

from __future__ import annotations

from datetime import UTC, date, datetime


def sql_string(text: str) -> str:
    """A SQL string literal, for the places a statement takes no parameter (LOAD, COPY ... TO)."""
    return "'" + text.replace("'", "''") + "'"


def utc_midnight(day: date | None) -> datetime | None:
    """The first instant of ``day`` in UTC, so "since a day" means the same to every reader.

    Args:
        day: A calendar day, or None for no bound.

    Returns:
        Midnight UTC at the start of ``day``; None when ``day`` is None.
    """
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
