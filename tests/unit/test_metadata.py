"""Page metadata: golden fixture pages, each cascade step, JSON-LD reading, language codes."""

from __future__ import annotations

import gzip
import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from transforms.dates import ASSUMED_UTC
from transforms.jsonld import load_json_values, parse_jsonld
from transforms.languages import ISO_639_1, normalize_language
from transforms.metadata import (
    Credits,
    PageMetadata,
    clean_author_names,
    extract_metadata,
    split_credits,
    strip_site_name,
    wire_agency,
)
from transforms.selectors import MAX_TAGS, META_PUBLISHED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLDEN = sorted(FIXTURES.glob("meta-*.expected.json"))
BASE = "https://news.example.com/section/story"


def _meta(head: str = "", body: str = "", *, base_url: str | None = BASE) -> PageMetadata:
    """Metadata of a small page built from head and body markup."""
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(LexborHTMLParser(html), base_url=base_url)


def _ld(obj: object) -> str:
    """A JSON-LD script element holding ``obj``."""
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _as_json(meta: PageMetadata) -> dict[str, object]:
    """PageMetadata as the expected.json files write it.

    A datetime whose page gave no offset (``ASSUMED_UTC``) is written without one, so the
    goldens tell "the page said +00:00" from "the page said nothing".
    """
    out: dict[str, object] = {}
    for f in fields(PageMetadata):
        value = getattr(meta, f.name)
        if isinstance(value, datetime):
            if value.tzinfo is ASSUMED_UTC:
                value = value.replace(tzinfo=None)
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


# --- golden pages ----------------------------------------------------------------------------


def test_golden_fixtures_are_present() -> None:
    assert len(GOLDEN) >= 8
    for path in GOLDEN:
        assert path.with_name(path.name.replace(".expected.json", ".html")).is_file()


@pytest.mark.parametrize(
    "expected_path", GOLDEN, ids=[p.name.removesuffix(".expected.json") for p in GOLDEN]
)
def test_golden_page(expected_path: Path) -> None:
    case = json.loads(expected_path.read_text(encoding="utf-8"))
    html_path = expected_path.with_name(expected_path.name.replace(".expected.json", ".html"))
    tree = LexborHTMLParser(html_path.read_text(encoding="utf-8"))
    before = tree.html
    meta = extract_metadata(tree, base_url=case["base_url"])
    actual = _as_json(meta)
    assert {k: actual[k] for k in case["expected"]} == case["expected"]
    assert tree.html == before, "extract_metadata must not modify the tree"


def test_page_without_metadata_gives_empty_fields() -> None:
    meta = _meta(body="<div><p>Only text.</p></div>", base_url=None)
    assert meta == PageMetadata()


# --- title -----------------------------------------------------------------------------------


def test_title_prefers_jsonld_headline() -> None:
    meta = _meta(
        _ld({"@type": "NewsArticle", "headline": "From JSON-LD"})
        + '<meta property="og:title" content="From OG"><title>From title</title>',
        "<h1>From h1</h1>",
    )
    assert meta.title == "From JSON-LD"


def test_title_og_before_twitter_before_h1() -> None:
    head = '<meta name="twitter:title" content="From Twitter"><title>From title</title>'
    assert _meta('<meta property="og:title" content="From OG">' + head).title == "From OG"
    assert _meta(head, "<h1>From h1</h1>").title == "From Twitter"


def test_title_h1_before_html_title_and_main_h1_chosen() -> None:
    body = (
        '<header><h1 class="logo"><a href="/">Example Times</a></h1></header>'
        "<article><h1>Ferry service resumes</h1></article>"
    )
    meta = _meta("<title>Ferry service resumes | Example Times</title>", body)
    assert meta.title == "Ferry service resumes"


def test_title_webpage_name_is_not_a_headline() -> None:
    meta = _meta(
        _ld({"@type": "WebPage", "name": "Story - Example Site"}) + "<title>Story - Site</title>",
        "<h1>Story</h1>",
    )
    assert meta.title == "Story"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ferry service resumes | Example Times", "Ferry service resumes"),
        ("Ferry service resumes - Example Times", "Ferry service resumes"),
        ("Ferry service resumes — The Example Times", "Ferry service resumes"),
        ("Ferry service resumes – example-times.com", "Ferry service resumes"),
        ("Example Times: Ferry service resumes", "Ferry service resumes"),
        ("Example Times | Ferry service resumes", "Ferry service resumes"),
        ("Analysis: Ferry service resumes", "Analysis: Ferry service resumes"),
        ("Ferry service resumes", "Ferry service resumes"),
        # A template that glued the site's name to the page's as well ("{page}{site} | {site}").
        ("Ferry service resumesExample Times | Example Times", "Ferry service resumes"),
        ("Visiting Example Times | Example Times", "Visiting Example Times"),
    ],
)
def test_strip_site_name_removes_known_names(title: str, expected: str) -> None:
    assert strip_site_name(title, ["Example Times"]) == expected


def test_strip_site_name_drops_short_tails_only_where_asked() -> None:
    title = "Storm closes coastal road - Local news - Gazette"
    assert strip_site_name(title, []) == title
    assert strip_site_name(title, [], drop_short_tail=True) == "Storm closes coastal road"
    assert strip_site_name("Storm closes road | Local", []) == "Storm closes road"


def test_visible_headline_that_agrees_with_a_declared_title_wins() -> None:
    # Edited headlines: the h1 readers see and the og:title agree, the JSON-LD is stale.
    head = _ld({"@type": "NewsArticle", "headline": "Old wording of the ferry story"})
    head += '<meta property="og:title" content="Ferry back on the water">'
    body = "<article><h1>Ferry back on the water after repairs</h1></article>"
    assert _meta(head, body).title == "Ferry back on the water after repairs"


def test_heading_that_agrees_with_no_declared_title_loses() -> None:
    head = '<meta property="og:title" content="Ferry back on the water">'
    body = "<h1>Sign up for our newsletter</h1><article><p>Text.</p></article>"
    assert _meta(head, body).title == "Ferry back on the water"


def test_truncated_jsonld_headline_gives_way_to_the_complete_title() -> None:
    full = "Ferry service resumes after a winter of repairs to the harbour ramp"
    head = _ld({"@type": "NewsArticle", "headline": full[:40] + "..."})
    head += f'<meta property="og:title" content="{full}">'
    assert _meta(head).title == full


def test_masthead_h1_is_a_site_name_and_h2_carries_the_post_title() -> None:
    head = "<title>Gardenbook » Blog Archive » Overwintering chillies</title>"
    body = (
        '<div id="header"><h1><a href="/">Gardenbook</a></h1></div>'
        "<div class=post><h2>Overwintering chillies</h2><p>Text.</p></div>"
    )
    assert _meta(head, body).title == "Overwintering chillies"


def test_h1_sharing_no_word_with_the_title_is_no_headline_for_the_dateline() -> None:
    # The masthead spelled in Korean beside today's date, the story in a <dt>, its date after.
    head = "<title>Ferry back on the water after repairs - Harbourmedia</title>"
    body = (
        "<div id=logo><h1>하버 미디어</h1><span>2019-11-20</span></div>"
        "<dl class=newsTitle><dt>Ferry back on the water after repairs</dt></dl>"
        "기사입력 :[ 2018-09-28 17:32 ]<div><p>Text.</p></div>"
    )
    meta = _meta(head, body)
    assert meta.title == "Ferry back on the water after repairs"
    assert meta.published_at == datetime(2018, 9, 28, 17, 32, tzinfo=ASSUMED_UTC)


def test_one_word_og_title_is_a_section_not_the_headline() -> None:
    head = '<meta property="og:title" content="Pressemitteilungen">'
    body = "<div><h1>Blumenwiese am Hang wird wieder gemäht</h1><p>Text.</p></div>"
    assert _meta(head, body).title == "Blumenwiese am Hang wird wieder gemäht"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Über Anna Berg |", "Über Anna Berg"),
        ("Harbour Enquiries -", "Harbour Enquiries"),
        ("| Ferry back on the water", "Ferry back on the water"),
        ("-10 Grad in Berlin", "-10 Grad in Berlin"),
    ],
)
def test_separator_left_by_an_empty_template_part_is_dropped(title: str, expected: str) -> None:
    assert _meta(f"<title>{title}</title>", base_url=None).title == expected


