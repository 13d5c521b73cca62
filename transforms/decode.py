"""Raw bytes to text the way a browser does it: gunzip, sniff the media type, decode.

Three steps, each a pure function over bytes:

- ``gunzip`` removes transport compression, refusing truncated, corrupt and oversized streams.
- ``sniff_media_type`` decides what the bytes are from their content, because files on disk
  and in archives carry misleading extensions and servers send wrong Content-Types.
- ``decode_text`` picks a character encoding in the browser's order (BOM, HTTP charset,
  in-document declaration, UTF-8, detector, windows-1252) and decodes without ever raising.

Error hierarchy (this module is the only one that raises these)::

    DecodeError
    ├── TruncatedGzip   the gzip stream ends before its last member is complete
    ├── CorruptGzip     bad header, bad deflate data, CRC/length mismatch, trailing garbage
    └── TooLarge        the decompressed output would exceed the caller's byte limit
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from charset_normalizer import from_bytes

__all__ = [
    "APPLICATION_XML",
    "BINARY_CONTROL_BYTES",
    "BINARY_MAGIC_NUMBERS",
    "BOMS",
    "DEFAULT_CODEC",
    "ENCODING_LABELS",
    "GZIP_WBITS",
    "HTML_MEDIA_TYPES",
    "HTML_START_TAGS",
    "MEDIA_TYPES",
    "OCTET_STREAM",
    "TEXT_HTML",
    "TEXT_PLAIN",
    "TEXT_SOURCES",
    "XML_ROOT_TAGS",
    "CorruptGzip",
    "DecodeError",
    "DecodedText",
    "Prolog",
    "TextSource",
    "TooLarge",
    "TruncatedGzip",
    "bom_codec",
    "decode_text",
    "gunzip",
    "head_text",
    "is_binary",
    "is_gzip",
    "read_prolog",
    "sniff_media_type",
]


class DecodeError(Exception):
    """Raw bytes could not be turned into content; the message says why, for a reject row."""


class TruncatedGzip(DecodeError):
    """The gzip stream ends early: an interrupted download or a file cut short on disk."""


class CorruptGzip(DecodeError):
    """The gzip stream is damaged: bad header, bad deflate data, CRC or length mismatch."""


class TooLarge(DecodeError):
    """Decompressing would exceed the byte limit: a decompression bomb, or a huge file."""


# ---------------------------------------------------------------------------------------------
# gzip
# ---------------------------------------------------------------------------------------------

GZIP_MAGIC: bytes = b"\x1f\x8b"
"""First two bytes of every gzip member (RFC 1952)."""

GZIP_WBITS: int = 16 + zlib.MAX_WBITS
"""zlib ``wbits`` for a gzip container only. Auto-detection (32 + 15) would also accept a bare
zlib stream, which is not what a .gz file or Content-Encoding: gzip promises."""
# Output is inflated in slices of this size so memory stays bounded whatever the ratio.
_INFLATE_CHUNK_BYTES = 64 * 1024


def is_gzip(data: bytes) -> bool:
    """True when the bytes start with the gzip magic number."""
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip stream (one or more members), refusing to inflate past a limit.

    Output is produced in bounded slices and the limit is checked after each one, so a
    decompression bomb costs at most ``max_bytes`` of memory and the time to inflate that much.
    NUL padding after the last member is ignored (tape and block-device copies add it), as
    gzip(1) and Python's gzip module do.

    Args:
        data: The compressed bytes, starting with the gzip magic number.
        max_bytes: Largest decompressed size accepted, in bytes (output of exactly this size
            is fine).

    Returns:
        The decompressed bytes of all members, concatenated.

    Raises:
        TooLarge: The output would exceed ``max_bytes``.
        TruncatedGzip: The stream ends before a member is complete.
        CorruptGzip: The data is not gzip, or a header, the deflate data, the CRC-32 or the
            length check is wrong, or non-gzip bytes follow the last member.
        ValueError: ``max_bytes`` is negative.
    """
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
    if not is_gzip(data):
        if GZIP_MAGIC.startswith(data):
            raise TruncatedGzip(f"gzip stream ends after {len(data)} byte(s), inside the header")
        raise CorruptGzip("not gzip data: the stream does not start with the magic bytes 1f 8b")
    out = bytearray()
    inflater = zlib.decompressobj(wbits=GZIP_WBITS)
    pending = data
    member = 1
    while True:
        room = min(_INFLATE_CHUNK_BYTES, max_bytes - len(out) + 1)
        try:
            piece = inflater.decompress(pending, room)
        except zlib.error as exc:
            raise CorruptGzip(f"gzip member {member} is corrupt: {exc}") from exc
        out += piece
        if len(out) > max_bytes:
            raise TooLarge(f"gzip output exceeds the limit of {max_bytes} bytes")
        pending = inflater.unconsumed_tail
        if inflater.eof:
            rest = inflater.unused_data
            if not rest.strip(b"\x00"):
                return bytes(out)
            if not is_gzip(rest):
                raise CorruptGzip(
                    f"{len(rest)} byte(s) after gzip member {member} are not gzip data"
                )
            member += 1
            inflater = zlib.decompressobj(wbits=GZIP_WBITS)
            pending = rest
        elif not pending and not piece:
            # All input was consumed, zlib has nothing buffered, and the member has no trailer.
            raise TruncatedGzip(f"gzip stream ends inside member {member}")


