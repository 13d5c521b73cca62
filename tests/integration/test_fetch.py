"""The fetcher against a real HTTP server on 127.0.0.1: one test per behaviour, faults included.

Durations are kept small (intervals of 0.2-0.3 s, read timeouts of 0.3 s). Spacing is checked as
a lower bound on the server's arrival times, which a slow machine can only make larger.
"""

from __future__ import annotations

import gzip
import ipaddress
import itertools
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from flows.fetch import (
    FAILED,
    FETCHED,
    NOT_MODIFIED,
    OUTCOMES,
    REFUSED_PRIVATE,
    SKIPPED_ROBOTS,
    FetchMemory,
    FetchPolicy,
    FetchRequest,
    FetchResult,
    build_user_agent,
    fetch_many,
    is_public_address,
)
from tests.integration.webserver import (
    FaultServer,
    LoggedRequest,
    Reply,
    gzip_bomb,
    redirect,
    reset,
    slow,
)

PAGE = b"<html><body><h1>Ferry timetable changes</h1><p>From Monday.</p></body></html>"
TEXT = "text/plain; charset=utf-8"


def _policy(**changes: object) -> FetchPolicy:
    """A fast policy for tests: local addresses allowed, no spacing, tiny backoffs."""
    settings: dict[str, object] = {
        "allow_private_hosts": True,
        "per_host_interval_s": 0.0,
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
        "connect_timeout_s": 2.0,
        "read_timeout_s": 2.0,
    }
    settings.update(changes)
    return FetchPolicy(**settings)  # type: ignore[arg-type]


def _fetch_one(server: FaultServer, path: str, policy: FetchPolicy) -> FetchResult:
    """Fetch one URL and return its result (robots.txt results come after it)."""
    results = fetch_many([FetchRequest(server.url(path))], policy)
    assert results[0].request.url == server.url(path)
    return results[0]


def _gaps(requests: tuple[LoggedRequest, ...]) -> list[float]:
    return [later.at - earlier.at for earlier, later in itertools.pairwise(requests)]


# ---------------------------------------------------------------------------------------------
# Retries
# ---------------------------------------------------------------------------------------------


def test_500_then_200_is_retried(fault_server: FaultServer) -> None:
    fault_server.add("/flaky", Reply(status=500), Reply(status=503), Reply(body=PAGE))
    result = _fetch_one(fault_server, "/flaky", _policy())
    assert result.outcome == FETCHED
    assert result.content == PAGE
    assert [a.status for a in result.attempts] == [500, 503, 200]
    assert [a.error for a in result.attempts] == ["http_500", "http_503", None]
    assert len(fault_server.requests_for("/flaky")) == 3


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_429_waits_for_retry_after(fault_server: FaultServer, form: str) -> None:
    if form == "seconds":
        retry_after, at_least = "1", 1.0
    else:
        when = datetime.now(UTC) + timedelta(seconds=3)
        # HTTP dates have whole seconds: at least 2 s remain when the client reads it.
        retry_after, at_least = format_datetime(when, usegmt=True), 1.5
    fault_server.add(
        "/busy", Reply(status=429, headers=(("Retry-After", retry_after),)), Reply(body=PAGE)
    )
    result = _fetch_one(fault_server, "/busy", _policy())
    assert result.outcome == FETCHED
    assert result.attempts[0].headers is not None
    assert result.attempts[0].headers.retry_after == retry_after
    first, second = fault_server.requests_for("/busy")
    # The backoff alone would be 0.01 s: only Retry-After explains the wait.
    assert second.at - first.at >= at_least


def test_retry_after_beyond_the_maximum_gives_up(fault_server: FaultServer) -> None:
    fault_server.add("/later", Reply(status=503, headers=(("Retry-After", "3600"),)))
    result = _fetch_one(fault_server, "/later", _policy(retry_after_max_s=30))
    assert (result.outcome, result.error, result.status) == (FAILED, "retry_after_too_long", 503)
    assert len(fault_server.requests_for("/later")) == 1


