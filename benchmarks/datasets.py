"""Loaders for the two development splits in ``../shared/benchmarks``: pages and their gold.

Pure loading, no scoring: every page comes back decoded to ``str`` once, so every extractor
of a run reads exactly the same text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from transforms.decode import decode_text, gunzip

# The largest aeb page inflates to about 2 MB; the cap only guards against a damaged file.
_MAX_PAGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AebPage:
    """One page of aeb-dev: its id, URL, decoded HTML and the human-checked article body."""

    id: str
    url: str
    html: str
    body: str


@dataclass(frozen=True, slots=True)
class WebmetaPage:
    """One page of webmeta-dev: decoded HTML, body snippets and metadata gold.

    ``key`` is the gold file's key (a URL, or ``hard::<file>`` for pages stored without one);
    ``url`` is that key when it is an http(s) URL, else None. Gold metadata fields are None
    when the annotation is absent or empty.
    """

    key: str
    url: str | None
    file: str
    html: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    title: str | None
    date: str | None
    author: str | None


def load_aeb(directory: Path) -> list[AebPage]:
    """Read aeb-dev: ``ground-truth.json`` and the gzipped pages under ``html/``.

    Args:
        directory: The aeb-dev directory.

    Returns:
        The pages sorted by id, each decoded as UTF-8 (the split's stated encoding) with
        ``decode_text``'s rules (BOM dropped, bad bytes replaced, line breaks normalised).

    Raises:
        OSError: A file is missing or unreadable.
        ValueError: The gold file is not the expected JSON.
    """
    gold = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    if not isinstance(gold, dict):
        raise ValueError(f"{directory}/ground-truth.json is not a JSON object")
    pages: list[AebPage] = []
    for page_id in sorted(gold):
        entry = gold[page_id]
        raw = gunzip((directory / "html" / f"{page_id}.html.gz").read_bytes(), _MAX_PAGE_BYTES)
        html = decode_text(raw, declared_encoding="utf-8").text
        pages.append(
            AebPage(id=page_id, url=str(entry["url"]), html=html, body=str(entry["articleBody"]))
        )
    return pages


def load_webmeta(directory: Path) -> list[WebmetaPage]:
    """Read webmeta-dev: ``gold.json`` and the pages under ``html/``.

    Args:
        directory: The webmeta-dev directory.

    Returns:
        The pages sorted by key, each decoded from its raw bytes as a browser would
        (``decode_text`` with no transport charset: BOM, ``<meta>``, UTF-8, detector).

    Raises:
        OSError: A file is missing or unreadable.
        ValueError: The gold file is not the expected JSON.
    """
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    if not isinstance(gold, dict):
        raise ValueError(f"{directory}/gold.json is not a JSON object")
    pages: list[WebmetaPage] = []
    for key in sorted(gold):
        entry = gold[key]
        file = str(entry["file"])
        html = decode_text((directory / "html" / file).read_bytes()).text
        pages.append(
            WebmetaPage(
                key=key,
                url=key if key.startswith(("http://", "https://")) else None,
                file=file,
                html=html,
                with_snippets=tuple(str(s) for s in entry.get("with", ())),
                without_snippets=tuple(str(s) for s in entry.get("without", ())),
                title=_gold_field(entry.get("title")),
                date=_gold_field(entry.get("date")),
                author=_gold_field(entry.get("author")),
            )
        )
    return pages


def _gold_field(value: object) -> str | None:
    """A gold annotation as one string, None when absent or blank; lists are joined by '; '."""
    # Two pages annotate several authors as a JSON list instead of one "; "-joined string.
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value
