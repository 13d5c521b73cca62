"""Crawling for ingest-web: from seeds to article pages, and what each fetch leaves on record.

Nothing here knows Prefect; flows/web.py runs these steps as tasks. A run starts from seeds
(URLs on the command line, or a source's feeds, sitemaps, URL lists, home pages and pages),
expands discovery documents into page targets, decides which pages need fetching (new, changed
according to the feed or sitemap, or due again after a failure), and turns every fetch result
into rows for ``raw.fetches`` and ``raw.url_state``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from flows.batch import Settled
from flows.fetch import (
    FAILED,
    FETCHED,
    NOT_MODIFIED,
    REFUSED_PRIVATE,
    SKIPPED_ROBOTS,
    TRANSIENT_ERRORS,
    FetchMemory,
    FetchPolicy,
    FetchRequest,
    FetchResult,
    build_user_agent,
    fetch_all,
)
from flows.rejections import Rejection
from flows.sources import Source
from transforms.decode import decode_text
from transforms.discovery import DiscoveryError, SourceKind, detect_kind, find_feed_links
from transforms.feeds import parse_feed
from transforms.models import Article, Document
from transforms.parse import parse_document
from transforms.robots import parse_robots
from transforms.sitemaps import parse_sitemap
from transforms.urllists import parse_url_list
from transforms.urls import normalize_url
from warehouse.state import KnownChild, UrlState

Purpose = Literal["page", "feed", "sitemap", "url_list", "home", "unknown"]

# home page -> sitemap index -> sitemap -> page is three hops; one more for a feed found on a
# home page that was itself found through a URL list.
MAX_DEPTH = 4
# After a failed fetch, wait this long times 2**(failures - 1) before trying the URL again.
_RETRY_BASE = timedelta(minutes=30)
_RETRY_MAX = timedelta(days=7)
# Terminal failures (404, 410, refused content types) are tried again only after a long pause.
_TERMINAL_RETRY = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Target:
    """A URL (or a local URL-list file) to fetch, why, and how it was found."""

    url: str
    purpose: Purpose
    source: Source | None
    discovered_via: str
    depth: int = 0
    changed_at: datetime | None = None
    """When the feed or sitemap that listed it says it last changed."""

    @property
    def source_name(self) -> str | None:
        """Name of the source, None for command-line URLs."""
        return self.source.name if self.source else None

    @property
    def is_local(self) -> bool:
        """A URL list given as a local file path."""
        return not self.url.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Expansion:
    """What one fetched discovery document yielded.

    ``purpose`` is what the document turned out to be when its target's purpose was
    ``unknown`` (a command-line URL): feed, sitemap, url_list, home or page.
    """

    purpose: Purpose | None = None
    targets: tuple[Target, ...] = ()
    documents: tuple[Document, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    prefetched: tuple[tuple[Target, FetchResult], ...] = ()
    """Pages fetched while discovering (a command-line URL that was an article)."""


@dataclass
class RobotsSitemaps:
    """Sitemaps announced by the robots.txt files fetched in this run, by origin."""

    by_origin: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def record(self, results: Iterable[FetchResult]) -> None:
        """Remember the Sitemap lines of the robots.txt results."""
        for result in results:
            if result.outcome == FETCHED and result.content is not None:
                rules = parse_robots(result.content.decode("utf-8", "replace"))
                self.by_origin[_origin(result.request.url)] = rules.sitemaps

    def for_url(self, url: str) -> tuple[str, ...]:
        """Sitemaps of the URL's site (empty when its robots.txt named none)."""
        return self.by_origin.get(_origin(url), ())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def seeds(urls: Sequence[str], sources: Sequence[Source]) -> list[Target]:
    """Targets to start from: command-line URLs (their kind found from the response) and
    every seed of each source."""
    found: list[Target] = []
    for url in urls:
        purpose: Purpose = "unknown" if url.startswith(("http://", "https://")) else "url_list"
        found.append(Target(url=url, purpose=purpose, source=None, discovered_via="seed"))
    for source in sources:
        for purpose, entries in (
            ("feed", source.feeds),
            ("sitemap", source.sitemaps),
            ("url_list", source.url_lists),
            ("home", source.home_pages),
            ("page", source.urls),
        ):
            for entry in entries:
                found.append(
                    Target(url=entry, purpose=purpose, source=source, discovered_via="seed")
                )
    return found


