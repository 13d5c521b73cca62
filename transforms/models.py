"""What travels through copydesk: a Document comes in, an Article or a ParseFailure goes out.

All models are frozen dataclasses. A field the input does not carry is ``None`` (or an empty
tuple for lists); nothing is guessed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

PARAGRAPH_KINDS: tuple[str, ...] = ("paragraph", "heading", "quote", "list_item", "table")
"""Kinds of body blocks, in ``core.paragraphs.kind``."""

LINK_KINDS: tuple[str, ...] = ("related", "recommended", "explore", "inline")
"""Kinds of links, in ``core.links.kind``: boxes around the story, or links inside its text."""

Stage = Literal["read", "parse", "validate", "load"]
STAGES: tuple[Stage, ...] = ("read", "parse", "validate", "load")
"""Pipeline stages at which an input can be rejected, in ``ops.rejects.stage``."""


def content_hash(content: bytes) -> str:
    """Hex SHA-256 of raw bytes: the ``doc_id`` of a document."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """Raw bytes of one input plus where they came from.

    ``content`` holds the bytes after any transport compression (gzip) was removed; ``doc_id``
    is their hash, so the same bytes always have the same id wherever they were found.
    """

    source_uri: str
    content: bytes
    media_type: str | None = None
    declared_encoding: str | None = None
    url: str | None = None
    final_url: str | None = None
    fetched_at: datetime | None = None
    discovered_via: str | None = None
    doc_id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doc_id", content_hash(self.content))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of body text, in reading order."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link that belongs to the story: related/recommended/explore boxes or inline links."""

    kind: str
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as extracted from a Document.

    Datetimes are timezone-aware and keep the offset the source gave (``transforms.dates``
    marks values that gave none); the warehouse stores them as UTC instants plus the offset.
    ``is_article`` and ``article_score`` say whether the page is a news article at all (index,
    shop, search and tag pages are not); ``extraction_score`` says how much the extraction
    itself can be trusted.
    """

    article_id: str
    doc_id: str
    source_uri: str
    media_type: str
    encoding: str | None
    extractor: str
    extractor_version: str
    url: str | None = None
    final_url: str | None = None
    discovered_via: str | None = None
    fetched_at: datetime | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    reading_time_min: int | None = None
    word_count: int = 0
    body_text: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    image_url: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    agency: str | None = None
    dateline: str | None = None
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    is_article: bool = True
    article_score: float = 1.0
    extraction_score: float = 1.0
    judgement_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """A document that could not become an Article, with a short reason code and a sentence."""

    doc_id: str
    source_uri: str
    reason: str
    detail: str
    media_type: str | None = None
    encoding: str | None = None
