"""What a response is, feed links on pages, and URL lists (transforms/discovery.py, urllists.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from transforms import discovery, urllists
from transforms.discovery import (
    DISCOVERY_ERROR_REASONS,
    SOURCE_KINDS,
    DiscoveryError,
    SourceKind,
    detect_kind,
    find_feed_links,
    root_element,
)
from transforms.urllists import (
    InvalidLine,
    defragment_url,
    is_http_url,
    looks_like_url_list,
    parse_url_list,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLDEN = sorted(
    [*FIXTURES.glob("feeds/*.expected.json"), *FIXTURES.glob("sitemaps/*.expected.json")]
)
TEXT_DUMPS = sorted(FIXTURES.glob("textdump/*.txt"))
BENCHMARK_PAGES = sorted(
    [
        *SHARED.glob("benchmarks/webmeta-dev/html/*.html"),
        *SHARED.glob("benchmarks/aeb-dev/html/*.html.gz"),
    ]
)
HOME = "https://ledger.example.com/"
RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><link>https://ledger.example.com/a</link></item></channel></rss>"
)


def _fixture(expected_path: Path) -> Path:
    """The fixture file an expected.json describes (same stem, any extension)."""
    stem = expected_path.name.split(".")[0]
    folder = expected_path.parent
    return next(p for p in folder.glob(stem + ".*") if not p.name.endswith(".expected.json"))


def _page(head: str) -> str:
    """A small home page with the given head markup."""
    return f"<!DOCTYPE html><html><head>{head}</head><body><p>News</p></body></html>"


# --- detect_kind: golden fixtures, served with misleading types and names ---------------------


@pytest.mark.parametrize(
    "expected_path", GOLDEN, ids=lambda p: f"{p.parent.name}-{p.name.split('.')[0]}"
)
def test_detect_kind_golden(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["detect"]
    content = _fixture(expected_path).read_bytes()
    kind = detect_kind(content, content_type=expected["content_type"], url=expected["url"])
    assert kind == expected["kind"]


def test_golden_detection_covers_every_kind_but_unknown() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["detect"]["kind"] for p in GOLDEN}
    assert kinds == set(SOURCE_KINDS) - {SourceKind.UNKNOWN}


# --- detect_kind: focused rules --------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (RSS, SourceKind.FEED),
        (gzip.compress(RSS), SourceKind.FEED),
        (b"\xef\xbb\xbf" + RSS, SourceKind.FEED),
        (RSS.decode().encode("utf-16"), SourceKind.FEED),
        (b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"></atom:feed>', SourceKind.FEED),
        (b'<RDF:RDF xmlns:RDF="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', SourceKind.FEED),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY copy "&#169;"><!ENTITY x "a>b">]>'
            b'<rss version="0.91"></rss>',
            SourceKind.FEED,
        ),
        (b'<?xml version="1.0"?><sitemapindex></sitemapindex>', SourceKind.SITEMAP),
        (
            b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>',
            SourceKind.HTML,
        ),
        (b"<!-- cached 10:02 -->\n<div class='story'><p>Text</p></div>", SourceKind.HTML),
        (b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>', SourceKind.UNKNOWN),
        (b"https://ledger.example.com/a\nhttps://ledger.example.com/b\n", SourceKind.URL_LIST),
        (b"", SourceKind.UNKNOWN),
        (b"  \n\t ", SourceKind.UNKNOWN),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", SourceKind.UNKNOWN),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", SourceKind.UNKNOWN),
        (gzip.compress(gzip.compress(RSS)), SourceKind.UNKNOWN),
        (gzip.compress(RSS)[:10] + b"\xff" * 40, SourceKind.UNKNOWN),
        (b"The council met on Tuesday.\nIt approved the budget.\n", SourceKind.UNKNOWN),
    ],
    ids=[
        "rss",
        "gzipped-rss",
        "utf8-bom",
        "utf16-bom",
        "prefixed-atom",
        "upper-case-rdf-prefix",
        "doctype-subset-with-gt",
        "sitemap-index",
        "xhtml",
        "html-fragment-after-comment",
        "other-xml",
        "url-list",
        "empty",
        "whitespace",
        "png",
        "pdf",
        "gzip-in-gzip",
        "corrupt-gzip",
        "prose",
    ],
)
def test_detect_kind_reads_the_content(content: bytes, expected: SourceKind) -> None:
    # The hints claim a feed every time: the content must win whenever it can be read.
    kind = detect_kind(content, content_type="application/rss+xml", url=f"{HOME}feed.rss")
    assert kind == expected


@pytest.mark.parametrize(
    ("content_type", "url", "expected"),
    [
        ("application/rss+xml", None, SourceKind.FEED),
        ("application/atom+xml; charset=utf-8", None, SourceKind.FEED),
        (None, f"{HOME}news.atom", SourceKind.FEED),
        (None, f"{HOME}sitemap-news.xml", SourceKind.SITEMAP),
        ("text/html", f"{HOME}sitemap.xml", SourceKind.HTML),
        ("application/xml", f"{HOME}data.xml", SourceKind.UNKNOWN),
        (None, None, SourceKind.UNKNOWN),
    ],
    ids=["rss-type", "atom-type", "atom-extension", "sitemap-name", "html-type", "xml", "none"],
)
def test_hints_decide_when_the_root_is_out_of_sight(
    content_type: str | None, url: str | None, expected: SourceKind
) -> None:
    banner = b"<!-- " + b"licence text " * 6000 + b"-->"
    assert len(banner) > 64 * 1024
    content = b'<?xml version="1.0"?>' + banner + b'<rss version="2.0"></rss>'
    assert detect_kind(content, content_type=content_type, url=url) == expected


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [("text/html; charset=utf-8", SourceKind.HTML), ("text/plain", SourceKind.UNKNOWN)],
    ids=["served-as-html", "served-as-text"],
)
def test_plain_text_is_html_only_when_served_as_html(
    content_type: str, expected: SourceKind
) -> None:
    content = b"Welcome to the Ledger. <b>Today</b> the council meets."
    assert detect_kind(content, content_type=content_type, url=None) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{HOME}sitemap.txt", SourceKind.SITEMAP),
        (f"{HOME}sitemaps/Sitemap-2024.TXT", SourceKind.SITEMAP),
        (f"{HOME}urls.txt", SourceKind.URL_LIST),
        (None, SourceKind.URL_LIST),
    ],
    ids=["sitemap-txt", "sitemap-in-name", "list", "no-url"],
)
def test_url_list_text_is_a_sitemap_when_named_so(url: str | None, expected: SourceKind) -> None:
    content = b"https://ledger.example.com/a\nhttps://ledger.example.com/b\n"
    assert detect_kind(content, content_type="text/plain", url=url) == expected


@pytest.mark.parametrize("path", TEXT_DUMPS, ids=lambda p: p.stem)
def test_article_text_dumps_are_not_url_lists(path: Path) -> None:
    content = path.read_bytes()
    assert detect_kind(content, content_type="text/plain", url=None) == SourceKind.UNKNOWN
    assert not looks_like_url_list(content.decode("utf-8-sig"))


@pytest.mark.skipif(not BENCHMARK_PAGES, reason="/work/shared benchmarks are not present")
def test_every_benchmark_page_is_html() -> None:
    not_html = [
        path.name
        for path in BENCHMARK_PAGES
        if detect_kind(path.read_bytes(), content_type=None, url=None) != SourceKind.HTML
    ]
    assert not_html == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (RSS, "rss"),
        (b'<?xml version="1.0"?>\n<!-- banner -->\n<rdf:RDF></rdf:RDF>', "rdf"),
        (b"<!DOCTYPE html><HTML lang=en>", "html"),
        (b"no markup here", None),
        (b"<!-- never closed", None),
        (b"\x0c<urlset></urlset>", "urlset"),
        (b'<!DOCTYPE rss [<!ENTITY copy "&#169;">]><rss/>', "rss"),
    ],
    ids=[
        "rss",
        "rdf-after-comment",
        "upper-case-html",
        "text",
        "open-comment",
        "form-feed",
        "internal-subset",
    ],
)
def test_root_element(content: bytes, expected: str | None) -> None:
    assert root_element(content) == expected


# --- find_feed_links -------------------------------------------------------------------------


def test_find_feed_links_on_the_golden_home_page() -> None:
    expected = json.loads(
        (FIXTURES / "feeds" / "homepage-feed-links.expected.json").read_text(encoding="utf-8")
    )
    html = (FIXTURES / "feeds" / "homepage-feed-links.html").read_text(encoding="utf-8")
    links = find_feed_links(html, base_url=expected["base_url"])
    assert list(links) == expected["feed_links"]


def test_relative_feed_links_need_a_base() -> None:
    html = _page(
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/atom+xml" href="https://ledger.example.com/a.atom">'
    )
    assert find_feed_links(html, base_url=None) == ("https://ledger.example.com/a.atom",)
    assert find_feed_links(html, base_url=HOME) == (
        "https://ledger.example.com/feed/",
        "https://ledger.example.com/a.atom",
    )


@pytest.mark.parametrize(
    "link",
    [
        '<link rel="alternate" type="text/html" href="/mobile/">',
        '<link rel="stylesheet" type="application/rss+xml" href="/feed/">',
        '<link rel="alternate" type="application/json+oembed" href="/oembed">',
        '<link rel="alternate" type="application/rss+xml">',
        '<link rel="alternate" type="application/rss+xml" href="mailto:desk@example.com">',
        '<link rel="alternate" type="application/rss+xml" href="http://[::1/feed">',
        '<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/c.xml">',
        '<link rel="alternate" type="application/rss+xml" title="Feed dei commenti" href="/c.xml">',
        '<link rel="alternate" type="application/rss+xml" title="Comentários" href="/c.xml">',
        '<link rel="alternate" type="application/rss+xml" href="/blog/comments/feed/">',
    ],
    ids=[
        "html-alternate",
        "not-alternate",
        "oembed",
        "no-href",
        "mailto",
        "malformed",
        "comments-en",
        "comments-it",
        "comments-pt",
        "comments-path",
    ],
)
def test_links_that_are_not_news_feeds_are_skipped(link: str) -> None:
    assert find_feed_links(_page(link), base_url=HOME) == ()


def test_find_feed_links_on_a_page_without_head() -> None:
    assert find_feed_links("<p>Just a paragraph.</p>", base_url=HOME) == ()
    assert find_feed_links("", base_url=HOME) == ()


# --- URL lists -------------------------------------------------------------------------------


def test_parse_url_list_skips_comments_and_reports_invalid_lines() -> None:
    text = (
        "\ufeff# weekly round-up\r\n"
        "https://ledger.example.com/a\r\n"
        "\r\n"
        "   https://ledger.example.com/b   # from the newsletter\r\n"
        "ledger.example.com/no-scheme\r\n"
        "ftp://files.example.com/tides.pdf\r\n"
        "https://ledger.example.com/a#comments\r\n"
        "https://ledger.example.com/c https://ledger.example.com/d\r\n"
        "https://ledger.example.com/e\r\n"
    )
    url_list = parse_url_list(text)
    assert url_list.urls == (
        "https://ledger.example.com/a",
        "https://ledger.example.com/b",
        "https://ledger.example.com/e",
    )
    assert url_list.invalid_lines == (
        InvalidLine(5, "ledger.example.com/no-scheme"),
        InvalidLine(6, "ftp://files.example.com/tides.pdf"),
        InvalidLine(8, "https://ledger.example.com/c https://ledger.example.com/d"),
    )
    assert url_list.count_invalid == 3
    assert url_list.count_duplicates == 1


def test_invalid_lines_are_reported_shortened() -> None:
    url_list = parse_url_list("x" * 5000)
    assert len(url_list.invalid_lines[0].text) == 200


def test_empty_list() -> None:
    assert parse_url_list("") == urllists.UrlList(())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://a.example.com/1\n", True),
        ("# list\nhttps://a.example.com/1\nhttps://a.example.com/2\n", True),
        ("\n".join([*(f"https://a.example.com/{n}" for n in range(8)), "todo", "check"]), True),
        ("\n".join([*(f"https://a.example.com/{n}" for n in range(3)), "todo", "check"]), False),
        ("Read more at https://a.example.com/1\nThe council met.\n", False),
        ("# only comments\n# here\n", False),
        ("", False),
        ("x" * 300_000 + "\nhttps://a.example.com/1\n", False),
    ],
    ids=[
        "one-url",
        "comment-and-urls",
        "most-urls",
        "too-few-urls",
        "prose-with-url",
        "only-comments",
        "empty",
        "huge-first-line",
    ],
)
def test_looks_like_url_list(text: str, expected: bool) -> None:
    assert looks_like_url_list(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://ledger.example.com/a?b=c", True),
        ("HTTP://LEDGER.EXAMPLE.COM/", True),
        ("https://ledger.example.com:8080/a", True),
        ("https://ledger.example.com:99999/a", False),
        ("https:///no-host", False),
        ("//ledger.example.com/a", False),
        ("https://ledger.example.com/a b", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
    ids=[
        "query",
        "upper-case",
        "port",
        "bad-port",
        "no-host",
        "scheme-relative",
        "space",
        "js",
        "empty",
    ],
)
def test_is_http_url(text: str, expected: bool) -> None:
    assert is_http_url(text) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ledger.example.com/a#comments", "https://ledger.example.com/a"),
        ("https://ledger.example.com/a?b=1#", "https://ledger.example.com/a?b=1"),
        ("https://ledger.example.com/a b", "https://ledger.example.com/a b"),
        ("http://[::1/a", None),
        ("https://ledger.example.com:99999/a", None),
        ("ftp://ledger.example.com/a", None),
        ("https:///a", None),
        (None, None),
    ],
    ids=[
        "fragment",
        "empty-fragment",
        "space-kept",
        "bad-ipv6",
        "bad-port",
        "ftp",
        "no-host",
        "none",
    ],
)
def test_defragment_url(url: str | None, expected: str | None) -> None:
    assert defragment_url(url) == expected


# --- vocabulary and errors -------------------------------------------------------------------


def test_source_kinds_are_plain_strings() -> None:
    assert [str(kind) for kind in SOURCE_KINDS] == [
        "html",
        "feed",
        "sitemap",
        "url_list",
        "unknown",
    ]
    assert isinstance(SourceKind.FEED, str)
    assert SourceKind("feed") is SourceKind.FEED


def test_discovery_error_carries_a_reason() -> None:
    error = DiscoveryError("broken_xml", "no entries")
    assert isinstance(error, ValueError)
    assert error.reason in DISCOVERY_ERROR_REASONS
    assert str(error) == "no entries"


@pytest.mark.parametrize("module", [discovery, urllists], ids=lambda m: m.__name__)
def test_public_names_exist(module: object) -> None:
    for name in module.__all__:  # type: ignore[attr-defined]
        assert hasattr(module, name)