def policy_for(
    source: Source | None,
    *,
    rate_limit: float,
    contact: str | None,
    concurrency: int,
    allow_private_hosts: bool,
) -> FetchPolicy:
    """The fetch policy of a source (command-line URLs use the global rate limit)."""
    rate = source.rate_limit if source else rate_limit
    return FetchPolicy(
        user_agent=build_user_agent(contact),
        per_host_interval_s=1.0 / rate if rate > 0 else 0.0,
        global_concurrency=concurrency,
        allow_private_hosts=allow_private_hosts,
    )


def fetch_targets(
    targets: Sequence[Target],
    *,
    policy: Callable[[Source | None], FetchPolicy],
    states: dict[str, UrlState],
    memory: FetchMemory,
) -> tuple[list[FetchResult], list[FetchResult]]:
    """Fetch targets concurrently, each source with its own politeness policy.

    Returns:
        One result per target, in order, and the robots.txt results of this call.
    """
    groups: dict[str | None, list[int]] = {}
    for index, target in enumerate(targets):
        groups.setdefault(target.source_name, []).append(index)
    requests = [_request(target, states.get(target.url)) for target in targets]
    sources = {t.source_name: t.source for t in targets}

    async def fetch_groups() -> list[list[FetchResult]]:
        return list(
            await asyncio.gather(
                *(
                    fetch_all([requests[i] for i in indexes], policy(sources[name]), memory=memory)
                    for name, indexes in groups.items()
                )
            )
        )

    aligned: list[FetchResult | None] = [None] * len(targets)
    robots: list[FetchResult] = []
    for indexes, results in zip(groups.values(), asyncio.run(fetch_groups()), strict=True):
        for index, result in zip(indexes, results[: len(indexes)], strict=True):
            aligned[index] = result
        robots.extend(results[len(indexes) :])
    return [r for r in aligned if r is not None], robots


def _request(target: Target, state: UrlState | None) -> FetchRequest:
    return FetchRequest(
        url=target.url,
        discovered_via=target.discovered_via,
        source_name=target.source_name,
        etag=state.etag if state else None,
        last_modified=state.last_modified if state else None,
    )


def document_from(result: FetchResult, target: Target) -> Document:
    """The fetched body as a Document, with its provenance."""
    assert result.content is not None, "only fetched results have a body"
    return Document(
        source_uri=target.url,
        content=result.content,
        media_type=result.content_type,
        declared_encoding=result.charset,
        url=target.url,
        final_url=result.final_url,
        fetched_at=result.fetched_at,
        discovered_via=target.discovered_via,
    )


def fetch_rejection(target: Target, result: FetchResult) -> Rejection:
    """A failed or refused fetch as a read rejection."""
    reason = "private_address" if result.outcome == REFUSED_PRIVATE else result.error or "failed"
    detail = result.error_detail or reason
    return Rejection(
        source_uri=target.url,
        doc_id=None,
        stage="read",
        reason=reason,
        detail=f"{target.purpose} {target.url}: {detail}",
        record=_record(target, result),
    )


def _record(target: Target, result: FetchResult | None) -> str:
    return json.dumps(
        {
            "purpose": target.purpose,
            "discovered_via": target.discovered_via,
            "source": target.source_name,
            "status": result.status if result else None,
            "error": result.error if result else None,
            "detail": result.error_detail if result else None,
        }
    )


def _children(
    parent: Target, urls: Iterable[tuple[str, datetime | None]], purpose: Purpose, via: str
) -> list[Target]:
    return [
        Target(
            url=url,
            purpose=purpose,
            source=parent.source,
            discovered_via=f"{via}:{parent.url}",
            depth=parent.depth + 1,
            changed_at=changed_at,
        )
        for url, changed_at in urls
    ]