def test_timeout_gives_up_after_max_attempts(fault_server: FaultServer) -> None:
    fault_server.add("/slow", slow(1.0))
    result = _fetch_one(fault_server, "/slow", _policy(read_timeout_s=0.3, max_attempts=3))
    assert (result.outcome, result.error, result.status) == (FAILED, "timeout", None)
    assert [a.error for a in result.attempts] == ["timeout"] * 3
    assert len(fault_server.requests_for("/slow")) == 3


def test_connection_reset_is_retried(fault_server: FaultServer) -> None:
    fault_server.add("/reset", reset(), reset(), Reply(body=PAGE))
    result = _fetch_one(fault_server, "/reset", _policy())
    assert result.outcome == FETCHED
    assert [a.error for a in result.attempts] == ["connection_reset", "connection_reset", None]


def test_4xx_is_terminal(fault_server: FaultServer) -> None:
    fault_server.add("/gone", Reply(status=410))
    result = _fetch_one(fault_server, "/gone", _policy())
    assert (result.outcome, result.error, len(result.attempts)) == (FAILED, "http_410", 1)
    assert len(fault_server.requests_for("/gone")) == 1


# ---------------------------------------------------------------------------------------------
# Redirects
# ---------------------------------------------------------------------------------------------


def test_redirects_are_followed_and_recorded(fault_server: FaultServer) -> None:
    fault_server.add("/old", redirect("/moved", 301))
    fault_server.add("/moved", redirect(fault_server.url("/new"), 307))
    fault_server.add("/new", Reply(body=PAGE))
    result = _fetch_one(fault_server, "/old", _policy())
    assert (result.outcome, result.final_url) == (FETCHED, fault_server.url("/new"))
    assert result.attempts[0].redirect_chain == (
        fault_server.url("/old"),
        fault_server.url("/moved"),
    )


def test_redirect_loop_is_detected(fault_server: FaultServer) -> None:
    fault_server.add("/loop-a", redirect("/loop-b"))
    fault_server.add("/loop-b", redirect("/loop-a"))
    result = _fetch_one(fault_server, "/loop-a", _policy())
    assert (result.outcome, result.error, len(result.attempts)) == (FAILED, "redirect_loop", 1)
    assert [r.path for r in fault_server.requests if r.path != "/robots.txt"] == [
        "/loop-a",
        "/loop-b",
    ]


def test_too_many_redirects(fault_server: FaultServer) -> None:
    for hop in range(10):
        fault_server.add(f"/hop{hop}", redirect(f"/hop{hop + 1}"))
    result = _fetch_one(fault_server, "/hop0", _policy(max_redirects=3))
    assert (result.outcome, result.error) == (FAILED, "too_many_redirects")
    # Three redirects followed, the fourth refused.
    assert len(result.attempts[0].redirect_chain) == 4
    assert [r.path for r in fault_server.requests if r.path != "/robots.txt"] == [
        "/hop0",
        "/hop1",
        "/hop2",
        "/hop3",
    ]


# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "no-length"])
def test_oversized_body_is_refused(fault_server: FaultServer, declared: bool) -> None:
    limit = 64 * 1024
    fault_server.add("/huge", Reply(body=b"x" * (limit * 8), send_length=declared))
    result = _fetch_one(fault_server, "/huge", _policy(max_body_bytes=limit))
    assert (result.outcome, result.error, result.content) == (FAILED, "too_large", None)
    assert len(result.attempts) == 1
    received = result.attempts[0].bytes_received
    # Refused from its Content-Length before reading, or cut off soon after the limit.
    assert received == 0 if declared else limit < received < limit * 8


def test_body_at_the_limit_is_kept(fault_server: FaultServer) -> None:
    fault_server.add("/exact", Reply(body=b"y" * 1000, send_length=False))
    result = _fetch_one(fault_server, "/exact", _policy(max_body_bytes=1000))
    assert result.outcome == FETCHED
    assert result.content == b"y" * 1000


