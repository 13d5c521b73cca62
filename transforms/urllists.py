"""Plain lists of URLs: one http(s) URL a line, the simplest source a user or a site can give.

Lists come from users (``urls.txt`` handed to ``copydesk ingest``) and from sites (text
sitemaps, ``sitemap.txt``). Blank lines and ``#`` comments are ignored; a line that is not a
single absolute http(s) URL is reported with its line number and skipped, never fatal, so one
typo does not lose the rest of the list.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import SplitResult, urldefrag, urlsplit

__all__ = [
    "COMMENT_PREFIX",
    "MIN_URL_SHARE",
    "InvalidLine",
    "UrlList",
    "defragment_url",
    "is_http_url",
    "looks_like_url_list",
    "parse_url_list",
]

COMMENT_PREFIX = "#"
"""A line starting with this (after whitespace) is a comment."""

MIN_URL_SHARE = 0.8
"""Share of non-comment lines that must be URLs for a text to be a URL list.

Article text dumps carry the odd bare URL (a source line, a "read more" link) but stay far
below this; hand-kept lists have a stray note or typo, so requiring every line would be brittle.
"""

# Only the head of a long text is looked at to decide what it is: enough lines to be sure,
# bounded so sniffing a 10 MB dump costs nothing.
_SNIFF_LINES = 200
_SNIFF_CHARS = 256 * 1024
# Invalid lines are reported with at most this much of their text, so a binary blob pasted in
# by mistake does not end up whole in a report.
_REPORT_CHARS = 200
# A URL followed by whitespace and a comment ("https://... # from the newsletter").
_TRAILING_COMMENT = re.compile(r"\s+#.*$")
_HTTP_SCHEMES: frozenset[str] = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class InvalidLine:
    """A line of a URL list that is neither blank, a comment, nor one http(s) URL."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class UrlList:
    """The URLs of a list in order (fragments removed, repeats dropped) and what was skipped."""

    urls: tuple[str, ...]
    invalid_lines: tuple[InvalidLine, ...] = ()
    count_duplicates: int = 0

    @property
    def count_invalid(self) -> int:
        """Number of lines skipped as not a URL."""
        return len(self.invalid_lines)


def _http_parts(url: str) -> SplitResult | None:
    """The parts of an absolute http(s) URL with a host; None otherwise or when malformed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts if parts.scheme.lower() in _HTTP_SCHEMES and parts.hostname else None


def is_http_url(text: str) -> bool:
    """True when the text is one absolute http(s) URL with a host and no whitespace."""
    if not text or any(ch.isspace() for ch in text):
        return False
    return _http_parts(text) is not None


def defragment_url(url: str | None) -> str | None:
    """An absolute http(s) URL without its fragment, or None when it is malformed.

    Args:
        url: An already resolved URL, as ``transforms.urls.resolve_url`` returns it (which
            passes absolute URLs through unchecked).

    Returns:
        The URL up to any ``#`` (a fragment never reaches the server); None for a URL with no
        host, another scheme, or an unparseable host or port.
    """
    parts = _http_parts(url) if url else None
    if url is None or parts is None:
        return None
    return urldefrag(url).url if parts.fragment or url.endswith("#") else url


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) of every line that is not blank and not a comment."""
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = _TRAILING_COMMENT.sub("", raw.strip())
        if line and not line.startswith(COMMENT_PREFIX):
            yield number, line


def parse_url_list(text: str) -> UrlList:
    """The URLs of a plain-text list, one a line.

    Args:
        text: The decoded list. Blank lines, lines starting with ``#`` and a trailing
            `` # comment`` after a URL are ignored.

    Returns:
        The URLs in the order given, without fragments (a fragment never reaches the server),
        the first of each repeated URL kept; every other line reported as an InvalidLine with
        its 1-based number.
    """
    urls: list[str] = []
    invalid: list[InvalidLine] = []
    seen: set[str] = set()
    duplicates = 0
    for number, line in _content_lines(text):
        if not is_http_url(line):
            invalid.append(InvalidLine(number, line[:_REPORT_CHARS]))
            continue
        url = urldefrag(line).url
        if url in seen:
            duplicates += 1
            continue
        seen.add(url)
        urls.append(url)
    return UrlList(tuple(urls), tuple(invalid), duplicates)


def looks_like_url_list(text: str) -> bool:
    """Whether a text is a list of URLs rather than an article or other prose.

    Args:
        text: The decoded text; only its first 200 non-comment lines are looked at.

    Returns:
        True when there is at least one URL and at least ``MIN_URL_SHARE`` of the non-blank,
        non-comment lines are single http(s) URLs.
    """
    if len(text) > _SNIFF_CHARS:
        # Cut at a line end so a long text's last sniffed line is whole.
        text = text[: text.rfind("\n", 0, _SNIFF_CHARS) + 1]
    lines = list(itertools.islice(_content_lines(text), _SNIFF_LINES))
    if not lines:
        return False
    count_urls = sum(1 for _, line in lines if is_http_url(line))
    return count_urls > 0 and count_urls >= MIN_URL_SHARE * len(lines)
