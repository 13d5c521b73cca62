"""Articles as table rows: one TypedDict per loaded table, keys equal to the table's columns.

Only the columns the extractor knows are here; the loader adds bookkeeping columns
(``load_id``, ``first_seen_at``, ...). A test keeps these keys and the SQL tables in step.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from transforms.dates import ASSUMED_UTC
from transforms.models import Article


class ArticleRow(TypedDict):
    """A row of ``core.articles`` (without load bookkeeping)."""

    article_id: str
    doc_id: str
    source_uri: str
    url: str | None
    canonical_url: str | None
    site_name: str | None
    title: str | None
    subtitle: str | None
    description: str | None
    section: str | None
    authors: list[str]
    published_at: datetime | None
    updated_at: datetime | None
    language: str | None
    reading_time_min: int | None
    word_count: int
    body_text: str | None
    image_url: str | None
    image_caption: str | None
    image_credit: str | None
    agency: str | None
    dateline: str | None
    tags: list[str]
    extractor: str
    extractor_version: str
    organizations: list[str]
    is_article: bool
    article_score: float
    extraction_score: float
    published_utc_offset_min: int | None
    updated_utc_offset_min: int | None
    final_url: str | None
    discovered_via: str | None
    fetched_at: datetime | None


class ParagraphRow(TypedDict):
    """A row of ``core.paragraphs``."""

    article_id: str
    position: int
    kind: str
    text: str


class LinkRow(TypedDict):
    """A row of ``core.links``."""

    article_id: str
    position: int
    kind: str
    title: str
    url: str | None


class AuthorRow(TypedDict):
    """A row of ``core.article_authors``."""

    article_id: str
    position: int
    name: str


def utc_offset_minutes(moment: datetime | None) -> int | None:
    """The UTC offset the source gave, in minutes; None when it gave none (or no time)."""
    if moment is None or moment.tzinfo is None or moment.tzinfo is ASSUMED_UTC:
        return None
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def article_row(article: Article) -> ArticleRow:
    """The ``core.articles`` row of an article."""
    return ArticleRow(
        article_id=article.article_id,
        doc_id=article.doc_id,
        source_uri=article.source_uri,
        url=article.url,
        canonical_url=article.canonical_url,
        site_name=article.site_name,
        title=article.title,
        subtitle=article.subtitle,
        description=article.description,
        section=article.section,
        authors=list(article.authors),
        published_at=article.published_at,
        updated_at=article.updated_at,
        language=article.language,
        reading_time_min=article.reading_time_min,
        word_count=article.word_count,
        body_text=article.body_text,
        image_url=article.image_url,
        image_caption=article.image_caption,
        image_credit=article.image_credit,
        agency=article.agency,
        dateline=article.dateline,
        tags=list(article.tags),
        extractor=article.extractor,
        extractor_version=article.extractor_version,
        organizations=list(article.organizations),
        is_article=article.is_article,
        article_score=article.article_score,
        extraction_score=article.extraction_score,
        published_utc_offset_min=utc_offset_minutes(article.published_at),
        updated_utc_offset_min=utc_offset_minutes(article.updated_at),
        final_url=article.final_url,
        discovered_via=article.discovered_via,
        fetched_at=article.fetched_at,
    )


def paragraph_rows(article: Article) -> list[ParagraphRow]:
    """The ``core.paragraphs`` rows of an article, positions from 1."""
    return [
        ParagraphRow(article_id=article.article_id, position=i, kind=p.kind, text=p.text)
        for i, p in enumerate(article.paragraphs, start=1)
    ]


def link_rows(article: Article) -> list[LinkRow]:
    """The ``core.links`` rows of an article, positions from 1."""
    return [
        LinkRow(article_id=article.article_id, position=i, kind=k.kind, title=k.title, url=k.url)
        for i, k in enumerate(article.links, start=1)
    ]


def author_rows(article: Article) -> list[AuthorRow]:
    """The ``core.article_authors`` rows of an article, positions from 1."""
    return [
        AuthorRow(article_id=article.article_id, position=i, name=name)
        for i, name in enumerate(article.authors, start=1)
    ]
