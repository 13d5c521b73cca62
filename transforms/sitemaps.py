"""Sitemaps (XML, gzipped XML, plain text) and sitemap indexes to the URLs they list.

XML is read with defusedxml's parser, which refuses entity declarations and external
references outright, so a billion-laughs document or an external-entity probe costs nothing;
a sitemap has no business declaring entities. The parser streams into a small target that
keeps only what a crawler needs (``loc``, ``lastmod`` and the Google News fields), so a
50,000-URL sitemap never becomes a tree in memory. Element names are matched by local name:
sitemaps in the wild use the old Google namespace, no namespace, or a misspelt one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from transforms.dates import parse_datetime
from transforms.decode import (
    DecodeError,
    TooLarge,
    decode_text,
    gunzip,
    head_text,
    is_binary,
    is_gzip,
    read_prolog,
)
from transforms.discovery import SITEMAP_ROOTS, DiscoveryError, root_element, xml_as_utf8
from transforms.text import clean_text
from transforms.urllists import defragment_url, looks_like_url_list, parse_url_list
from transforms.urls import resolve_url

__all__ = [
    "SITEMAP_KINDS",
    "SITEMAP_MAX_BYTES",
    "Sitemap",
    "SitemapEntry",
    "SitemapKind",
    "parse_sitemap",
]

SitemapKind = Literal["urlset", "index"]
SITEMAP_KINDS: tuple[SitemapKind, ...] = ("urlset", "index")
"""``urlset``: pages to fetch; ``index``: further sitemaps to fetch."""

SITEMAP_MAX_BYTES = 50 * 1024 * 1024
"""The sitemaps.org limit on an uncompressed sitemap; a sensible ``max_bytes``."""

# Enough for a banner comment or stylesheet instruction ahead of the root; an unclosed one is
# still markup.
_SNIFF_BYTES = 1024
# Path of each field below the root's child (url or sitemap), by local names.
_LOC = ("loc",)
_LASTMOD = ("lastmod",)
_NEWS_DATE = ("news", "publication_date")
_NEWS_TITLE = ("news", "title")
_NEWS_LANGUAGE = ("news", "publication", "language")
_FIELDS: frozenset[tuple[str, ...]] = frozenset(
    {_LOC, _LASTMOD, _NEWS_DATE, _NEWS_TITLE, _NEWS_LANGUAGE}
)
_CHILD_OF_ROOT = {"urlset": "url", "sitemapindex": "sitemap"}


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One ``<url>`` of a urlset (or ``<sitemap>`` of an index) with its dates.

    The ``news_*`` fields come from Google News sitemaps (``news:news``) and are None
    elsewhere. ``lastmod`` with only a year or a month (valid W3C dates) is None: a day is not
    guessed.
    """

    url: str
    lastmod: datetime | None = None
    news_publication_date: datetime | None = None
    news_title: str | None = None
    news_language: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap.

    ``is_partial`` is True when the XML broke off and the entries are those before the break;
    ``error`` then says what was wrong. ``count_dropped`` counts entries (or text lines) left
    out: no http(s) URL, or a URL repeated.
    """

    kind: SitemapKind
    entries: tuple[SitemapEntry, ...]
    is_partial: bool = False
    error: str | None = None
    count_dropped: int = 0


class _NotASitemap(Exception):
    """Raised from inside the parser to stop at a root that is not a sitemap's."""

    def __init__(self, root: str) -> None:
        super().__init__(root)
        self.root = root


@functools.lru_cache(maxsize=256)
def _local(tag: str) -> str:
    """``{http://www.sitemaps.org/schemas/sitemap/0.9}loc`` -> ``loc``; prefixes dropped too."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


class _SitemapTarget:
    """ElementTree parser target collecting the fields of each url/sitemap element."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.raw: list[dict[tuple[str, ...], str]] = []
        self._stack: list[str] = []
        self._fields: dict[tuple[str, ...], str] | None = None
        self._chars: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Open an element: check the root, start an entry at the root's children."""
        local = _local(tag)
        if self.root is None:
            if local not in SITEMAP_ROOTS:
                raise _NotASitemap(local)
            self.root = local
        elif len(self._stack) == 1 and local == _CHILD_OF_ROOT[self.root]:
            self._fields = {}
        self._stack.append(local)
        self._chars = []

    def data(self, text: str) -> None:
        """Collect text while inside an entry."""
        if self._fields is not None:
            self._chars.append(text)

    def end(self, tag: str) -> None:
        """Close an element: keep a field's text, finish an entry."""
        self._stack.pop()
        if self._fields is None:
            return
        depth = len(self._stack)
        if depth == 1:
            self.raw.append(self._fields)
            self._fields = None
        else:
            path = (*self._stack[2:], _local(tag))
            if path in _FIELDS and path not in self._fields:
                self._fields[path] = "".join(self._chars)
        self._chars = []

    def close(self) -> None:
        """Nothing to build: the entries are in ``raw``."""

    def keep_pending(self) -> None:
        """Keep the entry the XML broke off in, when its location was already complete."""
        if self._fields is not None and _LOC in self._fields:
            self.raw.append(self._fields)
        self._fields = None


def _entry(fields: dict[tuple[str, ...], str], base_url: str | None) -> SitemapEntry | None:
    """A SitemapEntry from the raw fields of one element, or None without an http(s) loc."""
    url = defragment_url(resolve_url(base_url, fields.get(_LOC, "").strip()))
    if url is None:
        return None
    language = fields.get(_NEWS_LANGUAGE, "").strip().lower()
    return SitemapEntry(
        url=url,
        lastmod=parse_datetime(fields.get(_LASTMOD)),
        news_publication_date=parse_datetime(fields.get(_NEWS_DATE)),
        news_title=clean_text(fields.get(_NEWS_TITLE, "")) or None,
        news_language=language or None,
    )