def test_one_word_heading_does_not_agree_with_a_section_title() -> None:
    # Section templates title every story "News - Site" and print "News" as the h1.
    head = '<title>News - Example Lab</title><meta property="og:title" content="First electron">'
    assert _meta(head, "<h1>News</h1>").title == "First electron"


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        (
            '<span class="overline">Harbour works</span> Ferry back on the water',
            "Ferry back on the water",
        ),
        (
            '<span class="topline">Harbour works:</span> <span>ferry back on the water</span>',
            "Harbour works: ferry back on the water",
        ),
        ("<strong>Mayor</strong> opens the new ferry ramp", "Mayor opens the new ferry ramp"),
        (
            "<ruby>子<rt>こ</rt></ruby>どもの<ruby>本<rt>ほん</rt></ruby>",
            "子どもの本",
        ),
        (
            '<span class="visuallyhidden">Headline:</span> Ferry back on the water',
            "Ferry back on the water",
        ),
        (
            '<style data-emotion="css x1">.css-x1{color:#707070}</style>'
            '<span class="css-x1">Harbour works</span>Ferry back on the water',
            "Ferry back on the water",
        ),
    ],
    ids=["kicker", "kicker-colon", "inline-emphasis", "ruby", "screen-reader", "css-in-js"],
)
def test_heading_text_drops_kickers_and_readings_only(h1: str, expected: str) -> None:
    assert _meta(body=f"<article><h1>{h1}</h1></article>").title == expected


# --- canonical url, site name ----------------------------------------------------------------


def test_canonical_link_before_og_url_before_jsonld() -> None:
    link = '<link rel="canonical" href="/a/story?utm_source=x">'
    og = '<meta property="og:url" content="https://news.example.com/b/story">'
    ld = _ld({"@type": "NewsArticle", "url": "https://news.example.com/c/story"})
    assert _meta(link + og + ld).canonical_url == "https://news.example.com/a/story"
    assert _meta(og + ld).canonical_url == "https://news.example.com/b/story"
    assert _meta(ld).canonical_url == "https://news.example.com/c/story"


def test_canonical_from_jsonld_main_entity_of_page() -> None:
    ld = _ld({"@type": "Article", "mainEntityOfPage": {"@id": "https://news.example.com/d/"}})
    assert _meta(ld).canonical_url == "https://news.example.com/d"


def test_canonical_pointing_at_the_home_page_is_ignored() -> None:
    head = '<link rel="canonical" href="https://news.example.com/">'
    assert _meta(head).canonical_url is None
    assert _meta(head, base_url=None).canonical_url is None
    assert _meta(head, base_url="https://news.example.com/").canonical_url == (
        "https://news.example.com/"
    )


def test_relative_canonical_without_base_url_is_dropped() -> None:
    assert _meta('<link rel="canonical" href="/story">', base_url=None).canonical_url is None


def test_metas_escaped_twice_or_holding_tags_read_as_plain_text() -> None:
    head = (
        '<meta property="og:title" content="Tom &amp;amp; Jerry return to the harbour">'
        '<meta name="description" '
        'content="&lt;p&gt;Die F&amp;auml;hre ist zur&amp;uuml;ck.&lt;/p&gt;">'
    )
    meta = _meta(head, base_url=None)
    assert (meta.title, meta.description) == (
        "Tom & Jerry return to the harbour",
        "Die Fähre ist zurück.",
    )


def test_a_document_title_escaped_twice_reads_as_plain_text() -> None:
    assert _meta("<title>Tom &amp;amp; Jerry return</title>", base_url=None).title == (
        "Tom & Jerry return"
    )


def test_site_name_cascade() -> None:
    og = '<meta property="og:site_name" content="OG Site">'
    ld = _ld({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "LD Site"}})
    app = '<meta name="application-name" content="App Site">'
    assert _meta(og + ld + app).site_name == "OG Site"
    assert _meta(ld + app).site_name == "LD Site"
    assert _meta(app).site_name == "App Site"


@pytest.mark.parametrize(
    ("declared", "url", "expected"),
    [
        (
            "Harbour Herald | News from the coast",
            "https://harbourherald.example/a/b",
            "Harbour Herald",
        ),
        ("News zu Häfen | HAFEN.de", "https://www.hafen.de/news/1", "HAFEN.de"),
        (
            "La Gaceta Náutica - Noticias del puerto",
            "https://lagacetanautica.example/x",
            "La Gaceta Náutica",
        ),
        (
            "Fährplan: Neue Zeiten ab Mai - Hafen Kiel",
            "https://www.hafen-kiel.example/x",
            "Hafen Kiel",
        ),
        # A generic subdomain names no site.
        ("News | Harbour Herald", "https://news.harbourherald.example/a", "Harbour Herald"),
        # No part names the host: the name stays whole.
        (
            "Harbour Herald | News from the coast",
            "https://other.example/x",
            "Harbour Herald | News from the coast",
        ),
        # A name declared as an address is its host.
        ("https://www.harbourherald.example/", "https://other.example/x", "harbourherald.example"),
    ],
)
def test_site_name_keeps_the_part_naming_the_host(declared: str, url: str, expected: str) -> None:
    head = f'<meta property="og:site_name" content="{declared}">'
    assert _meta(head, base_url=url).site_name == expected


def test_a_headline_declared_as_the_site_name_is_passed_over() -> None:
    title = "Student halls too full to be safe, experts warn"
    head = f'<meta property="og:title" content="{title}">'
    head += f'<meta property="og:site_name" content="{title}">'
    ld = _ld(
        {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Harbour Herald"}}
    )
    assert _meta(head + ld).site_name == "Harbour Herald"


# --- subtitle, description, section ----------------------------------------------------------


def test_subtitle_from_alternative_headline() -> None:
    ld = _ld({"@type": "NewsArticle", "alternativeHeadline": "A dek from JSON-LD"})
    assert _meta(ld, "<h1>Story</h1>").subtitle == "A dek from JSON-LD"


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="standfirst">Crews worked through the night to reopen it.</p>',
        '<div class="article__dek">Crews worked through the night to reopen it.</div>',
        '<h2 class="subheadline">Crews worked through the night to reopen it.</h2>',
        '<p itemprop="alternativeHeadline">Crews worked through the night to reopen it.</p>',
        '<div class="meta"><p class="dek">Crews worked through the night to reopen it.</p></div>',
    ],
)
def test_subtitle_from_standfirst_next_to_h1(markup: str) -> None:
    meta = _meta(body=f"<article><header><h1>Bridge reopens</h1>{markup}</header></article>")
    assert meta.subtitle == "Crews worked through the night to reopen it."


def test_subtitle_is_never_the_meta_description() -> None:
    head = '<meta name="description" content="A summary for search engines only.">'
    body = "<article><h1>Bridge reopens</h1><p>First paragraph of the story.</p></article>"
    assert _meta(head, body).subtitle is None


def test_description_cascade() -> None:
    names = ["description", "og:description", "twitter:description"]
    metas = [f'<meta name="{n}" content="{n} text">' for n in names]
    ld = _ld({"@type": "NewsArticle", "description": "ld text"})
    assert _meta("".join(metas) + ld).description == "description text"
    assert _meta("".join(metas[1:]) + ld).description == "og:description text"
    assert _meta(metas[2] + ld).description == "twitter:description text"
    assert _meta(ld).description == "ld text"


def test_section_cascade() -> None:
    ld = _ld({"@type": "NewsArticle", "articleSection": ["World", "Europe"]})
    art = '<meta property="article:section" content="Politics">'
    parsely = '<meta name="parsely-section" content="Business">'
    assert _meta(ld + art + parsely).section == "World"
    assert _meta(art + parsely).section == "Politics"
    assert _meta(parsely).section == "Business"


def test_a_listed_section_gives_the_first_and_a_sentence_is_none() -> None:
    listed = _ld({"@type": "NewsArticle", "articleSection": "Brooklyn,Government,Housing"})
    assert _meta(listed).section == "Brooklyn"
    teaser = "The harbour committee met on Tuesday evening to discuss the new ferry timetable."
    sentence = _ld({"@type": "NewsArticle", "articleSection": teaser})
    art = '<meta property="article:section" content="Politics">'
    assert _meta(sentence + art).section == "Politics"
    assert _meta(sentence).section is None