def test_gzip_bomb_stops_at_the_cap(fault_server: FaultServer) -> None:
    bomb = gzip_bomb()  # 256 MiB of zeros in about 250 KiB
    limit = 1024 * 1024
    fault_server.add("/bomb", Reply(body=bomb, headers=(("Content-Encoding", "gzip"),)))
    tracemalloc.start()
    try:
        result = _fetch_one(fault_server, "/bomb", _policy(max_body_bytes=limit))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.outcome, result.error, result.content) == (FAILED, "too_large", None)
    assert result.attempts[0].headers is not None
    assert result.attempts[0].headers.content_encoding == "gzip"
    # Inflating stopped just past the cap: a fraction of the bomb was read, and memory stayed
    # near the cap instead of the 256 MiB the bomb expands to.
    assert result.attempts[0].bytes_received < len(bomb) // 2
    assert peak < 32 * limit


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate"])
def test_content_encoding_is_decoded(fault_server: FaultServer, coding: str) -> None:
    if coding == "gzip":
        body = gzip.compress(PAGE)
    elif coding == "deflate":
        body = zlib.compress(PAGE)
    else:
        raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = raw.compress(PAGE) + raw.flush()
    name = "gzip" if coding == "gzip" else "deflate"
    fault_server.add("/packed", Reply(body=body, headers=(("Content-Encoding", name),)))
    result = _fetch_one(fault_server, "/packed", _policy())
    assert (result.outcome, result.content) == (FETCHED, PAGE)


@pytest.mark.parametrize(
    ("path", "content_type", "outcome"),
    [
        ("/report", "application/pdf", FAILED),
        ("/logo", "image/png", FAILED),
        ("/sitemap.xml.gz", "application/octet-stream", FETCHED),
        ("/feed", "application/rss+xml; charset=utf-8", FETCHED),
    ],
    ids=["pdf", "png", "octet-stream-gz", "rss"],
)
def test_content_types(
    fault_server: FaultServer, path: str, content_type: str, outcome: str
) -> None:
    fault_server.add(path, Reply(body=b"\x00" * 100, content_type=content_type))
    result = _fetch_one(fault_server, path, _policy(max_attempts=3))
    assert result.outcome == outcome
    if outcome == FAILED:
        assert (result.error, result.content, len(result.attempts)) == (
            "unsupported_content_type",
            None,
            1,
        )
    else:
        assert result.content_type == content_type.split(";")[0]


# ---------------------------------------------------------------------------------------------
# robots.txt and politeness
# ---------------------------------------------------------------------------------------------


def test_robots_disallow_skips_without_requesting(fault_server: FaultServer) -> None:
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://news.example.org/s.xml\n"
    fault_server.add("/robots.txt", Reply(body=robots, content_type=TEXT))
    fault_server.add("/private/memo", Reply(body=PAGE))
    fault_server.add("/public", Reply(body=PAGE))
    urls = [fault_server.url(p) for p in ("/private/memo", "/public", "/private/other")]
    results = fetch_many([FetchRequest(u, source_name="harbour") for u in urls], _policy())
    memo, public, other, robots_result = results
    assert [memo.outcome, public.outcome, other.outcome] == [
        SKIPPED_ROBOTS,
        FETCHED,
        SKIPPED_ROBOTS,
    ]
    assert memo.error == "robots_disallowed"
    assert memo.attempts == ()
    # robots.txt is fetched once for the host, and is on record like any request.
    assert robots_result.request.is_robots
    assert robots_result.request.source_name == "harbour"
    assert (robots_result.outcome, robots_result.content) == (FETCHED, robots)
    assert [r.path for r in fault_server.requests] == ["/robots.txt", "/public"]


def test_robots_checked_on_redirect_targets(fault_server: FaultServer) -> None:
    fault_server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    fault_server.add("/go", redirect("/private/memo"))
    fault_server.add("/private/memo", Reply(body=PAGE))
    result = _fetch_one(fault_server, "/go", _policy())
    assert (result.outcome, result.error) == (SKIPPED_ROBOTS, "robots_disallowed")
    assert result.final_url == fault_server.url("/private/memo")
    assert result.attempts[0].redirect_chain == (fault_server.url("/go"),)
    assert fault_server.requests_for("/private/memo") == ()