def _dedupe(entries: list[SitemapEntry | None]) -> tuple[tuple[SitemapEntry, ...], int]:
    """Entries with a URL, the first of each URL kept; and how many were dropped."""
    kept: list[SitemapEntry] = []
    seen: set[str] = set()
    for entry in entries:
        # Exact URLs, not normalised ones: normalising 50,000 URLs would double the parse time,
        # and the crawler's URL state normalises before fetching anyway.
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            kept.append(entry)
    return tuple(kept), len(entries) - len(kept)


def _run_parser(content: bytes) -> tuple[_SitemapTarget, str | None]:
    """The parser target after reading the XML, and the parse error that stopped it, if any."""
    target = _SitemapTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=False)
    try:
        parser.feed(content)
        parser.close()
    except _NotASitemap as exc:
        raise DiscoveryError(
            "not_a_sitemap", f"root element <{exc.root}> is not urlset or sitemapindex"
        ) from None
    except DefusedXmlException as exc:
        raise DiscoveryError(
            "xml_bomb", f"sitemap declares entities or external references: {exc}"
        ) from None
    except ParseError as exc:
        target.keep_pending()
        return target, str(exc)
    return target, None


def _parse_xml(content: bytes, base_url: str | None) -> Sitemap:
    """A Sitemap from XML bytes."""
    root = root_element(content)
    if root is not None and root not in SITEMAP_ROOTS:
        # HTML error pages and feeds served at sitemap URLs need not be well-formed XML.
        raise DiscoveryError("not_a_sitemap", f"root element <{root}> is not a sitemap's")
    try:
        target, error = _run_parser(content)
    except DiscoveryError:
        raise
    except (LookupError, ValueError):
        target, error = None, None
    if target is None or target.root is None:
        # The XML declaration names an encoding no codec knows ("utf-8lol"), holds stray
        # bytes, or names the wrong one (UTF-16 for UTF-8 bytes): read the bytes as a browser
        # would rather than lose every URL in the file.
        target, error = _run_parser(xml_as_utf8(content))
    if target.root is None:
        raise DiscoveryError("broken_xml", f"not well-formed XML: {error}")
    entries, count_dropped = _dedupe([_entry(fields, base_url) for fields in target.raw])
    if error is not None and not entries:
        raise DiscoveryError("broken_xml", f"broken sitemap XML, no entries recovered: {error}")
    return Sitemap(
        kind="urlset" if target.root == "urlset" else "index",
        entries=entries,
        is_partial=error is not None,
        error=error,
        count_dropped=count_dropped,
    )


def _parse_text(content: bytes) -> Sitemap:
    """A Sitemap from a plain-text sitemap (one URL a line)."""
    if is_binary(content):
        raise DiscoveryError("not_a_sitemap", "binary content is not a sitemap")
    text = decode_text(content, is_html=False).text
    if not looks_like_url_list(text):
        raise DiscoveryError("not_a_sitemap", "neither sitemap XML nor a list of URLs")
    url_list = parse_url_list(text)
    return Sitemap(
        kind="urlset",
        entries=tuple(SitemapEntry(url) for url in url_list.urls),
        count_dropped=url_list.count_invalid + url_list.count_duplicates,
    )


def parse_sitemap(content: bytes, *, base_url: str | None, max_bytes: int) -> Sitemap:
    """The URLs of a sitemap or sitemap index: XML, gzipped XML (any name) or plain text.

    Gzip is recognised by its magic bytes, not by a ``.gz`` name, and inflated up to
    ``max_bytes``. XML with a ``urlset`` root gives pages (with ``lastmod`` and the Google News
    ``publication_date``, ``title`` and ``language``); a ``sitemapindex`` root gives child
    sitemaps. Text that is a list of URLs is a text sitemap. Relative locations (invalid, but
    seen) are resolved against ``base_url``; only http(s) URLs are kept, fragments removed,
    the first of each URL kept.

    Args:
        content: The sitemap as fetched (transport gzip removed or not).
        base_url: The sitemap's own URL.
        max_bytes: Largest sitemap accepted, decompressed, in bytes (``SITEMAP_MAX_BYTES`` is
            the protocol's limit).

    Returns:
        The Sitemap; ``is_partial`` when the XML broke off after some entries.

    Raises:
        DiscoveryError: ``too_large`` over ``max_bytes`` (a decompression bomb included),
            ``bad_gzip`` for a corrupt or truncated gzip stream, ``xml_bomb`` when the XML
            declares entities or external references, ``not_a_sitemap`` for another root
            element, HTML, binary data or text that is not a URL list, ``broken_xml`` when the
            XML is broken before any entry.
    """
    if is_gzip(content):
        try:
            content = gunzip(content, max_bytes)
        except TooLarge as exc:
            raise DiscoveryError("too_large", f"gzipped sitemap: {exc}") from None
        except DecodeError as exc:
            raise DiscoveryError("bad_gzip", f"gzipped sitemap: {exc}") from None
    elif len(content) > max_bytes:
        raise DiscoveryError(
            "too_large", f"sitemap of {len(content)} bytes exceeds the limit of {max_bytes}"
        )
    if read_prolog(head_text(content, _SNIFF_BYTES)).is_markup:
        return _parse_xml(content, base_url)
    return _parse_text(content)
