"""Per-URL fetch state, read before a web run so it fetches only what is new or changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from warehouse.connection import registered


@dataclass(frozen=True, slots=True)
class UrlState:
    """A row of ``raw.url_state``."""

    url: str
    source_name: str | None
    purpose: str
    last_outcome: str
    last_status: int | None
    last_error: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    count_consecutive_failures: int
    first_seen_at: datetime
    last_fetched_at: datetime | None
    last_changed_at: datetime | None
    next_fetch_after: datetime | None
    discovered_via: str | None


@dataclass(frozen=True, slots=True)
class KnownChild:
    """A feed, sitemap or URL list an earlier run found through another document."""

    url: str
    purpose: str
    parent: str
    via: str
    """How it was found from the parent: home, feed, sitemap, list or robots."""


def read_url_states(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> dict[str, UrlState]:
    """The stored state of each URL that has one."""
    wanted = pd.DataFrame({"url": sorted(set(urls))}, dtype="object")
    if wanted.empty:
        return {}
    with registered(con, "wanted_urls", wanted):
        rows = con.execute(
            """
            select
                state.url, state.source_name, state.purpose, state.last_outcome,
                state.last_status, state.last_error, state.etag, state.last_modified,
                state.content_hash, state.count_consecutive_failures, state.first_seen_at,
                state.last_fetched_at, state.last_changed_at, state.next_fetch_after,
                state.discovered_via
            from raw.url_state as state
            join wanted_urls using (url)
            """
        ).fetchall()
    return {row[0]: UrlState(*row) for row in rows}


def read_known_children(con: duckdb.DuckDBPyConnection, parents: Iterable[str]) -> list[KnownChild]:
    """Discovery documents (feeds, sitemaps, URL lists) found through the given URLs before."""
    wanted = pd.DataFrame({"parent": sorted(set(parents))}, dtype="object")
    if wanted.empty:
        return []
    with registered(con, "wanted_parents", wanted):
        rows = con.execute(
            """
            select
                state.url,
                state.purpose,
                wanted_parents.parent,
                split_part(state.discovered_via, ':', 1)
            from raw.url_state as state
            join wanted_parents
                on state.discovered_via = split_part(state.discovered_via, ':', 1)
                    || ':' || wanted_parents.parent
            where state.purpose in ('feed', 'sitemap', 'url_list')
            order by state.url
            """
        ).fetchall()
    return [KnownChild(*row) for row in rows]