# ---------------------------------------------------------------------------------------------
# Media type sniffing
# ---------------------------------------------------------------------------------------------

TEXT_HTML = "text/html"
TEXT_PLAIN = "text/plain"
APPLICATION_XML = "application/xml"
OCTET_STREAM = "application/octet-stream"
MEDIA_TYPES: tuple[str, ...] = (TEXT_HTML, TEXT_PLAIN, APPLICATION_XML, OCTET_STREAM)
"""Media types ``sniff_media_type`` answers with, as stored in ``raw.documents.media_type``."""
HTML_MEDIA_TYPES: frozenset[str] = frozenset({TEXT_HTML, "application/xhtml+xml"})
"""Declared media types (Content-Type essence, lower case) of web pages, XHTML included."""

# Only this many leading bytes are looked at, as browsers do: enough for a doctype, a comment
# banner from a CMS and a long <head> preamble.
SNIFF_BYTES = 4096

# Signatures of binary files that end up next to articles: images and PDFs saved from pages,
# archives and office documents from press kits, and gzip that no one removed. Checked at byte
# 0 of the raw content.
BINARY_MAGIC_NUMBERS: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",  # GIF
    b"GIF89a",  # GIF
    b"%PDF-",  # PDF
    b"PK\x03\x04",  # ZIP (also docx, xlsx, epub, odt)
    b"PK\x05\x06",  # empty ZIP
    b"PK\x07\x08",  # spanned ZIP
    GZIP_MAGIC,  # gzip that was not removed
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"(\xb5/\xfd",  # zstd
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # legacy MS Office (doc, xls)
    b"RIFF",  # WebP, WAV, AVI
    b"wOFF",  # web font
    b"wOF2",  # web font
    b"\x00\x00\x01\x00",  # ICO (favicons saved with the page)
)

# The WHATWG MIME Sniffing "binary data bytes": C0 controls that never appear in text. Tab, LF,
# FF and CR are text; ESC (0x1B) is text too because ISO-2022-JP pages switch character sets
# with escape sequences.
BINARY_CONTROL_BYTES: frozenset[int] = frozenset(
    [*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)]
)
_NOT_BINARY_CONTROL_BYTES = bytes(b for b in range(256) if b not in BINARY_CONTROL_BYTES)
# Random bytes are about 10% binary control bytes; text, even text with stray controls pasted
# from a word processor, stays far below 5%.
_CONTROL_SHARE_LIMIT = 0.05

# Tags an HTML document (or a fragment saved from one) starts with, after whitespace, a BOM and
# comments. From the WHATWG sniffing table plus what CMS exports and saved fragments begin with.
HTML_START_TAGS: tuple[str, ...] = (
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "base",
    "script",
    "noscript",
    "style",
    "iframe",
    "div",
    "span",
    "p",
    "a",
    "b",
    "br",
    "font",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "header",
    "main",
    "nav",
)

