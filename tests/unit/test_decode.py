"""Raw bytes to text: gunzip, media type sniffing and encoding choice (transforms/decode.py)."""

from __future__ import annotations

import codecs
import gzip
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from transforms import decode
from transforms.decode import (
    APPLICATION_XML,
    ENCODING_LABELS,
    OCTET_STREAM,
    TEXT_HTML,
    TEXT_PLAIN,
    TEXT_SOURCES,
    CorruptGzip,
    DecodeError,
    Prolog,
    TooLarge,
    TruncatedGzip,
    decode_text,
    gunzip,
    is_binary,
    is_gzip,
    read_prolog,
    sniff_media_type,
)

# An invented story, long enough that truncating it cuts through deflate data.
STORY = "\n".join(
    f"Paragraph {n}: the harbour board of Example Bay met on day {n * 7} to discuss ferry "
    f"timetables, and councillor Mira Okonkwo asked for {n * 13} more benches on the quay."
    for n in range(40)
).encode("utf-8")

# Invented stories in languages whose legacy pages are latin-1; each holds letters that differ
# between windows-1252 and its neighbours (è/č, à/ŕ, ã/ă, ñ/ń).
LATIN1_STORIES: dict[str, str] = {
    "french": (
        "Le conseil municipal a voté hier soir un budget révisé pour l'école du quartier. "
        "Selon la maire, Hélène Dupré, les travaux débuteront à la rentrée et coûteront près "
        "de deux millions d'euros. « C'est une décision très attendue », a déclaré un père "
        "d'élève, qui s'inquiète néanmoins du bruit.\n"
    ),
    "spanish": (
        "El ayuntamiento aprobó ayer el presupuesto revisado para la escuela del barrio. "
        "Según la alcaldesa, María Núñez, las obras comenzarán en otoño y costarán casi dos "
        "millones de euros. ¿Quién pagará la diferencia?, preguntó un vecino.\n"
    ),
    "portuguese": (
        "A câmara municipal aprovou ontem o orçamento revisto para a escola do bairro. "
        "Segundo a presidente, Joana Simões, as obras começarão no verão e custarão quase "
        "dois milhões, uma decisão que já não surpreende ninguém.\n"
    ),
}

JAPANESE_STORY = "東京の新しい図書館が開館しました。初日には三千人が訪れました。"


def gz(data: bytes) -> bytes:
    """Deterministic gzip of one member."""
    return gzip.compress(data, mtime=0)


# ---------------------------------------------------------------------------------------------
# gzip
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [(gz(b"x"), True), (b"", False), (b"\x1f", False), (b"<html>", False)],
    ids=["gzip", "empty", "half-magic", "html"],
)
def test_is_gzip_checks_magic_bytes(data: bytes, expected: bool) -> None:
    assert is_gzip(data) is expected


def test_gunzip_round_trip() -> None:
    assert gunzip(gz(STORY), max_bytes=len(STORY)) == STORY


def test_gunzip_concatenates_members() -> None:
    assert gunzip(gz(b"first half, ") + gz(b"second half"), max_bytes=100) == (
        b"first half, second half"
    )


def test_gunzip_ignores_trailing_nul_padding() -> None:
    assert gunzip(gz(b"padded") + b"\x00" * 512, max_bytes=100) == b"padded"


