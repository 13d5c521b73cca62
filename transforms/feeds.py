"""Feeds (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom) to the article URLs they list.

feedparser does the parsing: it knows two decades of feed dialects and recovers entries from
broken XML with a forgiving second pass. It is only ever handed bytes wrapped in a stream (a
bare string or bytes may be read as a URL or a file name), with HTML sanitising and relative-URI
rewriting off (we keep no entry content), and with no base URL, so GUIDs stay as written; links
are resolved here, against ``xml:base`` (which feedparser applies) and then the feed's own URL.
Its untyped results are copied into frozen dataclasses right away.

feedparser keeps a DOCTYPE's entity declarations only when they are plain text, so entity
expansion bombs and external entities are not expanded.
"""

from __future__ import annotations

import io
import xml.sax
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import feedparser
from selectolax.lexbor import LexborHTMLParser

from transforms.dates import parse_datetime
from transforms.decode import HTML_MEDIA_TYPES
from transforms.discovery import SITEMAP_ROOTS, DiscoveryError, root_element, xml_as_utf8
from transforms.text import clean_text
from transforms.urllists import defragment_url
from transforms.urls import resolve_url

__all__ = ["FEED_KINDS", "Feed", "FeedEntry", "FeedKind", "parse_feed"]

FeedKind = Literal["rss", "atom", "rdf"]
FEED_KINDS: tuple[FeedKind, ...] = ("rss", "atom", "rdf")
"""Feed families: RSS 0.91-2.0, Atom 0.3/1.0, and the RDF-based RSS 0.90 and 1.0."""

# feedparser's version codes to our families; "cdf" (Microsoft's Channel Definition Format)
# is not a news feed format anyone still serves.
_VERSION_KINDS: Mapping[str, FeedKind] = {
    "rss090": "rdf",
    "rss10": "rdf",
    "rss091n": "rss",
    "rss091u": "rss",
    "rss092": "rss",
    "rss093": "rss",
    "rss094": "rss",
    "rss20": "rss",
    "rss": "rss",
    "atom01": "atom",
    "atom02": "atom",
    "atom03": "atom",
    "atom10": "atom",
    "atom": "atom",
}
_ROOT_KINDS: Mapping[str, FeedKind] = {"rss": "rss", "rdf": "rdf", "feed": "atom"}
_NOT_FEED_ROOTS: frozenset[str] = frozenset({"html", *SITEMAP_ROOTS})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article URL and what the feed says about it.

    ``published_at`` comes from RSS ``pubDate``, Atom ``published`` or ``dcterms:issued``;
    ``updated_at`` from Atom ``updated``, ``dc:date`` (the only date RSS 1.0 feeds carry) or
    ``dcterms:modified``. Dates are read by ``transforms.dates`` as written, offset kept;
    feedparser's own reading is not used, because it completes partial dates (``2024-06``
    becomes June 1) and drops the offset.
    """

    url: str
    title: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed.

    ``is_partial`` is True when the XML was broken and the entries are what a forgiving parse
    recovered; ``error`` then says what was wrong. ``count_dropped`` counts entries left out
    because they had no http(s) link or repeated an earlier one.
    """

    kind: FeedKind
    entries: tuple[FeedEntry, ...]
    title: str | None = None
    is_partial: bool = False
    error: str | None = None
    count_dropped: int = 0


def _get(obj: object, key: str) -> object:
    """A value of a feedparser dict, read without its key aliases; None when absent."""
    # dict.get skips FeedParserDict.__getitem__, whose 'updated' -> 'published' fallback both
    # invents an update time and emits a DeprecationWarning.
    return dict.get(obj, key) if isinstance(obj, dict) else None


def _text(obj: object, key: str) -> str | None:
    """A string value of a feedparser dict, or None."""
    value = _get(obj, key)
    return value if isinstance(value, str) else None


def _plain_title(value: str | None, detail: object) -> str | None:
    """A title as plain text: HTML titles (escaped markup, double-escaped entities) unwrapped."""
    if value is None:
        return None
    media_type = _text(detail, "type")
    if media_type in HTML_MEDIA_TYPES:
        # WordPress and many CMSs escape titles twice ("Fish &amp;amp; Chips"), and some wrap
        # words in <em>; feedparser marks those titles text/html, and a browser would show text.
        body = LexborHTMLParser(value).body
        value = body.text(separator="") if body is not None else ""
    return clean_text(value) or None


