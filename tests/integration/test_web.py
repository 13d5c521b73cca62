"""ingest-web end to end against a real local site: feeds, sitemaps, robots, faults, increments.

Every page URL must end as a loaded article, a skipped or not-modified record, or a rejection
with a reason; discovery documents that fail end in ops.rejects.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from flows.web import ingest_web
from tests.integration.webserver import FaultServer, Reply

RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"

_SENTENCES = (
    "The harbour board met on Tuesday evening to discuss the state of the old quay walls.",
    "Engineers told the board that two sections would need new stone before the winter storms.",
    "Fishing crews said the work should not block the slipway during the spring season.",
    "The board agreed to publish a timetable for the repairs within the next fortnight.",
    "Residents asked whether the footpath along the quay would stay open during the works.",
    "A spokesperson said the path would close for no more than three weeks in total.",
    "Funding for the repairs comes from the county's coastal resilience budget this year.",
    "The last major repair to the quay walls was carried out more than forty years ago.",
)


def article_html(slug: str, title: str, day: int) -> bytes:
    """An original article page with JSON-LD, a byline and enough prose to be an article."""
    paragraphs = "".join(
        f"<p>{_SENTENCES[(i + day) % len(_SENTENCES)]} ({title}, part {i + 1}.)</p>"
        for i in range(8)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Harbour Gazette</title>
<link rel="canonical" href="/news/2024/06/{day:02d}/{slug}.html">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{title}", "datePublished": "2024-06-{day:02d}T08:00:00+01:00",
"author": {{"@type": "Person", "name": "Mara Quill"}}}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1><p class="byline">By Mara Quill</p>{paragraphs}</article>
<footer>Harbour Gazette, 1 Quay Street</footer></body></html>""".encode()


def _feed(server: FaultServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{server.url(path)}</link></item>"
        for i, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Gazette</title><link>{server.url('/')}</link>{items}</channel></rss>"
    ).encode()