def test_the_headline_and_breadcrumb_roots_are_no_sections() -> None:
    title = '<meta property="og:title" content="Why the ferry needs a new timetable">'
    same = '<meta property="article:section" content="Why the ferry needs a new timetable">'
    assert _meta(title + same).section is None
    crumbs = "".join(
        f'<meta property="article:section" content="{name}">'
        for name in ("Startseite", "Übersichtsseite", "Europa")
    )
    assert _meta(crumbs).section == "Europa"


def test_unfilled_template_variables_are_no_values() -> None:
    head = (
        '<meta name="category" content="{$category}">'
        '<meta property="article:published_time" content="{{post_date}}">'
        '<meta property="og:title" content="Templates {with} braces stay">'
    )
    meta = _meta(head)
    assert meta.section is None
    assert meta.published_at is None
    assert meta.title == "Templates {with} braces stay"


# --- authors ---------------------------------------------------------------------------------


def test_authors_jsonld_persons_without_organisations() -> None:
    ld = _ld(
        {
            "@type": "NewsArticle",
            "author": [
                {"@type": "Person", "name": "Ana Ruiz"},
                {"@type": "Organization", "name": "Example Wire"},
                "Tom Berg",
            ],
        }
    )
    meta = _meta(ld + '<meta name="author" content="Someone Else">')
    assert meta.authors == ("Ana Ruiz", "Tom Berg")


def test_authors_fall_back_to_metas_when_jsonld_names_an_organisation_only() -> None:
    ld = _ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Example"}})
    meta = _meta(ld + '<meta name="author" content="Ana Ruiz, Tom Berg">')
    assert meta.authors == ("Ana Ruiz", "Tom Berg")


@pytest.mark.parametrize("name", ["author", "parsely-author", "sailthru.author", "dc.creator"])
def test_authors_from_meta_names(name: str) -> None:
    assert _meta(f'<meta name="{name}" content="Ana Ruiz">').authors == ("Ana Ruiz",)


def test_article_author_urls_are_not_names() -> None:
    head = (
        '<meta property="article:author" content="https://www.example.com/ana.ruiz">'
        '<meta property="article:author" content="Ana Ruiz">'
    )
    assert _meta(head).authors == ("Ana Ruiz",)


@pytest.mark.parametrize(
    "byline",
    [
        '<p class="byline">By Ana Ruiz and Tom Berg</p>',
        '<div class="article-byline">By <a rel="author" href="/a">Ana Ruiz</a> and '
        '<a rel="author" href="/t">Tom Berg</a></div>',
        '<span itemprop="author">Ana Ruiz</span>, <span itemprop="author">Tom Berg</span>',
        '<div itemprop="author" itemscope><span itemprop="name">Ana Ruiz</span></div>'
        '<div itemprop="author" itemscope><span itemprop="name">Tom Berg</span></div>',
        '<p class="author-name">Von Ana Ruiz und Tom Berg</p>',
    ],
)
def test_authors_from_byline_elements(byline: str) -> None:
    body = f"<article><h1>Story</h1>{byline}<p>Text of the story.</p></article>"
    assert _meta(body=body).authors == ("Ana Ruiz", "Tom Berg")


def test_byline_in_comments_navigation_and_asides_is_ignored() -> None:
    body = (
        '<nav><span class="author">Sign In</span></nav>'
        "<article><h1>Story</h1><p>Text.</p>"
        '<aside><p class="author">Kim Osei</p></aside>'
        '<div class="comments"><span class="comment-author">Ray Dunn</span></div></article>'
    )
    assert _meta(body=body).authors == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Ana Ruiz and Tom Berg"], ("Ana Ruiz", "Tom Berg")),
        (["Ana Ruiz, Tom Berg & Lea Wu"], ("Ana Ruiz", "Tom Berg", "Lea Wu")),
        (["BY: Ana Ruiz"], ("Ana Ruiz",)),
        (["Von Jana Vogel"], ("Jana Vogel",)),
        (["Par Lucie Fontaine et Marc Roy"], ("Lucie Fontaine", "Marc Roy")),
        (["By Ana Ruiz Updated 3 hours ago"], ("Ana Ruiz",)),
        (["By Ana Ruiz | June 26, 2024"], ("Ana Ruiz",)),
        (["By April Roach, June 26"], ("April Roach",)),
        (["Ana Ruiz, Senior Reporter"], ("Ana Ruiz",)),
        (["By Ana Ruiz in Berlin"], ("Ana Ruiz",)),
        (["Ana Ruiz @anaruiz ana@example.com"], ("Ana Ruiz",)),
        (["https://example.com/authors/ana-ruiz"], ()),
        (["Ana Ruiz", "ana ruiz", "ANA RUIZ"], ("Ana Ruiz",)),
        (["Reuters"], ()),
        (["Staff"], ()),
        (["Editorial Team"], ()),
        (["By Ana Ruiz and The Associated Press"], ("Ana Ruiz",)),
        (["Ursula Le Guin"], ("Ursula Le Guin",)),
        (["Updated 3 hours ago"], ()),
        (["x" * 2000], ()),
    ],
)
def test_clean_author_names(raw: list[str], expected: tuple[str, ...]) -> None:
    assert clean_author_names(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Ruiz, Ana"], ("Ana Ruiz",)),
        (["By Ana Ruiz, Senior Reporter, and Tom Berg"], ("Ana Ruiz", "Tom Berg")),
        (["Richard Vogel im Gespräch mit Karin Maus"], ("Richard Vogel", "Karin Maus")),
        (["Christoph von Ritter"], ("Christoph von Ritter",)),
        (["Heiko Linde Do 9 Apr 2020"], ("Heiko Linde",)),
        (["Dana Lemke A professor of law"], ("Dana Lemke",)),
        (["Zeige alle Beiträge von Cem Ardal"], ("Cem Ardal",)),
        (["Autor: Gabor Munz, Datum: 15.06.2019"], ("Gabor Munz",)),
        (["D.E"], ()),
        (["Updated 3 hours ago · Share"], ()),
        # The dateline's city after the writer or the agency is no one.
        (["Markus Haefliger, London, Beat Bumbacher"], ("Markus Haefliger", "Beat Bumbacher")),
        (["PTI, ", " Washington, "], ()),
        (["Ana Ruiz (Berlin)"], ("Ana Ruiz",)),
        (["Ana Ruiz, Staff Writer"], ("Ana Ruiz",)),
        (["Michael Lee Anderson, PhD; Carla Dobkin, MD"], ("Michael Lee Anderson", "Carla Dobkin")),
        (["Tom Berg, Jr."], ("Tom Berg Jr",)),
        (
            ["Reporting by Ana Ruiz and Tom Berg; Additional reporting by Eva Lind; Editing by Jo"],
            ("Ana Ruiz", "Tom Berg", "Eva Lind"),
        ),
        (["Ana Ruiz / Editing by Tom Berg"], ("Ana Ruiz",)),
        (["Ana Ruiz - Tom Berg"], ("Ana Ruiz", "Tom Berg")),
        (["Ana Ruiz-Berg"], ("Ana Ruiz-Berg",)),
        # A byline's agency div run into the names (hosted.ap.org).
        (["By Ana Ruiz and TOM BERG Associated Press"], ("Ana Ruiz", "TOM BERG")),
        (["By Ana Ruiz The Associated Press"], ("Ana Ruiz",)),
        (["Editorial Staff Publish date: Oct 4, 2018"], ()),
        # An author box's blurb is no name; a handle after a first name is cut.
        (["Siamo un memorabilia del meglio dei fantastici anni ottanta!"], ()),
        (["Ana Ruiz & Photo: Tom Berg"], ("Ana Ruiz",)),
        (["Ana Ruiz – Editing by Tom Berg"], ("Ana Ruiz",)),
    ],
)
def test_split_credits_people(raw: list[str], expected: tuple[str, ...]) -> None:
    assert split_credits(raw).people == expected


