"""The HTML reader: metadata from the head and markup, main text from the body."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from transforms.body import extract_body
from transforms.decode import TEXT_HTML
from transforms.judge import Evidence, judge
from transforms.metadata import extract_metadata, wire_agency
from transforms.models import Article, Document, ParseFailure
from transforms.text import count_words, join_body
from transforms.urls import article_id_for

EXTRACTOR = "html"
HTML_VERSION = "2.6"


def parse_html(text: str, doc: Document, encoding: str | None) -> Article | ParseFailure:
    """Parse a decoded HTML page into an Article.

    Returns:
        The Article, or ParseFailure ``no_text`` when the page has no main text.
    """
    tree = LexborHTMLParser(text)
    # Metadata first: the body extractor prunes the tree it is given.
    # A date after the fetch is a template's "today" or a typo, never the story's date.
    meta = extract_metadata(tree, base_url=doc.url, not_after=doc.fetched_at)
    url = doc.url or meta.canonical_url
    body = extract_body(tree, base_url=url, article_body=meta.article_body)
    body_text = join_body(body.paragraphs)
    if body_text is None:
        return ParseFailure(
            doc.doc_id,
            doc.source_uri,
            "no_text",
            "no main text found in the page",
            media_type=TEXT_HTML,
            encoding=encoding,
        )
    word_count = count_words(body_text)
    verdict = judge(
        Evidence(
            url=url,
            page_types=meta.page_types,
            has_title=meta.title is not None,
            has_published_at=meta.published_at is not None,
            has_authors=bool(meta.authors),
            paragraphs=body.paragraphs,
            word_count=word_count,
            description=meta.description,
            link_density=body.link_density,
        )
    )
    return Article(
        article_id=article_id_for(meta.canonical_url, doc),
        doc_id=doc.doc_id,
        source_uri=doc.source_uri,
        media_type=TEXT_HTML,
        encoding=encoding,
        extractor=EXTRACTOR,
        extractor_version=HTML_VERSION,
        url=url,
        final_url=doc.final_url,
        discovered_via=doc.discovered_via,
        fetched_at=doc.fetched_at,
        canonical_url=meta.canonical_url,
        site_name=meta.site_name,
        title=meta.title,
        subtitle=meta.subtitle,
        description=meta.description,
        section=meta.section,
        authors=meta.authors,
        organizations=meta.organizations,
        published_at=meta.published_at,
        updated_at=meta.updated_at,
        language=meta.language,
        reading_time_min=meta.reading_time_min,
        word_count=word_count,
        body_text=body_text,
        paragraphs=body.paragraphs,
        image_url=meta.image_url,
        image_caption=body.image_caption,
        image_credit=body.image_credit,
        agency=wire_agency(meta.organizations, body.paragraphs[0].text),
        tags=meta.tags,
        links=body.links,
        is_article=verdict.is_article,
        article_score=verdict.article_score,
        extraction_score=verdict.extraction_score,
        judgement_reasons=verdict.reasons,
    )
