"""The marts answer exactly on a small hand-made warehouse (in memory, every number worked out).

The session time zone is set to New York on purpose: the marts must count UTC days whatever
the reader's TimeZone setting (load L3 starts at 00:10 UTC on 2 March, still 1 March in
New York).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from tests.conftest import REPO
from warehouse.migrate import load_views, migrate
from warehouse.reports import warehouse_totals

NOW = datetime.now(UTC).replace(microsecond=0)
L1_START = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
L2_START = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
L3_START = datetime(2025, 3, 2, 0, 10, tzinfo=UTC)
FETCHED_AT = datetime(2025, 3, 1, 9, 59, tzinfo=UTC)

NEW_MARTS: tuple[str, ...] = (
    "author_output",
    "daily_rejects",
    "latest_articles",
    "quality_trend",
    "source_freshness",
)


@dataclass(frozen=True)
class Story:
    """One row of core.articles, with only what the marts read."""

    article_id: str
    site_name: str | None
    url: str | None
    section: str | None
    published_at: datetime | None
    authors: tuple[str, ...]
    language: str | None
    word_count: int
    extraction_score: float | None
    quality_flags: tuple[str, ...]
    load_id: str


STORIES: tuple[Story, ...] = (
    Story("a1", "Harbour Gazette", "https://www.harbour.example.com/a1", "Politics",
          NOW - timedelta(days=2), ("Ann Lee", "Bo Park"), "en", 300, 0.9,
          ("word_count_over_20000", "reading_time_out_of_range"), "L3"),
    Story("a2", None, "https://harbour.example.com/a2", None, None, ("Ann Lee",), None, 100,
          0.3, ("missing_published_at",), "L1"),
    Story("a3", "Harbour Gazette", None, "Sport", NOW - timedelta(days=20), ("Ann Lee",), "en",
          200, None, ("low_extraction_score",), "L1"),
    Story("a4", None, None, None, None, (), "de", 50, 0.7, ("missing_published_at",), "L1"),
    Story("a5", "Harbour Gazette", None, "Politics", NOW - timedelta(days=40), ("Bo Park",),
          "en", 400, 0.8, (), "L1"),
)  # fmt: skip


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, object]) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


def _load(load_id: str, started_at: datetime, seconds: int, **counts: int) -> dict[str, object]:
    names = ("inputs", "read_rejected", "parse_rejected", "validate_rejected", "load_rejected",
             "articles_new", "articles_updated", "articles_unchanged", "duplicates", "flagged",
             "row_rejects", "not_modified", "skipped")  # fmt: skip
    return {
        "load_id": load_id,
        "flow_name": "ingest-files",
        "started_at": started_at,
        "finished_at": started_at + timedelta(seconds=seconds),
        "status": "completed_with_rejects",
        "sources": ["/srv/news"],
        "copydesk_version": "0.1.0",
        **{f"count_{name}": counts.get(name, 0) for name in names},
    }


def _reject(
    reject_id: str,
    load_id: str,
    stage: str,
    reason: str,
    *,
    table: str | None = None,
    row_key: str | None = None,
    failed: tuple[str, ...] = (),
) -> dict[str, object]:
    return {
        "reject_id": reject_id,
        "load_id": load_id,
        "source_uri": f"file:///srv/news/{reject_id}.html",
        "stage": stage,
        "table_name": table,
        "row_key": row_key,
        "reason": reason,
        "failed_expectations": list(failed),
        "first_rejected_at": L1_START,
        "last_rejected_at": L3_START,
    }


def _version(
    article_id: str,
    version: int,
    title: str,
    body: str,
    loaded_at: datetime,
    load_id: str,
    extractor_version: str = "1.0",
) -> dict[str, object]:
    return {
        "article_id": article_id,
        "version": version,
        "doc_id": f"{article_id}-v{version}",
        "extractor_version": extractor_version,
        "title": title,
        "published_at": None,
        "updated_at": None,
        "word_count": 300,
        "body_sha256": body,
        "loaded_at": loaded_at,
        "load_id": load_id,
    }


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    migrate(connection)
    connection.execute("set TimeZone = 'America/New_York'")
    # L1: 10 inputs = 1 + 2 + 1 + 0 rejected + 5 new + 1 duplicate.
    # L2: 6 inputs = 1 parse reject + 1 new + 1 updated + 3 unchanged.
    # L3: 4 inputs = 2 read rejects + 1 updated + 1 unchanged.
    for load in (
        _load("L1", L1_START, 30, inputs=10, read_rejected=1, parse_rejected=2,
              validate_rejected=1, articles_new=5, duplicates=1, flagged=3, row_rejects=1),
        _load("L2", L2_START, 12, inputs=6, parse_rejected=1, articles_new=1,
              articles_updated=1, articles_unchanged=3),
        _load("L3", L3_START, 5, inputs=4, read_rejected=2, articles_updated=1,
              articles_unchanged=1, flagged=1),
    ):  # fmt: skip
        _insert(connection, "ops.loads", load)
    # ops.rejects keeps each rejection's last occurrence: r1 (L1's read reject) was seen again
    # by L3, r3 (one of L1's parse rejects) again by L2.
    for reject in (
        _reject("r1", "L3", "read", "not_found"),
        _reject("r2", "L1", "parse", "empty"),
        _reject("r3", "L2", "parse", "no_text"),
        _reject("r4", "L1", "validate", "failed_expectations", table="core.articles",
                failed=("title_length", "word_count_at_least_30")),
        _reject("r5", "L1", "validate", "failed_expectations", table="core.paragraphs",
                row_key="a1:3", failed=("text_not_blank",)),
        _reject("r6", "L3", "read", "too_large"),
    ):  # fmt: skip
        _insert(connection, "ops.rejects", reject)
    for story in STORIES:
        _insert(
            connection,
            "core.articles",
            {
                "article_id": story.article_id,
                "doc_id": f"doc-{story.article_id}",
                "source_uri": f"file:///srv/news/{story.article_id}.html",
                "url": story.url,
                "site_name": story.site_name,
                "title": f"Story {story.article_id}",
                "section": story.section,
                "authors": list(story.authors),
                "published_at": story.published_at,
                "language": story.language,
                "word_count": story.word_count,
                "body_text": "word " * story.word_count,
                "tags": [],
                "extractor": "html",
                "extractor_version": "1.0",
                "quality_flags": list(story.quality_flags),
                "first_seen_at": L1_START,
                "last_changed_at": L1_START,
                "load_id": story.load_id,
                "extraction_score": story.extraction_score,
                "fetched_at": FETCHED_AT,
            },
        )
        for position, name in enumerate(story.authors, start=1):
            _insert(connection, "core.article_authors",
                    {"article_id": story.article_id, "position": position, "name": name,
                     "load_id": story.load_id})  # fmt: skip
    for doc_id, source_name in (("doc-a1", "harbour"), ("doc-a5", "harbour"),
                                ("doc-a5", "archive"), ("doc-a2", None)):  # fmt: skip
        _insert(
            connection,
            "raw.fetches",
            {
                "fetch_id": f"{doc_id}-{source_name}",
                "load_id": "L1",
                "url": f"https://harbour.example.com/{doc_id}",
                "source_name": source_name,
                "purpose": "page",
                "attempt": 1,
                "requested_at": FETCHED_AT,
                "outcome": "fetched",
                "redirects": [],
                "count_bytes": 1000,
                "doc_id": doc_id,
            },
        )
    for version in (
        _version("a1", 1, "Drones join rescue crews", "h1", L1_START, "L1"),
        _version("a1", 2, "Drone crews rescue two", "h2", L2_START, "L2"),
        _version("a1", 3, "Drone crews rescue two", "h2", L3_START, "L3", "2.0"),
        _version("a5", 1, "Story a5", "h5", L1_START, "L1"),
    ):
        _insert(connection, "core.article_versions", version)
    yield connection
    connection.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("name", NEW_MARTS)
def test_mart_file_states_its_grain_first(name: str) -> None:
    text = (REPO / "warehouse" / "views" / "marts" / f"{name}.sql").read_text(encoding="utf-8")
    assert text.startswith("-- Grain: one row per ")
    assert "select * from final;" in text
    assert f"marts.{name}" in dict(load_views())


def test_author_output(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "select * from marts.author_output order by author, site")
    assert rows == [
        {"author": "Ann Lee", "site": "Harbour Gazette", "count_articles": 2,
         "first_published_at": NOW - timedelta(days=20),
         "last_published_at": NOW - timedelta(days=2), "avg_word_count": 250.0,
         "count_words": 500, "sections": ["Politics", "Sport"]},
        {"author": "Ann Lee", "site": "harbour.example.com", "count_articles": 1,
         "first_published_at": None, "last_published_at": None, "avg_word_count": 100.0,
         "count_words": 100, "sections": []},
        {"author": "Bo Park", "site": "Harbour Gazette", "count_articles": 2,
         "first_published_at": NOW - timedelta(days=40),
         "last_published_at": NOW - timedelta(days=2), "avg_word_count": 350.0,
         "count_words": 700, "sections": ["Politics"]},
    ]  # fmt: skip


def test_source_freshness(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["site"]: r for r in _rows(con, "select * from marts.source_freshness")}
    assert set(rows) == {"Harbour Gazette", "harbour.example.com", "(unknown)"}
    assert rows["Harbour Gazette"] == {
        "site": "Harbour Gazette", "source_names": ["archive", "harbour"], "count_articles": 3,
        "latest_published_at": NOW - timedelta(days=2), "latest_fetched_at": FETCHED_AT,
        "count_published_7d": 1, "count_published_30d": 2, "share_published_at": 1.0,
        "share_authors": 1.0, "share_body": 1.0, "share_full_body": pytest.approx(2 / 3),
        "share_language": 1.0,
    }  # fmt: skip
    assert rows["harbour.example.com"] == {
        "site": "harbour.example.com", "source_names": [], "count_articles": 1,
        "latest_published_at": None, "latest_fetched_at": FETCHED_AT,
        "count_published_7d": 0, "count_published_30d": 0, "share_published_at": 0.0,
        "share_authors": 1.0, "share_body": 1.0, "share_full_body": 0.0, "share_language": 0.0,
    }  # fmt: skip
    unknown = rows["(unknown)"]
    assert (unknown["count_articles"], unknown["share_authors"], unknown["share_language"],
            unknown["share_full_body"]) == (1, 0.0, 1.0, 1.0)  # fmt: skip


def test_daily_rejects_counts_utc_days_and_defines_rates(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "select * from marts.daily_rejects order by day, stage, reason")
    table = [
        (r["day"], r["stage"], r["reason"], r["count_rejects"], r["count_rejected_inputs"],
         r["count_inputs"], r["reject_rate"], r["count_stage_rejected"], r["stage_reject_rate"])
        for r in rows
    ]  # fmt: skip
    march_1, march_2 = date(2025, 3, 1), date(2025, 3, 2)
    assert table == [
        # 1 March: loads L1 and L2, 16 inputs; L1's read reject was seen again on 2 March.
        (march_1, "parse", "empty", 1, 1, 16, 1 / 16, 3, 3 / 16),
        (march_1, "parse", "no_text", 1, 1, 16, 1 / 16, 3, 3 / 16),
        (march_1, "validate", "failed_expectations", 2, 1, 16, 1 / 16, 1, 1 / 16),
        # 2 March: load L3 (00:10 UTC), 4 inputs.
        (march_2, "read", "not_found", 1, 1, 4, 1 / 4, 2, 2 / 4),
        (march_2, "read", "too_large", 1, 1, 4, 1 / 4, 2, 2 / 4),
    ]  # fmt: skip


def test_quality_trend(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "select * from marts.quality_trend order by started_at")
    summary = [
        (r["load_id"], r["duration_s"], r["count_inputs"], r["count_loaded"],
         r["count_read_rejected"], r["count_parse_rejected"], r["count_validate_rejected"],
         r["count_rejected"], r["count_flagged"], r["share_rejected"],
         r["top_failing_expectation"], r["count_top_failing_expectation"])
        for r in rows
    ]  # fmt: skip
    assert summary == [
        # L1 last rejected r2, r4 (2 names), r5 and last wrote a2, a3, a4 (3 flags):
        # missing_published_at twice, every other name once.
        ("L1", 30.0, 10, 5, 1, 2, 1, 4, 3, 0.4, "missing_published_at", 2),
        ("L2", 12.0, 6, 5, 0, 1, 0, 1, 0, 1 / 6, None, 0),
        # a1 carries two flags once each: the tie goes to the first name alphabetically.
        ("L3", 5.0, 4, 2, 2, 0, 0, 2, 1, 0.5, "reading_time_out_of_range", 1),
    ]  # fmt: skip


def test_latest_articles(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["article_id"]: r for r in _rows(con, "select * from marts.latest_articles")}
    assert set(rows) == {"a1", "a5"}
    a1 = rows["a1"]
    assert (a1["version"], a1["title"], a1["first_title"], a1["extractor_version"],
            a1["doc_id"], a1["body_sha256"], a1["load_id"]) == (
        3, "Drone crews rescue two", "Drones join rescue crews", "2.0", "a1-v3", "h2", "L3"
    )  # fmt: skip
    assert (a1["count_versions"], a1["count_distinct_bodies"]) == (3, 2)
    assert (a1["first_loaded_at"], a1["last_loaded_at"]) == (L1_START, L3_START)
    a5 = rows["a5"]
    assert (a5["version"], a5["count_versions"], a5["first_loaded_at"], a5["last_loaded_at"]) == (
        1, 1, L1_START, L1_START
    )  # fmt: skip


def test_daily_articles_keeps_its_contract(con: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(con, "select * from marts.daily_articles order by day, site, section")
    expected = sorted(
        (s.published_at.astimezone(UTC).date(), s.site_name or "(unknown)", s.section or "(none)")
        for s in STORIES
        if s.published_at is not None
    )
    assert [(r["day"], r["site"], r["section"]) for r in rows] == expected
    assert [r["count"] for r in rows] == [1, 1, 1]


def test_warehouse_totals_count_sites_as_the_marts_name_them() -> None:
    # www.ledger.example.org and ledger.example.org are one site in marts.article_overview; a
    # URL that is not http(s) names no site. The run report's totals must count the same way.
    connection = duckdb.connect(":memory:")
    migrate(connection)
    urls = ("https://www.ledger.example.org/a", "https://ledger.example.org/b", "file:///tmp/c")
    for index, url in enumerate(urls):
        _insert(
            connection,
            "core.articles",
            {
                "article_id": f"s{index}",
                "doc_id": f"doc-s{index}",
                "source_uri": url,
                "url": url,
                "title": f"Story s{index}",
                "word_count": 40,
                "body_text": "word " * 40,
                "tags": [],
                "authors": [],
                "extractor": "html",
                "extractor_version": "1.0",
                "quality_flags": [],
                "first_seen_at": L1_START,
                "last_changed_at": L1_START,
                "load_id": "L1",
            },
        )
    totals = warehouse_totals(connection)
    overview_sites = connection.execute(
        "select count(distinct site) from marts.article_overview"
    ).fetchone()
    connection.close()
    assert (totals.count_articles, totals.count_sites) == (3, 1)
    assert overview_sites == (1,)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.harbour.example.com/a1", "harbour.example.com"),
        ("http://harbour.example.com:8080/a2", "harbour.example.com"),
        ("https://wwwire.example.net/", "wwwire.example.net"),
        ("file:///srv/pages/a3.html", None),
        ("https://", None),
        (None, None),
    ],
    ids=["www", "port", "www-prefix-of-a-name", "file", "no-host", "null"],
)
def test_site_host_names_a_site_as_every_mart_does(
    con: duckdb.DuckDBPyConnection, url: str | None, host: str | None
) -> None:
    assert con.execute("select marts.site_host(cast(? as varchar))", [url]).fetchone() == (host,)


def test_no_mart_and_no_search_writes_its_own_host_expression() -> None:
    # The host that names a site is defined once, in the marts.site_host macro; a copy that
    # drifts would split one site in two between the marts and search.
    sources = [*(REPO / "warehouse" / "views" / "marts").glob("*.sql")]
    sources.append(REPO / "warehouse" / "search.py")
    assert [p.name for p in sources if "regexp_extract" in p.read_text(encoding="utf-8")] == []