@pytest.mark.parametrize("placeholder", ["publisher", "anónimo", "Anonym", "unbekannt"])
def test_placeholder_credits_name_nobody(placeholder: str) -> None:
    # Structured data is trusted with one-word handles ("gizzmo"), not with CMS placeholders.
    assert split_credits([placeholder], trusted=True) == split_credits([])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["det/dpa"], ("det/dpa",)),
        (["Staff and news service reports"], ("Staff and news service reports",)),
        (["Redaktion 1. November 2023 10:29"], ("Redaktion",)),
        (["Beispielverband e. V."], ("Beispielverband e. V",)),
        (["Autor: rezepte.example.pl"], ("rezepte.example.pl",)),
        (["Ana Ruiz | PA Media"], ("PA Media",)),
        (["PTI, ", " Washington, "], ("PTI",)),
        (["Ana Ruiz (AP)"], ("AP",)),
        (["Ana Ruiz, Staff Writer"], ()),
        (["By Ana Ruiz and TOM BERG Associated Press"], ("Associated Press",)),
        (["Editorial Staff Publish date: Oct 4, 2018"], ("Editorial Staff",)),
    ],
)
def test_split_credits_organizations(raw: list[str], expected: tuple[str, ...]) -> None:
    assert split_credits(raw).organizations == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # dcterms.creator on haufe.de: "& Co." belongs to the company, the notice goes.
        (
            "Copyright Example-Verlag GmbH & Co. KG - all rights reserved",
            Credits((), ("Example-Verlag GmbH & Co. KG",)),
        ),
        ("Berg & Co.", Credits((), ("Berg & Co",))),
        ("© 2021 Ana Ruiz", Credits(("Ana Ruiz",), ())),
        ("Copyright Ana Ruiz. Alle Rechte vorbehalten.", Credits(("Ana Ruiz",), ())),
        ("Ana Ruiz & Colin Berg", Credits(("Ana Ruiz", "Colin Berg"), ())),
        # article:author holding a profile address without "https://" names nobody.
        ("facebook.com/examplenews", Credits((), ())),
        ("Ana Ruiz (x.com/anaruiz)", Credits(("Ana Ruiz",), ())),
    ],
)
def test_split_credits_reads_notices_and_addresses(raw: str, expected: Credits) -> None:
    assert split_credits([raw], trusted=True) == expected


@pytest.mark.parametrize(
    ("organizations", "opening", "expected"),
    [
        (("The Associated Press",), None, "The Associated Press"),
        (("Example Times", "det/dpa"), None, "dpa"),
        ((), "WASHINGTON (AP) — The Senate voted on Tuesday.", "AP"),
        ((), "Berlin (dpa) - Der Bundestag hat am Dienstag beschlossen.", "dpa"),
        # Own copy: a desk, a parenthesis that names no agency, no dateline at all.
        (("Redaktion",), "Ein Satz (mit Klammer) - und mehr.", None),
        ((), "The harbour committee met on Tuesday (AP photos below).", None),
    ],
)
def test_wire_agency(
    organizations: tuple[str, ...], opening: str | None, expected: str | None
) -> None:
    assert wire_agency(organizations, opening) == expected


def test_split_credits_site_names_and_personal_blogs() -> None:
    keys = frozenset({"jobshire", "helgeberger"})
    assert split_credits(["Jobs & Hire"], site_keys=keys) == Credits((), ("Jobs & Hire",))
    # A blog named after its author: the name stays a person.
    assert split_credits(["Helge Berger"], site_keys=keys).people == ("Helge Berger",)
    assert split_credits(["Helge Berger and Ana Ruiz"], site_keys=keys).people == (
        "Helge Berger",
        "Ana Ruiz",
    )
    # The writer, then her publication: the site named last is an organisation.
    keys = frozenset({"businessinsider"})
    assert split_credits(["Tanza Lind, Business Insider"], site_keys=keys) == Credits(
        ("Tanza Lind",), ("Business Insider",)
    )
    assert split_credits(["Business Insider"], site_keys=keys).people == ("Business Insider",)
    # A publication's name with its article is never a person's.
    keys = frozenset({"economist"})
    assert split_credits(["The Economist"], site_keys=keys) == Credits((), ("The Economist",))


def test_split_credits_handles_only_from_structured_data() -> None:
    assert split_credits(["gizzmo"], trusted=True).people == ("gizzmo",)
    assert split_credits(["gizzmo"]).people == ()
    assert split_credits(["Matthias herrpfleger"]).people == ("Matthias",)


def test_credits_keep_jsonld_organisations_apart() -> None:
    ld = _ld(
        {
            "@type": "NewsArticle",
            "author": [
                {"@type": "Person", "name": "Ana Ruiz"},
                {"@type": "NewsMediaOrganization", "name": "Example Wire"},
            ],
        }
    )
    meta = _meta(ld)
    assert (meta.authors, meta.organizations) == (("Ana Ruiz",), ("Example Wire",))


def test_author_meta_naming_more_people_extends_jsonld() -> None:
    ld = _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ana Ruiz"}})
    head = ld + '<meta name="author" content="Ana Ruiz, Tom Berg">'
    assert _meta(head).authors == ("Ana Ruiz", "Tom Berg")


def test_author_metas_are_read_one_name_at_a_time() -> None:
    # The publisher in "author", the writers in "article:author".
    head = (
        '<meta name="author" content="Example Media Group">'
        '<meta property="article:author" content="Ana Ruiz,Tom Berg">'
    )
    meta = _meta(head)
    assert (meta.authors, meta.organizations) == (
        ("Ana Ruiz", "Tom Berg"),
        ("Example Media Group",),
    )


def test_written_by_twitter_label_names_the_author() -> None:
    head = (
        '<meta name="twitter:label1" content="Verfasst von">'
        '<meta name="twitter:data1" content="Lene Voss">'
    )
    assert _meta(head).authors == ("Lene Voss",)


def test_organisation_declared_in_json_ld_stays_one_under_a_written_by_label() -> None:
    # Yoast prints the JSON-LD Organization author under "Verfasst von"; two capitalised
    # words read like a person's name, the declaration says otherwise.
    head = _ld(
        {
            "@type": "NewsArticle",
            "headline": "Harbour wall done",
            "author": [{"@type": "Organization", "name": "Elbe Bote"}],
        }
    )
    head += (
        '<meta name="twitter:label1" content="Verfasst von">'
        '<meta name="twitter:data1" content="Elbe Bote">'
    )
    meta = _meta(head, "<main><h1>Harbour wall done</h1><p>Text.</p></main>")
    assert (meta.authors, meta.organizations) == ((), ("Elbe Bote",))


def test_site_named_as_author_gives_way_to_the_byline() -> None:
    head = '<meta property="og:site_name" content="Estuary Herald News">'
    head += '<meta name="author" content="Estuary Herald News">'
    body = '<main><h1>Harbour wall done</h1><p class="byline">By Pia Lund</p><p>Text.</p></main>'
    meta = _meta(head, body)
    assert (meta.authors, meta.organizations) == (("Pia Lund",), ("Estuary Herald News",))


def test_byline_styled_by_css_in_js_is_read_without_its_styles() -> None:
    # emotion's server rendering prints a <style> before each styled span, bylines included.
    body = (
        '<article><h1>Harbour wall done</h1><div class="byline">'
        '<style data-emotion="css q1">.css-q1{font-weight:700}</style>'
        '<span class="css-q1">By Pia Lund</span></div><p>Text.</p></article>'
    )
    assert _meta(body=body).authors == ("Pia Lund",)


def test_by_line_without_markup_next_to_the_headline() -> None:
    body = "<div><h1>Harbour wall done</h1><div>By Jose de la Cruz</div><p>Text.</p></div>"
    assert _meta(body=body).authors == ("Jose de la Cruz",)


def test_byline_category_links_are_not_names() -> None:
    body = (
        '<article><h1>Test drive</h1><div class="article-author">von '
        '<a href="/autoren/eva-berg">Eva Berg</a> in Rubrik: <a href="/tests/">Hybrid</a>, '
        '<a href="/tests/suv/">SUV</a></div><p>Text.</p></article>'
    )
    assert _meta(body=body).authors == ("Eva Berg",)