@pytest.mark.parametrize(
    ("robots", "outcome", "error"),
    [
        (Reply(status=404), FETCHED, None),
        (Reply(status=403), FETCHED, None),
        (Reply(status=503), SKIPPED_ROBOTS, "robots_unreachable"),
        (reset(), FAILED, "connection_reset"),
    ],
    ids=["404-allows", "403-allows", "503-disallows", "reset-disallows"],
)
def test_robots_unavailable_or_unreachable(
    fault_server: FaultServer, robots: Reply, outcome: str, error: str | None
) -> None:
    fault_server.add("/robots.txt", robots)
    fault_server.add("/page", Reply(body=PAGE))
    page, robots_result = fetch_many([FetchRequest(fault_server.url("/page"))], _policy())
    assert (page.outcome, page.error) == (outcome, error)
    assert robots_result.request.is_robots
    assert len(fault_server.requests_for("/page")) == (1 if outcome == FETCHED else 0)


def test_crawl_delay_spaces_requests(fault_server: FaultServer) -> None:
    robots = b"User-agent: copydesk\nCrawl-delay: 0.3\n"
    fault_server.add("/robots.txt", Reply(body=robots, content_type=TEXT))
    for n in range(3):
        fault_server.add(f"/story-{n}", Reply(body=PAGE))
    requests = [FetchRequest(fault_server.url(f"/story-{n}")) for n in range(3)]
    results = fetch_many(requests, _policy(per_host_interval_s=0.0))
    assert [r.outcome for r in results] == [FETCHED] * 4
    assert next(r.path for r in fault_server.requests) == "/robots.txt"
    assert min(_gaps(fault_server.requests)) >= 0.3


def test_crawl_delay_beyond_the_maximum_skips_the_site(fault_server: FaultServer) -> None:
    fault_server.add("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 600\n"))
    fault_server.add("/page", Reply(body=PAGE))
    page, _ = fetch_many([FetchRequest(fault_server.url("/page"))], _policy(max_crawl_delay_s=60))
    assert (page.outcome, page.error) == (SKIPPED_ROBOTS, "crawl_delay_too_long")
    assert fault_server.requests_for("/page") == ()


def test_rate_limit_per_host_while_hosts_run_in_parallel(fault_server: FaultServer) -> None:
    interval = 0.3
    for n in range(4):
        fault_server.add(f"/a{n}", Reply(body=PAGE))
    hosts = ("127.0.0.1", "localhost")
    requests = [
        FetchRequest(fault_server.url(f"/a{n}", host=host)) for n in range(4) for host in hosts
    ]
    results = fetch_many(requests, _policy(per_host_interval_s=interval))
    assert [r.outcome for r in results[: len(requests)]] == [FETCHED] * len(requests)
    by_host = {
        host: tuple(r for r in fault_server.requests if r.host.startswith(host + ":"))
        for host in hosts
    }
    for host in hosts:
        assert len(by_host[host]) == 5  # robots.txt and four pages
        assert min(_gaps(by_host[host])) >= interval
    # The two hosts overlap in time: neither waited for the other to finish.
    first, second = by_host[hosts[0]], by_host[hosts[1]]
    assert first[0].at < second[-1].at
    assert second[0].at < first[-1].at


def test_global_concurrency_limit(fault_server: FaultServer) -> None:
    for n in range(3):
        fault_server.add(f"/slow{n}", slow(0.2, PAGE))
    requests = [
        FetchRequest(fault_server.url(f"/slow{n}", host=host))
        for n in range(3)
        for host in ("127.0.0.1", "localhost")
    ]
    results = fetch_many(requests, _policy(global_concurrency=1, obey_robots=False))
    assert [r.outcome for r in results] == [FETCHED] * 6
    # One request at a time overall: each arrives after the previous one's 0.2 s answer.
    assert min(_gaps(fault_server.requests)) >= 0.2


def test_memory_keeps_robots_across_calls(fault_server: FaultServer) -> None:
    fault_server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /no\n"))
    fault_server.add("/yes", Reply(body=PAGE))
    memory = FetchMemory()
    first = fetch_many([FetchRequest(fault_server.url("/yes"))], _policy(), memory=memory)
    second = fetch_many([FetchRequest(fault_server.url("/no"))], _policy(), memory=memory)
    assert [r.outcome for r in first] == [FETCHED, FETCHED]  # the page, then robots.txt
    assert [r.outcome for r in second] == [SKIPPED_ROBOTS]
    assert len(fault_server.requests_for("/robots.txt")) == 1