# Root elements of the XML documents a news crawler meets: RSS 2.0, RSS 1.0 (RDF), Atom and
# sitemaps. Any other root after an XML declaration is XML too.
XML_ROOT_TAGS: tuple[str, ...] = ("rss", "rdf:rdf", "feed", "urlset", "sitemapindex")

# What a declared type (file extension or Content-Type) means when the content is not markup:
# the content wins whenever it is recognisable, the declaration only settles plain-looking text.
_DECLARED_TEXT_TYPES: dict[str, str] = {
    "text/html": TEXT_HTML,
    "application/xhtml+xml": TEXT_HTML,
    "text/plain": TEXT_PLAIN,
    "text/xml": APPLICATION_XML,
    "application/xml": APPLICATION_XML,
    "application/rss+xml": APPLICATION_XML,
    "application/atom+xml": APPLICATION_XML,
}

_TAG_END = r"(?=[\s/>])"
_HTML_START = re.compile(r"<(?:" + "|".join(HTML_START_TAGS) + r")" + _TAG_END)
_XML_ROOT = re.compile(r"<(?:" + "|".join(re.escape(t) for t in XML_ROOT_TAGS) + r")" + _TAG_END)
_DOCTYPE_NAME = re.compile(r"<!doctype\s+([^\s/>\[]+)", re.IGNORECASE)
_MARKUP_SPACE = " \t\n\r\f"
"""ASCII whitespace as HTML defines it, skipped before a document's first markup."""

UTF8_BOM = b"\xef\xbb\xbf"
UTF16LE_BOM = b"\xff\xfe"
UTF16BE_BOM = b"\xfe\xff"
# The byte-order marks a browser honours, with the codec each selects. WHATWG ignores UTF-32
# BOMs (FF FE 00 00 reads as UTF-16LE), and so do we.
BOMS: tuple[tuple[bytes, str], ...] = (
    (UTF8_BOM, "utf-8"),
    (UTF16LE_BOM, "utf-16-le"),
    (UTF16BE_BOM, "utf-16-be"),
)


def bom_codec(content: bytes) -> tuple[str, int] | None:
    """The codec a leading BOM selects and the BOM's length, or None."""
    for bom, codec in BOMS:
        if content.startswith(bom):
            return codec, len(bom)
    return None


def head_text(content: bytes, limit: int) -> str:
    """The first ``limit`` bytes as text for matching ASCII markup: BOM removed, else latin-1."""
    found = bom_codec(content)
    if found is None:
        return content[:limit].decode("latin-1")
    codec, size = found
    return content[size:limit].decode(codec, errors="replace")


@dataclass(frozen=True, slots=True)
class Prolog:
    """What comes before the root element of markup text: space, comments, PIs, DOCTYPEs."""

    end: int
    """Index after the prolog, where the root element should start; -1 when a comment,
    processing instruction or DOCTYPE is not closed within the text."""
    is_markup: bool
    """True when the text starts like markup: a ``<`` follows the prolog, or it is unclosed."""
    has_xml_declaration: bool
    """True when a processing instruction named xml... (``<?xml``) is among them."""
    doctype: str | None
    """The root name the first DOCTYPE declares, lower case (``html``, ``rss``), else None."""


def _doctype_end(text: str, pos: int) -> int:
    """Index after a DOCTYPE starting at ``pos`` (internal subset included), or -1."""
    close = text.find(">", pos)
    bracket = text.find("[", pos)
    if 0 <= bracket < close:
        # Feeds declare entities in an internal subset, whose own ">" must not end the DOCTYPE.
        subset_end = text.find("]", bracket)
        if subset_end < 0:
            return -1
        close = text.find(">", subset_end)
    return -1 if close < 0 else close + 1


