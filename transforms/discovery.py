"""What a fetched response is, and where a home page says its feeds are.

A crawler meets five kinds of responses: article and home pages (HTML), feeds (RSS 0.9x, RSS
1.0/RDF, RSS 2.0, Atom), sitemaps (XML, gzipped XML or plain text), lists of URLs, and
everything else. ``detect_kind`` decides from the content, because servers send feeds as
``text/html``, sitemaps as ``application/octet-stream`` and HTML error pages with a ``.xml``
name; the Content-Type and the URL's extension only settle content that cannot be read.

Error hierarchy for the discovery parsers (``feeds``, ``sitemaps``)::

    ValueError
    └── DiscoveryError   nothing usable in a feed or sitemap; ``reason`` says why, one of
                         DISCOVERY_ERROR_REASONS, for a failure record
"""

from __future__ import annotations

import re
import zlib
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from transforms.decode import (
    GZIP_WBITS,
    HTML_MEDIA_TYPES,
    HTML_START_TAGS,
    decode_text,
    head_text,
    is_binary,
    is_gzip,
    read_prolog,
)
from transforms.text import clean_text
from transforms.urllists import defragment_url, looks_like_url_list
from transforms.urls import normalize_url, resolve_url

__all__ = [
    "COMMENT_FEED_WORDS",
    "DISCOVERY_ERROR_REASONS",
    "FEED_LINK_TYPES",
    "FEED_ROOTS",
    "SITEMAP_ROOTS",
    "SOURCE_KINDS",
    "DiscoveryError",
    "DiscoveryErrorReason",
    "SourceKind",
    "detect_kind",
    "find_feed_links",
    "root_element",
    "xml_as_utf8",
]


class SourceKind(StrEnum):
    """What a fetched response is, as far as discovery is concerned."""

    HTML = "html"
    """A web page: an article to extract, or a home page to look for feeds in."""
    FEED = "feed"
    """An RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 or Atom feed: parse with ``feeds.parse_feed``."""
    SITEMAP = "sitemap"
    """A sitemap or sitemap index (XML, gzipped or text): parse with ``sitemaps.parse_sitemap``."""
    URL_LIST = "url_list"
    """A plain list of URLs: parse with ``urllists.parse_url_list``."""
    UNKNOWN = "unknown"
    """None of these: binary files, other XML, article text dumps, empty bodies."""


SOURCE_KINDS: tuple[SourceKind, ...] = tuple(SourceKind)
"""Every kind ``detect_kind`` answers with."""

DiscoveryErrorReason = Literal[
    "not_a_feed", "not_a_sitemap", "broken_xml", "xml_bomb", "too_large", "bad_gzip"
]
DISCOVERY_ERROR_REASONS: tuple[DiscoveryErrorReason, ...] = (
    "not_a_feed",
    "not_a_sitemap",
    "broken_xml",
    "xml_bomb",
    "too_large",
    "bad_gzip",
)
"""Why a feed or sitemap gave nothing, in ``DiscoveryError.reason``."""


class DiscoveryError(ValueError):
    """A feed or sitemap held nothing usable; ``reason`` is one of DISCOVERY_ERROR_REASONS."""

    def __init__(self, reason: DiscoveryErrorReason, message: str) -> None:
        super().__init__(message)
        self.reason: DiscoveryErrorReason = reason


FEED_ROOTS: frozenset[str] = frozenset({"rss", "rdf", "feed"})
"""Local names of feed root elements: RSS 0.91-2.0, RSS 0.90/1.0 (``rdf:RDF``) and Atom."""

SITEMAP_ROOTS: frozenset[str] = frozenset({"urlset", "sitemapindex"})
"""Local names of sitemap root elements."""

FEED_LINK_TYPES: frozenset[str] = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
)
"""``<link rel="alternate" type=...>`` values that announce a feed."""

COMMENT_FEED_WORDS: tuple[str, ...] = ("comment", "kommentar", "comentário", "comentario")
"""Words in a feed link's title that mark a comments feed (English, French and Italian share
"comment"; German; Portuguese; Spanish)."""