def _truncations() -> Iterator[tuple[str, bytes]]:
    whole = gz(STORY)
    yield "magic-only", whole[:1]
    yield "inside-header", whole[:6]
    yield "inside-deflate-data", whole[: len(whole) // 2]
    yield "without-trailer", whole[:-8]
    yield "inside-trailer", whole[:-3]
    yield "inside-second-member", gz(b"complete") + whole[: len(whole) // 2]


TRUNCATIONS = list(_truncations())


@pytest.mark.parametrize("data", [d for _, d in TRUNCATIONS], ids=[i for i, _ in TRUNCATIONS])
def test_gunzip_truncated_stream(data: bytes) -> None:
    with pytest.raises(TruncatedGzip, match="ends"):
        gunzip(data, max_bytes=10 * len(STORY))


def _flip(data: bytes, index: int) -> bytes:
    """The bytes with one bit flipped at ``index``."""
    damaged = bytearray(data)
    damaged[index] ^= 0x01
    return bytes(damaged)


def _corruptions() -> Iterator[tuple[str, bytes]]:
    whole = gz(STORY)
    yield "not-gzip", b"<html><body>plain page</body></html>"
    yield "bad-compression-method", whole[:2] + b"\x09" + whole[3:]
    yield "bad-crc", _flip(whole, len(whole) - 8)
    yield "bad-length", _flip(whole, len(whole) - 4)
    yield "trailing-garbage", whole + b"<!-- appended by a proxy -->"


CORRUPTIONS = list(_corruptions())


@pytest.mark.parametrize("data", [d for _, d in CORRUPTIONS], ids=[i for i, _ in CORRUPTIONS])
def test_gunzip_corrupt_stream(data: bytes) -> None:
    with pytest.raises(CorruptGzip, match="gzip"):
        gunzip(data, max_bytes=10 * len(STORY))


@pytest.mark.parametrize(
    ("max_bytes", "refused"), [(100, False), (99, True)], ids=["at-limit", "over-limit"]
)
def test_gunzip_limit_is_inclusive(max_bytes: int, refused: bool) -> None:
    data = gz(b"n" * 100)
    if refused:
        with pytest.raises(TooLarge, match="99 bytes"):
            gunzip(data, max_bytes=max_bytes)
    else:
        assert gunzip(data, max_bytes=max_bytes) == b"n" * 100


def test_gunzip_rejects_negative_limit() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        gunzip(gz(b"x"), max_bytes=-1)


BOMB_BYTES = 200 * 1024 * 1024
BOMB_LIMIT = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """Gzip of 200 MB of zeros (~200 KB), compressed a slice at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass
class InflateMeter:
    """What gunzip asked zlib for: bytes produced and calls made without an output limit."""

    produced: int = 0
    unlimited_calls: int = 0
    inflaters: list[MeteredInflater] = field(default_factory=list)


class MeteredInflater:
    """A zlib decompressor that reports every slice of output to a meter."""

    def __init__(self, inner: zlib._Decompress, meter: InflateMeter) -> None:
        self._inner = inner
        self._meter = meter

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        """Decompress like zlib, counting the output."""
        if max_length == 0:
            self._meter.unlimited_calls += 1
        out = self._inner.decompress(data, max_length)
        self._meter.produced += len(out)
        return out

    @property
    def eof(self) -> bool:
        """Whether the end of the member was reached."""
        return self._inner.eof

    @property
    def unused_data(self) -> bytes:
        """Bytes after the end of the member."""
        return self._inner.unused_data

    @property
    def unconsumed_tail(self) -> bytes:
        """Input not yet consumed because of the output limit."""
        return self._inner.unconsumed_tail


def test_gunzip_refuses_bomb_without_inflating_it(
    bomb: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    meter = InflateMeter()
    real_decompressobj = zlib.decompressobj

    def metered_decompressobj(wbits: int = zlib.MAX_WBITS) -> MeteredInflater:
        inflater = MeteredInflater(real_decompressobj(wbits=wbits), meter)
        meter.inflaters.append(inflater)
        return inflater

    monkeypatch.setattr(zlib, "decompressobj", metered_decompressobj)
    with pytest.raises(TooLarge, match="exceeds"):
        gunzip(bomb, max_bytes=BOMB_LIMIT)
    # Bounded by design: every zlib call had an output limit and gunzip stopped one byte past
    # its own limit, nowhere near the 200 MB the bomb holds.
    assert meter.inflaters
    assert meter.unlimited_calls == 0
    assert BOMB_LIMIT < meter.produced <= BOMB_LIMIT + 1


def test_decode_errors_share_one_base() -> None:
    assert all(issubclass(e, DecodeError) for e in (TruncatedGzip, CorruptGzip, TooLarge))


# ---------------------------------------------------------------------------------------------
# Media type sniffing
# ---------------------------------------------------------------------------------------------

PAGE = b"<!DOCTYPE html>\n<html><head><title>Ferry timetable</title></head><body></body></html>"

HTML_STARTS: dict[str, bytes] = {
    "doctype": PAGE,
    "leading-whitespace": b"\r\n\n   \t" + PAGE,
    "utf8-bom": b"\xef\xbb\xbf" + PAGE,
    "utf16le-bom": b"\xff\xfe" + PAGE.decode().encode("utf-16-le"),
    "utf16be-bom": b"\xfe\xff" + PAGE.decode().encode("utf-16-be"),
    "comment-banner": b"<!-- rendered by ExampleCMS 4.2 -->\n<!-- cache: hit -->\n" + PAGE,
    "upper-case-html": b"<HTML LANG=en><BODY>Quay benches</BODY></HTML>",
    "xhtml": b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" '
    b'"x.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
    "fragment-paragraph": b"<p>The ferry leaves at nine.</p>",
    "fragment-meta": b'<meta charset="utf-8"><title>Quay</title>',
    "fragment-div": b'<div class="story">Benches</div>',
    "stray-nul-in-page": PAGE.replace(b"<body>", b"<body>\x00"),
}


@pytest.mark.parametrize("content", HTML_STARTS.values(), ids=HTML_STARTS.keys())
def test_sniff_html(content: bytes) -> None:
    assert sniff_media_type(content) == TEXT_HTML


XML_STARTS: dict[str, bytes] = {
    "rss": b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel/></rss>',
    "rss-without-declaration": b'<rss version="2.0"><channel/></rss>',
    "rss-with-stylesheet": b'<?xml version="1.0"?><?xml-stylesheet href="f.xsl"?><rss/>',
    "rss-1-rdf": b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
    "atom": b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Bay news</title></feed>',
    "sitemap": b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
    "sitemap-index": b"<sitemapindex><sitemap><loc>https://example.com/a</loc></sitemap>",
    "other-root": b'<?xml version="1.0"?>\n<press-release id="7"/>',
    "comment-then-feed": b"<!-- feed generator -->\n<feed/>",
    "form-feed-then-sitemap": b"\x0c<urlset></urlset>",
    "doctype-internal-subset": b'<!DOCTYPE rss [<!ENTITY copy "&#169;">]>\n<rss/>',
}


@pytest.mark.parametrize("content", XML_STARTS.values(), ids=XML_STARTS.keys())
def test_sniff_xml(content: bytes) -> None:
    assert sniff_media_type(content) == APPLICATION_XML


PROLOGS: dict[str, tuple[str, Prolog]] = {
    "none": ("<rss/>", Prolog(0, True, False, None)),
    "html-space": (" \t\r\n\x0c<rss/>", Prolog(5, True, False, None)),
    "declaration-comment-doctype": (
        '<?XML version="1.0"?><!-- c --><!DOCTYPE Rss>\n<rss/>',
        Prolog(46, True, True, "rss"),
    ),
    "internal-subset": ('<!DOCTYPE rss [<!ENTITY a "b">]><rss/>', Prolog(32, True, False, "rss")),
    "first-doctype-counts": ("<!doctype html><!doctype rss><p>", Prolog(29, True, False, "html")),
    "open-comment": ("<!-- banner without end", Prolog(-1, True, False, None)),
    "open-instruction": ('<?xml version="1.0"', Prolog(-1, True, True, None)),
    "open-internal-subset": ("<!DOCTYPE rss [<!ENTITY a", Prolog(-1, True, False, "rss")),
    "text-after-comment": ("<!-- c --> Ferry times", Prolog(11, False, False, None)),
    "text": ("Ferry times", Prolog(0, False, False, None)),
    "empty": ("", Prolog(0, False, False, None)),
}


@pytest.mark.parametrize(("text", "expected"), PROLOGS.values(), ids=PROLOGS.keys())
def test_read_prolog(text: str, expected: Prolog) -> None:
    assert read_prolog(text) == expected


BINARIES: dict[str, bytes] = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "gif": b"GIF89a\x01\x00\x01\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "zip": b"PK\x03\x04\x14\x00\x00\x00",
    "gzip-not-removed": gz(PAGE),
    "random-bytes": random.Random(20261105).randbytes(4096),
    "nul-in-text": b"Ferry timetable\x00\x00\x00 for the winter",
    "control-bytes": b"quay" + b"\x01\x02\x03\x04\x05\x06" * 10,
}


@pytest.mark.parametrize("content", BINARIES.values(), ids=BINARIES.keys())
def test_sniff_binary(content: bytes) -> None:
    assert sniff_media_type(content, declared="text/html") == OCTET_STREAM
    assert is_binary(content)


TEXTS: dict[str, bytes] = {
    "empty": b"",
    "ascii": b"Harbour board approves new benches\n\nThe board voted 5-2 on Tuesday.",
    "utf16le-bom": b"\xff\xfe" + "Quay benches approved".encode("utf-16-le"),
    "iso-2022-jp": JAPANESE_STORY.encode("iso2022_jp"),
    "form-feed-and-tabs": b"Page one\tends here\x0cPage two starts\r\n",
    "tag-like-word": b"<pending review> Harbour budget figures follow.",
}


@pytest.mark.parametrize("content", TEXTS.values(), ids=TEXTS.keys())
def test_sniff_plain_text(content: bytes) -> None:
    assert sniff_media_type(content) == TEXT_PLAIN
    assert not is_binary(content)


def test_sniff_content_beats_declared_txt() -> None:
    assert sniff_media_type(PAGE, declared="text/plain") == TEXT_HTML


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("text/html; charset=utf-8", TEXT_HTML),
        ("application/xhtml+xml", TEXT_HTML),
        ("application/rss+xml", APPLICATION_XML),
        ("TEXT/PLAIN", TEXT_PLAIN),
        ("image/png", TEXT_PLAIN),
        (None, TEXT_PLAIN),
    ],
    ids=["html-with-charset", "xhtml", "rss", "upper-case-plain", "non-text", "none"],
)
def test_sniff_falls_back_to_declared_text_type(declared: str | None, expected: str) -> None:
    assert sniff_media_type(b"Benches, ferries and a budget.", declared=declared) == expected


# ---------------------------------------------------------------------------------------------
# Character encodings
# ---------------------------------------------------------------------------------------------

NEWS_LINE = "Zoë’s café “reopens” on the quay"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
def test_decode_bom(bom: bytes, codec: str) -> None:
    decoded = decode_text(bom + NEWS_LINE.encode(codec))
    assert decoded.text == NEWS_LINE
    assert (decoded.encoding, decoded.source) == (codec, "bom")


def test_decode_bom_beats_declared_and_meta() -> None:
    content = b'\xef\xbb\xbf<meta charset="shift_jis">' + NEWS_LINE.encode("utf-8")
    decoded = decode_text(content, declared_encoding="windows-1252")
    assert decoded.text == '<meta charset="shift_jis">' + NEWS_LINE
    assert (decoded.encoding, decoded.source) == ("utf-8", "bom")


def test_decode_declared_beats_meta() -> None:
    content = ('<meta charset="iso-8859-1"><p>' + NEWS_LINE).encode("utf-8")
    decoded = decode_text(content, declared_encoding="utf-8")
    assert decoded.text.endswith(NEWS_LINE)
    assert (decoded.encoding, decoded.source) == ("utf-8", "declared")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("ascii", "cp1252"),
        ("gb2312", "gbk"),
        ("GBK", "gbk"),
        ("x-sjis", "shift_jis"),
        ("Shift_JIS", "shift_jis"),
        (" utf8 ", "utf-8"),
        ('"UTF-8"', "utf-8"),
        ("text/html; charset=windows-1252", "cp1252"),
    ],
)
def test_decode_reads_labels_the_whatwg_way(label: str, codec: str) -> None:
    decoded = decode_text(b"Quay benches", declared_encoding=label)
    assert (decoded.encoding, decoded.source) == (codec, "declared")


def test_decode_ignores_unknown_declared_label() -> None:
    content = '<meta charset="windows-1252"><p>café'.encode("cp1252")
    decoded = decode_text(content, declared_encoding="x-klingon")
    assert (decoded.encoding, decoded.source) == ("cp1252", "meta")


def test_decode_meta_charset_windows_1252() -> None:
    page = (
        '<!doctype html><html><head><meta charset="windows-1252">'
        "<title>Café owners “relieved” after vote</title></head>"
        "<body><p>The café on Quay Street reopens — said Zoë Marchetti.</p></body></html>"
    )
    decoded = decode_text(page.encode("cp1252"))
    assert decoded.text == page
    assert (decoded.encoding, decoded.source) == ("cp1252", "meta")


def test_decode_meta_http_equiv_shift_jis() -> None:
    page = (
        "<html><head>\n"
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">\n'
        f"</head><body><p>{JAPANESE_STORY}</p></body></html>"
    )
    decoded = decode_text(page.encode("shift_jis"))
    assert decoded.text == page
    assert (decoded.encoding, decoded.source) == ("shift_jis", "meta")


def test_decode_meta_utf16_is_read_as_utf8() -> None:
    page = '<meta charset="utf-16"><p>' + NEWS_LINE
    decoded = decode_text(page.encode("utf-8"))
    assert decoded.text == page
    assert (decoded.encoding, decoded.source) == ("utf-8", "meta")


def test_decode_meta_inside_comment_is_ignored() -> None:
    page = '<!-- old template: <meta charset="koi8-r"> --><p>' + NEWS_LINE
    decoded = decode_text(page.encode("utf-8"))
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")


def test_decode_meta_ignored_when_not_html() -> None:
    text = 'Template note: write <meta charset="koi8-r"> in the head. ' + NEWS_LINE
    decoded = decode_text(text.encode("utf-8"), is_html=False)
    assert decoded.text == text
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")


def test_decode_xml_declaration_encoding() -> None:
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss><title>Café news</title></rss>'
    decoded = decode_text(feed.encode("latin-1"), is_html=False)
    assert decoded.text == feed
    assert (decoded.encoding, decoded.source) == ("cp1252", "meta")


@pytest.mark.parametrize("story", LATIN1_STORIES.values(), ids=LATIN1_STORIES.keys())
def test_decode_latin1_without_declaration_is_detected(story: str) -> None:
    content = story.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    decoded = decode_text(content, is_html=False)
    assert decoded.text == story
    assert (decoded.encoding, decoded.source) == ("cp1252", "detected")


def test_decode_invalid_bytes_in_mostly_utf8_become_replacement_characters() -> None:
    good = (NEWS_LINE + ". ") * 3
    encoded = good.encode("utf-8")
    content = encoded[:10] + b"\xff" + encoded[10:30] + b"\xc3(" + encoded[30:]
    decoded = decode_text(content)
    assert decoded.text.count("\ufffd") == 2
    assert decoded.text.replace("\ufffd", "").replace("(", "") == good
    assert (decoded.encoding, decoded.source) == ("utf-8", "detected")


def test_decode_valid_utf8() -> None:
    decoded = decode_text(NEWS_LINE.encode("utf-8"))
    assert decoded.text == NEWS_LINE
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")


def test_decode_empty_input() -> None:
    decoded = decode_text(b"")
    assert (decoded.text, decoded.encoding, decoded.source) == ("", "utf-8", "utf-8")


def test_decode_normalises_line_breaks() -> None:
    assert decode_text(b"one\r\ntwo\rthree\n\r\nfour").text == "one\ntwo\nthree\n\nfour"


class _NoMatches:
    """A detector answer with no candidate, as for bytes in no known encoding."""

    def best(self) -> None:
        """No best guess."""


def test_decode_falls_back_to_windows_1252(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_guess(sequences: bytes, **options: object) -> _NoMatches:
        return _NoMatches()

    monkeypatch.setattr(decode, "from_bytes", no_guess)
    decoded = decode_text("Café “Quay”".encode("cp1252"))
    assert decoded.text == "Café “Quay”"
    assert (decoded.encoding, decoded.source) == ("cp1252", "fallback")


def test_decode_sources_are_the_documented_vocabulary() -> None:
    assert TEXT_SOURCES == ("bom", "declared", "meta", "utf-8", "detected", "fallback")


@pytest.mark.parametrize("codec", sorted(set(ENCODING_LABELS.values())))
def test_encoding_label_targets_are_canonical_python_codecs(codec: str) -> None:
    assert codecs.lookup(codec).name == codec


def test_public_names_exist() -> None:
    assert [name for name in decode.__all__ if not hasattr(decode, name)] == []
