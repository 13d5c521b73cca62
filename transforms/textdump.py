"""Reader for plain-text article dumps: the text a news page leaves when copied as plain lines.

The layout these dumps follow (taught by the seed dump of a wire story on an international
news site)::

    date 2024-06-26 WORLD                       date line: ISO date and section
    3 MIN READ                                  reading time as printed
    Headline                                    title
    One-sentence standfirst                     subtitle
    Headline                                    the title again (page chrome)
    Caption text. / Photo: Reuters              lead image caption and credit
    June 26, 2024                               dateline, written out
    <body lines>                                subheadings, Related/Recommended markers
    SOURCE:AFP                                  agency
    Explore                                     other headlines, one per line

Every part may be missing or slightly out of order, and blank lines may fall anywhere. The
header is read as a set of recognisable lines rather than fixed positions; the body starts at
the first line that is none of them.

Body blocks: one non-empty line is one block. A dump carries no markup, so a line break is the
only paragraph boundary it keeps; blank lines between blocks are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from transforms.decode import TEXT_PLAIN
from transforms.judge import Evidence, judge
from transforms.models import Article, Document, Link, Paragraph, ParseFailure
from transforms.text import clean_text, count_words, join_body
from transforms.urls import article_id_for

EXTRACTOR = "textdump"
TEXTDUMP_VERSION = "1.1"

MEDIA_TYPE = TEXT_PLAIN

# ---------------------------------------------------------------------------------------------
# Header lines
# ---------------------------------------------------------------------------------------------

# "date 2024-06-26 WORLD": the dump's first line carries the ISO publication date and the
# section label as the site prints it, which may be several words ("MIDDLE EAST").
DATE_LINE_RE = re.compile(
    r"^date\s+(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:\s+(?P<section>.+))?$",
    re.IGNORECASE,
)

# "3 MIN READ": the site's printed reading time; copies from other tools lower-case it
# ("5 min read") or spell out "minutes".
READING_TIME_RE = re.compile(r"^(?P<minutes>\d{1,3})\s*min(?:ute)?s?\.?\s+read$", re.IGNORECASE)

# "Caption. / Photo: Reuters": the lead image caption with its credit after the last
# "/ Photo:"; the caption part may be empty when the page only printed the credit.
CAPTION_RE = re.compile(r"^(?P<caption>.*?)\s*/\s*Photo\s*:\s*(?P<credit>.+?)$", re.IGNORECASE)

# Month names (and their usual abbreviations) of the written-out dateline "June 26, 2024";
# position + 1 is the month number.
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

# A dateline is a whole line holding only a written date: "June 26, 2024" on the seed site,
# "26 June 2024" on British-style copies, optionally after a weekday ("Wednesday, June 26, 2024").
DATELINE_RE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:(?P<month_a>[a-z]{3,9})\.?\s+(?P<day_a>\d{1,2}),?\s+(?P<year_a>\d{4})"
    r"|(?P<day_b>\d{1,2})\s+(?P<month_b>[a-z]{3,9})\.?,?\s+(?P<year_b>\d{4}))$",
    re.IGNORECASE,
)

# "By Jane Doe" or "By Jane Doe and John Roe": a byline line in the header. Only whole lines
# of capitalised name words count, so a headline such as "By the numbers" is not a byline.
BYLINE_RE = re.compile(r"^By\s+(?P<names>[A-Z].*)$")
# Separators between several names on one byline.
BYLINE_SPLIT_RE = re.compile(r"\s*(?:,|\band\b|&)\s*")
# Lower-case particles that belong inside personal names ("Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "el", "la", "le", "van", "von"}
)
# A name longer than this is a sentence starting with "By", not a byline.
NAME_MAX_WORDS = 5

# A first line longer than this is body text, not a headline (dumps without a title line).
TITLE_MAX_WORDS = 40

# ---------------------------------------------------------------------------------------------
# Body markers
# ---------------------------------------------------------------------------------------------

# Link boxes the page prints inside the story, with the Link kind each one becomes. The copied
# text glues the box label to the linked headline ("RelatedRussia warns US ..."), so only a
# label directly followed by a capital, digit or quote (or by a colon) is a marker; a sentence
# that starts "Related to the talks, ..." stays a paragraph.
LINK_BOX_MARKERS: tuple[tuple[str, str], ...] = (
    ("Related", "related"),
    ("Recommended", "recommended"),
)
LINK_BOX_GLUED_RE = re.compile(
    r"^(?P<label>" + "|".join(label for label, _ in LINK_BOX_MARKERS) + r")"
    r"(?:\s*:\s*|(?=[A-Z0-9'\"‘“]))(?P<title>\S.*)$"
)
# The same labels alone on a line: the box's headline, when the copy kept it, is the next line.
# The seed's bare "Recommended" is followed by body text, which must not become a link.
LINK_BOX_BARE: Mapping[str, str] = {label.casefold(): kind for label, kind in LINK_BOX_MARKERS}
# A headline under a bare box label has at least this many words; shorter lines there are
# subheadings of the story, which the site sets in a few words.
BOX_HEADLINE_MIN_WORDS = 4

# "SOURCE:AFP" on the seed site, "Source: AFP" in other copies: the wire agency the story is
# from. Longer or punctuated values are sentences that happen to start with "Source:".
SOURCE_RE = re.compile(r"^source\s*:\s*(?P<agency>.+)$", re.IGNORECASE)
AGENCY_MAX_WORDS = 6

# The "Explore" box closes the story; every line after it is another story's headline.
EXPLORE_MARKERS: frozenset[str] = frozenset({"explore"})

# ---------------------------------------------------------------------------------------------
# Subheadings
# ---------------------------------------------------------------------------------------------

# Subheadings on the seed site are a few words ("'Consequences'"); a longer unpunctuated line
# is a paragraph whose full stop the copy lost.
HEADING_MAX_WORDS = 10
# A line ending in these (after any closing quotes or brackets, so `."` and `?'` count too) is
# a sentence or a lead-in to a quote, not a heading.
SENTENCE_END_CHARS: frozenset[str] = frozenset(".!?:;,…")
# Closing quotes and brackets skipped when looking for the last real character of a line.
CLOSING_CHARS: frozenset[str] = frozenset("'\"’”)]»")
# Opening quotes and brackets skipped when looking for the first real character of a line.
OPENING_CHARS: frozenset[str] = frozenset("'\"‘“([«")


@dataclass(slots=True)
class _Header:
    """What the header lines said, and where the body starts."""

    body_start: int = 0
    title: str | None = None
    subtitle: str | None = None
    section: str | None = None
    published_at: datetime | None = None
    reading_time_min: int | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    dateline: str | None = None
    dateline_date: datetime | None = None
    authors: tuple[str, ...] = ()
    has_date_line: bool = False


@dataclass(slots=True)
class _Body:
    """What the body lines said."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    agency: str | None = None


