"""The plain-text dump reader: the seed dump, golden dumps, focused rules and the demo corpus."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

import pytest

from transforms.models import LINK_KINDS, PARAGRAPH_KINDS, Article, Document, ParseFailure
from transforms.text import count_words
from transforms.textdump import EXTRACTOR, TEXTDUMP_VERSION, parse_textdump
from transforms.urls import article_id_for

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_9f9e6c621dd6fb3b.txt"
FIXTURES = REPO / "tests" / "fixtures" / "textdump"
CORPUS = REPO / "flows" / "demo" / "corpus"
FIXTURE_DUMPS = sorted(FIXTURES.glob("*.txt"))
CORPUS_DUMPS = sorted(CORPUS.glob("*.txt"))

# A header with every part, so the lines a test adds are all body.
HEADER = (
    "date 2025-01-02 WORLD\n3 MIN READ\nA headline for the test dump\n"
    "A standfirst sentence.\nA caption. / Photo: Example\nJanuary 2, 2025\n\n"
)


class Expected(TypedDict):
    """The ``<stem>.expected.json`` next to each golden dump."""

    title: str | None
    subtitle: str | None
    section: str | None
    published_date: str | None
    reading_time_min: int | None
    agency: str | None
    image_caption: str | None
    image_credit: str | None
    dateline: str | None
    authors: list[str]
    paragraph_kinds: dict[str, int]
    link_kinds: dict[str, int]
    body_must_contain: list[str]
    body_must_not_contain: list[str]


def parse(text: str, source_uri: str = "file:///dumps/test.txt") -> Article:
    """Parse a dump that must become an Article."""
    doc = Document(source_uri=source_uri, content=text.encode("utf-8"))
    result = parse_textdump(text, doc, "utf-8")
    assert isinstance(result, Article), result
    return result


def parse_file(path: Path) -> Article:
    """Parse a dump file as the reader would see it: UTF-8, BOM kept."""
    content = path.read_bytes()
    doc = Document(source_uri=path.as_uri(), content=content)
    result = parse_textdump(content.decode("utf-8"), doc, "utf-8")
    assert isinstance(result, Article), result
    return result


def kinds(article: Article) -> tuple[list[str], list[str]]:
    """Paragraph kinds and link kinds, in order."""
    return [p.kind for p in article.paragraphs], [k.kind for k in article.links]


# ---------------------------------------------------------------------------------------------
# The seed dump
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED.is_file():
        pytest.skip(f"seed dump not available at {SEED}")
    return parse_file(SEED)


def test_seed_header_fields(seed: Article) -> None:
    assert seed.title == "Russian, US defence chiefs discuss Ukraine conflict by phone"
    assert seed.subtitle is not None
    assert seed.subtitle.startswith("The US is one of Ukraine's staunchest military backers")
    assert seed.subtitle.endswith('accused Washington of "direct involvement" in the hostilities.')
    assert seed.section == "WORLD"
    assert seed.published_at == datetime(2024, 6, 26, tzinfo=UTC)
    assert seed.reading_time_min == 3
    assert seed.image_caption == (
        "Pentagon spokesman Major General Pat Ryder says it was Austin's first call with "
        "Belousov, who was appointed in May."
    )
    assert seed.image_credit == "Reuters"
    assert seed.agency == "AFP"
    assert seed.dateline == "June 26, 2024"


def test_seed_fields_not_in_the_dump_stay_empty(seed: Article) -> None:
    assert seed.language is None
    assert seed.authors == ()
    assert seed.canonical_url is None
    assert seed.updated_at is None
    assert seed.image_url is None
    assert seed.tags == ()


def test_seed_provenance(seed: Article) -> None:
    doc = Document(source_uri=SEED.as_uri(), content=SEED.read_bytes())
    assert seed.doc_id == doc.doc_id
    assert seed.article_id == article_id_for(None, doc)
    assert seed.source_uri == SEED.as_uri()
    assert (seed.media_type, seed.encoding) == ("text/plain", "utf-8")
    assert (seed.extractor, seed.extractor_version) == (EXTRACTOR, TEXTDUMP_VERSION)


def test_seed_body_blocks(seed: Article) -> None:
    texts = [p.text for p in seed.paragraphs]
    assert len(texts) == 16
    assert texts[0].startswith("Russian Defence Minister Andrei Belousov and his US counterpart")
    assert texts[-1] == "Putin also warned South Korea not to arm Ukraine."
    assert [i for i, p in enumerate(seed.paragraphs) if p.kind == "heading"] == [7]
    assert texts[7] == "'Consequences'"
    assert Counter(p.kind for p in seed.paragraphs) == {"paragraph": 15, "heading": 1}


def test_seed_body_text_leaves_out_page_chrome(seed: Article) -> None:
    body = seed.body_text
    assert body is not None
    assert body == "\n\n".join(p.text for p in seed.paragraphs)
    for chrome in (
        "Related",
        "Recommended",
        "SOURCE",
        "Explore",
        "Russian, US defence chiefs discuss Ukraine conflict by phone",
        "/ Photo:",
        "June 26, 2024",
        "Netanyahu's Gaza occupation push",
        "Lebanon seizes 64 million captagon pills",
        "By Sadiq S Bhat",
    ):
        assert chrome not in body
    assert seed.word_count == count_words(body)


def test_seed_links(seed: Article) -> None:
    related = [k for k in seed.links if k.kind == "related"]
    explore = [k for k in seed.links if k.kind == "explore"]
    assert [k.title for k in related] == [
        "Russia warns US of 'consequences' after Ukrainian strike on Crimea"
    ]
    assert len(explore) == 17
    assert explore[0].title.startswith("Netanyahu's Gaza occupation push")
    assert explore[12].title == "By Sadiq S Bhat"
    assert explore[-1].title == "Lebanon seizes 64 million captagon pills in major drug bust"
    assert kinds(seed)[1] == ["related"] + ["explore"] * 17
    assert all(k.url is None for k in seed.links)


# ---------------------------------------------------------------------------------------------
# Golden dumps
# ---------------------------------------------------------------------------------------------


def test_golden_dumps_are_present() -> None:
    assert len(FIXTURE_DUMPS) >= 8
    for path in FIXTURE_DUMPS:
        assert path.with_suffix(".expected.json").is_file(), path.name


@pytest.mark.parametrize("path", FIXTURE_DUMPS, ids=[p.stem for p in FIXTURE_DUMPS])
def test_golden_dump(path: Path) -> None:
    expected: Expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    article = parse_file(path)
    published = article.published_at.date().isoformat() if article.published_at else None
    assert article.title == expected["title"]
    assert article.subtitle == expected["subtitle"]
    assert article.section == expected["section"]
    assert published == expected["published_date"]
    assert article.reading_time_min == expected["reading_time_min"]
    assert article.agency == expected["agency"]
    assert article.image_caption == expected["image_caption"]
    assert article.image_credit == expected["image_credit"]
    assert article.dateline == expected["dateline"]
    assert list(article.authors) == expected["authors"]
    assert dict(Counter(p.kind for p in article.paragraphs)) == expected["paragraph_kinds"]
    assert dict(Counter(k.kind for k in article.links)) == expected["link_kinds"]
    body = article.body_text or ""
    for snippet in expected["body_must_contain"]:
        assert snippet in body
    for snippet in expected["body_must_not_contain"]:
        assert snippet not in body
    assert {p.kind for p in article.paragraphs} <= set(PARAGRAPH_KINDS)
    assert {k.kind for k in article.links} <= set(LINK_KINDS)


# ---------------------------------------------------------------------------------------------
# Focused rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "'Consequences'",
        '"Surprising"',
        "A long wait",
        "What the talks mean for farmers",
        "2025 and after",
    ],
)
def test_short_unpunctuated_line_before_body_is_a_heading(line: str) -> None:
    article = parse(HEADER + f"First paragraph here.\n{line}\nMore body follows it.\n")
    assert kinds(article)[0] == ["paragraph", "heading", "paragraph"]
    assert article.paragraphs[1].text == line


@pytest.mark.parametrize(
    "line",
    [
        "It did not.",
        "Nobody came.",
        "Why?",
        '"We expected small pockets of water."',
        "'Is this the last one?'",
        "He added:",
        "and then the rain came",
        "Nobody came to the first rehearsal in the spring, so the group began knocking on doors",
    ],
)
def test_sentence_like_line_stays_a_paragraph(line: str) -> None:
    article = parse(HEADER + f"First paragraph here.\n{line}\nMore body follows it.\n")
    assert kinds(article)[0] == ["paragraph"] * 3
    assert article.paragraphs[1].text == line


def test_short_line_at_the_end_of_the_body_is_a_paragraph() -> None:
    article = parse(HEADER + "First paragraph here.\nTickets cost five euros\nSOURCE:AFP\n")
    assert kinds(article)[0] == ["paragraph", "paragraph"]


def test_glued_related_marker_becomes_a_related_link() -> None:
    article = parse(HEADER + "First paragraph.\nRelatedPort strike ends after a week\nMore body.\n")
    assert [(k.kind, k.title, k.url) for k in article.links] == [
        ("related", "Port strike ends after a week", None)
    ]
    assert [p.text for p in article.paragraphs] == ["First paragraph.", "More body."]


def test_related_marker_with_colon_becomes_a_related_link() -> None:
    article = parse(HEADER + "First paragraph.\nRelated: Port strike ends\nMore body.\n")
    assert [(k.kind, k.title) for k in article.links] == [("related", "Port strike ends")]


@pytest.mark.parametrize(
    "line",
    [
        "Related to the dispute, the council agreed to refund every charge.",
        "Relatedly, the council agreed to refund every charge.",
    ],
)
def test_sentence_starting_with_related_stays_a_paragraph(line: str) -> None:
    article = parse(HEADER + f"First paragraph.\n{line}\n")
    assert article.links == ()
    assert [p.text for p in article.paragraphs] == ["First paragraph.", line]


def test_bare_recommended_before_body_text_gives_no_link() -> None:
    article = parse(HEADER + "First paragraph.\nRecommended\n\nOn Monday, the council met.\n")
    assert article.links == ()
    assert [p.text for p in article.paragraphs] == [
        "First paragraph.",
        "On Monday, the council met.",
    ]


def test_bare_recommended_before_a_headline_gives_a_recommended_link() -> None:
    article = parse(
        HEADER + "First paragraph.\nRecommended\nCouncil budget vote delayed by row\nMore body.\n"
    )
    assert [(k.kind, k.title) for k in article.links] == [
        ("recommended", "Council budget vote delayed by row")
    ]
    assert [p.text for p in article.paragraphs] == ["First paragraph.", "More body."]


def test_bare_recommended_before_a_short_heading_keeps_the_heading() -> None:
    article = parse(HEADER + "First paragraph.\nRecommended\n'Consequences'\nMore body.\n")
    assert article.links == ()
    assert kinds(article)[0] == ["paragraph", "heading", "paragraph"]


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("SOURCE:AFP", "AFP"),
        ("Source: AFP", "AFP"),
        ("source : Reuters", "Reuters"),
        ("SOURCE:TRT World and Agencies", "TRT World and Agencies"),
    ],
)
def test_source_line_gives_the_agency(line: str, agency: str) -> None:
    article = parse(HEADER + f"First paragraph.\n{line}\nExplore\nOther story\n")
    assert article.agency == agency
    assert [p.text for p in article.paragraphs] == ["First paragraph."]


@pytest.mark.parametrize(
    "line",
    [
        "Source: a ministry official who asked not to be named.",
        "Source: officials at the port authority, who spoke on condition of anonymity to reporters",
    ],
)
def test_sentence_starting_with_source_stays_a_paragraph(line: str) -> None:
    article = parse(HEADER + f"First paragraph.\n{line}\n")
    assert article.agency is None
    assert article.paragraphs[-1].text == line


def test_explore_lines_are_explore_links_in_order() -> None:
    article = parse(HEADER + "Body.\nExplore\nFirst story\n\nBy Jane Doe\nThird story\n")
    assert [(k.kind, k.title) for k in article.links] == [
        ("explore", "First story"),
        ("explore", "By Jane Doe"),
        ("explore", "Third story"),
    ]
    assert article.authors == ()


def test_crlf_and_bom_read_like_plain_newlines() -> None:
    plain = HEADER + "First paragraph.\nA heading\nSecond paragraph.\nSOURCE:AFP\n"
    crlf = "\ufeff  " + plain.replace("\n", "\r\n")
    a, b = parse(plain), parse(crlf)
    assert (a.title, a.section, a.published_at, a.agency) == (
        b.title,
        b.section,
        b.published_at,
        b.agency,
    )
    assert a.paragraphs == b.paragraphs
    assert a.section == "WORLD"


def test_published_at_falls_back_to_the_dateline() -> None:
    article = parse("A headline\nA standfirst.\n26 June 2024\n\nBody text.\n")
    assert article.published_at == datetime(2024, 6, 26, tzinfo=UTC)
    assert article.dateline == "26 June 2024"
    assert article.section is None


def test_date_line_wins_over_the_dateline() -> None:
    article = parse("date 2024-06-27 WORLD\nA headline\nJune 26, 2024\n\nBody text.\n")
    assert article.published_at == datetime(2024, 6, 27, tzinfo=UTC)


def test_impossible_date_is_none_not_an_error() -> None:
    article = parse("date 2024-02-30 WORLD\nA headline\n\nBody text.\n")
    assert article.published_at is None
    assert article.section == "WORLD"


def test_header_byline_gives_authors() -> None:
    article = parse("A headline\nBy Ana de la Cruz, Tom Reed\nJune 26, 2024\n\nBody text.\n")
    assert article.authors == ("Ana de la Cruz", "Tom Reed")


def test_standfirst_needs_header_after_it() -> None:
    article = parse("date 2024-06-26 WORLD\nA headline\nFirst body line.\nSecond body line.\n")
    assert article.subtitle is None
    assert [p.text for p in article.paragraphs] == ["First body line.", "Second body line."]


def test_multi_word_section() -> None:
    assert parse("  date 2024-09-03 MIDDLE EAST\nA headline\n\nBody.\n").section == "MIDDLE EAST"


def test_empty_dump_is_a_parse_failure() -> None:
    doc = Document(source_uri="file:///dumps/empty.txt", content=b"\n \n")
    result = parse_textdump("\ufeff\n \r\n", doc, "utf-8")
    assert isinstance(result, ParseFailure)
    assert (result.reason, result.doc_id, result.source_uri) == (
        "no_text",
        doc.doc_id,
        doc.source_uri,
    )
    assert (result.media_type, result.encoding) == ("text/plain", "utf-8")


def test_header_only_dump_is_a_parse_failure_without_title() -> None:
    doc = Document(source_uri="file:///dumps/header.txt", content=b"x")
    result = parse_textdump("date 2024-06-26 WORLD\n3 MIN READ\nExplore\n", doc, None)
    assert isinstance(result, ParseFailure)
    assert result.reason == "no_text"


# ---------------------------------------------------------------------------------------------
# The demo corpus
# ---------------------------------------------------------------------------------------------


def test_demo_corpus_is_present() -> None:
    assert len(CORPUS_DUMPS) >= 6


@pytest.mark.parametrize("path", CORPUS_DUMPS, ids=[p.stem for p in CORPUS_DUMPS])
def test_demo_corpus_dump_parses_cleanly(path: Path) -> None:
    article = parse_file(path)
    assert article.title is not None
    assert 5 <= len(article.title) <= 400
    assert article.published_at is not None
    assert article.word_count >= 100
    assert article.paragraphs