def test_aside_meta_box_next_to_the_headline_holds_the_byline() -> None:
    body = (
        "<article><header><h1>Zoos sind Auslaufmodelle</h1></header>"
        '<aside class="meta"><p class="authors">Von: <a href="/autor/mo-pietsch">Mo Pietsch</a>'
        "</p></aside><p>Text.</p></article>"
    )
    assert _meta(body=body).authors == ("Mo Pietsch",)


def test_first_name_only_person_takes_the_full_name_from_its_description() -> None:
    ld = _ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "BlogPosting", "headline": "H", "author": {"@id": "#p"}},
                {
                    "@type": "Person",
                    "@id": "#p",
                    "name": "Tamsin",
                    "description": "Tamsin Oduya ist freie Autorin und schreibt über Gärten.",
                },
            ],
        }
    )
    assert _meta(ld).authors == ("Tamsin Oduya",)


def test_first_name_stays_when_the_description_does_not_spell_it() -> None:
    person = {"@type": "Person", "name": "Tamsin", "description": "Sie schreibt über Gärten."}
    ld = _ld({"@type": "BlogPosting", "headline": "H", "author": person})
    assert _meta(ld).authors == ("Tamsin",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Isabella.Rossi", ("Isabella.Rossi",)),
        ("C.Marlowe", ("C.Marlowe",)),
        ("D.E", ()),
        ("U.S.", ()),
    ],
)
def test_names_written_with_dots(name: str, expected: tuple[str, ...]) -> None:
    body = (
        f'<article><h1>Story</h1><div class="author">Von <a href="/u/x">{name}</a></div></article>'
    )
    assert _meta(body=body).authors == expected


def test_user_name_in_the_metas_gives_way_to_the_byline_that_spells_it() -> None:
    head = '<meta name="author" content="jose_nunez">'
    body = (
        '<article><h1>Story</h1><p class="byline">Autor: <a href="/autoren/jose-nunez">'
        "José Núñez</a></p><p>Text.</p></article>"
    )
    assert _meta(head, body).authors == ("José Núñez",)
    # A byline naming someone else does not replace it.
    other = body.replace("José Núñez", "Ana Ruiz")
    assert _meta(head, other).authors == ("jose_nunez",)


def _story_with_foot(foot: str) -> str:
    """A story whose credit sits in ``foot``, below the text and out of reach of the byline
    walk around the headline."""
    text = "".join(f"<p>Paragraph {n} of the story about the harbour.</p>" for n in range(8))
    return (
        '<div class="page"><div class="head"><p class="kicker">Harbour</p><div class="title">'
        '<p class="section">Local</p><h1>Harbour wall done</h1></div></div>'
        f'<div class="text">{text}</div><div class="share"><a href="/s">Share</a></div>'
        f'<div class="related"><p>More stories</p></div><div class="foot">{foot}</div></div>'
    )


@pytest.mark.parametrize(
    "foot",
    [
        '<p><strong>Autor:</strong> <a href="/profil/7">Eva Berg</a><br>'
        '<strong>Tags:</strong> <a href="/tag/hafen">hafen</a></p>',
        '<a href="#"><b>Von:</b><br><br>Eva Berg</a>',
        '<p><em>Written by: <a href="https://other.example/eva">Eva Berg</a></em></p>',
        "<dl><dt>Text</dt><dd>Eva Berg</dd></dl>",
        # The affiliation and its town after the writer are no co-authors.
        "<p><em>Autor: Eva Berg, Landesanstalt für Obstbau, Bad Beispiel (D)</em></p>",
    ],
)
def test_authors_from_a_credit_label_in_the_story(foot: str) -> None:
    assert _meta(body=_story_with_foot(foot)).authors == ("Eva Berg",)


@pytest.mark.parametrize(
    "foot",
    [
        "<p><strong>Fotos:</strong> Eva Berg</p>",
        "<p><strong>Tags:</strong> Eva Berg</p>",
        "<p><b>By the way</b> Eva Berg called.</p>",
        '<form><p><strong>Autor:</strong> <input name="name"> Eva Berg</p></form>',
    ],
)
def test_photo_credits_and_other_labels_name_no_author(foot: str) -> None:
    assert _meta(body=_story_with_foot(foot)).authors == ()


def test_town_after_the_affiliation_in_a_byline_line_is_no_person() -> None:
    body = (
        "<div><h1>Harbour wall done</h1>"
        "<p>Autor: Eva Berg, Landesanstalt für Obstbau, Bad Beispiel</p><p>Text.</p></div>"
    )
    meta = _meta(body=body)
    assert (meta.authors, meta.organizations) == (("Eva Berg",), ("Landesanstalt",))


def test_byline_adds_the_co_author_structured_data_left_out() -> None:
    head = _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Nora Sand"}})
    body = (
        '<article><header><h1>Story</h1><span class="vcard author"><span class="fn">'
        "{}</span></span></header><p>Text.</p></article>"
    )
    assert _meta(head, body.format("von Nora Sand, Emil Brandt")).authors == (
        "Nora Sand",
        "Emil Brandt",
    )
    # A byline naming somebody else, or the first writer and words that are no name, does not.
    assert _meta(head, body.format("von Emil Brandt, Ida Roth")).authors == ("Nora Sand",)
    assert _meta(head, body.format("By Nora Sand Get")).authors == ("Nora Sand",)


def _fixture_meta(name: str, base_url: str) -> PageMetadata:
    """Metadata of the fixture page ``name``."""
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_metadata(LexborHTMLParser(html), base_url=base_url)


def test_author_page_link_in_the_meta_line_above_the_headline_block() -> None:
    meta = _fixture_meta("meta-author-page-link.html", "https://blatt.example.de/artikel/bruecke")
    # Not the writer a paragraph links to, nor the teaser's below the story.
    assert meta.authors == ("Eva Berg",)


@pytest.mark.parametrize(
    "line",
    [
        # A link in a paragraph names somebody the story mentions.
        "<p>Wie <a href='/autor/ruiz_a'>Ana Ruiz</a> an dieser Stelle schon im Herbst schrieb, "
        "war die Sanierung seit Jahren geplant und wurde immer wieder verschoben, weil der "
        "Haushalt dafür kein Geld vorsah und der Hafenverein ganz andere Pläne verfolgte.</p>",
        # A link to a category or a tag is no author page.
        "<div class='metazeile'><a href='/thema/hafen'>Hafen Aktuell</a> / 14.03.2021</div>",
    ],
)
def test_author_page_links_outside_a_short_line_are_no_byline(line: str) -> None:
    body = (
        f"<div class='beitrag'>{line}<div class='text'><div><h2>Die Brücke am Hafen</h2>"
        "<p>Die Brücke ist gesperrt.</p></div></div></div>"
    )
    assert _meta("<title>Die Brücke am Hafen</title>", body).authors == ()


def test_structured_login_gives_way_to_the_name_the_story_prints() -> None:
    meta = _fixture_meta("meta-spelled-login.html", "https://nachrichten.example.de/n1/wahl.html")
    assert meta.authors == ("Tobias K. Lindner",)


def test_structured_login_the_page_never_spells_names_nobody() -> None:
    head = _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "tobias.lindner"}})
    # Lower case in a sentence or another family name: not the login's owner.
    body = (
        "<article><h1>Wahl</h1><p>Gefragt hat tobias lindner nicht. Tobias Mohn "
        "kommentiert. Ein Gruß an Tobias und Lindner.</p></article>"
    )
    assert _meta(head, body).authors == ()


def test_translator_box_beside_the_author_is_no_co_author() -> None:
    head = _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Nora Sand"}})
    body = (
        '<article><header><h1>Story</h1><div class="post-authors">'
        '<div class="postAuthor"><span class="label">Von</span>: '
        '<a class="author" href="/team/nora-sand/">Nora Sand</a></div>'
        '<div class="postAuthor"><span class="label">Übersetzt von</span>: '
        '<a class="author" href="/team/emil-brandt/">Emil Brandt</a></div>'
        "</div></header><p>Text.</p></article>"
    )
    assert _meta(head, body).authors == ("Nora Sand",)
    assert split_credits(["Übersetzt von: Emil Brandt", "Photo: Ida Roth"]).people == ()


