"""Small text helpers shared by the readers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from transforms.models import Paragraph

# Control characters other than tab and newlines: leftovers of bad encodings and copy-paste.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that str.split() does not treat as spaces but pages use as such.
_INVISIBLE_SPACES = str.maketrans({"\u200b": " ", "\ufeff": " "})
_WORD = re.compile(r"\w+")


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (including no-break and zero-width spaces) to one space, trimmed."""
    return " ".join(text.translate(_INVISIBLE_SPACES).split())


def clean_text(text: str) -> str:
    """NFC-normalised, whitespace-collapsed text; control characters dropped.

    Called for every block of every page, so it avoids Python-level loops over characters.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return collapse_whitespace(_CONTROL.sub("", text))


def count_words(text: str | None) -> int:
    """Number of words (Unicode ``\\w+`` runs) in a text; 0 for None."""
    return len(_WORD.findall(text)) if text else 0


def join_body(paragraphs: Iterable[Paragraph]) -> str | None:
    """Body text: paragraph texts joined by blank lines; None when there is no text."""
    body = "\n\n".join(p.text for p in paragraphs if p.text)
    return body or None
