"""Flow ``ingest-web``: discover -> fetch -> parse -> validate -> load -> report, from live sites.

Seeds are URLs given on the command line (an article page, a feed, a sitemap or sitemap index,
a URL list, or a home page whose feeds and sitemaps are found for it) and the sources of a
``sources.toml``. Discovery documents are fetched level by level; the article pages they list
are fetched in batches, each parsed, validated and loaded in one transaction together with the
record of its HTTP requests. A second run sends conditional requests for feeds and sitemaps and
fetches only pages that are new or announced as changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from expectations.validate import ResultKeeper
from flows import progress
from flows.batch import (
    ParsedBatch,
    Settled,
    discovery_batch,
    fetches_frame,
    parse_documents,
    url_states_frame,
)
from flows.concurrency import warehouse_slot
from flows.config import Settings, load_settings
from flows.crawl import (
    MAX_DEPTH,
    Expansion,
    RobotsSitemaps,
    Target,
    expand,
    expand_local_list,
    fetch_rows,
    fetch_targets,
    known_purpose,
    next_url_state,
    page_outcome,
    policy_for,
    resolved,
    seeds,
    select_pages,
)
from flows.fetch import NOT_MODIFIED, FetchMemory, FetchPolicy, FetchResult
from flows.rejections import Rejection
from flows.report import IngestSummary
from flows.sources import Source, load_sources
from flows.tasks import LoadRun, chunked, opaque
from transforms.models import Article, Document
from warehouse.connection import open_reader
from warehouse.errors import WarehouseMissing
from warehouse.loader import LoadBatch
from warehouse.state import KnownChild, UrlState, read_known_children, read_url_states

FLOW_NAME = "ingest-web"


@dataclass
class Crawl:
    """What a run knows while it crawls: politeness, robots.txt, and stored URL state."""

    settings: Settings
    contact: str | None
    memory: FetchMemory = field(default_factory=FetchMemory)
    robots: RobotsSitemaps = field(default_factory=RobotsSitemaps)
    states: dict[str, UrlState] = field(default_factory=dict)

    def policy(self, source: Source | None) -> FetchPolicy:
        """The fetch policy for a source's requests."""
        return policy_for(
            source,
            rate_limit=self.settings.rate_limit,
            contact=self.contact,
            concurrency=self.settings.fetch_concurrency,
            allow_private_hosts=self.settings.allow_private_hosts,
        )


@dataclass(frozen=True)
class Discovered:
    """Result of the discovery phase."""

    pages: tuple[Target, ...]
    prefetched: tuple[tuple[Target, FetchResult], ...]
    batch: LoadBatch
    count_documents: int
    rejections: tuple[Rejection, ...]
    """Feeds, sitemaps, lists and home pages that failed."""
    outcomes: dict[str, int]
    """Discovery documents by fetch outcome (fetched, not_modified, failed, ...)."""


def _fetch_rows(
    results: Sequence[tuple[Target, FetchResult]],
    robots: Sequence[FetchResult],
    load_id: str,
    now: datetime,
) -> list[dict[str, object]]:
    """raw.fetches rows of page or discovery results and of the robots.txt requests."""
    rows = [row for t, r in results for row in fetch_rows(load_id, t.purpose, r, now=now)]
    return rows + [row for r in robots for row in fetch_rows(load_id, "robots", r, now=now)]


def _read_children(db_path: Path, parents: Sequence[str]) -> list[KnownChild]:
    if not parents:
        return []
    try:
        with open_reader(db_path, wait_s=30) as con:
            return read_known_children(con, parents)
    except WarehouseMissing:
        return []


def _read_states(db_path: Path, urls: Sequence[str]) -> dict[str, UrlState]:
    try:
        with open_reader(db_path, wait_s=30) as con:
            return read_url_states(con, urls)
    except WarehouseMissing:
        return {}


