"""Shared text helpers."""

from __future__ import annotations

import pytest

from transforms.models import Paragraph
from transforms.text import (
    clean_text,
    collapse_whitespace,
    count_words,
    declared_text,
    join_body,
    strip_markup,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  plain  ascii text\n", "plain ascii text"),
        ("tab\tnew\nline\r\n", "tab new line"),
        ("nbsp\u00a0thin\u2009narrow\u202fzero\u200bbom\ufeffend", "nbsp thin narrow zero bom end"),
        ("nul\x00 bell\x07 del\x7f nel\x85 csi\x9b.", "nul bell del nel csi."),
        ("cafe\u0301 decomposed", "caf\u00e9 decomposed"),
        ("\u2028line\u2029paragraph", "line paragraph"),
        ("Stra\xadßen\xadbahn\n ver\xadkehrt", "Straßenbahn verkehrt"),
        ("", ""),
    ],
    ids=[
        "ascii",
        "newlines",
        "unicode-spaces",
        "controls",
        "nfc",
        "separators",
        "soft-hyphens",
        "empty",
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_collapse_whitespace_keeps_control_characters() -> None:
    assert collapse_whitespace(" a \x07 b ") == "a \x07 b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two, three!", 3),
        ("l'été dernier", 3),
        ("Er sagte — „nein“ … und ging.", 5),
        ("Das Haus ’s ist «neu» – 2024", 6),
        ("Ein\u00a0Satz mit no-break", 5),
        ("Жители города вышли на улицы", 5),
        ("子どもの教育について。来年から始まります。", 2),
        ("snake_case word 3.5", 4),
        ("🙂 🙂", 0),
        ("", 0),
        (None, 0),
    ],
    ids=[
        "ascii",
        "apostrophe",
        "typographic-punctuation",
        "quotes-and-dashes",
        "no-break-space",
        "cyrillic",
        "cjk-runs",
        "underscore-and-digits",
        "emoji",
        "empty",
        "none",
    ],
)
def test_count_words(text: str | None, expected: int) -> None:
    assert count_words(text) == expected


def test_join_body_skips_empty_blocks() -> None:
    blocks = [Paragraph("paragraph", "First."), Paragraph("heading", ""), Paragraph("quote", "Q")]
    assert join_body(blocks) == "First.\n\nQ"
    assert join_body([]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Die F&auml;hre f&auml;hrt&nbsp;wieder", "Die Fähre fährt\xa0wieder"),
        ("<p>The ferry is back.</p>", " The ferry is back. "),
        ("&lt;p&gt;The ferry is back.&lt;/p&gt;", " The ferry is back. "),
        # No semicolon: part of a URL's query, not a reference.
        ("https://img.example/a.jpg?x=1&copy=2", "https://img.example/a.jpg?x=1&copy=2"),
        ("a < b and c > d", "a < b and c > d"),
    ],
)
def test_declared_text_decodes_twice_escaped_references_and_drops_tags(
    value: str, expected: str
) -> None:
    assert declared_text(value) == expected


def test_strip_markup_leaves_plain_text_alone() -> None:
    assert strip_markup("Ferry back on the water") == "Ferry back on the water"