def read_prolog(text: str) -> Prolog:
    """Skip what may precede the root element of HTML or XML, as the sniffers read it.

    Space is HTML's (the form feed included, which XML does not allow): a page or feed that
    opens with one still starts like markup.

    Args:
        text: The start of a document, BOM removed (``head_text``); any case.

    Returns:
        Where the prolog ends, whether the text starts like markup, and what the prolog said.
    """
    pos = 0
    has_xml_declaration = False
    doctype: str | None = None
    while pos >= 0:
        while pos < len(text) and text[pos] in _MARKUP_SPACE:
            pos += 1
        if text.startswith("<!--", pos):
            # Comment banners ("generated by ...", licence headers) precede real pages and
            # feeds; what follows the comment decides.
            end = text.find("-->", pos + 4)
            pos = -1 if end < 0 else end + 3
        elif text.startswith("<?", pos):
            has_xml_declaration = has_xml_declaration or text[pos : pos + 5].lower() == "<?xml"
            end = text.find("?>", pos + 2)
            pos = -1 if end < 0 else end + 2
        elif text[pos : pos + 9].lower() == "<!doctype":
            name = _DOCTYPE_NAME.match(text, pos)
            doctype = doctype or (name[1].lower() if name else None)
            pos = _doctype_end(text, pos)
        else:
            break
    is_markup = pos < 0 or text.startswith("<", pos)
    return Prolog(pos, is_markup, has_xml_declaration, doctype)


def _sniff_markup(content: bytes) -> str | None:
    """TEXT_HTML or APPLICATION_XML when the content starts like markup, else None."""
    head = head_text(content, SNIFF_BYTES).lower()
    prolog = read_prolog(head)
    if prolog.doctype == "html":
        return TEXT_HTML
    if prolog.end < 0:
        return None
    if _HTML_START.match(head, prolog.end):
        # Also XHTML: an XML declaration followed by an html root is a web page.
        return TEXT_HTML
    if _XML_ROOT.match(head, prolog.end) or prolog.has_xml_declaration:
        return APPLICATION_XML
    return None


def _has_magic_number(content: bytes) -> bool:
    """True when the content starts with a known binary file signature."""
    return content.startswith(BINARY_MAGIC_NUMBERS)


def _has_binary_bytes(content: bytes) -> bool:
    """True when the first bytes hold a NUL or too many control bytes to be text."""
    if content.startswith((UTF16LE_BOM, UTF16BE_BOM)):
        # UTF-16 text is half NUL bytes; its BOM vouches for it.
        return False
    sample = content[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_BINARY_CONTROL_BYTES))
    return controls / len(sample) > _CONTROL_SHARE_LIMIT


def _declared_text_type(declared: str | None) -> str | None:
    """The text media type a declaration names (parameters ignored), or None."""
    if not declared:
        return None
    essence = declared.split(";", 1)[0].strip().lower()
    return _DECLARED_TEXT_TYPES.get(essence)


def sniff_media_type(content: bytes, *, declared: str | None = None) -> str:
    """The media type of raw (already gunzipped) bytes, judged by their content first.

    Order: binary signatures (PNG, JPEG, PDF, ZIP, gzip, ...) > markup at the start (after a
    BOM, whitespace, comments and processing instructions) > binary control bytes in the first
    4 KB > the declared type when it is a text type > text/plain. Markup is checked before
    control bytes, as in WHATWG sniffing, so one stray NUL in a CMS page does not turn an
    article into a blob.

    Args:
        content: The raw bytes.
        declared: The type the source claims (Content-Type header or file extension mapping),
            parameters allowed; only used when the content is not recognisable.

    Returns:
        One of TEXT_HTML, TEXT_PLAIN, APPLICATION_XML, OCTET_STREAM.
    """
    if _has_magic_number(content):
        return OCTET_STREAM
    markup = _sniff_markup(content)
    if markup is not None:
        return markup
    if _has_binary_bytes(content):
        return OCTET_STREAM
    return _declared_text_type(declared) or TEXT_PLAIN


def is_binary(content: bytes) -> bool:
    """True when the bytes are not text (exactly when ``sniff_media_type`` says octet-stream).

    Args:
        content: The raw (already gunzipped) bytes.

    Returns:
        True for known binary signatures, or NUL/control bytes in the first 4 KB of content
        that does not start like markup; False for UTF-16 text with a BOM.
    """
    return sniff_media_type(content) == OCTET_STREAM


# ---------------------------------------------------------------------------------------------
# Character encodings
# ---------------------------------------------------------------------------------------------

TextSource = Literal["bom", "declared", "meta", "utf-8", "detected", "fallback"]
TEXT_SOURCES: tuple[TextSource, ...] = ("bom", "declared", "meta", "utf-8", "detected", "fallback")
"""Where the encoding of a DecodedText came from, strongest signal first."""