@task(name="discover-pages", cache_policy=NO_CACHE)
def discover_pages(
    targets: Sequence[Target],
    crawl: Crawl,
    *,
    load_id: str,
    now: datetime,
    keep: ResultKeeper | None = None,
) -> Discovered:
    """Fetch feeds, sitemaps, URL lists and home pages level by level; collect the pages."""
    logger = get_run_logger()
    prefetched: list[tuple[Target, FetchResult]] = []
    documents: list[Document] = []
    rejections: list[Rejection] = []
    fetched: list[tuple[Target, FetchResult]] = []
    robots_results: list[FetchResult] = []
    crawl.states.update(_read_states(crawl.settings.db_path, [t.url for t in targets]))
    targets = [known_purpose(t, crawl.states.get(t.url)) for t in targets]
    pages: list[Target] = [t for t in targets if t.purpose == "page"]
    frontier = [t for t in targets if t.purpose != "page"]
    seen = {t.url for t in frontier}
    while frontier:
        crawl.states.update(_read_states(crawl.settings.db_path, [t.url for t in frontier]))
        local = [t for t in frontier if t.is_local]
        remote = [t for t in frontier if not t.is_local]
        expansions: list[Expansion] = [expand_local_list(t) for t in local]
        if remote:
            results, robots = fetch_targets(
                remote, policy=crawl.policy, states=crawl.states, memory=crawl.memory
            )
            crawl.robots.record(robots)
            robots_results.extend(robots)
            unchanged = [t.url for t, r in zip(remote, results, strict=True)
                         if r.outcome == NOT_MODIFIED]  # fmt: skip
            known = _read_children(crawl.settings.db_path, unchanged)
            remote_expansions = [
                expand(t, r, crawl.robots, known) for t, r in zip(remote, results, strict=True)
            ]
            # A page found by fetching a command-line URL is recorded with the page's fetches.
            fetched += [
                (resolved(t, e), r)
                for t, r, e in zip(remote, results, remote_expansions, strict=True)
                if not e.prefetched
            ]
            expansions += remote_expansions
        following: list[Target] = []
        for expansion in expansions:
            documents.extend(expansion.documents)
            rejections.extend(expansion.rejections)
            prefetched.extend(expansion.prefetched)
            for target in expansion.targets:
                if target.purpose == "page":
                    pages.append(target)
                elif target.url not in seen and target.depth <= MAX_DEPTH:
                    seen.add(target.url)
                    following.append(target)
        logger.info(
            "Discovery level: %d documents fetched, %d pages found so far, %d to follow",
            len(remote),
            len(pages),
            len(following),
        )
        frontier = following
    batch = discovery_batch(documents, rejections, now=now, keep=keep)
    batch = dataclasses.replace(
        batch,
        fetches=fetches_frame(_fetch_rows(fetched, robots_results, load_id, now)),
        url_states=url_states_frame(
            [next_url_state(t, r, crawl.states.get(t.url), now=now) for t, r in fetched]
        ),
    )
    outcomes: dict[str, int] = {}
    for _, result in fetched:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    return Discovered(
        tuple(pages), tuple(prefetched), batch, len(documents), tuple(rejections), outcomes
    )


@dataclass(frozen=True)
class FetchedPages:
    """A batch of pages after fetching: documents to parse, settled inputs, rejections."""

    documents: tuple[tuple[Target, Document], ...]
    settled: tuple[Settled, ...]
    rejections: tuple[Rejection, ...]
    fetches: pd.DataFrame
    url_states: pd.DataFrame


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages(
    targets: Sequence[Target],
    prefetched: Sequence[tuple[Target, FetchResult]],
    crawl: Crawl,
    *,
    load_id: str,
    now: datetime,
) -> FetchedPages:
    """Fetch a batch of pages (conditionally when known) and sort the results."""
    crawl.states.update(_read_states(crawl.settings.db_path, [t.url for t in targets]))
    results: list[tuple[Target, FetchResult]] = list(prefetched)
    robots: list[FetchResult] = []
    if targets:
        fetched, robots = fetch_targets(
            targets, policy=crawl.policy, states=crawl.states, memory=crawl.memory
        )
        crawl.robots.record(robots)
        results += list(zip(targets, fetched, strict=True))
    documents: list[tuple[Target, Document]] = []
    settled: list[Settled] = []
    rejections: list[Rejection] = []
    for target, result in results:
        outcome = page_outcome(target, result, crawl.states.get(target.url))
        if isinstance(outcome, Document):
            documents.append((target, outcome))
        elif isinstance(outcome, Settled):
            settled.append(outcome)
        else:
            rejections.append(outcome)
        progress.advance()
    get_run_logger().info(
        "Fetched %d pages: %d to parse, %d not modified or skipped, %d failed",
        len(results),
        len(documents),
        len(settled),
        len(rejections),
    )
    return FetchedPages(
        documents=tuple(documents),
        settled=tuple(settled),
        rejections=tuple(rejections),
        fetches=fetches_frame(_fetch_rows(results, robots, load_id, now)),
        url_states=url_states_frame(
            [next_url_state(t, r, crawl.states.get(t.url), now=now) for t, r in results]
        ),
    )


def _with_hints(article: Article, source: Source | None) -> Article:
    """The source's language and section for pages that declare none."""
    if source is None or (article.language and article.section):
        return article
    return dataclasses.replace(
        article,
        language=article.language or source.language,
        section=article.section or source.section,
    )


@task(name="parse-pages", cache_policy=NO_CACHE)
def parse_pages(fetched: FetchedPages, *, keep_non_articles: bool) -> ParsedBatch:
    """Parse the fetched pages, each source with its own keep_non_articles and hints."""
    by_source: dict[str | None, list[tuple[Target, Document]]] = {}
    for target, document in fetched.documents:
        by_source.setdefault(target.source_name, []).append((target, document))
    articles: list[Article] = []
    rejections: list[Rejection] = list(fetched.rejections)
    media: dict[str, tuple[str | None, str | None]] = {}
    for pairs in by_source.values():
        source = pairs[0][0].source
        keep = source.keep_non_articles if source else keep_non_articles
        parsed = parse_documents([d for _, d in pairs], keep_non_articles=keep)
        articles += [_with_hints(a, source) for a in parsed.articles]
        rejections += parsed.rejections
        media.update(parsed.media)
    get_run_logger().info("Parsed %d articles, %d rejected", len(articles), len(rejections))
    return ParsedBatch(
        documents=tuple(d for _, d in fetched.documents),
        articles=tuple(articles),
        rejections=tuple(rejections),
        media=media,
        settled=fetched.settled,
    )