def _discovery_failure(target: Target, reason: str, detail: str, doc_id: str | None) -> Rejection:
    return Rejection(
        source_uri=target.url,
        doc_id=doc_id,
        stage="parse",
        reason=reason,
        detail=f"{target.purpose} {target.url}: {detail}",
        record=_record(target, None),
    )


def expand_local_list(target: Target) -> Expansion:
    """A URL list given as a file path: read it and list its pages."""
    path = Path(target.url)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return Expansion(
            rejections=(
                Rejection(
                    source_uri=path.absolute().as_uri(),
                    doc_id=None,
                    stage="read",
                    reason="not_found" if isinstance(exc, FileNotFoundError) else "unreadable",
                    detail=f"URL list {path}: {exc.strerror or exc}",
                ),
            )
        )
    listed = parse_url_list(text)
    via = f"list:{path.absolute().as_uri()}"
    pages = [
        Target(url=url, purpose="page", source=target.source, discovered_via=via, depth=1)
        for url in listed.urls
    ]
    return Expansion(targets=tuple(pages))


def expand(
    target: Target,
    result: FetchResult,
    robots: RobotsSitemaps,
    known: Sequence[KnownChild] = (),
) -> Expansion:
    """What a fetched discovery document yields: pages, more discovery targets, or a failure.

    ``known`` are the feeds and sitemaps earlier runs found through this document; they are
    followed again when it answers 304.
    """
    if result.outcome != FETCHED or result.content is None:
        if target.purpose == "unknown":
            # The user named this URL: whatever happened to it is an input's outcome.
            return Expansion(purpose="page", prefetched=((_as_page(target), result),))
        if result.outcome == NOT_MODIFIED:
            # Unchanged: its pages are known, but the feeds and sitemaps it leads to may have
            # changed (a sitemap index stays put while its child sitemaps grow).
            return Expansion(targets=tuple(_known_children(target, known)))
        return Expansion(rejections=(fetch_rejection(target, result),))
    document = document_from(result, target)
    kind = _kind(target, result)
    resolved = _KIND_PURPOSES.get(kind)
    try:
        if kind == SourceKind.FEED:
            feed = parse_feed(result.content, base_url=result.final_url or target.url)
            listed = [(e.url, e.updated_at or e.published_at) for e in feed.entries]
            children = _children(target, listed, "page", "feed")
        elif kind == SourceKind.SITEMAP:
            sitemap = parse_sitemap(
                result.content, base_url=result.final_url or target.url, max_bytes=50 << 20
            )
            listed = [(e.url, e.lastmod or e.news_publication_date) for e in sitemap.entries]
            purpose: Purpose = "sitemap" if sitemap.kind == "index" else "page"
            children = _children(target, listed, purpose, "sitemap")
        elif kind == SourceKind.URL_LIST:
            text = decode_text(result.content, is_html=False).text
            listed = [(url, None) for url in parse_url_list(text).urls]
            children = _children(target, listed, "page", "list")
        elif kind == SourceKind.HTML:
            return _expand_html(target, result, document, robots)
        else:
            detail = "not a feed, sitemap, URL list or HTML page"
            failure = _discovery_failure(target, "unrecognised_content", detail, document.doc_id)
            return Expansion(documents=(document,), rejections=(failure,))
    except DiscoveryError as exc:
        failure = _discovery_failure(target, exc.reason, str(exc), document.doc_id)
        return Expansion(purpose=resolved, documents=(document,), rejections=(failure,))
    return Expansion(purpose=resolved, targets=tuple(children), documents=(document,))


_KIND_PURPOSES: dict[SourceKind, Purpose] = {
    SourceKind.FEED: "feed",
    SourceKind.SITEMAP: "sitemap",
    SourceKind.URL_LIST: "url_list",
}


def _known_children(target: Target, known: Sequence[KnownChild]) -> list[Target]:
    return [
        Target(
            url=child.url,
            purpose=child.purpose,  # type: ignore[arg-type]
            source=target.source,
            discovered_via=f"{child.via}:{target.url}",
            depth=target.depth + 1,
        )
        for child in known
        if child.parent == target.url
    ]