# Markup is looked for in this many leading bytes: feeds and sitemaps written by hand or by old
# CMSs open with long licence banners and stylesheet instructions before the root element.
_SNIFF_BYTES = 64 * 1024
_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_FEED_EXTENSIONS: tuple[str, ...] = (".rss", ".atom", ".rdf")
_HTML_EXTENSIONS: tuple[str, ...] = (".html", ".htm", ".shtml", ".xhtml")
# WordPress, the CMS of most feed-announcing sites, serves every comments feed under this path.
_COMMENT_FEED_PATH = "/comments/feed"


def _scan_root(content: bytes) -> tuple[bool, str | None]:
    """(starts like markup, qualified root element name) of raw bytes.

    The name is None when the bytes do not start with markup, or the root lies beyond the
    sniffed head.
    """
    head = head_text(content, _SNIFF_BYTES)
    prolog = read_prolog(head)
    if prolog.end < 0 or not prolog.is_markup:
        return prolog.is_markup, None
    match = _ROOT_TAG.match(head, prolog.end)
    return True, match[1] if match else None


def _local_name(qualified: str) -> str:
    """``rdf:RDF`` -> ``rdf``; the local part of a qualified name, lower case."""
    return qualified.rsplit(":", 1)[-1].lower()


def root_element(content: bytes) -> str | None:
    """The local name of the root element of XML or HTML bytes, lower case, or None.

    Args:
        content: Raw (already gunzipped) bytes; a BOM, whitespace, comments, processing
            instructions and a DOCTYPE may precede the root.

    Returns:
        ``rss``, ``rdf``, ``feed``, ``urlset``, ``html``, ...; None when the bytes do not start
        with markup or the root is not within the first 64 KB.
    """
    _, root = _scan_root(content)
    return _local_name(root) if root else None


def xml_as_utf8(content: bytes) -> bytes:
    """XML bytes decoded as a browser would, the XML declaration dropped, encoded as UTF-8.

    A second chance for documents whose declaration breaks an XML parser: an encoding label
    that no codec knows, or one holding stray bytes; and for form feeds before the root, which
    the sniffers take for space (as HTML does) but XML forbids.

    Args:
        content: Raw (already gunzipped) XML bytes.

    Returns:
        The same document as UTF-8 with no XML declaration (so parsers assume UTF-8) and
        spaces for the form feeds before its root.
    """
    text = _XML_DECLARATION.sub("", decode_text(content, is_html=False).text, count=1)
    end = read_prolog(text).end
    if end > 0:
        text = text[:end].replace("\f", " ") + text[end:]
    return text.encode("utf-8")


def _gunzip_head(content: bytes) -> bytes | None:
    """The first decompressed bytes of a gzip stream (bounded), or None when it is corrupt."""
    try:
        inflater = zlib.decompressobj(wbits=GZIP_WBITS)
        # Deflate never grows data by more than a few bytes per block: twice the output size
        # of input is always enough, and a truncated stream simply yields less.
        return inflater.decompress(content[: 2 * _SNIFF_BYTES], _SNIFF_BYTES)
    except zlib.error:
        return None


def _hinted_kind(content_type: str | None, url: str | None) -> SourceKind | None:
    """The kind a Content-Type or URL suggests, or None when they suggest nothing."""
    essence = (content_type or "").split(";", 1)[0].strip().lower()
    if essence in HTML_MEDIA_TYPES:
        return SourceKind.HTML
    if essence in FEED_LINK_TYPES:
        return SourceKind.FEED
    name = _url_file_name(url)
    if name.endswith(_FEED_EXTENSIONS):
        return SourceKind.FEED
    if name.endswith(_HTML_EXTENSIONS):
        return SourceKind.HTML
    if "sitemap" in name:
        return SourceKind.SITEMAP
    return None


def _url_file_name(url: str | None) -> str:
    """The last path segment of a URL, lower case; empty when there is none."""
    if not url:
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return path.rsplit("/", 1)[-1].lower()