def test_credit_naming_the_site_with_more_words_is_an_organisation() -> None:
    head = '<meta name="author" content="SV Nordhafen Kiel">'
    meta = _meta(head, base_url="https://www.nordhafen-kiel.example/news/1")
    assert (meta.authors, meta.organizations) == ((), ("SV Nordhafen Kiel",))
    # One word that matches the site is a person's name on a personal site.
    single = _meta(
        '<meta name="author" content="Anna Nordhafen">', base_url="https://nordhafen.example/a"
    )
    assert single.authors == ("Anna Nordhafen",)


def test_headline_found_by_the_title_when_no_heading_element_holds_it() -> None:
    head = "<title>Kleingartenverein Ostufer - Neue Wasserleitung gelegt</title>"
    body = (
        '<table><tr><td class="head">Neue Wasserleitung gelegt</td></tr>'
        "<tr><td><span>Geschrieben von Gerda Linz</span> <span>am 02.05.2019</span></td></tr>"
        "<tr><td>Die Leitung reicht jetzt bis zum letzten Beet.</td></tr></table>"
    )
    meta = _meta(head, body, base_url=None)
    assert meta.title == "Neue Wasserleitung gelegt"
    assert meta.authors == ("Gerda Linz",)
    assert meta.published_at == datetime(2019, 5, 2, tzinfo=UTC)


# --- dates -----------------------------------------------------------------------------------


def test_update_date_printed_under_the_headline_is_the_page_date() -> None:
    ld = _ld(
        {
            "@type": "NewsArticle",
            "datePublished": "2021-02-01T09:00:00+01:00",
            "dateModified": "2022-06-10T12:00:00+02:00",
        }
    )
    body = "<article><h1>Story</h1><p>Zuletzt aktualisiert: 10. Juni 2022</p><p>Text.</p></article>"
    published = _meta(ld, body).published_at
    assert published is not None
    assert published.isoformat() == "2022-06-10T12:00:00+02:00"


def test_a_date_near_the_headline_that_is_no_update_leaves_the_publication_date() -> None:
    ld = _ld(
        {
            "@type": "NewsArticle",
            "datePublished": "2021-02-01T09:00:00+01:00",
            "dateModified": "2022-06-10T12:00:00+02:00",
        }
    )
    body = "<article><h1>Stammtisch</h1><p>Termin: 21.03.2021, 19 Uhr</p></article>"
    published = _meta(ld, body).published_at
    assert published is not None
    assert published.isoformat() == "2021-02-01T09:00:00+01:00"


def test_printed_dateline_wins_over_a_generic_date_meta() -> None:
    head = '<meta name="date" content="2021-10-15">'
    body = "<div><h1>Neue Präsidentin gewählt</h1><p>Erschienen am: 13.10.2021</p></div>"
    assert _meta(head, body, base_url=None).published_at == datetime(2021, 10, 13, tzinfo=UTC)


def test_utc_meta_does_not_hide_the_local_time_printed_by_the_headline() -> None:
    ld = _ld({"@type": "NewsArticle", "datePublished": "2020-02-25T02:25:54Z"})
    head = ld + '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    body = '<article><h1>Story</h1><p class="byline-date">February 24, 2020 | 9:25pm</p></article>'
    published = _meta(head, body).published_at
    assert published is not None
    assert published.isoformat() == "2020-02-24T21:25:54-05:00"


def test_labelled_date_in_the_foot_is_the_last_resort() -> None:
    body = (
        "<div><h1>Zinnkerne</h1><p>Text ohne Datum.</p></div>"
        "<footer>Veröffentlicht am 03.02.2020 · Aktualisiert am 17.01.2021</footer>"
    )
    assert _meta(body=body, base_url=None).published_at == datetime(2020, 2, 3, tzinfo=UTC)
    updated_only = "<div><h1>Zinnkerne</h1></div><footer>Stand: 30.12.2016</footer>"
    assert _meta(body=updated_only, base_url=None).published_at == datetime(
        2016, 12, 30, tzinfo=UTC
    )


def test_date_labels_inside_script_data_are_ignored() -> None:
    body = '<div><h1>Zinnkerne</h1></div><script>var d = {"__Updated": "2021-01-17"};</script>'
    assert _meta(body=body, base_url=None).published_at is None


def test_published_at_prefers_jsonld() -> None:
    ld = _ld({"@type": "NewsArticle", "datePublished": "2024-06-26T09:30:00+05:30"})
    head = ld + '<meta property="article:published_time" content="2024-06-20T00:00:00Z">'
    offset = timezone(timedelta(hours=5, minutes=30))
    assert _meta(head).published_at == datetime(2024, 6, 26, 9, 30, tzinfo=offset)


@pytest.mark.parametrize("name", META_PUBLISHED)
def test_published_at_from_meta_names(name: str) -> None:
    if name.startswith("itemprop:"):
        tag = f'<meta itemprop="{name.removeprefix("itemprop:")}" content="2024-06-26">'
    else:
        tag = f'<meta name="{name}" content="2024-06-26">'
    assert _meta(tag).published_at == datetime(2024, 6, 26, tzinfo=UTC)


def test_published_meta_order_is_kept() -> None:
    head = (
        '<meta name="date" content="2024-06-01">'
        '<meta property="article:published_time" content="2024-06-26T10:00:00Z">'
    )
    assert _meta(head).published_at == datetime(2024, 6, 26, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "markup",
    [
        '<time pubdate datetime="2024-06-26T10:00:00Z">x</time>',
        '<time itemprop="datePublished" datetime="2024-06-26T10:00:00Z">x</time>',
        '<article><time datetime="2024-06-26T10:00:00Z">x</time></article>',
        '<time class="entry-date published updated" datetime="2024-06-26T10:00:00Z">x</time>',
    ],
)
def test_published_at_from_time_elements(markup: str) -> None:
    body = '<time datetime="2023-01-01T00:00:00Z">sidebar</time>' + markup
    assert _meta(body=body).published_at == datetime(2024, 6, 26, 10, tzinfo=UTC)


def test_time_marked_as_update_does_not_date_publication() -> None:
    body = '<article><time class="updated" datetime="2024-06-27T10:00:00Z">x</time></article>'
    assert _meta(body=body, base_url=None).published_at is None


def test_published_at_from_url_then_visible_date() -> None:
    meta = _meta(body="<article><h1>Story</h1><p>26 June 2024</p></article>", base_url=None)
    assert meta.published_at == datetime(2024, 6, 26, tzinfo=UTC)
    meta = _meta(
        body="<article><h1>Story</h1><p>26 June 2024</p></article>",
        base_url="https://news.example.com/2024/06/20/story",
    )
    assert meta.published_at == datetime(2024, 6, 20, tzinfo=UTC)


def test_updated_at_cascade() -> None:
    ld = _ld({"@type": "NewsArticle", "dateModified": "2024-06-27T00:00:00Z"})
    art = '<meta property="article:modified_time" content="2024-06-28T00:00:00Z">'
    og = '<meta property="og:updated_time" content="2024-06-29T00:00:00Z">'
    dc = '<meta name="dc.date.modified" content="2024-06-30">'
    item = '<time itemprop="dateModified" datetime="2024-07-01">x</time>'
    assert _meta(ld + art + og + dc).updated_at == datetime(2024, 6, 27, tzinfo=UTC)
    assert _meta(art + og + dc).updated_at == datetime(2024, 6, 28, tzinfo=UTC)
    assert _meta(og + dc).updated_at == datetime(2024, 6, 29, tzinfo=UTC)
    assert _meta(dc).updated_at == datetime(2024, 6, 30, tzinfo=UTC)
    assert _meta(body=item).updated_at == datetime(2024, 7, 1, tzinfo=UTC)


def test_dates_after_the_fetch_time_are_skipped() -> None:
    # A template stamping "now" in JSON-LD, or a scheduled date leaking into the metas.
    head = _ld({"@type": "NewsArticle", "datePublished": "2031-01-01T00:00:00Z"})
    head += '<meta property="article:published_time" content="2024-06-26T08:00:00+02:00">'
    head += '<meta property="article:modified_time" content="2030-05-01T00:00:00Z">'
    tree = LexborHTMLParser(f"<html><head>{head}</head><body></body></html>")
    fetched = datetime(2024, 7, 1, tzinfo=UTC)
    meta = extract_metadata(tree, base_url=None, not_after=fetched)
    assert meta.published_at == datetime(2024, 6, 26, 6, tzinfo=UTC)
    assert meta.updated_at is None
    assert extract_metadata(tree, base_url=None).published_at == datetime(2031, 1, 1, tzinfo=UTC)
    # A naive fetch time is read as UTC rather than failing the comparison.
    naive = extract_metadata(tree, base_url=None, not_after=datetime(2024, 7, 1))
    assert naive.published_at == datetime(2024, 6, 26, 6, tzinfo=UTC)