def parse_textdump(text: str, doc: Document, encoding: str | None) -> Article | ParseFailure:
    """Read one plain-text article dump.

    Args:
        text: The decoded dump; ``\\n`` or ``\\r\\n`` line ends, a leading BOM is tolerated.
        doc: The document the text was decoded from (keys and provenance).
        encoding: The encoding the text was decoded with, recorded on the article.

    Returns:
        An Article, or a ParseFailure with reason ``no_text`` when the dump has neither a
        title nor any body line.
    """
    lines = [clean_text(line) for line in text.splitlines()]
    header = _read_header(lines)
    body = _read_body(lines[header.body_start :], header.title)
    if header.title is None and not body.paragraphs:
        return ParseFailure(
            doc_id=doc.doc_id,
            source_uri=doc.source_uri,
            reason="no_text",
            detail="The text dump has neither a title line nor any body line.",
            media_type=MEDIA_TYPE,
            encoding=encoding,
        )
    body_text = join_body(body.paragraphs)
    paragraphs = tuple(body.paragraphs)
    published_at = header.published_at or header.dateline_date
    word_count = count_words(body_text)
    verdict = judge(
        Evidence(
            url=doc.url,
            page_types=(),
            has_title=header.title is not None,
            has_published_at=published_at is not None,
            has_authors=bool(header.authors),
            paragraphs=paragraphs,
            word_count=word_count,
            description=header.subtitle,
            is_article_format=True,
        )
    )
    return Article(
        article_id=article_id_for(None, doc),
        doc_id=doc.doc_id,
        source_uri=doc.source_uri,
        media_type=MEDIA_TYPE,
        encoding=encoding,
        extractor=EXTRACTOR,
        extractor_version=TEXTDUMP_VERSION,
        url=doc.url,
        final_url=doc.final_url,
        discovered_via=doc.discovered_via,
        fetched_at=doc.fetched_at,
        title=header.title,
        subtitle=header.subtitle,
        section=header.section,
        authors=header.authors,
        published_at=published_at,
        reading_time_min=header.reading_time_min,
        word_count=word_count,
        body_text=body_text,
        paragraphs=paragraphs,
        image_caption=header.image_caption,
        image_credit=header.image_credit,
        agency=body.agency,
        dateline=header.dateline,
        links=tuple(body.links),
        is_article=verdict.is_article,
        article_score=verdict.article_score,
        extraction_score=verdict.extraction_score,
        judgement_reasons=verdict.reasons,
    )