@flow(name=FLOW_NAME, log_prints=False)
def ingest_web(
    urls: list[str] | None = None,
    sources_file: str | None = None,
    only: list[str] | None = None,
    db: str | None = None,
    batch_size: int | None = None,
    allow_private_hosts: bool | None = None,
    keep_non_articles: bool | None = None,
    rate_limit: float | None = None,
) -> IngestSummary:
    """Fetch articles from the web into the warehouse.

    Args:
        urls: article pages, feeds, sitemaps, URL lists (URLs or local files) or home pages.
        sources_file: a sources.toml; its sources are crawled after ``urls``.
        only: names of the sources to crawl (all when empty).
        db: warehouse file; default from COPYDESK_DB or data/copydesk.duckdb.
        batch_size: pages per batch, each loaded in one transaction.
        allow_private_hosts: fetch private, loopback and link-local hosts (tests, intranets).
        keep_non_articles: load pages judged not to be articles (command-line URLs; sources
            say it themselves).
        rate_limit: requests per second per host for command-line URLs (0: no limit);
            default from COPYDESK_RATE_LIMIT (1). Sources set their own.

    Returns:
        The run summary; the same figures are in ``ops.loads`` and the run's artifacts.
    """
    settings = load_settings(
        db=db,
        batch_size=batch_size,
        keep_non_articles=keep_non_articles,
        allow_private_hosts=allow_private_hosts,
        rate_limit=rate_limit,
    )
    sources_config = load_sources(sources_file) if sources_file else None
    sources = sources_config.select(only) if sources_config else ()
    contact = settings.contact or (sources_config.contact if sources_config else None)
    crawl = Crawl(settings=settings, contact=contact)
    labels = list(urls or []) + [f"source:{s.name}" for s in sources]
    with warehouse_slot(settings.db_path):  # one writer at a time; a second run waits here
        return _crawl_and_load(crawl, seeds(urls or [], sources), labels)


def _crawl_and_load(crawl: Crawl, targets: list[Target], labels: list[str]) -> IngestSummary:
    """The body of ingest-web, run while it holds the warehouse."""
    settings = crawl.settings
    logger = get_run_logger()
    run = LoadRun(
        flow_name=FLOW_NAME,
        db_path=settings.db_path,
        sources=labels,
        data_docs_dir=settings.data_docs_dir,
    )
    run.start()
    try:
        now = datetime.now(UTC)
        discovered = discover_pages(
            opaque(targets), opaque(crawl), load_id=run.load_id, now=now, keep=opaque(run.keeper)
        )
        run.load(discovered.batch, discovered.rejections)
        run.discovery = dict(discovered.outcomes)
        run.note_source_failures(discovered.rejections)
        crawl.states.update(_read_states(settings.db_path, [t.url for t in discovered.pages]))
        chosen, settled = select_pages(discovered.pages, crawl.states, now=now)
        prefetched_urls = {t.url for t, _ in discovered.prefetched}
        chosen = [t for t in chosen if t.url not in prefetched_urls]
        progress.set_total(len(chosen) + len(discovered.prefetched) + len(settled))
        logger.info(
            "%d pages to fetch, %d already fetched during discovery, %d skipped",
            len(chosen),
            len(discovered.prefetched),
            len(settled),
        )
        chunks = chunked(chosen, settings.batch_size)
        count_reached = discovered.count_documents
        for number, chunk in enumerate(chunks, start=1):
            prefetched = discovered.prefetched if number == 1 else ()
            fetched = fetch_pages(
                opaque(list(chunk)), opaque(prefetched), opaque(crawl),
                load_id=run.load_id, now=datetime.now(UTC),
            )  # fmt: skip
            if number == 1 and settled:
                fetched = dataclasses.replace(fetched, settled=fetched.settled + tuple(settled))
                progress.advance(len(settled))
            run.note_source_failures(fetched.rejections)
            count_reached += len(fetched.documents) + sum(
                1 for s in fetched.settled if s.outcome == "not_modified"
            )
            parsed = parse_pages(opaque(fetched), keep_non_articles=settings.keep_non_articles)
            prepared = run.validate(parsed)
            run.load_prepared(
                prepared,
                dataclasses.replace(
                    prepared.load_batch,
                    fetches=fetched.fetches,
                    url_states=fetched.url_states,
                ),
            )
    except Exception as exc:
        run.fail(exc)
        raise
    # Nothing answered at all (every host down, every feed gone): the run failed, not the data.
    return run.finish(nothing_reached=count_reached == 0 and run.has_source_failures)
