"""Small text helpers shared by the readers."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from transforms.models import Paragraph

# Control characters other than tab and newlines: leftovers of bad encodings and copy-paste.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that str.split() does not treat as spaces but pages use as such.
_INVISIBLE_SPACES = str.maketrans({"\u200b": " ", "\ufeff": " "})
# Whitespace that markup is full of and str.isprintable refuses: replaced in C, far cheaper
# than splitting a text into words and joining them again. U+2028 is the body extractor's
# line-break marker, in every paragraph with a <br>.
_PLAIN_SPACES = ("\n", "\t", "\r", "\xa0", "\u2028")


def _word_byte_classes() -> bytes:
    """A byte translation table: "a" for bytes that start a word character in UTF-8, " " else.

    ASCII letters, digits and "_" are word characters, other ASCII is not. A character
    outside ASCII is classed by its lead byte (its continuation bytes are deleted): C2
    (Latin-1 signs: no-break space, guillemets, ©), E2 (general punctuation: dashes, curly
    quotes, ellipsis, bullets) and F0-F4 (emoji) are not; the other lead bytes open
    letters (accented Latin, Greek, Cyrillic, Arabic, Indic, CJK...).
    """
    classes = bytearray()
    for byte in range(256):
        if byte < 0x80:
            word = chr(byte).isalnum() or byte == 0x5F
        else:
            word = byte not in (0xC2, 0xE2) and byte < 0xF0
        classes.append(0x61 if word else 0x20)
    return bytes(classes)


_WORD_BYTES = _word_byte_classes()
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
# Ideographic comma and full stop: CJK text has no spaces, only these separate its runs.
_CJK_STOPS = ("\u3001", "\u3002")


# A tag left in a declared text value: Drupal writes an author as the link to their page,
# CMSs escape the description's <p> into the meta.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")
# A character reference with its semicolon: what is left of one escaped twice ("&amp;amp;").
# Without the semicolon ("&copy=2" in a URL's query) it is text.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def strip_markup(text: str) -> str:
    """Text without the tags a CMS left in it, each replaced by a space."""
    return _MARKUP.sub(" ", text) if "<" in text else text


def declared_text(value: str) -> str:
    """A value a page declares (a meta's content) as plain text: character references
    escaped twice decoded ("Tom &amp; Jerry" -> "Tom & Jerry"), then tags dropped."""
    if "&" in value:
        value = _ENTITY.sub(lambda match: html.unescape(match[0]), value)
    return strip_markup(value)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (including no-break and zero-width spaces) to one space, trimmed."""
    return " ".join(text.translate(_INVISIBLE_SPACES).split())


def clean_text(text: str) -> str:
    """NFC-normalised, whitespace-collapsed text; soft hyphens and control characters dropped.

    Called for every block of every page: text that is printable once line breaks, tabs and
    no-break spaces are replaced (nearly all) has its runs of spaces collapsed by C-speed
    replaces, several times cheaper than splitting it into words; only other text is split.
    """
    if not text.isprintable():
        for space in _PLAIN_SPACES:
            if space in text:
                text = text.replace(space, " ")
        if not text.isprintable():
            return _clean_unusual(text)
    while "  " in text:
        text = text.replace("  ", " ")
    if text[:1] == " " or text[-1:] == " ":
        text = text.strip(" ")
    return _nfc(text)


def _clean_unusual(text: str) -> str:
    """``clean_text`` for text with invisible characters (soft hyphens, line separators...).

    Soft hyphens are invisible in a browser but split words in the text (German magazines
    hyphenate long words with U+00AD for narrow screens).
    """
    if "\xad" in text:
        text = text.replace("\xad", "")
    text = " ".join(text.translate(_INVISIBLE_SPACES).split())
    # Control characters left after the split (whitespace-like ones are gone with it).
    if not text.isprintable() and _CONTROL.search(text) is not None:
        text = " ".join(_CONTROL.sub("", text).split())
    return _nfc(text)


def _nfc(text: str) -> str:
    """Text in Unicode normal form C, checked first since nearly all text already is."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def count_words(text: str | None) -> int:
    """Number of words in a text (runs of letters, digits and "_"); 0 for None.

    Runs once per page over the whole body, so it counts in bytes, about six times faster
    than a ``\\w+`` pattern: each UTF-8 byte is classed as word or not (``_WORD_BYTES``) and
    words are counted where a word byte follows a non-word one. It agrees with ``\\w+`` on
    Latin, Greek and Cyrillic text; rare signs outside ASCII and general punctuation (§,
    arrows, symbols of other blocks) count as letters.
    """
    if not text:
        return 0
    if not text.isascii():
        for stop in _CJK_STOPS:
            if stop in text:
                text = text.replace(stop, " ")
    data = text.encode("utf-8", "replace").translate(_WORD_BYTES, _CONTINUATION_BYTES)
    return data.count(b" a") + (data[:1] == b"a")


def join_body(paragraphs: Iterable[Paragraph]) -> str | None:
    """Body text: paragraph texts joined by blank lines; None when there is no text."""
    body = "\n\n".join(p.text for p in paragraphs if p.text)
    return body or None
