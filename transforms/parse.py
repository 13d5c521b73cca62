"""From a Document to an Article: sniff, decode, and hand the text to the right reader."""

from __future__ import annotations

from transforms.decode import OCTET_STREAM, TEXT_HTML, TEXT_PLAIN, decode_text, sniff_media_type
from transforms.html import parse_html
from transforms.models import Article, Document, ParseFailure
from transforms.textdump import parse_textdump


def parse_document(doc: Document) -> Article | ParseFailure:
    """Parse one document as HTML or as a plain-text dump, whichever its content is.

    Returns:
        The Article, or a ParseFailure with reason ``empty``, ``binary``, ``unsupported_media_type``
        or the reader's own reason (``no_text``).
    """
    if not doc.content.strip():
        return ParseFailure(doc.doc_id, doc.source_uri, "empty", "the input holds no text")
    media_type = sniff_media_type(doc.content, declared=doc.media_type)
    if media_type == OCTET_STREAM:
        return ParseFailure(
            doc.doc_id,
            doc.source_uri,
            "binary",
            "the input is binary data, not text",
            media_type=media_type,
        )
    if media_type not in (TEXT_HTML, TEXT_PLAIN):
        return ParseFailure(
            doc.doc_id,
            doc.source_uri,
            "unsupported_media_type",
            f"{media_type} is not an article page or text dump",
            media_type=media_type,
        )
    decoded = decode_text(
        doc.content, declared_encoding=doc.declared_encoding, is_html=media_type == TEXT_HTML
    )
    if media_type == TEXT_HTML:
        return parse_html(decoded.text, doc, decoded.encoding)
    return parse_textdump(decoded.text, doc, decoded.encoding)
