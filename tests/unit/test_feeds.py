"""Feeds to article URLs (transforms/feeds.py): golden feeds, then one focused test per rule."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from transforms.discovery import DiscoveryError
from transforms.feeds import FEED_KINDS, Feed, FeedEntry, parse_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
GOLDEN = sorted(FIXTURES.glob("*.expected.json"))
BASE = "https://ledger.example.com/feeds/city.xml"


def _fixture(expected_path: Path) -> Path:
    """The fixture file an expected.json describes (same stem, any extension)."""
    stem = expected_path.name.split(".")[0]
    return next(p for p in FIXTURES.glob(stem + ".*") if not p.name.endswith(".expected.json"))


def _jsonable(entry: FeedEntry) -> dict[str, Any]:
    """An entry as the golden files write it: datetimes in ISO 8601."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in dataclasses.asdict(entry).items()
    }


def _rss(items: str, *, head: str = "") -> bytes:
    """A small RSS 2.0 feed around item markup."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<rss version="2.0"><channel>'
        f"<title>Test desk</title><link>https://ledger.example.com/</link>{items}"
        "</channel></rss>"
    ).encode()


def _atom(entries: str) -> bytes:
    """A small Atom feed around entry markup."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test desk</title><id>urn:test</id>{entries}</feed>"
    ).encode()


# --- golden feeds ----------------------------------------------------------------------------


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_golden_feed(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    content = _fixture(expected_path).read_bytes()

    if "error" in expected:
        with pytest.raises(DiscoveryError) as caught:
            parse_feed(content, base_url=expected["base_url"])
        assert caught.value.reason == expected["error"]
        return
    feed = parse_feed(content, base_url=expected["base_url"])
    want = expected["feed"]
    assert feed.kind == want["kind"]
    assert feed.title == want["title"]
    assert feed.is_partial is want["is_partial"]
    assert (feed.error is not None) is want["is_partial"]
    assert feed.count_dropped == want["count_dropped"]
    assert [_jsonable(entry) for entry in feed.entries] == want["entries"]


def test_golden_feeds_cover_every_kind() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8")).get("feed", {}).get("kind") for p in GOLDEN}
    assert set(FEED_KINDS) <= kinds


# --- what is not a feed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"Council meets on Tuesday.\nThe agenda is short.\n",
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://ledger.example.com/a</loc></url></urlset>",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
    ids=["empty", "prose", "sitemap", "json-feed", "png"],
)
def test_non_feeds_are_refused(content: bytes) -> None:
    with pytest.raises(DiscoveryError) as caught:
        parse_feed(content, base_url=BASE)
    assert caught.value.reason == "not_a_feed"
    assert isinstance(caught.value, ValueError)


def test_content_that_names_a_file_is_not_read(tmp_path: Path) -> None:
    # feedparser opens a bare string or bytes as a path when one exists: the bytes must be
    # parsed as they are.
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(_rss("<item><link>https://ledger.example.com/a</link></item>"))
    with pytest.raises(DiscoveryError):
        parse_feed(str(feed_file).encode(), base_url=BASE)


# --- links -----------------------------------------------------------------------------------


def test_relative_links_need_a_base_url() -> None:
    content = _rss(
        "<item><link>/city/a</link></item><item><link>https://ledger.example.com/b</link></item>"
    )
    feed = parse_feed(content, base_url=None)
    assert [e.url for e in feed.entries] == ["https://ledger.example.com/b"]
    assert feed.count_dropped == 1


def test_malformed_links_are_dropped() -> None:
    content = _rss(
        "<item><link>http://[::1/a</link></item>"
        "<item><link>https://ledger.example.com:99999/b</link></item>"
        "<item><link>https://ledger.example.com/c</link></item>"
    )
    feed = parse_feed(content, base_url=BASE)
    assert [e.url for e in feed.entries] == ["https://ledger.example.com/c"]
    assert feed.count_dropped == 2


def test_relative_xml_base_resolves_against_the_feed_url() -> None:
    content = _atom(
        '<entry xml:base="/blog/2024/"><title>A</title><id>urn:a</id>'
        '<link href="first-post"/></entry>'
    )
    feed = parse_feed(content, base_url="https://fieldnotes.example.org/feed.atom")
    assert [e.url for e in feed.entries] == ["https://fieldnotes.example.org/blog/2024/first-post"]


def test_alternate_link_wins_over_earlier_other_rels() -> None:
    content = _atom(
        "<entry><title>A</title><id>urn:a</id>"
        '<link rel="replies" href="https://ledger.example.com/a/comments"/>'
        '<link rel="enclosure" href="https://ledger.example.com/a.mp3"/>'
        '<link rel="alternate" href="https://ledger.example.com/a"/></entry>'
    )
    assert parse_feed(content, base_url=None).entries[0].url == "https://ledger.example.com/a"


def test_permalink_guid_is_the_url_of_an_item_without_link() -> None:
    content = _rss("<item><title>A</title><guid>https://ledger.example.com/a</guid></item>")
    assert [e.url for e in parse_feed(content, base_url=BASE).entries] == [
        "https://ledger.example.com/a"
    ]