def _read_header(lines: list[str]) -> _Header:
    """Header fields from the top lines; stops at the first line that belongs to the body."""
    header = _Header(body_start=len(lines))
    has_repeat = False
    subtitle_at: int | None = None
    last_marker_at = -1
    for index, line in enumerate(lines):
        if not line:
            continue
        if _is_body_marker(line):
            header.body_start = index
            break
        if _read_header_marker(line, header):
            last_marker_at = index
        elif header.title is None and count_words(line) <= TITLE_MAX_WORDS:
            header.title = line
        elif header.title is not None and not has_repeat and _same_text(line, header.title):
            # The page prints the headline twice (above and below the standfirst).
            has_repeat = True
            last_marker_at = index
        elif (
            header.title is not None
            and subtitle_at is None
            and header.image_caption is None
            and header.image_credit is None
            and header.dateline is None
        ):
            # The standfirst sits between the headline and the caption or dateline.
            subtitle_at = index
        else:
            header.body_start = index
            break
    if subtitle_at is not None:
        if subtitle_at < last_marker_at:
            header.subtitle = lines[subtitle_at]
        else:
            # Nothing of the header follows the line: it is the body's first paragraph.
            header.body_start = subtitle_at
    return header


def _read_header_marker(line: str, header: _Header) -> bool:
    """Fill the header field a recognisable line gives, if still empty; True when it did."""
    if not header.has_date_line:
        match = DATE_LINE_RE.match(line)
        if match:
            header.has_date_line = True
            header.published_at = _utc_date(
                int(match["year"]), int(match["month"]), int(match["day"])
            )
            header.section = match["section"] or None
            return True
    if header.reading_time_min is None:
        match = READING_TIME_RE.match(line)
        if match:
            header.reading_time_min = int(match["minutes"])
            return True
    if header.image_caption is None and header.image_credit is None:
        match = CAPTION_RE.match(line)
        if match:
            header.image_caption = match["caption"] or None
            header.image_credit = match["credit"]
            return True
    if header.dateline is None:
        date = _written_date(line)
        if date is not None:
            header.dateline = line
            header.dateline_date = date
            return True
    if header.title is not None and not header.authors:
        authors = _byline_names(line)
        if authors:
            header.authors = authors
            return True
    return False


def _read_body(lines: list[str], title: str | None) -> _Body:
    """Paragraphs, link boxes and agency from the body lines."""
    body = _Body()
    blocks: list[str] = []
    pending_box: str | None = None
    for index, line in enumerate(lines):
        if not line:
            continue
        if line.casefold() in EXPLORE_MARKERS:
            body.links.extend(
                Link(kind="explore", title=rest) for rest in lines[index + 1 :] if rest
            )
            break
        box_kind, pending_box = pending_box, None
        if box_kind is not None and _is_box_headline(line):
            body.links.append(Link(kind=box_kind, title=line))
            continue
        agency = _agency(line)
        if agency is not None:
            body.agency = body.agency or agency
            continue
        glued = LINK_BOX_GLUED_RE.match(line)
        if glued:
            kind = LINK_BOX_BARE[glued["label"].casefold()]
            body.links.append(Link(kind=kind, title=glued["title"]))
            continue
        bare = LINK_BOX_BARE.get(line.rstrip(":").casefold())
        if bare is not None:
            pending_box = bare
            continue
        if CAPTION_RE.match(line) or (title is not None and _same_text(line, title)):
            # Captions of images inside the story and the repeated headline are page chrome.
            continue
        blocks.append(line)
    body.paragraphs = _classify_blocks(blocks)
    return body


