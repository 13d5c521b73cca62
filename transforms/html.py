"""The HTML reader: metadata from the head and markup, main text from the body."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from transforms.body import extract_body
from transforms.metadata import extract_metadata
from transforms.models import Article, Document, ParseFailure
from transforms.text import count_words, join_body
from transforms.urls import article_id_for

EXTRACTOR = "html"
HTML_VERSION = "1.0"


def parse_html(text: str, doc: Document, encoding: str | None) -> Article | ParseFailure:
    """Parse a decoded HTML page into an Article.

    Returns:
        The Article, or ParseFailure ``no_text`` when the page has no main text.
    """
    tree = LexborHTMLParser(text)
    # Metadata first: the body extractor prunes the tree it is given.
    meta = extract_metadata(tree, base_url=doc.url)
    url = doc.url or meta.canonical_url
    body = extract_body(tree, base_url=url, article_body=meta.article_body)
    body_text = join_body(body.paragraphs)
    if body_text is None:
        return ParseFailure(
            doc.doc_id,
            doc.source_uri,
            "no_text",
            "no main text found in the page",
            media_type="text/html",
            encoding=encoding,
        )
    return Article(
        article_id=article_id_for(meta.canonical_url, doc),
        doc_id=doc.doc_id,
        source_uri=doc.source_uri,
        media_type="text/html",
        encoding=encoding,
        extractor=EXTRACTOR,
        extractor_version=HTML_VERSION,
        url=url,
        canonical_url=meta.canonical_url,
        site_name=meta.site_name,
        title=meta.title,
        subtitle=meta.subtitle,
        description=meta.description,
        section=meta.section,
        authors=meta.authors,
        published_at=meta.published_at,
        updated_at=meta.updated_at,
        language=meta.language,
        reading_time_min=meta.reading_time_min,
        word_count=count_words(body_text),
        body_text=body_text,
        paragraphs=body.paragraphs,
        image_url=meta.image_url,
        image_caption=body.image_caption,
        image_credit=body.image_credit,
        tags=meta.tags,
        links=body.links,
    )