def _kind(target: Target, result: FetchResult) -> SourceKind:
    assert result.content is not None
    detected = detect_kind(result.content, content_type=result.content_type, url=target.url)
    declared = {"feed": SourceKind.FEED, "sitemap": SourceKind.SITEMAP}.get(target.purpose)
    # A feed URL answering with HTML is a site that moved its feed: detection wins.
    return detected if declared is None or detected != SourceKind.UNKNOWN else declared


def _expand_html(
    target: Target, result: FetchResult, document: Document, robots: RobotsSitemaps
) -> Expansion:
    """A home page gives its feeds and sitemaps; a command-line URL may be an article itself."""
    if target.purpose == "unknown":
        parsed = parse_document(document)
        if isinstance(parsed, Article) and parsed.is_article:
            return Expansion(purpose="page", prefetched=((_as_page(target), result),))
    html = decode_text(result.content or b"", declared_encoding=result.charset).text
    base = result.final_url or target.url
    feeds = [(url, None) for url in find_feed_links(html, base_url=base)]
    sitemaps = [(url, None) for url in robots.for_url(base)]
    children = _children(target, feeds, "feed", "home") + _children(
        target, sitemaps, "sitemap", "robots"
    )
    if not children:
        # Neither an article nor a page that leads to any: judge it as a page, so it ends as
        # a reject with the judgement's reasons rather than vanishing.
        return Expansion(purpose="page", prefetched=((_as_page(target), result),))
    return Expansion(purpose="home", targets=tuple(children), documents=(document,))


def known_purpose(target: Target, state: UrlState | None) -> Target:
    """A command-line URL whose kind an earlier run found: a 304 now says nothing about it."""
    if target.purpose != "unknown" or state is None or state.purpose == "unknown":
        return target
    return dataclasses.replace(target, purpose=state.purpose)  # type: ignore[arg-type]


def resolved(target: Target, expansion: Expansion) -> Target:
    """The target with the purpose its response revealed (for command-line URLs)."""
    if target.purpose != "unknown" or expansion.purpose is None:
        return target
    return dataclasses.replace(target, purpose=expansion.purpose)


def _as_page(target: Target) -> Target:
    return dataclasses.replace(target, purpose="page", changed_at=None)


def select_pages(
    candidates: Sequence[Target], states: dict[str, UrlState], *, now: datetime
) -> tuple[list[Target], list[Settled]]:
    """Pages to fetch: each URL once, within each source's patterns and page budget, new or
    announced as changed or due again; the rest settled as skipped."""
    chosen: list[Target] = []
    settled: list[Settled] = []
    seen: set[str] = set()
    budget: dict[str | None, int] = {}
    for target in candidates:
        key = normalize_url(target.url) or target.url
        if key in seen:
            continue
        seen.add(key)
        source = target.source
        if source is not None and not source.admits(target.url):
            continue  # outside the source's patterns: never an input
        reason = _skip_reason(target, states.get(target.url), now)
        if reason is not None:
            settled.append(Settled(target.url, None, "skipped", reason))
            continue
        if source is not None:
            used = budget.get(source.name, 0)
            if used >= source.max_pages_per_run:
                settled.append(Settled(target.url, None, "skipped", "over max_pages_per_run"))
                continue
            budget[source.name] = used + 1
        chosen.append(target)
    return chosen, settled


def _skip_reason(target: Target, state: UrlState | None, now: datetime) -> str | None:
    if state is None or target.discovered_via == "seed":
        return None  # new, or asked for by name: always (conditionally) requested
    if state.next_fetch_after is not None and state.next_fetch_after > now:
        return f"backing off after {state.last_error or state.last_outcome}"
    if state.last_outcome in (FETCHED, NOT_MODIFIED) and state.content_hash:
        changed = target.changed_at
        last = state.last_fetched_at
        if changed is not None and last is not None and changed > last:
            return None
        return "already fetched, not announced as changed"
    return None