# WHATWG Encoding Standard labels -> the Python codec that decodes like the browser does. Pages
# declare "iso-8859-1" or "us-ascii" but are written in windows-1252 (curly quotes in 0x80-0x9F),
# which is why browsers, and we, read those labels as cp1252. Python has no codec for WHATWG's
# "replacement" and "x-user-defined" encodings, so those labels stay unknown and are ignored.
# Values are canonical Python codec names (``codecs.lookup(value).name == value``).
_ENCODING_LABEL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "utf-8",
        ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    ),
    (
        "cp1252",
        (
            "ansi_x3.4-1968",
            "ascii",
            "cp1252",
            "cp819",
            "csisolatin1",
            "ibm819",
            "iso-8859-1",
            "iso-ir-100",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "l1",
            "latin1",
            "us-ascii",
            "windows-1252",
            "x-cp1252",
        ),
    ),
    ("cp1250", ("cp1250", "windows-1250", "x-cp1250")),
    ("cp1251", ("cp1251", "windows-1251", "x-cp1251")),
    ("cp1253", ("cp1253", "windows-1253", "x-cp1253")),
    (
        "cp1254",
        (
            "cp1254",
            "csisolatin5",
            "iso-8859-9",
            "iso-ir-148",
            "iso8859-9",
            "iso88599",
            "iso_8859-9",
            "iso_8859-9:1989",
            "l5",
            "latin5",
            "windows-1254",
            "x-cp1254",
        ),
    ),
    ("cp1255", ("cp1255", "windows-1255", "x-cp1255")),
    ("cp1256", ("cp1256", "windows-1256", "x-cp1256")),
    ("cp1257", ("cp1257", "windows-1257", "x-cp1257")),
    ("cp1258", ("cp1258", "windows-1258", "x-cp1258")),
    ("cp874", ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874")),
    ("cp866", ("866", "cp866", "csibm866", "ibm866")),
    (
        "iso8859-2",
        (
            "csisolatin2",
            "iso-8859-2",
            "iso-ir-101",
            "iso8859-2",
            "iso88592",
            "iso_8859-2",
            "iso_8859-2:1987",
            "l2",
            "latin2",
        ),
    ),
    (
        "iso8859-5",
        (
            "csisolatincyrillic",
            "cyrillic",
            "iso-8859-5",
            "iso-ir-144",
            "iso8859-5",
            "iso88595",
            "iso_8859-5",
            "iso_8859-5:1988",
        ),
    ),
    (
        "iso8859-7",
        (
            "csisolatingreek",
            "ecma-118",
            "elot_928",
            "greek",
            "greek8",
            "iso-8859-7",
            "iso-ir-126",
            "iso8859-7",
            "iso88597",
            "iso_8859-7",
            "iso_8859-7:1987",
            "sun_eu_greek",
        ),
    ),
    (
        "iso8859-8",
        (
            "csiso88598e",
            "csisolatinhebrew",
            "hebrew",
            "iso-8859-8",
            "iso-8859-8-e",
            "iso-ir-138",
            "iso8859-8",
            "iso88598",
            "iso_8859-8",
            "iso_8859-8:1988",
            "visual",
            "csiso88598i",
            "iso-8859-8-i",
            "logical",
        ),
    ),
    (
        "iso8859-15",
        ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"),
    ),
    ("koi8-r", ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r")),
    ("koi8-u", ("koi8-ru", "koi8-u")),
    ("mac-roman", ("csmacintosh", "mac", "macintosh", "x-mac-roman")),
    # WHATWG decodes all of these with its GBK/gb18030 decoder; Python's gbk covers what
    # GB2312/GBK pages contain, and the gb18030 label keeps the larger codec.
    (
        "gbk",
        (
            "chinese",
            "csgb2312",
            "csiso58gb231280",
            "gb2312",
            "gb_2312",
            "gb_2312-80",
            "gbk",
            "iso-ir-58",
            "x-gbk",
        ),
    ),
    ("gb18030", ("gb18030",)),
    ("big5hkscs", ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5")),
    ("euc_jp", ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp")),
    ("iso2022_jp", ("csiso2022jp", "iso-2022-jp")),
    (
        "shift_jis",
        (
            "csshiftjis",
            "ms932",
            "ms_kanji",
            "shift-jis",
            "shift_jis",
            "sjis",
            "windows-31j",
            "x-sjis",
        ),
    ),
    (
        "cp949",
        (
            "cseuckr",
            "csksc56011987",
            "euc-kr",
            "iso-ir-149",
            "korean",
            "ks_c_5601-1987",
            "ks_c_5601-1989",
            "ksc5601",
            "ksc_5601",
            "windows-949",
        ),
    ),
    ("utf-16-be", ("unicodefffe", "utf-16be")),
    (
        "utf-16-le",
        ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"),
    ),
)
ENCODING_LABELS: Mapping[str, str] = MappingProxyType(
    {label: codec for codec, labels in _ENCODING_LABEL_GROUPS for label in labels}
)
"""Encoding label (lower-case, as pages and headers write it) -> Python codec name."""

# A document readable as ASCII cannot really be UTF-16: WHATWG reads a UTF-16 label found
# inside the bytes (meta tag, XML declaration) as UTF-8.
_IN_DOCUMENT_OVERRIDES: dict[str, str] = {"utf-16-le": "utf-8", "utf-16-be": "utf-8"}

# What browsers decode unlabelled legacy pages with in most locales (WHATWG).
DEFAULT_CODEC = "cp1252"

_PRESCAN_BYTES = 4096
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_META_TAG = re.compile(rb"""<meta[\s/]((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    rb"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""", re.IGNORECASE
)
_CHARSET_PARAM = re.compile(
    rb"""charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))""", re.IGNORECASE
)
# Leading whitespace is tolerated: PHP and JSP feed templates often emit a newline first.
_XML_DECLARATION = re.compile(
    rb"""\s*<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the codec used and which signal chose it."""

    text: str
    encoding: str
    source: TextSource


def _codec_for_label(label: str | bytes | None) -> str | None:
    """The Python codec for a WHATWG encoding label, or None for unknown labels."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("latin-1")
    return ENCODING_LABELS.get(label.strip(" \t\n\r\f\"'").lower())


def _first_group(match: re.Match[bytes], start: int = 1) -> bytes:
    """The first group from ``start`` on that took part in the match (alternative spellings)."""
    return next((g for g in match.groups()[start - 1 :] if g is not None), b"")


def _charset_in(value: bytes) -> bytes | None:
    """The charset parameter inside a Content-Type-like value, or None."""
    match = _CHARSET_PARAM.search(value)
    return _first_group(match) if match else None


def _declared_codec(declared: str) -> str | None:
    """Codec for an HTTP charset, given bare ("utf-8") or as a whole Content-Type value."""
    raw = declared.encode("latin-1", errors="replace")
    charset = _charset_in(raw) if b"=" in raw else raw
    return _codec_for_label(charset)


def _meta_codec(content: bytes) -> str | None:
    """The codec the first usable <meta> charset declaration in the first 4 KB names."""
    head = _COMMENT.sub(b"", content[:_PRESCAN_BYTES])
    for tag in _META_TAG.finditer(head):
        attributes: dict[bytes, bytes] = {}
        for attribute in _ATTRIBUTE.finditer(tag.group(1)):
            # The first occurrence of an attribute wins, as in the HTML parser.
            attributes.setdefault(attribute.group(1).lower(), _first_group(attribute, 2))
        if b"charset" in attributes:
            codec = _codec_for_label(attributes[b"charset"])
        elif attributes.get(b"http-equiv", b"").strip().lower() == b"content-type":
            codec = _codec_for_label(_charset_in(attributes.get(b"content", b"")))
        else:
            continue
        if codec is not None:
            return codec
    return None


def _xml_declaration_codec(content: bytes) -> str | None:
    """The codec an XML declaration at the start of the content names."""
    match = _XML_DECLARATION.match(content[:_PRESCAN_BYTES])
    return _codec_for_label(_first_group(match)) if match else None


def _in_document_codec(content: bytes, *, is_html: bool) -> str | None:
    """The codec declared inside the document: meta tags (HTML), then an XML declaration."""
    codec = (_meta_codec(content) if is_html else None) or _xml_declaration_codec(content)
    if codec is None:
        return None
    return _IN_DOCUMENT_OVERRIDES.get(codec, codec)


def _is_mostly_utf8(content: bytes) -> bool:
    """True when there are valid UTF-8 multi-byte characters, at least as many as bad bytes."""
    text = content.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - content.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - invalid >= max(invalid, 1)


def _detected_codec(content: bytes) -> str | None:
    """The codec a statistical detector picks for content that is not valid UTF-8."""
    # A page saved from a UTF-8 CMS with a few broken bytes (a truncated multi-byte character,
    # one pasted latin-1 word) is still UTF-8: valid multi-byte sequences almost never occur by
    # chance in legacy encodings, while single bad bytes do. The detector drops UTF-8 as soon
    # as one byte fails, so this case is settled before asking it.
    if _is_mostly_utf8(content):
        return "utf-8"
    # Our own order already consulted the in-document declarations.
    matches = from_bytes(content, preemptive_behaviour=False)
    best = matches.best()
    if best is None:
        return None
    tied = {
        _codec_for_detector(match.encoding)
        for match in matches
        if (match.chaos, match.coherence) == (best.chaos, best.coherence)
    }
    # charset_normalizer scores unlabelled French and Portuguese latin-1 text exactly as high
    # in windows-1250 as in windows-1252 and lists windows-1250 first, turning "è" into "č".
    # On such a tie we take windows-1252, the WHATWG default for unlabelled pages, at the cost
    # of unlabelled Czech text, which ties the same way.
    if DEFAULT_CODEC in tied:
        return DEFAULT_CODEC
    return _codec_for_detector(best.encoding)


def _codec_for_detector(name: str) -> str | None:
    """A detector's codec name in our vocabulary, or None when Python does not know it."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Through the WHATWG table, so a latin-1 guess is read as windows-1252, as a browser would,
    # and detector spellings ("euc_jp") match ours.
    return _codec_for_label(codec) or _codec_for_label(codec.replace("_", "-")) or codec


def _finish(content: bytes, codec: str, source: TextSource) -> DecodedText:
    """Decode with replacement, drop a leading BOM, normalise line breaks."""
    return _finish_text(content.decode(codec, errors="replace"), codec, source)


def _finish_text(text: str, codec: str, source: TextSource) -> DecodedText:
    """Drop a leading BOM and normalise CRLF and lone CR to LF."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=codec, source=source)


def decode_text(
    content: bytes, *, declared_encoding: str | None = None, is_html: bool = True
) -> DecodedText:
    """Decode raw bytes to text in the order a browser picks the encoding.

    Order: a BOM (UTF-8, UTF-16LE/BE) > ``declared_encoding`` (the HTTP charset) > inside the
    document (for HTML a ``<meta charset>`` or ``<meta http-equiv="content-type">`` in the
    first 4 KB; an XML declaration's encoding) > UTF-8 when the bytes are valid UTF-8 > a
    detector (mostly-UTF-8 bytes stay UTF-8; otherwise charset_normalizer) > windows-1252.
    Labels are read the WHATWG way (``ENCODING_LABELS``); unknown labels are ignored. Bytes
    invalid in the chosen encoding become U+FFFD; this function never raises on content.

    Args:
        content: The raw (already gunzipped) bytes.
        declared_encoding: The charset the transport declared, e.g. from Content-Type; a whole
            Content-Type value is accepted too.
        is_html: Whether to look for ``<meta>`` charset declarations.

    Returns:
        The text (leading BOM dropped, CRLF and CR normalised to LF), the Python codec name
        used, and which signal chose it (one of TEXT_SOURCES).
    """
    found = bom_codec(content)
    if found is not None:
        codec, size = found
        return _finish(content[size:], codec, "bom")
    codec_or_none = _declared_codec(declared_encoding) if declared_encoding else None
    if codec_or_none is not None:
        return _finish(content, codec_or_none, "declared")
    codec_or_none = _in_document_codec(content, is_html=is_html)
    if codec_or_none is not None:
        return _finish(content, codec_or_none, "meta")
    try:
        return _finish_text(content.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    codec_or_none = _detected_codec(content)
    if codec_or_none is not None:
        return _finish(content, codec_or_none, "detected")
    return _finish(content, DEFAULT_CODEC, "fallback")