def test_update_before_the_publication_is_dropped() -> None:
    ld = _ld(
        {
            "@type": "NewsArticle",
            "datePublished": "2024-06-26T10:00:00Z",
            "dateModified": "2024-06-25T10:00:00Z",
        }
    )
    assert _meta(ld).updated_at is None


def test_utc_time_takes_the_offset_a_meta_states_for_the_same_instant() -> None:
    ld = _ld({"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"})
    head = ld + '<meta property="article:published_time" content="2019-10-19T00:04:00+02:00">'
    published = _meta(head).published_at
    assert published is not None
    assert published.isoformat() == "2019-10-19T00:04:00+02:00"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("3/5/2022 22:41", "2022-05-03T22:41:00-04:00"),
        ("3/5/2022 22:17", "2022-05-04T02:41:00+00:00"),  # minutes differ: another event
        ("3/5/2022", "2022-05-04T02:41:00+00:00"),  # no time of day: no offset to read
    ],
)
def test_utc_time_takes_the_offset_of_the_printed_local_time(printed: str, expected: str) -> None:
    ld = _ld({"@type": "NewsArticle", "datePublished": "Wed, 04 May 2022 02:41:00 GMT"})
    body = f"<article><h1>Robo de autos</h1><p class=fecha>Ana Ruiz {printed}</p></article>"
    html = f'<html lang="es-BO"><head>{ld}</head><body>{body}</body></html>'
    published = extract_metadata(LexborHTMLParser(html), base_url=None).published_at
    assert published is not None
    assert published.isoformat() == expected


def test_dates_without_an_offset_are_marked() -> None:
    meta = _meta('<meta property="article:published_time" content="2024-06-26T10:00:00">')
    assert meta.published_at is not None
    assert meta.published_at.tzinfo is ASSUMED_UTC
    stated = _meta('<meta property="article:published_time" content="2024-06-26T10:00:00Z">')
    assert stated.published_at is not None
    assert stated.published_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en-US", datetime(2024, 6, 7, tzinfo=UTC)),
        ("en-GB", datetime(2024, 7, 6, tzinfo=UTC)),
        ("fr", datetime(2024, 7, 6, tzinfo=UTC)),
        ("en", None),
    ],
)
def test_numeric_dates_are_read_in_the_page_locale(lang: str, expected: datetime | None) -> None:
    html = (
        f'<html lang="{lang}"><head></head><body><article><h1>Ferry back</h1>'
        '<span class="time">06/07/2024</span><p>Text.</p></article></body></html>'
    )
    assert extract_metadata(LexborHTMLParser(html), base_url=None).published_at == expected


def test_blogger_abbr_marked_as_date_published() -> None:
    body = (
        '<div class="post"><h3>Privacy</h3><abbr class="published" itemprop="datePublished" '
        'title="2018-06-05T08:00:00-07:00">08:00</abbr></div>'
    )
    published = _meta(body=body, base_url=None).published_at
    assert published is not None
    assert published.isoformat() == "2018-06-05T08:00:00-07:00"


def test_hatom_abbr_marked_published_dates_the_post() -> None:
    # Older blog themes (hAtom): <abbr class="published" title="ISO">5:11 AM</abbr>.
    body = (
        '<div class="hentry"><h3>Release notes</h3><span class="post-timestamp">at '
        '<abbr class="published" title="2016-12-23T05:11:00-05:00">5:11 AM</abbr></span>'
        "<p>Text.</p></div>"
    )
    published = _meta(body=body, base_url=None).published_at
    assert published is not None
    assert published.isoformat() == "2016-12-23T05:11:00-05:00"


def test_dateline_skips_body_dates_and_the_header_clock() -> None:
    body = (
        '<header><div class="today">Heute ist Montag, 3. Juni 2024</div></header>'
        "<div><h1>Blumenwiese am Hang wird gemäht</h1>"
        "<p>Der Verein ruft alle Mitglieder zum Heuen auf und erinnert an den Beschluss vom "
        "1. Juni 1998, der das Mähen von Hand vorschreibt, seit jener denkwürdigen Versammlung "
        "im alten Gemeindesaal, zu der fast das ganze Dorf gekommen war.</p>"
        "<p>Bergdorf, 14.05.2024 – Nach zwei Jahren Pause mäht der Verein wieder.</p></div>"
    )
    published = _meta(body=body, base_url=None).published_at
    assert published == datetime(2024, 5, 14, tzinfo=UTC)


def test_relative_dates_are_not_dates() -> None:
    body = "<article><h1>Blumenwiese</h1><p>vor 3 Stunden</p><p>Text.</p></article>"
    assert _meta(body=body, base_url=None).published_at is None


def test_date_classed_element_is_the_last_resort() -> None:
    # Table-layout CMS: no headline element, the date in a span named for it.
    body = (
        '<table><tr><td class="itemHead">Weichen für die Zukunft</td></tr><tr><td>'
        '<span class="itemPoster">Geschrieben von Cooper</span> '
        '<span class="itemPostDate">am 25.08.2015 22:30</span></td></tr></table>'
    )
    published = _meta(body=body, base_url=None).published_at
    assert published == datetime(2015, 8, 25, 22, 30, tzinfo=UTC)


# --- language, image, tags, reading time, page types ------------------------------------------


def test_language_cascade() -> None:
    ld = _ld({"@type": "NewsArticle", "inLanguage": "pt-BR"})
    cl = '<meta http-equiv="content-language" content="de">'
    og = '<meta property="og:locale" content="fr_FR">'

    def html(head: str, lang: str = "") -> PageMetadata:
        doc = f"<html{lang}><head>{head}</head><body></body></html>"
        return extract_metadata(LexborHTMLParser(doc), base_url=None)

    assert html(cl + og + ld, ' lang="en-US"').language == "en"
    assert html(cl + og + ld, ' lang="x-default"').language == "de"
    assert html(og + ld).language == "fr"
    assert html(ld).language == "pt"


def test_image_cascade_and_relative_urls() -> None:
    og = '<meta property="og:image" content="/img/og.jpg">'
    tw = '<meta name="twitter:image" content="https://cdn.example.com/tw.jpg">'
    ld = _ld({"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "/img/ld.jpg"}]})
    assert _meta(og + tw + ld).image_url == "https://news.example.com/img/og.jpg"
    assert _meta(tw + ld).image_url == "https://cdn.example.com/tw.jpg"
    assert _meta(ld).image_url == "https://news.example.com/img/ld.jpg"


def test_tags_are_merged_cleaned_and_capped() -> None:
    head = (
        '<meta property="article:tag" content="Ferries">'
        '<meta property="article:tag" content="harbour, transport">'
        + _ld({"@type": "NewsArticle", "keywords": ["ferries", "Winter works"]})
        + '<meta name="keywords" content="transport,  , Port Example, /article, https://x.example">'
    )
    assert _meta(head).tags == ("Ferries", "harbour", "transport", "Winter works", "Port Example")
    many = '<meta name="news_keywords" content="{}">'.format(",".join(f"t{i}" for i in range(50)))
    assert len(_meta(many).tags) == MAX_TAGS


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (_ld({"@type": "NewsArticle", "timeRequired": "PT4M"}), "", 4),
        (_ld({"@type": "NewsArticle", "timeRequired": "PT1H5M"}), "", 65),
        (_ld({"@type": "NewsArticle", "timeRequired": "PT4M30S"}), "", 5),
        ('<meta name="twr:reading-time" content="7 min">', "", 7),
        (
            '<meta name="twitter:label2" content="Est. reading time">'
            '<meta name="twitter:data2" content="6 minutes">',
            "",
            6,
        ),
        ("", "<header><h1>Story</h1><span>4 min read</span></header>", 4),
        ("", "<header><h1>Story</h1><span>Reading time: 12 minutes</span></header>", 12),
        ("", "<header><h1>Story</h1><span>Lesezeit: ca. 3 Min.</span></header>", 3),
        ("", "<header><h1>Story</h1><span>8 Minuten Lesezeit</span></header>", 8),
    ],
)
def test_reading_time_only_when_stated(head: str, body: str, expected: int) -> None:
    assert _meta(head, body).reading_time_min == expected