def _entry_links(entry: object) -> Iterator[str]:
    """Candidate article links of an entry, best first."""
    links = _get(entry, "links")
    if isinstance(links, list):
        # Atom entries also link to edit endpoints, enclosures and reply threads; only
        # rel="alternate" (the default when rel is absent) is the article.
        for link in links:
            if _text(link, "rel") in (None, "alternate"):
                href = _text(link, "href")
                if href:
                    yield href
    # RSS items with no <link> but a permalink <guid>: feedparser copies the guid here.
    link = _text(entry, "link")
    if link:
        yield link


def _entry_url(entry: object, base_url: str | None) -> str | None:
    """The first candidate link that resolves to an http(s) URL, fragment removed."""
    for href in _entry_links(entry):
        url = defragment_url(resolve_url(base_url, href))
        if url is not None:
            return url
    return None


def _feed_kind(version: str, content: bytes) -> FeedKind | None:
    """The feed family from feedparser's version code, else from the root element."""
    kind = _VERSION_KINDS.get(version)
    if kind is not None:
        return kind
    root = root_element(content)
    return _ROOT_KINDS.get(root) if root else None


def _is_broken(result: object) -> bool:
    """True when the strict XML parse failed and feedparser fell back to its forgiving one."""
    if not _get(result, "bozo"):
        return False
    error = _get(result, "bozo_exception")
    # Other bozo exceptions (a wrong declared charset, no Content-Type) are notices about a
    # feed that still parsed as well-formed XML.
    return isinstance(error, xml.sax.SAXException | feedparser.UndeclaredNamespace)


def _feedparser_result(content: bytes) -> object:
    """feedparser's reading of the bytes: no network, no file access, no HTML rewriting."""
    # A stream, never bare bytes or str: feedparser opens those as a path or URL when it can.
    return feedparser.parse(io.BytesIO(content), resolve_relative_uris=False, sanitize_html=False)


def parse_feed(content: bytes, *, base_url: str | None) -> Feed:
    """The entries of an RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 or Atom feed.

    Links are resolved against ``xml:base`` and then ``base_url``; an entry's URL is its first
    ``rel="alternate"`` (or rel-less) link, else a permalink GUID. Entries without an http(s)
    URL, and entries repeating an earlier URL, are dropped and counted.
    A well-formed feed with no entries is a valid, empty Feed.

    Args:
        content: The feed as fetched (after transport gzip was removed).
        base_url: The feed's own URL, for relative links; None leaves relative links
            unresolvable (dropped).

    Returns:
        The Feed, its entries in feed order; ``is_partial`` when the XML was broken but
        entries were recovered.

    Raises:
        DiscoveryError: ``not_a_feed`` when the content is not a feed (an HTML page, a
            sitemap, junk); ``broken_xml`` when the XML is broken and no entry with a URL
            could be recovered, or the XML breaks the parser.
    """
    if root_element(content) in _NOT_FEED_ROOTS:
        # feedparser would run its slow forgiving parser over a whole web page to find nothing.
        raise DiscoveryError("not_a_feed", "an HTML page or a sitemap, not a feed")
    try:
        result = _feedparser_result(content)
    except ValueError:
        # feedparser 6 crashes on some broken documents instead of flagging them: an XML
        # declaration whose encoding label holds stray bytes, a malformed namespace (found by
        # mutating fixtures). Declaration problems go away when the bytes are re-encoded.
        try:
            result = _feedparser_result(xml_as_utf8(content))
        except ValueError as exc:
            raise DiscoveryError("broken_xml", f"feed XML breaks the parser: {exc}") from None
    version = _text(result, "version") or ""
    kind = _feed_kind(version, content)
    if kind is None:
        raise DiscoveryError("not_a_feed", "not an RSS, RDF or Atom feed")
    is_broken = _is_broken(result)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    raw_entries = _get(result, "entries")
    if not isinstance(raw_entries, list):
        raw_entries = []
    for raw in raw_entries:
        url = _entry_url(raw, base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        entries.append(
            FeedEntry(
                url=url,
                title=_plain_title(_text(raw, "title"), _get(raw, "title_detail")),
                published_at=parse_datetime(_text(raw, "published")),
                updated_at=parse_datetime(_text(raw, "updated")),
                guid=clean_text(_text(raw, "id") or "") or None,
            )
        )
    error = str(_get(result, "bozo_exception")) if is_broken else None
    if is_broken and not entries:
        raise DiscoveryError("broken_xml", f"broken feed XML, no entries recovered: {error}")
    meta = _get(result, "feed")
    return Feed(
        kind=kind,
        entries=tuple(entries),
        title=_plain_title(_text(meta, "title"), _get(meta, "title_detail")),
        is_partial=is_broken,
        error=error,
        count_dropped=len(raw_entries) - len(entries),
    )