def page_outcome(
    target: Target, result: FetchResult, previous: UrlState | None
) -> Document | Settled | Rejection:
    """What a fetched page becomes: a Document to parse, a settled input, or a rejection."""
    if result.outcome == FETCHED and result.content is not None:
        if previous is not None and previous.content_hash == result.content_hash:
            return Settled(target.url, result.content_hash, "not_modified", "same content")
        return document_from(result, target)
    if result.outcome == NOT_MODIFIED:
        return Settled(target.url, previous.content_hash if previous else None, "not_modified",
                       "HTTP 304")  # fmt: skip
    if result.outcome == SKIPPED_ROBOTS:
        return Settled(target.url, None, "skipped", result.error or "disallowed by robots.txt")
    return fetch_rejection(target, result)


def fetch_rows(
    load_id: str, purpose: str, result: FetchResult, *, now: datetime
) -> list[dict[str, object]]:
    """``raw.fetches`` rows of a result: one per attempt, or one with attempt 0 when nothing
    was requested."""
    request = result.request
    base: dict[str, object] = {
        "load_id": load_id,
        "url": request.url,
        "source_name": request.source_name,
        "purpose": "robots" if request.is_robots else purpose,
        "discovered_via": request.discovered_via,
    }
    if not result.attempts:
        return [
            {
                **base,
                "final_url": None,
                "attempt": 0,
                "requested_at": now,
                "elapsed_ms": None,
                "status": None,
                "outcome": result.outcome,
                "error": result.error,
                "error_detail": result.error_detail,
                "content_type": None,
                "etag": None,
                "last_modified": None,
                "retry_after": None,
                "redirects": [],
                "count_bytes": 0,
                "doc_id": None,
            }
        ]
    rows: list[dict[str, object]] = []
    last = len(result.attempts)
    for number, attempt in enumerate(result.attempts, start=1):
        headers = attempt.headers
        final = number == last
        rows.append(
            {
                **base,
                "final_url": attempt.final_url,
                "attempt": number,
                "requested_at": attempt.started_at,
                "elapsed_ms": float(attempt.elapsed_ms),
                "status": attempt.status,
                "outcome": result.outcome if final else FAILED,
                "error": attempt.error,
                "error_detail": attempt.error_detail,
                "content_type": headers.content_type if headers else None,
                "etag": headers.etag if headers else None,
                "last_modified": headers.last_modified if headers else None,
                "retry_after": headers.retry_after if headers else None,
                "redirects": list(attempt.redirect_chain),
                "count_bytes": attempt.bytes_received,
                "doc_id": result.content_hash if final and result.outcome == FETCHED else None,
            }
        )
    return rows


def next_url_state(
    target: Target, result: FetchResult, previous: UrlState | None, *, now: datetime
) -> dict[str, object]:
    """The ``raw.url_state`` row after a fetch result."""
    fetched_at = result.fetched_at or now
    row: dict[str, object] = {
        "url": target.url,
        "source_name": target.source_name,
        "purpose": target.purpose,
        "last_outcome": result.outcome,
        "last_status": result.status,
        "last_error": result.error,
        "etag": previous.etag if previous else None,
        "last_modified": previous.last_modified if previous else None,
        "content_hash": previous.content_hash if previous else None,
        "count_consecutive_failures": 0,
        "first_seen_at": previous.first_seen_at if previous else now,
        "last_fetched_at": previous.last_fetched_at if previous else None,
        "last_changed_at": previous.last_changed_at if previous else None,
        "next_fetch_after": None,
        "discovered_via": target.discovered_via,
    }
    if result.outcome == FETCHED:
        changed = previous is None or previous.content_hash != result.content_hash
        row.update(
            etag=result.etag,
            last_modified=result.last_modified,
            content_hash=result.content_hash,
            last_fetched_at=fetched_at,
            last_changed_at=fetched_at if changed else row["last_changed_at"],
        )
    elif result.outcome == NOT_MODIFIED:
        row.update(
            etag=result.etag or row["etag"],
            last_modified=result.last_modified or row["last_modified"],
            last_fetched_at=fetched_at,
        )
    elif result.outcome == FAILED:
        failures = (previous.count_consecutive_failures if previous else 0) + 1
        if result.error in TRANSIENT_ERRORS:
            wait = min(_RETRY_MAX, _RETRY_BASE * 2 ** (failures - 1))
        else:
            wait = _TERMINAL_RETRY
        row.update(count_consecutive_failures=failures, next_fetch_after=now + wait)
    return row