def test_reading_time_is_never_estimated() -> None:
    body = "<article><h1>Story</h1>" + "<p>" + "word " * 3000 + "</p></article>"
    assert _meta(body=body).reading_time_min is None


def test_page_types_from_jsonld_and_og_type() -> None:
    head = _ld({"@type": ["NewsArticle"], "author": {"@type": "Person", "name": "A B"}})
    head += '<meta property="og:type" content="article">'
    assert _meta(head).page_types == ("NewsArticle", "Person", "article")


def test_article_body_only_from_article_records() -> None:
    ld = {"@type": "NewsArticle", "articleBody": "Line one.\n\nLine two &amp; more."}
    assert _meta(_ld(ld)).article_body == "Line one.\n\nLine two & more."
    assert _meta(_ld({"@type": "WebPage", "articleBody": "x"})).article_body is None


# --- JSON-LD ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', [{"a": 1}]),
        ('<!-- {"a": 1} -->', [{"a": 1}]),
        ('//<![CDATA[\n{"a": 1}\n//]]>', [{"a": 1}]),
        ('/*<![CDATA[*/ {"a": 1} /*]]>*/', [{"a": 1}]),
        ('{"a": [1, 2,], "b": {"c": 3,},}', [{"a": [1, 2], "b": {"c": 3}}]),
        ('{"a": 1}\n{"b": 2}', [{"a": 1}, {"b": 2}]),
        ('{"a": 1},{"b": 2};', [{"a": 1}, {"b": 2}]),
        ('[{"a": 1}, {"b": 2}]', [[{"a": 1}, {"b": 2}]]),
        ('{"a": "it\\\'s"}', [{"a": "it's"}]),
        ('{"a": "two\nlines"}', [{"a": "two\nlines"}]),
        ('{"a": "ok", "b": ', []),
        ("", []),
        ("not json at all", []),
    ],
)
def test_load_json_values_is_tolerant(text: str, expected: list[object]) -> None:
    assert load_json_values(text) == expected


def test_jsonld_graph_references_are_resolved() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "H",
                "author": [{"@id": "#p1"}, {"@id": "#org"}],
                "publisher": {"@id": "#org"},
                "image": {"@id": "#img"},
            },
            {"@type": "Person", "@id": "#p1", "name": "Ana Ruiz"},
            {"@type": "NewsMediaOrganization", "@id": "#org", "name": "Example News"},
            {"@type": "ImageObject", "@id": "#img", "contentUrl": "https://example.com/i.jpg"},
        ],
    }
    article = parse_jsonld([json.dumps(graph)]).article
    assert article is not None
    assert article.author_persons == ("Ana Ruiz",)
    assert article.author_organizations == ("Example News",)
    assert article.publisher_name == "Example News"
    assert article.image_urls == ("https://example.com/i.jpg",)


def test_jsonld_strongest_record_wins_and_page_fills_gaps() -> None:
    blocks = [
        json.dumps(
            {"@type": "WebPage", "name": "Page", "description": "Page text", "inLanguage": "en"}
        ),
        json.dumps({"@type": "BlogPosting", "headline": "Blog"}),
        json.dumps({"@type": "http://schema.org/NewsArticle", "headline": "News"}),
    ]
    page = parse_jsonld(blocks)
    assert page.article is not None
    assert page.article.headline == "News"
    assert page.article.description == "Page text"
    assert page.article.language == "en"
    # Only the strongest record and the page record that filled it are read.
    assert [a.types[0] for a in page.articles] == ["NewsArticle", "WebPage"]
    assert page.types == ("WebPage", "BlogPosting", "NewsArticle")


def test_jsonld_deeply_nested_lists_do_not_raise() -> None:
    deep: object = {"@type": "NewsArticle", "headline": "H"}
    for _ in range(500):
        deep = [deep]
    page = parse_jsonld([json.dumps({"@type": "WebPage", "hasPart": deep})])
    assert page.types == ("WebPage",)


def test_jsonld_teasers_in_item_lists_are_not_the_page_article() -> None:
    listing = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "NewsArticle", "headline": "Another story"}],
    }
    page = parse_jsonld([json.dumps(listing)])
    assert page.article is None
    assert "NewsArticle" in page.types


def test_jsonld_value_shapes() -> None:
    obj = {
        "@type": "Article",
        "name": "Name as headline",
        "author": {"givenName": "Ana", "familyName": "Ruiz"},
        "keywords": "a, b",
        "articleSection": "World",
        "image": ["https://example.com/1.jpg", {"url": "https://example.com/2.jpg"}],
        "inLanguage": {"@type": "Language", "name": "German", "alternateName": "de"},
        "datePublished": "June 26, 2024",
        "description": {"@value": "Described", "@language": "en"},
    }
    article = parse_jsonld([json.dumps(obj)]).article
    assert article is not None
    assert article.headline == "Name as headline"
    assert article.author_persons == ("Ana Ruiz",)
    assert article.keywords == ("a", "b")
    assert article.sections == ("World",)
    assert article.image_urls == ("https://example.com/1.jpg", "https://example.com/2.jpg")
    assert article.language == "de"
    assert article.date_published == datetime(2024, 6, 26, tzinfo=UTC)
    assert article.description == "Described"


# --- languages -------------------------------------------------------------------------------


def test_iso_639_1_has_all_codes() -> None:
    assert len(ISO_639_1) == 184
    assert all(len(code) == 2 and code.isalpha() and code.islower() for code in ISO_639_1)
    assert {"en", "de", "fr", "zh", "zu"} <= ISO_639_1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("EN-gb", "en"),
        ("de_DE", "de"),
        ("de_DE.UTF-8", "de"),
        ("zh-Hans-CN", "zh"),
        ("fr-FR, en", "fr"),
        ("eng", "en"),
        ("English", "en"),
        ("Deutsch", "de"),
        ("iw", "he"),
        ("x-default", None),
        ("und", None),
        ("klingon", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_language(value: str | None, expected: str | None) -> None:
    assert normalize_language(value) == expected


# --- robustness on real pages ----------------------------------------------------------------


def _check_page(html: str, base_url: str | None) -> list[str]:
    """Problems with the metadata of one page (empty when it is sane)."""
    tree = LexborHTMLParser(html)
    meta = extract_metadata(tree, base_url=base_url)
    problems = []
    for name in ("published_at", "updated_at"):
        value = getattr(meta, name)
        if value is not None and value.tzinfo is None:
            problems.append(f"{name} is naive")
    if meta.language is not None and meta.language not in ISO_639_1:
        problems.append(f"language {meta.language!r}")
    if len(meta.tags) > MAX_TAGS:
        problems.append("too many tags")
    if any(not author.strip() for author in meta.authors):
        problems.append("empty author")
    return problems


def test_never_raises_on_webmeta_dev_pages() -> None:
    root = SHARED / "benchmarks" / "webmeta-dev" / "html"
    if not root.is_dir():
        pytest.skip("shared/benchmarks/webmeta-dev is absent")
    failures = []
    for path in sorted(root.iterdir()):
        try:
            problems = _check_page(path.read_bytes().decode("utf-8", "replace"), None)
        except Exception as exc:  # report every page that raises, not only the first
            problems = [repr(exc)]
        failures += [f"{path.name}: {problem}" for problem in problems]
    assert failures == []


def test_never_raises_on_aeb_dev_pages() -> None:
    root = SHARED / "benchmarks" / "aeb-dev"
    if not root.is_dir():
        pytest.skip("shared/benchmarks/aeb-dev is absent")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    failures = []
    for path in sorted((root / "html").glob("*.html.gz")):
        url = truth.get(path.name.split(".")[0], {}).get("url")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            problems = _check_page(html, url)
        except Exception as exc:  # report every page that raises, not only the first
            problems = [repr(exc)]
        failures += [f"{path.name}: {problem}" for problem in problems]
    assert failures == []