def test_guid_that_is_not_a_permalink_is_never_a_url() -> None:
    content = _rss('<item><title>A</title><guid isPermaLink="false">ledger-1</guid></item>')
    feed = parse_feed(content, base_url=BASE)
    assert feed.entries == ()
    assert feed.count_dropped == 1


def test_guid_is_kept_as_written_not_resolved() -> None:
    content = _rss("<item><link>https://ledger.example.com/a</link><guid>posts/481</guid></item>")
    assert parse_feed(content, base_url=BASE).entries[0].guid == "posts/481"


def test_repeated_links_keep_the_first_entry() -> None:
    content = _rss(
        "<item><title>First</title><link>https://ledger.example.com/a#top</link></item>"
        "<item><title>Second</title><link>https://ledger.example.com/a</link></item>"
    )
    feed = parse_feed(content, base_url=BASE)
    assert [(e.url, e.title) for e in feed.entries] == [("https://ledger.example.com/a", "First")]
    assert feed.count_dropped == 1


# --- titles and dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title_xml", "expected"),
    [
        ("Fish &amp;amp; Chips", "Fish & Chips"),
        ("Mayor&amp;#8217;s &lt;b&gt;big&lt;/b&gt; day", "Mayor’s big day"),
        ("<![CDATA[Tom &amp; Jerry <i>return</i>]]>", "Tom & Jerry return"),
        ("A &lt; B, said the teacher", "A < B, said the teacher"),
        ("  Spaces\n   everywhere  ", "Spaces everywhere"),
        ("", None),
    ],
    ids=["double-escaped", "entity-and-tags", "cdata-html", "plain-less-than", "spaces", "empty"],
)
def test_rss_titles_are_plain_text(title_xml: str, expected: str | None) -> None:
    content = _rss(
        f"<item><title>{title_xml}</title><link>https://ledger.example.com/a</link></item>"
    )
    assert parse_feed(content, base_url=BASE).entries[0].title == expected


def test_atom_text_titles_are_literal() -> None:
    content = _atom(
        '<entry><title type="text">Use &amp;lt;b&amp;gt; for bold</title><id>urn:a</id>'
        '<link href="https://ledger.example.com/a"/></entry>'
    )
    assert parse_feed(content, base_url=None).entries[0].title == "Use &lt;b&gt; for bold"


def test_dates_keep_their_offset_and_updated_is_never_invented() -> None:
    content = _rss(
        "<item><link>https://ledger.example.com/a</link>"
        "<pubDate>Fri, 05 Jul 2024 23:30:00 -0400</pubDate></item>"
    )
    entry = parse_feed(content, base_url=BASE).entries[0]
    assert entry.published_at is not None
    assert entry.published_at.isoformat() == "2024-07-05T23:30:00-04:00"
    assert entry.updated_at is None


@pytest.mark.parametrize("value", ["2024-07", "next Tuesday", "0001-01-01T00:00:00Z"])
def test_partial_or_implausible_dates_are_none(value: str) -> None:
    content = _atom(
        f'<entry><id>urn:a</id><link href="https://ledger.example.com/a"/>'
        f"<published>{value}</published></entry>"
    )
    assert parse_feed(content, base_url=None).entries[0].published_at is None


# --- encodings and hostile XML ---------------------------------------------------------------


def test_utf16_feed_with_bom() -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Öffnung</title>'
        "<item><title>Brücke eröffnet</title><link>https://ledger.example.com/a</link></item>"
        "</channel></rss>"
    ).encode("utf-16")
    feed = parse_feed(content, base_url=BASE)
    assert feed.title == "Öffnung"
    assert [e.title for e in feed.entries] == ["Brücke eröffnet"]


@pytest.mark.parametrize("label", [b"UT\x9a-8", b"UTF-\x00"], ids=["stray-byte", "nul"])
def test_unreadable_encoding_label_is_read_as_a_browser_would(label: bytes) -> None:
    # Both labels crash feedparser 6 itself; the feed is re-read as UTF-8.
    content = _rss("<item><title>Brücke</title><link>https://ledger.example.com/a</link></item>")
    content = content.replace(b"UTF-8", label, 1)
    feed = parse_feed(content, base_url=BASE)
    assert [(e.url, e.title) for e in feed.entries] == [("https://ledger.example.com/a", "Brücke")]


def test_entity_expansion_bomb_is_not_expanded() -> None:
    declarations = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    content = _rss(
        "<item><title>&a9;</title><link>https://ledger.example.com/a</link></item>",
        head=f"<!DOCTYPE rss [{declarations}]>",
    )
    feed = parse_feed(content, base_url=BASE)
    assert [e.url for e in feed.entries] == ["https://ledger.example.com/a"]
    assert len(feed.entries[0].title or "") < 100


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("harbour-master-password", encoding="utf-8")
    content = _rss(
        "<item><title>x&ext;</title><link>https://ledger.example.com/a</link></item>",
        head=f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{secret.as_uri()}">]>',
    )
    feed = parse_feed(content, base_url=BASE)
    assert "harbour-master-password" not in repr(feed)


# --- the result ------------------------------------------------------------------------------


def test_feed_and_entries_are_frozen() -> None:
    feed = parse_feed(_rss("<item><link>https://ledger.example.com/a</link></item>"), base_url=BASE)
    assert isinstance(feed, Feed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        feed.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        feed.entries[0].url = "x"  # type: ignore[misc]
