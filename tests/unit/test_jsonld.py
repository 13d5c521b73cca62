"""JSON-LD blocks to records (transforms/jsonld.py), and which scripts the page scan hands it."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest
from selectolax.lexbor import LexborHTMLParser

from transforms.jsonld import JsonLdArticle, JsonLdPage, parse_jsonld
from transforms.metadata import collect_signals

STORY = '{"@type": "NewsArticle", "headline": "Ferry timetable changes for winter"}'


def _article(story: Mapping[str, object]) -> JsonLdArticle:
    """The article record of one JSON-LD block holding ``story``."""
    article = parse_jsonld([json.dumps(story)]).article
    assert article is not None
    return article


def test_parse_jsonld_reads_a_block() -> None:
    page = parse_jsonld([STORY])
    assert page.types == ("NewsArticle",)
    assert page.article is not None
    assert page.article.headline == "Ferry timetable changes for winter"


@pytest.mark.parametrize(
    "blocks", [[], [""], ["var quay = 1;"]], ids=["no-block", "empty-block", "not-json"]
)
def test_parse_jsonld_without_a_readable_block_is_empty(blocks: list[str]) -> None:
    assert parse_jsonld(blocks) == JsonLdPage()


@pytest.mark.parametrize(
    ("type_attribute", "is_read"),
    [
        ('type="application/ld+json"', True),
        ('type="Application/LD+JSON; charset=utf-8"', True),
        ('type="text/javascript"', False),
        ("", False),
    ],
    ids=["ld-json", "case-and-parameter", "javascript", "no-type"],
)
def test_page_scan_reads_only_jsonld_scripts(type_attribute: str, is_read: bool) -> None:
    tree = LexborHTMLParser(f"<html><head><script {type_attribute}>{STORY}</script></head></html>")
    types = collect_signals(tree, base_url=None).jsonld.types
    assert types == (("NewsArticle",) if is_read else ())


@pytest.mark.parametrize(
    ("author_type", "persons", "organizations"),
    [
        ("Person", ("Lene Voss",), ()),
        ("Organization", (), ("Lene Voss",)),
        # Yoast types the owner of a site run as a personal brand both ways: a person.
        (["Person", "Organization"], ("Lene Voss",), ()),
        ("NewsMediaOrganization", (), ("Lene Voss",)),
    ],
    ids=["person", "organization", "person-and-organization", "news-organization"],
)
def test_author_kind_follows_the_declared_type(
    author_type: object, persons: tuple[str, ...], organizations: tuple[str, ...]
) -> None:
    story = {"@type": "NewsArticle", "author": {"@type": author_type, "name": "Lene Voss"}}
    article = _article(story)
    assert (article.author_persons, article.author_organizations) == (persons, organizations)


def test_markup_in_text_values_is_dropped() -> None:
    # Drupal writes an author's name as the link to their profile page.
    story = {
        "@type": "NewsArticle",
        "headline": "Ferry <em>timetable</em> changes",
        "author": {"@type": "Person", "name": '<a href="/experts/lene-voss">Lene Voss</a>'},
    }
    article = _article(story)
    assert article.headline == "Ferry timetable changes"
    assert article.author_persons == ("Lene Voss",)


def test_each_name_of_a_person_object_listing_several_is_an_author() -> None:
    story = {
        "@type": "NewsArticle",
        "author": {"@type": "Person", "name": ["Lene Voss", "Tom Berg"]},
    }
    article = _article(story)
    assert article.author_persons == ("Lene Voss", "Tom Berg")
