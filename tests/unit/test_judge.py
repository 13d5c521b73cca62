"""The page judgement: article or not, and how far the extraction can be trusted."""

from __future__ import annotations

import pytest

from transforms.judge import Evidence, judge
from transforms.models import Paragraph

PROSE = (
    "The harbour board voted on Tuesday to rebuild the eastern breakwater before winter, "
    "after engineers warned that two sections could fail in a strong storm."
)


def story(paragraphs: int = 8) -> tuple[Paragraph, ...]:
    return tuple(Paragraph("paragraph", f"{PROSE} Point {i}.") for i in range(paragraphs))


def evidence(**changes: object) -> Evidence:
    values: dict[str, object] = {
        "url": "https://gazette.example.com/news/2024/06/26/breakwater-vote",
        "page_types": (),
        "has_title": True,
        "has_published_at": True,
        "has_authors": True,
        "paragraphs": story(),
        "word_count": 8 * 27,
        "description": None,
    }
    values.update(changes)
    return Evidence(**values)  # type: ignore[arg-type]


def test_a_plain_dated_story_is_an_article() -> None:
    verdict = judge(evidence())
    assert verdict.is_article
    assert verdict.article_score >= 0.8
    assert "has a publication date" in verdict.reasons


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"url": "https://gazette.example.com/"}, "home page URL"),
        ({"url": "https://gazette.example.com/tag/harbour/"}, "listing-page URL"),
        ({"url": "https://gazette.example.com/author/jane-doe"}, "listing-page URL"),
        ({"url": "https://gazette.example.com/news/page/3"}, "listing-page URL"),
        ({"page_types": ("Product",)}, "declared product"),
        ({"page_types": ("CollectionPage",)}, "declared collectionpage"),
    ],
    ids=["home", "tag", "author", "pagination", "product", "collection"],
)
def test_listing_and_shop_pages_are_not_articles(changes: dict[str, object], reason: str) -> None:
    verdict = judge(
        evidence(
            has_published_at=False,
            has_authors=False,
            word_count=120,
            paragraphs=story(4),
            **changes,
        )
    )
    assert not verdict.is_article
    assert reason in verdict.reasons


def test_a_topic_word_deep_in_an_article_path_is_not_a_listing() -> None:
    url = "https://ministry.example.de/themen/energie/windpark-startet-2024.html"
    verdict = judge(evidence(url=url))
    assert "listing-page URL" not in verdict.reasons
    assert verdict.is_article


def test_a_teaser_list_is_not_an_article() -> None:
    teasers = tuple(Paragraph("list_item", f"Story number {i}") for i in range(20))
    verdict = judge(
        evidence(paragraphs=teasers, word_count=60, has_published_at=False, has_authors=False)
    )
    assert not verdict.is_article
    assert {"little prose", "mostly list items"} <= set(verdict.reasons)


def test_a_declared_article_helps_a_short_story() -> None:
    short = evidence(paragraphs=story(4), word_count=110)
    declared = evidence(paragraphs=story(4), word_count=110, page_types=("NewsArticle",))
    assert judge(declared).article_score > judge(short).article_score


def test_the_dump_format_outweighs_a_short_body() -> None:
    verdict = judge(evidence(url=None, paragraphs=story(1), word_count=12, is_article_format=True))
    assert verdict.is_article
    assert verdict.extraction_score < 0.5


def test_extraction_score_rises_with_agreement_with_the_description() -> None:
    agreeing = judge(evidence(description="Harbour board votes to rebuild the breakwater"))
    disagreeing = judge(evidence(description="Museum opens a gallery of medieval tapestries"))
    assert agreeing.extraction_score > disagreeing.extraction_score
    assert 0.0 <= disagreeing.extraction_score <= agreeing.extraction_score <= 1.0


def test_no_body_scores_zero_extraction() -> None:
    verdict = judge(evidence(paragraphs=(), word_count=0))
    assert verdict.extraction_score == 0.0
    assert not verdict.is_article


def test_little_prose_counts_against_a_list_of_links_only() -> None:
    # Short lines and list items with hardly any link text are a recipe or a changelog; the
    # same shape made of links is a menu or a teaser list.
    lines = tuple(Paragraph("list_item", f"Two cups of flour, item {i}") for i in range(12))
    linky = judge(evidence(paragraphs=lines, word_count=180, link_density=0.6))
    plain = judge(evidence(paragraphs=lines, word_count=180, link_density=0.02))
    assert "little prose" in linky.reasons
    assert "little prose" not in plain.reasons
    assert plain.article_score > linky.article_score


def test_agreement_reads_the_opening_of_the_body() -> None:
    opening = Paragraph("paragraph", f"{PROSE} The breakwater vote was close.")
    tail = tuple(Paragraph("paragraph", f"Museum tapestries line {i}. " * 12) for i in range(8))
    description = "Harbour board votes to rebuild the breakwater before winter"
    first = judge(evidence(paragraphs=(opening, *tail), description=description))
    last = judge(evidence(paragraphs=(*tail, opening), description=description))
    assert first.extraction_score > last.extraction_score


@pytest.mark.parametrize("close", ["“", "«", ";", "。"])
def test_prose_ending_in_a_closing_quote_counts_as_prose(close: str) -> None:
    # German papers end a paragraph with a quotation closed by “ („…“), Swiss ones with «; the
    # judge reads sentence ends as the body extractor does.
    quoted = tuple(
        Paragraph("paragraph", f"{PROSE[:-1]} said the harbour master {i}{close}") for i in range(8)
    )
    cut = tuple(
        Paragraph("paragraph", f"{PROSE[:-1]} said the harbour master {i}") for i in range(8)
    )
    assert (
        judge(evidence(paragraphs=quoted)).article_score
        > judge(evidence(paragraphs=cut)).article_score
    )