def _sitemap(server: FaultServer, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{server.url(path)}</loc><lastmod>2024-06-02</lastmod></url>" for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


@pytest.fixture
def site(fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> FaultServer:
    """A small news site: home page -> feed (+ robots.txt sitemap) -> five article URLs."""
    monkeypatch.setenv("COPYDESK_RATE_LIMIT", "0")
    server = fault_server
    server.add(
        "/robots.txt",
        Reply(
            body=(
                f"User-agent: *\nDisallow: /private/\nSitemap: {server.url('/sitemap.xml')}\n"
            ).encode(),
            content_type="text/plain",
        ),
    )
    server.add(
        "/",
        Reply(
            body=b'<html><head><title>Harbour Gazette</title><link rel="alternate" '
            b'type="application/rss+xml" href="/feed.xml"></head><body><ul>'
            b'<li><a href="/news/2024/06/01/quay.html">Quay</a></li></ul></body></html>'
        ),
    )
    server.add(
        "/feed.xml",
        Reply(
            body=_feed(
                server,
                [
                    "/news/2024/06/01/quay.html",
                    "/news/2024/06/02/ferry.html",
                    "/private/2024/06/03/secret.html",
                ],
            ),
            content_type=RSS,
            etag='"feed-1"',
        ),
    )
    server.add(
        "/sitemap.xml",
        Reply(
            body=_sitemap(
                server,
                [
                    "/news/2024/06/01/quay.html",
                    "/news/2024/06/04/storm.html",
                    "/news/2024/06/05/gone.html",
                ],
            ),
            content_type=XML,
            etag='"sitemap-1"',
        ),
    )
    server.add(
        "/news/2024/06/01/quay.html",
        Reply(body=article_html("quay", "Quay walls need new stone", 1)),
    )
    server.add(
        "/news/2024/06/02/ferry.html",
        Reply(body=article_html("ferry", "Ferry keeps winter timetable", 2)),
    )
    server.add(
        "/news/2024/06/04/storm.html",
        Reply(status=503),
        Reply(body=article_html("storm", "Storm damages the north pier", 4)),
    )
    server.add("/news/2024/06/05/gone.html", Reply(status=404, body=b"not here"))
    return server


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _outcomes(db: Path) -> dict[str, tuple[object, ...]]:
    return {
        str(uri).rsplit("/", 1)[-1]: (outcome, reason)
        for uri, outcome, reason in _rows(db, "select source_uri, outcome, reason from ops.inputs")
    }


def test_home_page_leads_to_every_article(site: FaultServer, db_path: Path) -> None:
    summary = ingest_web(urls=[site.url("/")], db=str(db_path), allow_private_hosts=True)

    assert summary.counts.count_accounted == summary.counts.count_inputs
    assert summary.counts.count_articles_new == 3
    outcomes = _outcomes(db_path)
    assert outcomes["quay.html"][0] == "new"
    assert outcomes["ferry.html"][0] == "new"
    assert outcomes["storm.html"][0] == "new"  # 503, then retried
    assert outcomes["secret.html"][0] == "skipped"  # robots.txt Disallow: /private/
    assert outcomes["gone.html"] == ("rejected", "http_404")
    assert len(site.requests_for("/news/2024/06/01/quay.html")) == 1  # in feed and sitemap
    assert site.requests_for("/private/2024/06/03/secret.html") == ()
    [(discovered_via, fetched_at)] = _rows(
        db_path,
        "select discovered_via, fetched_at is not null from core.articles "
        "where url like '%ferry.html'",
    )
    assert discovered_via == f"feed:{site.url('/feed.xml')}"
    assert fetched_at is True
    attempts = _rows(
        db_path,
        "select attempt, status from raw.fetches where url like '%storm.html' order by attempt",
    )
    assert attempts == [(1, 503), (2, 200)]
    purposes = {p for (p,) in _rows(db_path, "select distinct purpose from raw.fetches")}
    assert {"robots", "home", "feed", "sitemap", "page"} <= purposes


def test_second_run_fetches_only_what_changed(site: FaultServer, db_path: Path) -> None:
    ingest_web(urls=[site.url("/")], db=str(db_path), allow_private_hosts=True)
    counts_before = _rows(db_path, "select count(*) from core.articles")
    page_requests = len([r for r in site.requests if r.path.startswith("/news/")])

    summary = ingest_web(urls=[site.url("/")], db=str(db_path), allow_private_hosts=True)

    assert summary.counts.count_articles_new == 0
    assert _rows(db_path, "select count(*) from core.articles") == counts_before
    assert len([r for r in site.requests if r.path.startswith("/news/")]) == page_requests
    feed_requests = site.requests_for("/feed.xml")
    assert feed_requests[-1].header("If-None-Match") == '"feed-1"'
    [(status,)] = _rows(
        db_path,
        "select status from raw.fetches where purpose = 'feed' and load_id = "
        "(select max(load_id) from raw.fetches)",
    )
    assert status == 304


def test_single_article_url_is_fetched_once(site: FaultServer, db_path: Path) -> None:
    url = site.url("/news/2024/06/02/ferry.html")
    summary = ingest_web(urls=[url], db=str(db_path), allow_private_hosts=True)
    assert summary.counts.count_articles_new == 1
    assert len(site.requests_for("/news/2024/06/02/ferry.html")) == 1


def test_private_hosts_are_refused_by_default(site: FaultServer, db_path: Path) -> None:
    url = site.url("/news/2024/06/02/ferry.html")
    state = ingest_web(urls=[url], db=str(db_path), return_state=True)
    assert state.is_failed()  # its only URL was refused: nothing could be fetched
    assert _outcomes(db_path)["ferry.html"] == ("rejected", "private_address")
    assert site.requests_for("/news/2024/06/02/ferry.html") == ()


def test_broken_feed_is_a_reject_with_a_reason(fault_server: FaultServer, db_path: Path) -> None:
    fault_server.add("/robots.txt", Reply(status=404))
    fault_server.add("/feed.xml", Reply(body=b"<rss><channel><title>Oops", content_type=RSS))
    summary = ingest_web(urls=[fault_server.url("/feed.xml")], db=str(db_path),
                         allow_private_hosts=True)  # fmt: skip
    assert summary.status == "completed_with_rejects"
    [(stage, reason)] = _rows(db_path, "select stage, reason from ops.rejects")
    assert stage == "parse"
    assert reason in ("broken_xml", "not_a_feed")


def test_sitemap_index_with_a_gzip_child(fault_server: FaultServer, db_path: Path) -> None:
    server = fault_server
    server.add("/robots.txt", Reply(status=404))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sitemap-1.xml.gz')}</loc></sitemap></sitemapindex>"
    ).encode()
    server.add("/sitemap-index.xml", Reply(body=index, content_type=XML))
    child = gzip.compress(_sitemap(server, ["/news/2024/06/02/ferry.html"]))
    server.add("/sitemap-1.xml.gz", Reply(body=child, content_type="application/gzip"))
    server.add(
        "/news/2024/06/02/ferry.html",
        Reply(body=article_html("ferry", "Ferry keeps winter timetable", 2)),
    )
    summary = ingest_web(urls=[server.url("/sitemap-index.xml")], db=str(db_path),
                         allow_private_hosts=True)  # fmt: skip
    assert summary.counts.count_articles_new == 1
    [(via,)] = _rows(db_path, "select discovered_via from core.articles")
    assert via == f"sitemap:{server.url('/sitemap-1.xml.gz')}"


def test_sources_file_patterns_and_budget(site: FaultServer, db_path: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[sources.gazette]
feeds = ["{site.url("/feed.xml")}"]
allow = ['/news/']
max_pages_per_run = 1
language = "en"
""",
        encoding="utf-8",
    )
    summary = ingest_web(sources_file=str(sources), db=str(db_path), allow_private_hosts=True)
    assert summary.counts.count_articles_new == 1
    assert summary.counts.count_skipped == 1  # over max_pages_per_run
    # /private/ is outside the allow patterns: not an input at all
    assert "secret.html" not in _outcomes(db_path)
    [(source,)] = _rows(db_path, "select distinct source_name from raw.url_state "
                        "where purpose = 'feed'")  # fmt: skip
    assert source == "gazette"


def test_a_failed_source_warns_but_the_run_completes(site: FaultServer, db_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        ArtifactFilterKey,
    )

    site.add("/other-feed.xml", Reply(status=500))
    summary = ingest_web(
        urls=[site.url("/feed.xml"), site.url("/other-feed.xml")],
        db=str(db_path),
        allow_private_hosts=True,
    )
    assert summary.status == "completed_with_rejects"
    assert summary.counts.count_articles_new == 2
    [failure] = summary.source_failures
    assert failure["reason"] == "http_500"
    with get_client(sync_client=True) as client:
        [warning] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["copydesk-ingest-web-warnings"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[summary.flow_run_id]),
            ),
        )
    assert "some sources failed" in str(warning.data)
    assert "http_500" in str(warning.data)


def test_a_run_that_reaches_nothing_fails(fault_server: FaultServer, db_path: Path) -> None:
    from flows.errors import NothingLoaded

    fault_server.add("/robots.txt", Reply(status=404))
    fault_server.add("/feed.xml", Reply(status=503))
    state = ingest_web(
        urls=[fault_server.url("/feed.xml")],
        db=str(db_path),
        allow_private_hosts=True,
        return_state=True,
    )
    assert state.is_failed()
    with pytest.raises(NothingLoaded) as raised:
        state.result()
    assert raised.value.summary.status == "failed"  # type: ignore[attr-defined]
    [(status, error)] = _rows(db_path, "select status, error from ops.loads")
    assert status == "failed"
    assert "nothing could be fetched" in str(error)


def test_an_unchanged_index_still_polls_its_changed_sitemap(
    fault_server: FaultServer, db_path: Path
) -> None:
    server = fault_server
    server.add("/robots.txt", Reply(status=404))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sitemap-1.xml')}</loc></sitemap></sitemapindex>"
    ).encode()
    server.add("/sitemap-index.xml", Reply(body=index, content_type=XML, etag='"index-1"'))
    first = _sitemap(server, ["/news/2024/06/01/quay.html"])
    server.add("/sitemap-1.xml", Reply(body=first, content_type=XML, etag='"child-1"'))
    server.add(
        "/news/2024/06/01/quay.html",
        Reply(body=article_html("quay", "Quay walls need new stone", 1)),
    )
    server.add(
        "/news/2024/06/02/ferry.html",
        Reply(body=article_html("ferry", "Ferry keeps winter timetable", 2)),
    )
    url = server.url("/sitemap-index.xml")
    assert (
        ingest_web(urls=[url], db=str(db_path), allow_private_hosts=True).counts.count_articles_new
        == 1
    )

    grown = _sitemap(server, ["/news/2024/06/01/quay.html", "/news/2024/06/02/ferry.html"])
    server.add("/sitemap-1.xml", Reply(body=grown, content_type=XML, etag='"child-2"'))
    second = ingest_web(urls=[url], db=str(db_path), allow_private_hosts=True)

    assert second.counts.count_articles_new == 1  # the ferry story, found through the child
    assert server.requests_for("/sitemap-index.xml")[-1].header("If-None-Match") == '"index-1"'
    assert len(server.requests_for("/news/2024/06/01/quay.html")) == 1  # known: not fetched again