def detect_kind(content: bytes, *, content_type: str | None, url: str | None) -> SourceKind:
    """What a fetched response is, judged by its content first.

    Order: gzip is looked inside (only the first 64 KB are inflated) > the root element
    (``rss``/``rdf:RDF``/``feed`` -> FEED, ``urlset``/``sitemapindex`` -> SITEMAP, ``html``
    and the other tags pages start with -> HTML, any other XML -> UNKNOWN) > text that is a
    list of URLs (SITEMAP when the URL's file name says sitemap, else URL_LIST) > the hints.
    The Content-Type and the URL's extension decide only when the content starts like markup but
    its root is not in the first 64 KB, or when plain text is served as HTML.

    Args:
        content: The body as received (gzip allowed).
        content_type: The Content-Type header, parameters allowed; a hint.
        url: The final URL of the response; its file name is a hint.

    Returns:
        One of SOURCE_KINDS.
    """
    head = content[:_SNIFF_BYTES]
    if is_gzip(head):
        inflated = _gunzip_head(content)
        if inflated is None or is_gzip(inflated):
            return SourceKind.UNKNOWN
        head = inflated
    if not head.strip():
        return SourceKind.UNKNOWN
    is_markup, root = _scan_root(head)
    hint = _hinted_kind(content_type, url)
    if is_markup:
        if root is None:
            return hint or SourceKind.UNKNOWN
        local = _local_name(root)
        if local in FEED_ROOTS:
            return SourceKind.FEED
        if local in SITEMAP_ROOTS:
            return SourceKind.SITEMAP
        if local in HTML_START_TAGS:
            return SourceKind.HTML
        return SourceKind.UNKNOWN
    if is_binary(head):
        return SourceKind.UNKNOWN
    if looks_like_url_list(decode_text(head, is_html=False).text):
        # A text sitemap and a list of URLs read the same; the name tells which the site meant.
        return SourceKind.SITEMAP if "sitemap" in _url_file_name(url) else SourceKind.URL_LIST
    # Pages that open with bare text before any tag are still pages when the server says so.
    return SourceKind.HTML if hint is SourceKind.HTML else SourceKind.UNKNOWN


def _is_comment_feed(href: str, title: str | None) -> bool:
    """True for a comments feed: its items link to reader comments, not to articles."""
    if _COMMENT_FEED_PATH in urlsplit(href).path.lower():
        return True
    lowered = (title or "").lower()
    return any(word in lowered for word in COMMENT_FEED_WORDS)


def find_feed_links(html: str, *, base_url: str | None) -> tuple[str, ...]:
    """The feeds a page announces with ``<link rel="alternate" type="application/rss+xml">``.

    Types accepted are FEED_LINK_TYPES (RSS, Atom, RDF; parameters and case ignored). Comments
    feeds are left out: WordPress announces one per site ("Comments Feed", "Kommentar-Feed",
    ``/comments/feed/``) and one per post, and their items are reader comments.

    Args:
        html: The decoded page.
        base_url: The page's URL, against which relative links resolve (a ``<base href>`` in
            the page takes precedence, as in browsers).

    Returns:
        Absolute http(s) feed URLs in page order, fragments removed, duplicates (after URL
        normalisation) dropped.
    """
    tree = LexborHTMLParser(html)
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = resolve_url(base_url, base_node.attributes.get("href")) or base_url
    found: list[str] = []
    seen: set[str] = set()
    for node in tree.css("link[rel][type][href]"):
        attrs = node.attributes
        rels = (attrs.get("rel") or "").lower().split()
        media_type = (attrs.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" not in rels or media_type not in FEED_LINK_TYPES:
            continue
        href = defragment_url(resolve_url(base, attrs.get("href")))
        if href is None:
            continue
        title = attrs.get("title")
        if _is_comment_feed(href, clean_text(title) if title else None):
            continue
        key = normalize_url(href) or href
        if key not in seen:
            seen.add(key)
            found.append(href)
    return tuple(found)