def test_user_agent_always_sent_and_cookies_never(fault_server: FaultServer) -> None:
    fault_server.add("/login", Reply(body=PAGE, headers=(("Set-Cookie", "session=abc; Path=/"),)))
    fault_server.add("/next", Reply(body=PAGE))
    policy = _policy(user_agent=build_user_agent("desk@example.org"))
    fetch_many([FetchRequest(fault_server.url("/login"))], policy)
    fetch_many(
        [
            FetchRequest(fault_server.url("/next")),
            FetchRequest(fault_server.url("/next", "localhost")),
        ],
        policy,
    )
    assert policy.user_agent.startswith("copydesk/")
    assert policy.user_agent.endswith("(+contact: desk@example.org)")
    assert all(r.header("User-Agent") == policy.user_agent for r in fault_server.requests)
    assert all(r.header("Cookie") is None for r in fault_server.requests)


# ---------------------------------------------------------------------------------------------
# Conditional requests
# ---------------------------------------------------------------------------------------------


def test_304_with_validators(fault_server: FaultServer) -> None:
    modified = "Tue, 04 Mar 2025 08:00:00 GMT"
    fault_server.add("/story", Reply(body=PAGE, etag='"v7"', last_modified=modified))
    first = _fetch_one(fault_server, "/story", _policy())
    assert (first.outcome, first.etag, first.last_modified) == (FETCHED, '"v7"', modified)
    assert first.content_hash is not None

    again = FetchRequest(
        fault_server.url("/story"), etag=first.etag, last_modified=first.last_modified
    )
    second = fetch_many([again], _policy())[0]
    assert (second.outcome, second.status, second.content) == (NOT_MODIFIED, 304, None)
    conditional = fault_server.requests_for("/story")[-1]
    assert conditional.header("If-None-Match") == '"v7"'
    assert conditional.header("If-Modified-Since") == modified


# ---------------------------------------------------------------------------------------------
# Safety and accounting
# ---------------------------------------------------------------------------------------------


def test_private_addresses_are_refused_by_default(fault_server: FaultServer) -> None:
    fault_server.add("/page", Reply(body=PAGE))
    requests = [
        FetchRequest(fault_server.url("/page", host)) for host in ("127.0.0.1", "localhost")
    ]
    results = fetch_many(requests, FetchPolicy())
    pages, robots = results[:2], results[2:]
    assert [(r.outcome, r.error) for r in pages] == [(REFUSED_PRIVATE, "refused_private")] * 2
    assert [(r.outcome, r.request.is_robots) for r in robots] == [(REFUSED_PRIVATE, True)] * 2
    # Refused before connecting: the server saw nothing, not even robots.txt.
    assert fault_server.requests == ()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2a00:1450:4001:80b::200e", True),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),
        ("64:ff9b::a9fe:a9fe", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_every_request_ends_with_an_outcome(fault_server: FaultServer) -> None:
    fault_server.add("/ok", Reply(body=PAGE))
    fault_server.add("/boom", Reply(status=500))
    seen: list[FetchResult] = []
    requests = [
        FetchRequest(fault_server.url("/ok")),
        FetchRequest("not a url"),
        FetchRequest("ftp://files.example.org/a.txt"),
        FetchRequest(fault_server.url("/boom")),
        FetchRequest(fault_server.url("/missing")),
        FetchRequest(fault_server.url("/ok")),
    ]
    results = fetch_many(requests, _policy(max_attempts=2), on_result=seen.append)
    assert [r.request for r in results[: len(requests)]] == requests
    assert [(r.outcome, r.error) for r in results[: len(requests)]] == [
        (FETCHED, None),
        (FAILED, "invalid_url"),
        (FAILED, "invalid_url"),
        (FAILED, "http_500"),
        (FAILED, "http_404"),
        (FETCHED, None),
    ]
    assert all(r.outcome in OUTCOMES for r in results)
    assert sorted(map(id, seen)) == sorted(map(id, results))
