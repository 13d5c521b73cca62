"""Sitemaps to URLs (transforms/sitemaps.py): golden sitemaps, then one focused test per rule."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from transforms.discovery import DiscoveryError, SourceKind, detect_kind
from transforms.sitemaps import SITEMAP_KINDS, SITEMAP_MAX_BYTES, SitemapEntry, parse_sitemap

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sitemaps"
GOLDEN = sorted(FIXTURES.glob("*.expected.json"))
BASE = "https://tidewater.example.com/sitemap.xml"
LIMIT = 1024 * 1024


def _fixture(expected_path: Path) -> Path:
    """The fixture file an expected.json describes (same stem, any extension)."""
    stem = expected_path.name.split(".")[0]
    return next(p for p in FIXTURES.glob(stem + ".*") if not p.name.endswith(".expected.json"))


def _jsonable(entry: SitemapEntry) -> dict[str, Any]:
    """An entry as the golden files write it: datetimes in ISO 8601."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in dataclasses.asdict(entry).items()
    }


def _urlset(body: str, *, root: str = "urlset", head: str = "") -> bytes:
    """A small sitemap around url markup."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{root}>'
    ).encode()


def _parse(content: bytes, *, max_bytes: int = LIMIT) -> list[str]:
    """The URLs of a sitemap."""
    return [e.url for e in parse_sitemap(content, base_url=BASE, max_bytes=max_bytes).entries]


def _reason(content: bytes, *, max_bytes: int = LIMIT) -> str:
    """The DiscoveryError reason parse_sitemap raises for content."""
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(content, base_url=BASE, max_bytes=max_bytes)
    return caught.value.reason


# --- golden sitemaps -------------------------------------------------------------------------


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_golden_sitemap(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    content = _fixture(expected_path).read_bytes()

    if "error" in expected:
        assert _reason(content) == expected["error"]
        return
    sitemap = parse_sitemap(content, base_url=expected["base_url"], max_bytes=LIMIT)
    want = expected["sitemap"]
    assert sitemap.kind == want["kind"]
    assert sitemap.is_partial is want["is_partial"]
    assert (sitemap.error is not None) is want["is_partial"]
    assert sitemap.count_dropped == want["count_dropped"]
    assert [_jsonable(entry) for entry in sitemap.entries] == want["entries"]


def test_golden_sitemaps_cover_every_kind() -> None:
    kinds = {
        json.loads(p.read_text(encoding="utf-8")).get("sitemap", {}).get("kind") for p in GOLDEN
    }
    assert set(SITEMAP_KINDS) <= kinds


# --- gzip and size limits --------------------------------------------------------------------


def test_gzip_is_recognised_by_content_not_name() -> None:
    plain = _urlset("<url><loc>https://tidewater.example.com/a</loc></url>")
    assert _parse(gzip.compress(plain, mtime=0)) == ["https://tidewater.example.com/a"]


def test_gzip_bomb_is_refused_at_the_limit() -> None:
    padding = b" " * (8 * LIMIT)
    bomb = gzip.compress(_urlset("<url><loc>https://tidewater.example.com/a</loc></url>") + padding)
    assert len(bomb) < LIMIT // 50
    assert _reason(bomb) == "too_large"


def test_output_exactly_at_the_limit_is_accepted() -> None:
    plain = _urlset("<url><loc>https://tidewater.example.com/a</loc></url>")
    assert _parse(gzip.compress(plain), max_bytes=len(plain)) == ["https://tidewater.example.com/a"]
    assert _reason(gzip.compress(plain), max_bytes=len(plain) - 1) == "too_large"


def test_uncompressed_sitemap_over_the_limit_is_refused() -> None:
    plain = _urlset("<url><loc>https://tidewater.example.com/a</loc></url>")
    assert _reason(plain, max_bytes=len(plain) - 1) == "too_large"


@pytest.mark.parametrize(
    "content",
    [
        gzip.compress(b"<urlset></urlset>")[:12],
        gzip.compress(b"<urlset></urlset>")[:10] + b"\x00garbage-deflate-data\x00" * 3,
    ],
    ids=["truncated", "corrupt"],
)
def test_broken_gzip_is_refused(content: bytes) -> None:
    assert _reason(content) == "bad_gzip"


def test_protocol_limit_is_fifty_megabytes() -> None:
    assert SITEMAP_MAX_BYTES == 50 * 1024 * 1024


# --- hostile and broken XML ------------------------------------------------------------------


def test_external_entity_is_refused_and_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://tidewater.example.com/leaked", encoding="utf-8")
    content = _urlset(
        "<url><loc>&ext;</loc></url>",
        head=f'<!DOCTYPE urlset [<!ENTITY ext SYSTEM "{secret.as_uri()}">]>',
    )
    assert _reason(content) == "xml_bomb"


def test_doctype_without_entities_is_fine() -> None:
    content = _urlset(
        "<url><loc>https://tidewater.example.com/a</loc></url>",
        head='<!DOCTYPE urlset SYSTEM "sitemap.dtd">',
    )
    assert _parse(content) == ["https://tidewater.example.com/a"]


@pytest.mark.parametrize(
    "label", [b"utf-8lol", b"UTF-\x00", b"UTF-16"], ids=["unknown", "nul", "wrong"]
)
def test_bad_encoding_label_is_read_as_a_browser_would(label: bytes) -> None:
    content = _urlset("<url><loc>https://tidewater.example.com/straße</loc></url>")
    assert _parse(content.replace(b"UTF-8", label, 1)) == ["https://tidewater.example.com/straße"]


def test_location_completed_before_the_break_is_kept() -> None:
    content = _urlset(
        "<url><loc>https://tidewater.example.com/a</loc><lastmod>2024-06-01</lastmod></url>"
        "<url><loc>https://tidewater.example.com/b</loc><lastmod>2024-0"
    )[: -len("</urlset>")]
    sitemap = parse_sitemap(content, base_url=BASE, max_bytes=LIMIT)
    assert [e.url for e in sitemap.entries] == [
        "https://tidewater.example.com/a",
        "https://tidewater.example.com/b",
    ]
    assert sitemap.entries[1].lastmod is None
    assert sitemap.is_partial


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"The harbour board met on Tuesday.\nIt approved the dredging plan.\n",
        b'<rss version="2.0"><channel><item><link>https://tidewater.example.com/a</link>'
        b"</item></channel></rss>",
        b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"></kml>',
    ],
    ids=["empty", "png", "prose", "feed", "other-xml"],
)
def test_non_sitemaps_are_refused(content: bytes) -> None:
    assert _reason(content) == "not_a_sitemap"


# --- element matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [b"\f", b" \t\r\n\f", b"\xef\xbb\xbf\f", b"<!-- generated -->\f", b'\f<?xml version="1.0"?>'],
    ids=["form-feed", "html-space", "bom-form-feed", "comment-form-feed", "before-declaration"],
)
def test_what_discovery_sniffs_as_a_sitemap_is_read_as_one(lead: bytes) -> None:
    # A form feed is space to an HTML sniffer but not to an XML parser: the crawler used to
    # fetch such a sitemap as one and then reject it as not_a_sitemap.
    content = lead + (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://tidewater.example.com/2025/ferry-timetable</loc></url></urlset>"
    )
    assert detect_kind(content, content_type=None, url=BASE) is SourceKind.SITEMAP
    assert _parse(content) == ["https://tidewater.example.com/2025/ferry-timetable"]


def test_extension_locations_are_not_page_urls() -> None:
    content = _urlset(
        '<url xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        "<image:image><image:loc>https://cdn.example.net/a.jpg</image:loc></image:image>"
        "<loc>https://tidewater.example.com/a</loc></url>"
    )
    assert _parse(content) == ["https://tidewater.example.com/a"]


@pytest.mark.parametrize(
    "content",
    [
        b"<urlset><url><loc>https://tidewater.example.com/a</loc></url></urlset>",
        b'<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url>'
        b"<sm:loc>https://tidewater.example.com/a</sm:loc></sm:url></sm:urlset>",
        b'<urlset xmlns="https://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://tidewater.example.com/a</loc></url></urlset>",
    ],
    ids=["no-namespace", "prefixed", "misspelt-namespace"],
)
def test_namespaces_do_not_matter(content: bytes) -> None:
    assert _parse(content) == ["https://tidewater.example.com/a"]


def test_malformed_locations_are_dropped() -> None:
    content = _urlset(
        "<url><loc>http://[::1/a</loc></url><url><loc>https://tidewater.example.com/b</loc></url>"
    )
    sitemap = parse_sitemap(content, base_url=BASE, max_bytes=LIMIT)
    assert [e.url for e in sitemap.entries] == ["https://tidewater.example.com/b"]
    assert sitemap.count_dropped == 1


def test_index_children_are_sitemaps_not_urls() -> None:
    content = _urlset(
        "<sitemap><loc>https://tidewater.example.com/s1.xml</loc></sitemap>"
        "<url><loc>https://tidewater.example.com/stray-page</loc></url>",
        root="sitemapindex",
    )
    sitemap = parse_sitemap(content, base_url=BASE, max_bytes=LIMIT)
    assert sitemap.kind == "index"
    assert [e.url for e in sitemap.entries] == ["https://tidewater.example.com/s1.xml"]


def test_utf16_sitemap_with_bom() -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://tidewater.example.com/straße</loc></url></urlset>"
    ).encode("utf-16")
    assert _parse(content) == ["https://tidewater.example.com/straße"]


def test_large_sitemap_keeps_every_url() -> None:
    body = "".join(
        f"<url><loc>https://tidewater.example.com/story/{n}</loc>"
        f"<lastmod>2024-06-01T10:00:00Z</lastmod></url>"
        for n in range(5000)
    )
    urls = _parse(_urlset(body))
    assert len(urls) == 5000
    assert urls[-1] == "https://tidewater.example.com/story/4999"


def test_text_sitemap_keeps_only_absolute_urls() -> None:
    lines = [f"https://tidewater.example.com/{n}" for n in range(4)]
    content = "\n".join([*lines[:2], "/relative", *lines[2:]]).encode()
    sitemap = parse_sitemap(content, base_url=BASE, max_bytes=LIMIT)
    assert [e.url for e in sitemap.entries] == lines
    assert sitemap.count_dropped == 1


def test_entries_are_frozen() -> None:
    sitemap = parse_sitemap(
        _urlset("<url><loc>https://tidewater.example.com/a</loc></url>"),
        base_url=BASE,
        max_bytes=LIMIT,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        sitemap.entries[0].url = "x"  # type: ignore[misc]
