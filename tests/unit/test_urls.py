"""URL normalisation, resolution and the article key."""

from __future__ import annotations

import pytest

from transforms import urls
from transforms.models import Document
from transforms.urls import article_id_for, normalize_url, resolve_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80/a/b/?b=2&a=1#top", "http://example.com/a/b?a=1&b=2"),
        ("https://example.com:443/", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/x?utm_source=feed&id=7&fbclid=abc", "https://example.com/x?id=7"),
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/news/  ", "https://example.com/news"),
        ("ftp://example.com/file", None),
        ("/relative/path", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
    ],
)
def test_normalize_url(url: str | None, expected: str | None) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/2024/06/26/ferry-service-resumes",
        "https://news.example.com/2024/06/26/ferry-service-resumes/",
        "http://news.example.com/a/b.html",
        "https://news.example.com/a/b.html?utm_source=x&id=3",
        "https://News.Example.com/a/%7Eb",
        "https://news.example.com/",
        "https://news.example.com/a/./b",
        "https://news.example.com/a/b/c-d_e~f",
        "https://news.example.com/a.b/c..d",
    ],
)
def test_plain_address_fast_path_agrees_with_canonicalisation(url: str) -> None:
    assert normalize_url(url) == urls._canonical_url(url)


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("https://example.com/a/b", "../c", "https://example.com/c"),
        ("https://example.com/a/", "https://other.example/x", "https://other.example/x"),
        ("https://example.com/", "javascript:void(0)", None),
        ("https://example.com/", "mailto:x@example.com", None),
        ("https://example.com/", "#section", None),
        (None, "/relative", None),
        ("https://example.com/", "", None),
    ],
)
def test_resolve_url(base: str | None, href: str, expected: str | None) -> None:
    assert resolve_url(base, href) == expected


def test_article_key_prefers_the_canonical_url() -> None:
    a = Document("file:///one.html", b"x", url=None)
    b = Document("file:///two.html", b"y", url="https://example.com/story?utm_medium=x")
    canonical = "https://EXAMPLE.com/story/"
    assert article_id_for(canonical, a) == article_id_for(canonical, b)
    assert article_id_for(None, b) == article_id_for("https://example.com/story", a)
    assert article_id_for(None, a) != article_id_for(None, Document("file:///three.html", b"x"))
