"""Crawl decisions that need no network: what to fetch, and what each result leaves behind."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.batch import Settled
from flows.crawl import (
    RobotsSitemaps,
    Target,
    expand,
    expand_local_list,
    fetch_rows,
    known_purpose,
    next_url_state,
    page_outcome,
    seeds,
    select_pages,
)
from flows.fetch import (
    FAILED,
    FETCHED,
    NOT_MODIFIED,
    SKIPPED_ROBOTS,
    FetchAttempt,
    FetchRequest,
    FetchResult,
    ResponseHeaders,
)
from flows.rejections import Rejection
from flows.sources import Source
from transforms.models import Document, content_hash
from warehouse.state import KnownChild, UrlState

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
URL = "https://gazette.example.com/news/2025/03/01/story.html"


def target(url: str = URL, **changes: object) -> Target:
    values: dict[str, object] = {
        "url": url,
        "purpose": "page",
        "source": None,
        "discovered_via": "feed:https://gazette.example.com/rss",
        "depth": 1,
    }
    values.update(changes)
    return Target(**values)  # type: ignore[arg-type]


def state(**changes: object) -> UrlState:
    values: dict[str, object] = {
        "url": URL,
        "source_name": None,
        "purpose": "page",
        "last_outcome": FETCHED,
        "last_status": 200,
        "last_error": None,
        "etag": '"v1"',
        "last_modified": None,
        "content_hash": content_hash(b"old body"),
        "count_consecutive_failures": 0,
        "first_seen_at": NOW - timedelta(days=3),
        "last_fetched_at": NOW - timedelta(days=1),
        "last_changed_at": NOW - timedelta(days=3),
        "next_fetch_after": None,
        "discovered_via": "feed:https://gazette.example.com/rss",
    }
    values.update(changes)
    return UrlState(**values)  # type: ignore[arg-type]


def result(
    outcome: str = FETCHED,
    body: bytes | None = b"<html>new body</html>",
    *,
    status: int | None = 200,
    error: str | None = None,
    attempts: int = 1,
) -> FetchResult:
    tries = tuple(
        FetchAttempt(
            started_at=NOW + timedelta(seconds=i),
            elapsed_ms=20,
            status=503 if i < attempts - 1 else status,
            final_url=URL,
            redirect_chain=(),
            headers=ResponseHeaders(content_type="text/html", etag='"v2"'),
            bytes_received=len(body or b""),
            error="http_503" if i < attempts - 1 else error,
        )
        for i in range(attempts)
    )
    return FetchResult(
        request=FetchRequest(URL, discovered_via="feed:x"),
        outcome=outcome,  # type: ignore[arg-type]
        error=error,
        error_detail=error,
        status=status,
        final_url=URL,
        content=body if outcome == FETCHED else None,
        content_type="text/html",
        charset="utf-8",
        etag='"v2"',
        last_modified=None,
        attempts=tries,
        content_hash=content_hash(body) if outcome == FETCHED and body else None,
    )


def test_seeds_from_urls_files_and_sources() -> None:
    source = Source(
        name="gazette",
        feeds=("https://g.example.com/rss",),
        sitemaps=("https://g.example.com/sitemap.xml",),
        urls=("https://g.example.com/a",),
    )
    found = seeds(["https://x.example.com/", "/tmp/urls.txt"], [source])
    assert [(t.purpose, t.source_name) for t in found] == [
        ("unknown", None),
        ("url_list", None),
        ("feed", "gazette"),
        ("sitemap", "gazette"),
        ("page", "gazette"),
    ]


def test_select_pages_dedupes_and_applies_patterns_and_budget() -> None:
    source = Source(
        name="gazette",
        feeds=("x",),
        max_pages_per_run=2,
        allow=(re.compile(r"/news/"),),
        deny=(re.compile(r"/video/"),),
    )
    candidates = [
        target("https://g.example.com/news/1", source=source),
        target("https://G.example.com/news/1/", source=source),  # the same page
        target("https://g.example.com/about", source=source),  # outside allow
        target("https://g.example.com/news/video/2", source=source),  # denied
        target("https://g.example.com/news/3", source=source),
        target("https://g.example.com/news/4", source=source),  # over budget
    ]
    chosen, settled = select_pages(candidates, {}, now=NOW)
    assert [t.url for t in chosen] == [
        "https://g.example.com/news/1",
        "https://g.example.com/news/3",
    ]
    assert settled == [
        Settled("https://g.example.com/news/4", None, "skipped", "over max_pages_per_run")
    ]


@pytest.mark.parametrize(
    ("stored", "changes", "fetched"),
    [
        (None, {}, True),
        (state(), {}, False),
        (state(), {"changed_at": NOW}, True),
        (state(), {"changed_at": NOW - timedelta(days=2)}, False),
        (state(), {"discovered_via": "seed", "depth": 0}, True),
        (state(next_fetch_after=NOW + timedelta(hours=1), last_error="timeout"), {}, False),
        (state(next_fetch_after=NOW - timedelta(hours=1), last_outcome=FAILED), {}, True),
    ],
    ids=["new", "known", "announced-change", "old-announcement", "seed", "backing-off", "due"],
)
def test_incremental_selection(
    stored: UrlState | None, changes: dict[str, object], fetched: bool
) -> None:
    states = {URL: stored} if stored else {}
    chosen, settled = select_pages([target(**changes)], states, now=NOW)
    assert bool(chosen) is fetched
    assert bool(settled) is not fetched


def test_page_outcomes() -> None:
    previous = state()
    assert isinstance(page_outcome(target(), result(), previous), Document)
    same = result(body=b"old body")
    assert page_outcome(target(), same, previous) == Settled(
        URL, content_hash(b"old body"), "not_modified", "same content"
    )
    not_modified = page_outcome(target(), result(NOT_MODIFIED, None, status=304), previous)
    assert isinstance(not_modified, Settled)
    assert not_modified.outcome == "not_modified"
    robots = page_outcome(target(), result(SKIPPED_ROBOTS, None, status=None, attempts=0), None)
    assert isinstance(robots, Settled)
    assert robots.outcome == "skipped"
    failed = page_outcome(target(), result(FAILED, None, status=404, error="http_404"), None)
    assert isinstance(failed, Rejection)
    assert (failed.stage, failed.reason) == ("read", "http_404")


def test_url_state_after_a_changed_fetch() -> None:
    row = next_url_state(target(), result(), state(), now=NOW)
    assert row["content_hash"] == content_hash(b"<html>new body</html>")
    assert row["etag"] == '"v2"'
    assert row["last_changed_at"] == row["last_fetched_at"]
    assert row["first_seen_at"] == NOW - timedelta(days=3)
    assert row["count_consecutive_failures"] == 0


def test_url_state_after_304_keeps_the_content_hash() -> None:
    row = next_url_state(target(), result(NOT_MODIFIED, None, status=304), state(), now=NOW)
    assert row["content_hash"] == content_hash(b"old body")
    assert row["last_changed_at"] == NOW - timedelta(days=3)


@pytest.mark.parametrize(
    ("error", "failures", "wait"),
    [
        ("timeout", 0, timedelta(minutes=30)),
        ("timeout", 2, timedelta(hours=2)),
        ("http_404", 0, timedelta(days=7)),
    ],
)
def test_failures_back_off(error: str, failures: int, wait: timedelta) -> None:
    previous = state(count_consecutive_failures=failures)
    row = next_url_state(target(), result(FAILED, None, error=error), previous, now=NOW)
    assert row["count_consecutive_failures"] == failures + 1
    assert row["next_fetch_after"] == NOW + wait
    assert row["content_hash"] == previous.content_hash


def test_fetch_rows_one_per_attempt() -> None:
    rows = fetch_rows("load-1", "page", result(attempts=2), now=NOW)
    assert [(r["attempt"], r["status"], r["outcome"]) for r in rows] == [
        (1, 503, FAILED),
        (2, 200, FETCHED),
    ]
    assert rows[1]["doc_id"] == content_hash(b"<html>new body</html>")
    assert rows[0]["doc_id"] is None


def test_fetch_rows_without_a_request() -> None:
    [row] = fetch_rows("load-1", "page", result(SKIPPED_ROBOTS, None, attempts=0), now=NOW)
    assert (row["attempt"], row["outcome"], row["requested_at"]) == (0, SKIPPED_ROBOTS, NOW)


def test_a_known_seed_keeps_its_purpose() -> None:
    seed = target(purpose="unknown", discovered_via="seed", depth=0)
    assert known_purpose(seed, state(purpose="sitemap")).purpose == "sitemap"
    assert known_purpose(seed, None).purpose == "unknown"


def test_local_url_list(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# our pages\n{URL}\nnot a url\n\n", encoding="utf-8")
    expansion = expand_local_list(target(str(listing), purpose="url_list", depth=0))
    assert [t.url for t in expansion.targets] == [URL]
    assert expansion.targets[0].discovered_via == f"list:{listing.as_uri()}"
    missing = expand_local_list(target(str(tmp_path / "nope.txt"), purpose="url_list"))
    [rejection] = missing.rejections
    assert rejection.reason == "not_found"


def test_an_unchanged_index_still_leads_to_its_sitemaps() -> None:
    index = target("https://g.example.com/sitemap-index.xml", purpose="sitemap", depth=0)
    known = [
        KnownChild("https://g.example.com/sitemap-1.xml", "sitemap", index.url, "sitemap"),
        KnownChild("https://other.example.com/feed", "feed", "https://other.example.com/", "home"),
    ]
    expansion = expand(index, result(NOT_MODIFIED, None, status=304), RobotsSitemaps(), known)
    [child] = expansion.targets
    assert (child.url, child.purpose) == ("https://g.example.com/sitemap-1.xml", "sitemap")
    assert child.discovered_via == f"sitemap:{index.url}"
    assert child.depth == 1