def _is_body_marker(line: str) -> bool:
    """Whether the line is one of the body's markers (Explore, SOURCE, a link box label)."""
    return (
        line.casefold() in EXPLORE_MARKERS
        or _agency(line) is not None
        or LINK_BOX_GLUED_RE.match(line) is not None
        or line.rstrip(":").casefold() in LINK_BOX_BARE
    )


def _classify_blocks(blocks: list[str]) -> list[Paragraph]:
    """Blocks as paragraphs or headings; a heading must have body text after it."""
    kinds: list[str] = []
    paragraph_follows = False
    for block in reversed(blocks):
        if paragraph_follows and _looks_like_heading(block):
            kinds.append("heading")
        else:
            kinds.append("paragraph")
            paragraph_follows = True
    kinds.reverse()
    return [Paragraph(kind=kind, text=block) for kind, block in zip(kinds, blocks, strict=True)]


def _looks_like_heading(line: str) -> bool:
    """A short line, not starting lower-case, without sentence-final punctuation."""
    words = count_words(line)
    if words == 0 or words > HEADING_MAX_WORDS:
        return False
    return not _ends_sentence(line) and not _starts_lowercase(line)


def _is_box_headline(line: str) -> bool:
    """Whether the line under a bare Related/Recommended label is the linked headline."""
    words = count_words(line)
    return (
        BOX_HEADLINE_MIN_WORDS <= words <= TITLE_MAX_WORDS
        and not _ends_sentence(line)
        and not _starts_lowercase(line)
        and line.casefold() not in EXPLORE_MARKERS
        and _agency(line) is None
    )


def _agency(line: str) -> str | None:
    """The agency of a ``SOURCE:`` line, or None when the line is not one."""
    match = SOURCE_RE.match(line)
    if not match:
        return None
    agency = match["agency"]
    if count_words(agency) > AGENCY_MAX_WORDS or _ends_sentence(agency):
        return None
    return None if _starts_lowercase(agency) else agency


def _byline_names(line: str) -> tuple[str, ...]:
    """Author names of a ``By NAME`` line; empty when the line is not a byline."""
    match = BYLINE_RE.match(line)
    if not match:
        return ()
    names = tuple(name for name in BYLINE_SPLIT_RE.split(match["names"]) if name)
    return names if names and all(_is_name(name) for name in names) else ()


def _is_name(name: str) -> bool:
    """Capitalised words (name particles allowed), at most NAME_MAX_WORDS of them."""
    words = name.split()
    return 0 < len(words) <= NAME_MAX_WORDS and all(
        word[0].isupper() or word in NAME_PARTICLES for word in words
    )


def _written_date(line: str) -> datetime | None:
    """Midnight UTC of a line that is only a written date ("June 26, 2024"), else None."""
    match = DATELINE_RE.match(line)
    if not match:
        return None
    month_name = (match["month_a"] or match["month_b"]).casefold()
    day = match["day_a"] or match["day_b"]
    year = match["year_a"] or match["year_b"]
    for number, names in enumerate(MONTH_NAMES, start=1):
        if month_name in names:
            return _utc_date(int(year), number, int(day))
    return None


def _utc_date(year: int, month: int, day: int) -> datetime | None:
    """Midnight UTC of a calendar date; None when the date does not exist."""
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def _ends_sentence(line: str) -> bool:
    """Whether the line's last character, past closing quotes and brackets, ends a sentence."""
    stripped = line.rstrip("".join(CLOSING_CHARS)).rstrip()
    return not stripped or stripped[-1] in SENTENCE_END_CHARS


def _starts_lowercase(line: str) -> bool:
    """Whether the line's first character, past opening quotes and brackets, is lower-case."""
    stripped = line.lstrip("".join(OPENING_CHARS))
    return bool(stripped) and stripped[0].islower()


def _same_text(a: str, b: str) -> bool:
    """Case-insensitive equality of two cleaned lines."""
    return a.casefold() == b.casefold()
