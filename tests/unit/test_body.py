"""Main-content extraction: golden fixture pages, then one focused test per rule."""

from __future__ import annotations

import dataclasses
import gc
import gzip
import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from transforms import selectors
from transforms.body import EMPTY_BODY, Body, extract_body
from transforms.html import parse_html
from transforms.models import LINK_KINDS, PARAGRAPH_KINDS, Article, Document, Link
from transforms.nodes import holds_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLDEN = sorted(FIXTURES.glob("body-*.expected.json"))
BASE = "https://news.example.com/city/2024/05/story"
PROSE = (
    "The harbour committee met on Tuesday evening and agreed, after a long debate, to keep "
    "the old fish market open for another season."
)


def _article_body(tree: LexborHTMLParser) -> str | None:
    """The JSON-LD articleBody of a page, as the metadata reader hands it over."""
    for script in tree.css('script[type="application/ld+json"]'):
        data = json.loads(script.text())
        if isinstance(data, dict) and isinstance(data.get("articleBody"), str):
            return str(data["articleBody"])
    return None


def _extract(body: str, *, head: str = "", base_url: str | None = BASE, **kwargs: str) -> Body:
    """Body of a small page built from body markup."""
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return extract_body(LexborHTMLParser(html), base_url=base_url, **kwargs)


def _texts(body: Body) -> list[str]:
    """The texts of a body's paragraphs."""
    return [p.text for p in body.paragraphs]


# --- golden pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("expected_path", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_golden_page(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    html_path = expected_path.with_name(expected_path.name.split(".")[0] + ".html")
    tree = LexborHTMLParser(html_path.read_text(encoding="utf-8"))
    body = extract_body(tree, base_url=expected["base_url"], article_body=_article_body(tree))

    assert [p.kind for p in body.paragraphs] == expected["kinds"]
    for index, text in expected.get("texts", {}).items():
        assert body.paragraphs[int(index)].text == text
    joined = "\n\n".join(_texts(body))
    for snippet in expected["body_must_contain"]:
        assert snippet in joined
    for snippet in expected["body_must_not_contain"]:
        assert snippet not in joined
    assert [dataclasses.asdict(link) for link in body.links] == expected["links"]
    assert body.image_caption == expected["image_caption"]
    assert body.image_credit == expected["image_credit"]
    assert body.standfirst == expected.get("standfirst")


def test_golden_pages_are_present() -> None:
    assert len(GOLDEN) >= 10


def test_parsing_a_page_leaves_no_reference_cycles() -> None:
    # Records freed by reference counting cost nothing; a cycle keeps them, and the parsed
    # tree they hold, until the collector runs (about 7% of extraction time). Counted by type:
    # other threads (a Prefect server left by integration tests) may make garbage of their own.
    html = (FIXTURES / (GOLDEN[0].name.split(".")[0] + ".html")).read_text(encoding="utf-8")
    doc = Document(BASE, b"", url=BASE)
    parse_html(html, doc, "utf-8")  # warm caches and lazy imports
    gc.collect()
    gc.disable()
    try:
        before = _live_trees()
        for _ in range(3):
            article = parse_html(html, doc, "utf-8")
        left = _live_trees() - before
    finally:
        gc.enable()
    assert isinstance(article, Article)
    assert left == 0


def test_parse_html_records_the_wire_agency_of_the_dateline() -> None:
    html = (
        "<html><head><title>Senate votes</title></head><body><article>"
        f"<p>WASHINGTON (AP) — {PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    doc = Document(BASE, b"", url=BASE)
    article = parse_html(html, doc, "utf-8")
    assert isinstance(article, Article)
    assert article.agency == "AP"


def _live_trees() -> int:
    """Parsed trees the collector tracks: alive, or unreachable and waiting for it."""
    return sum(1 for obj in gc.get_objects() if isinstance(obj, LexborHTMLParser))


# --- the result ------------------------------------------------------------------------------


def test_body_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        EMPTY_BODY.image_caption = "x"  # type: ignore[misc]


@pytest.mark.parametrize("html", ["", "<html></html>", "plain text, no markup at all", "<p>"])
def test_pages_without_body_text_give_an_empty_body(html: str) -> None:
    assert extract_body(LexborHTMLParser(html), base_url=None) == EMPTY_BODY


def test_kinds_and_link_kinds_come_from_the_models() -> None:
    body = _extract(
        f"<article><p>{PROSE}</p><h2>Next steps</h2><p>{PROSE} <a href='/x'>More</a></p>"
        f"<ul><li>{PROSE}</li></ul><blockquote>{PROSE}</blockquote>"
        "<table><tr><td>a</td><td>b</td></tr></table></article>"
    )
    assert {p.kind for p in body.paragraphs} <= set(PARAGRAPH_KINDS)
    assert {link.kind for link in body.links} <= set(LINK_KINDS)
    assert all(p.text for p in body.paragraphs)


# --- blocks ----------------------------------------------------------------------------------


def test_inline_elements_merge_into_their_block() -> None:
    body = _extract(
        '<article><p><span class="dropcap">T</span>he <em>harbour</em> committee <a href="/c">'
        "met</a> on <strong>Tuesday</strong>, agreeing to keep the old fish market open.</p>"
        f"<p>{PROSE}</p></article>"
    )
    assert body.paragraphs[0].text == (
        "The harbour committee met on Tuesday, agreeing to keep the old fish market open."
    )


def test_a_br_is_a_space_and_two_split_a_paragraph() -> None:
    body = _extract(
        f"<article><p>First line of the address,<br>second line.</p><p>{PROSE}</p>"
        f"<div>{PROSE}<br><br>{PROSE.upper()}</div></article>"
    )
    assert _texts(body)[0] == "First line of the address, second line."
    assert _texts(body)[-2:] == [PROSE, PROSE.upper()]


def test_nested_blocks_are_emitted_once() -> None:
    body = _extract(
        f"<article><p>{PROSE}</p><blockquote><p>A quoted sentence that is long enough.</p>"
        "<p>And a second quoted sentence.</p></blockquote>"
        "<ul><li><p>Item one has a paragraph inside.</p></li></ul></article>"
    )
    assert [p.kind for p in body.paragraphs] == ["paragraph", "quote", "list_item"]
    assert _texts(body)[1] == "A quoted sentence that is long enough. And a second quoted sentence."


def test_h1_is_the_headline_not_body() -> None:
    body = _extract(f"<article><h1>Fish market stays open</h1><p>{PROSE}</p></article>")
    assert _texts(body) == [PROSE]


def test_a_headline_repeated_from_the_title_is_not_body() -> None:
    body = _extract(
        f'<div class="story"><div class="title">Fish market stays open for a season</div>'
        f"<p>{PROSE}</p><p>{PROSE}</p></div>",
        head="<title>Fish market stays open for a season | Harbour News</title>",
    )
    assert _texts(body) == [PROSE, PROSE]


def test_headings_that_introduce_nothing_are_dropped() -> None:
    body = _extract(
        f"<article><h2>What happened</h2><p>{PROSE}</p><h3>Top videos</h3>"
        '<ul><li><a href="/v1">Video one</a></li><li><a href="/v2">Video two</a></li></ul>'
        "</article>"
    )
    assert [p.kind for p in body.paragraphs] == ["heading", "paragraph"]


def test_a_paragraph_that_is_mostly_a_link_is_a_teaser() -> None:
    body = _extract(
        f"<article><p>{PROSE}</p>"
        '<p>Read more: <a href="/other">Council votes on new harbour lights</a></p>'
        f'<p>The council <a href="/budget">approved the whole budget for the harbour</a>.</p>'
        "</article>"
    )
    assert _texts(body) == [PROSE, "The council approved the whole budget for the harbour."]


def test_a_table_is_one_block_of_rows() -> None:
    body = _extract(
        f"<article><p>{PROSE}</p><table><tr><th>Day</th><th>Opens</th></tr>"
        "<tr><td>Monday</td><td>8:00</td></tr><tr><td></td><td></td></tr></table></article>"
    )
    assert body.paragraphs[-1].kind == "table"
    assert body.paragraphs[-1].text == "Day | Opens\nMonday | 8:00"


def test_a_layout_table_is_not_a_table_block() -> None:
    body = _extract(
        f"<table><tr><td><table><tr><td>Menu</td></tr></table></td>"
        f"<td><p>{PROSE}</p><p>{PROSE}</p></td></tr></table>"
    )
    assert [p.kind for p in body.paragraphs] == ["paragraph", "paragraph"]


def test_hidden_and_non_text_elements_never_enter_the_body() -> None:
    body = _extract(
        f"<article><p>{PROSE}<script>var tracking = 1;</script></p>"
        "<p hidden>Hidden paragraph with a secret.</p>"
        '<div aria-hidden="true"><p>Screen reader trap, not visible to anyone.</p></div>'
        "<p>Visible text<span style='DISPLAY : none'> and a secret</span>.</p>"
        "<noscript><p>Please enable JavaScript to read this page.</p></noscript>"
        "<button>Share this story with your friends</button></article>"
    )
    joined = " ".join(_texts(body))
    assert PROSE in joined
    assert "Visible text." in joined
    for hidden in ("tracking", "secret", "trap", "JavaScript", "Share this story"):
        assert hidden not in joined


def test_a_form_that_wraps_the_page_is_kept() -> None:
    body = _extract(f'<form id="aspnetForm"><h1>Headline</h1><p>{PROSE}</p></form>')
    assert _texts(body) == [PROSE]


# --- choosing the container ------------------------------------------------------------------


def test_boilerplate_boxes_stay_out_even_inside_the_story() -> None:
    body = _extract(
        f'<article><div class="article-body"><p>{PROSE}</p>'
        f'<div class="social-share"><p>{PROSE.replace("harbour", "sharing")}</p></div>'
        f'<div class="newsletter-box"><p>Sign up for our newsletter, it is free and weekly.</p>'
        f"</div><p>{PROSE.upper()}</p></div>"
        f'<div id="comments"><p>{PROSE.replace("harbour", "comment")}</p></div></article>'
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_wordpress_post_footer_is_not_the_story() -> None:
    footer = (
        "This entry was posted on Wednesday, November 27th, 2019 at 3:21 pm and is filed under"
        " Events. You can follow any responses to this entry through the RSS 2.0 feed."
        " You can leave a response, or trackback from your own site."
    )
    body = _extract(
        f'<div class="post"><div class="entry"><p>{PROSE}</p><p>{PROSE.upper()}</p>'
        f'<p class="postmetadata alt"><small>{footer}</small></p></div></div>'
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_layout_wrapper_named_like_chrome_is_not_boilerplate() -> None:
    body = _extract(
        f'<div class="container has-sidebar penci_sidebar"><div class="main">'
        f"<p>{PROSE}</p><p>{PROSE}</p></div></div>"
    )
    assert _texts(body) == [PROSE, PROSE]


def test_teaser_cards_lose_to_the_story() -> None:
    # Six cards with 840 characters of prose against a story of 1,040: the story wins and
    # the cards stay out, because its paragraphs sit together and each card holds one.
    teasers = "".join(
        f'<li class="card"><h3><a href="/t{i}">Teaser headline number {i}</a></h3>'
        f"<p>{PROSE} Teaser {i}.</p></li>"
        for i in range(6)
    )
    story = f"<p>{PROSE}</p>" * 8
    body = _extract(f'<div><div class="text">{story}</div><ul>{teasers}</ul></div>')
    assert _texts(body) == [PROSE] * 8


def test_a_story_split_around_an_ad_is_kept_whole() -> None:
    body = _extract(
        f'<article><div class="part"><p>{PROSE}</p><p>{PROSE}</p></div>'
        '<div class="ad-slot">Advertisement</div>'
        f'<div class="part"><p>{PROSE.upper()}</p></div></article>'
    )
    assert _texts(body) == [PROSE, PROSE, PROSE.upper()]


def test_article_body_confirms_the_container_but_is_never_output() -> None:
    page = (FIXTURES / "body-jsonld-hint.html").read_text(encoding="utf-8")
    without = extract_body(LexborHTMLParser(page), base_url=None)
    assert "In January 1974 the island was cut off" in " ".join(_texts(without))
    hint = "A sentence that appears nowhere on the page and must never be output."
    body = _extract(f"<article><p>{PROSE}</p></article>", article_body=hint)
    assert _texts(body) == [PROSE]


def test_a_page_whose_only_text_is_comments_has_no_body() -> None:
    body = _extract(
        f'<div class="comment"><p>{PROSE}</p></div>'
        f'<div class="comment"><p>{PROSE.upper()}</p></div>'
    )
    assert body.paragraphs == ()


def test_a_listing_page_gives_little_or_nothing() -> None:
    cards = "".join(
        f'<div><h2><a href="/s{i}">Headline of story number {i} on the front page</a></h2>'
        f"<p>A short summary of story {i}, in one sentence.</p></div>"
        for i in range(8)
    )
    assert _extract(f"<main>{cards}</main>").paragraphs == ()


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("<ul><li><p>First point.</p><p>Second point.</p></li></ul>", "First point. Second point."),
        (
            "<blockquote><p>One line.</p><p>Two <b>li</b>nes.</p></blockquote>",
            "One line. Two lines.",
        ),
        (
            "<table><tr><td><p>Cell one.</p><p>More.</p></td><td>x</td></tr>"
            "<tr><td>a<b>b</b></td><td>y</td></tr></table>",
            "Cell one. More. | x\nab | y",
        ),
    ],
)
def test_paragraphs_inside_a_block_are_not_run_together(block: str, expected: str) -> None:
    # Minified pages put no whitespace between the paragraphs of a list item, quote or cell.
    assert expected in _texts(_extract(f"<article><p>{PROSE}</p>{block}<p>{PROSE}</p></article>"))


def test_holds_blocks_looks_inside_the_element_only() -> None:
    # The element itself is a block: only blocks inside it count.
    inline, nested = LexborHTMLParser("<ul><li>a <b>b</b></li><li><p>c</p></li></ul>").css("li")
    assert not holds_blocks(inline)
    assert holds_blocks(nested)


def test_a_quote_nested_thousands_deep_is_read_without_recursion() -> None:
    # Junk pages nest elements deeper than Python's recursion limit.
    deep = "<div>" * 3000 + "Deep text." + "</div>" * 3000
    body = _extract(
        f"<article><p>{PROSE}</p><blockquote><p>Start.</p>{deep}</blockquote></article>"
    )
    assert "Start. Deep text." in _texts(body)


def _link_roll(items: int, container: str) -> str:
    rows = "".join(
        f'<li><p><a href="https://elsewhere.example/{i}">Harbour authority publishes winter '
        f"ferry timetable number {i} for the island routes</a></p>\n<p>via Harbour Herald "
        f'<a href="https://elsewhere.example">https://elsewhere.example</a></p></li>'
        for i in range(items)
    )
    return f'<article><div class="{container}"><ul class="linkroll">{rows}</ul></div></article>'


def test_a_link_roll_under_the_story_body_is_the_post() -> None:
    # A blog post that is only a list of links, each with a "via" line: the links are the post.
    body = _extract(_link_roll(4, "entry-content"))
    assert [p.kind for p in body.paragraphs] == ["list_item"] * 4
    assert _texts(body)[0] == (
        "Harbour authority publishes winter ferry timetable number 0 for the island routes"
        " via Harbour Herald https://elsewhere.example"
    )


@pytest.mark.parametrize(("items", "container"), [(2, "entry-content"), (4, "widget-area")])
def test_links_elsewhere_or_too_few_are_no_link_roll(items: int, container: str) -> None:
    assert _extract(_link_roll(items, container)).paragraphs == ()


# --- links -----------------------------------------------------------------------------------


def test_related_and_recommended_boxes_give_links_with_absolute_urls() -> None:
    body = _extract(
        f'<article><div class="story-body"><p>{PROSE}</p><p>{PROSE}</p></div>'
        '<div class="related-articles"><a href="/a">Ferry timetable changes</a>'
        '<a href="javascript:void(0)">Broken</a></div>'
        '<div id="recommended-for-you"><a href="https://other.example.org/b">Pier repairs</a>'
        "</div></article>"
        '<aside class="related"><a href="../c">Sidebar story</a></aside>'
    )
    assert body.links == (
        Link(kind="related", title="Ferry timetable changes", url="https://news.example.com/a"),
        Link(kind="recommended", title="Pier repairs", url="https://other.example.org/b"),
        Link(kind="related", title="Sidebar story", url="https://news.example.com/city/2024/c"),
    )
    assert "Ferry timetable changes" not in " ".join(_texts(body))


def test_inline_links_are_titled_by_their_text() -> None:
    body = _extract(
        f'<article><p>{PROSE} Read the <a href="/report.pdf"> full\n report </a> '
        'or <a href="#top">jump up</a>.</p></article>'
    )
    assert body.links == (
        Link(kind="inline", title="full report", url="https://news.example.com/report.pdf"),
        Link(kind="inline", title="jump up", url=None),
    )


# --- lead image caption ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figcaption", "caption", "credit"),
    [
        ("Boats in the harbour.", "Boats in the harbour.", None),
        (
            'Boats in the harbour. <span class="photo-credit">Photo: Ann Berg</span>',
            "Boats in the harbour.",
            "Ann Berg",
        ),
        ("Boats in the harbour. (AP Photo/Jane Doe)", "Boats in the harbour.", "AP Photo/Jane Doe"),
        ("Boats in the harbour. (Ole Lund/Reuters)", "Boats in the harbour.", "Ole Lund/Reuters"),
        ("Boats in the harbour. Credit: Harbour Trust", "Boats in the harbour.", "Harbour Trust"),
        ("Boats in the harbour. / Foto: Dirk Maas", "Boats in the harbour.", "Dirk Maas"),
        ("Boats in the harbour. © Lena Fisk", "Boats in the harbour.", "Lena Fisk"),
        ("Boats in the harbour (2019).", "Boats in the harbour (2019).", None),
    ],
)
def test_lead_caption_and_credit(figcaption: str, caption: str, credit: str | None) -> None:
    body = _extract(
        f'<article><figure><img src="/a.jpg"><figcaption>{figcaption}</figcaption></figure>'
        f"<p>{PROSE}</p><p>{PROSE}</p></article>"
    )
    assert (body.image_caption, body.image_credit) == (caption, credit)
    assert caption not in " ".join(_texts(body))


def test_lead_figure_caption_above_the_story_is_read_without_its_styles() -> None:
    # CSS-in-JS prints a <style> before each styled span, in the lead figure's caption too.
    body = _extract(
        '<main><figure><img src="/a.jpg"><figcaption><style>.css-c{color:#777}</style>'
        '<span class="css-c">Boats at dawn.</span> Photo: Ann Berg</figcaption></figure>'
        f'<div class="story">{f"<p>{PROSE}</p>" * 5}</div></main>'
    )
    assert (body.image_caption, body.image_credit) == ("Boats at dawn.", "Ann Berg")


def test_a_credit_element_beside_the_caption_counts() -> None:
    body = _extract(
        '<article><figure><img src="/a.jpg"><figcaption>Boats at dawn.</figcaption>'
        '<small class="copyright">Harbour Trust</small></figure>'
        f"<p>{PROSE}</p></article>"
    )
    assert (body.image_caption, body.image_credit) == ("Boats at dawn.", "Harbour Trust")


def test_no_figure_no_caption() -> None:
    body = _extract(f"<article><p>{PROSE}</p></article>")
    assert (body.image_caption, body.image_credit) == (None, None)


# --- page judgement counts --------------------------------------------------------------------


def test_counts_describe_the_page() -> None:
    headline = "Teaser headline for the box below"
    teasers = "".join(f'<h3><a href="/t{i}">{headline}</a></h3>' for i in range(2))
    first = f"{PROSE} <a href='/m'>The fish market</a>"
    body = _extract(
        f"<article><p>{first}</p><p>{PROSE}</p>{teasers}</article><footer><p>{PROSE}</p></footer>"
    )
    story = len(PROSE) + len(" The fish market") + len(PROSE)
    assert body.body_chars == story
    assert body.page_chars == story  # the footer's prose is page chrome, not counted
    assert body.prose_blocks == 2
    assert body.teaser_count == 2
    links = len("The fish market") + 2 * len(headline)
    assert body.link_density == pytest.approx(links / (story + 2 * len(headline)), abs=0.001)


def test_a_page_without_text_counts_nothing() -> None:
    body = _extract("<nav><a href='/'>Home</a></nav>")
    assert (body.page_chars, body.body_chars, body.prose_blocks, body.teaser_count) == (0, 0, 0, 0)


# --- text cleaning ---------------------------------------------------------------------------


def test_soft_hyphens_and_invisible_spaces_are_dropped() -> None:
    # German magazines hyphenate long words with U+00AD for narrow screens.
    body = _extract(
        "<article><p>Die Bau\u00adar\u00adbei\u00adten am Ufer\u00adweg be\u00adgin\u00adnen"
        "\u200bnach Ostern, teilte die Gemeinde am Mittwoch mit.</p></article>"
    )
    assert _texts(body) == [
        "Die Bauarbeiten am Uferweg beginnen nach Ostern, teilte die Gemeinde am Mittwoch mit."
    ]


def test_ruby_readings_are_not_text() -> None:
    body = _extract(
        "<article><p><ruby>子<rt>こ</rt></ruby>どもの<ruby>教育<rt>きょういく</rt></ruby>に"
        "ついて、<ruby>新<rt>あたら</rt></ruby>しい<ruby>法律<rt>ほうりつ</rt></ruby>が"
        "できました。来年の春から始まります。</p></article>"
    )
    assert _texts(body) == [
        "子どもの教育について、新しい法律ができました。来年の春から始まります。"
    ]


# --- short posts and German quotes -----------------------------------------------------------


def test_a_short_post_in_german_quotes_is_kept() -> None:
    # Blog posts of a few lines of dialogue: „…“ closes with U+201C, a sentence end too.
    body = _extract(
        '<div class="post"><p>„Ich weiß, ich sollte das jetzt vielleicht nicht sagen …“</p>'
        "<p>– „Dann sag es nicht.“</p></div>"
        '<ul class="menu"><li><a href="/">Startseite</a></li><li><a href="/k">Kategorien</a>'
        "</li></ul>"
    )
    assert _texts(body) == [
        "„Ich weiß, ich sollte das jetzt vielleicht nicht sagen …“",
        "– „Dann sag es nicht.“",
    ]


# --- boilerplate inside the story ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Anzeige",
        "- Advertisement -",
        "Read also: <a href='/x'>Council votes on new harbour lights</a>.",
        "(Lesen Sie auch: <a href='/y'>Neue Radwege am Seeufer</a>)",
        "Lust auf mehr? Melde dich für unseren Newsletter an und verpasse nichts.",
        "Abbildung 4: Die Schwachschicht im Schneeprofil.",
        "Boats at dawn in the old harbour. (Photo: Ann Berg)",
        "Boats at dawn in the old harbour. | © Ann Berg / Harbour Photo",
        "ANZEIGE - Heute schon an den Grill gedacht?",
        "Kontakt:",
        "Inhaltsverzeichnis",
        "Über den Autor",
        "Aktualisiert am 17.01.2024.",
        "Stand: 5. Februar 2024",
        "Copyright © 2024 Harbour News",
        "Impressum | Datenschutz | Kontakt",
        "Harbour News March 3, 2024",
        "12.03.2024",
    ],
    ids=[
        "ad",
        "ad-dashes",
        "read-also",
        "read-also-parenthesis",
        "label-question",
        "figure-label",
        "caption-credit",
        "caption-copyright",
        "ad-label-and-text",
        "contact-label",
        "contents",
        "author-box",
        "updated",
        "as-of",
        "copyright",
        "footer-links",
        "dateline",
        "date",
    ],
)
def test_noise_lines_inside_the_story_are_dropped(line: str) -> None:
    body = _extract(f"<article><p>{PROSE}</p><p>{line}</p><p>{PROSE.upper()}</p></article>")
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_sentence_with_a_date_is_prose() -> None:
    sentence = "The market reopened on March 3, 2024."
    body = _extract(f"<article><p>{PROSE}</p><p>{sentence}</p><p>{PROSE}</p></article>")
    assert _texts(body) == [PROSE, sentence, PROSE]


@pytest.mark.parametrize(
    "promo",
    [
        "Subscribe now to our print edition for the full story.",
        "Únete a nuestro canal de Telegram desde tu celular en este enlace.",
        "If you enjoyed reading this post, would you consider supporting our work?",
        "Werden Sie Mitglied und erhalten Sie exklusive Angebote! Jetzt registrieren",
        "For the latest news download the Harbour News apps for iOS and Android.",
    ],
    ids=["subscribe", "telegram", "support", "membership", "app"],
)
def test_calls_to_action_at_the_end_of_the_story_are_dropped(promo: str) -> None:
    story = "".join(f"<p>{PROSE} Part {i}.</p>" for i in range(6))
    body = _extract(f"<article>{story}<p>{promo}</p></article>")
    assert promo not in _texts(body)
    assert len(body.paragraphs) == 6


def test_a_call_to_action_before_dropped_widget_lines_is_at_the_end() -> None:
    # The story's end is its last kept block: ad labels and date stamps after it do not count.
    story = "".join(f"<p>{PROSE} Part {i}.</p>" for i in range(6))
    widgets = "<p>Anzeige</p><p>Updated: 05.02.2020</p>" * 3
    body = _extract(f"<article>{story}<p>HAZTE MIEMBRO Y DISFRUTA</p>{widgets}</article>")
    assert len(body.paragraphs) == 6


@pytest.mark.parametrize(
    "phrase",
    [
        "Subscribe now",
        "Sign up here",
        "Download the Harbour app",
        "Follow us",
        "Click here",
        "If you enjoyed this",
        "Please consider supporting us",
        "Suscríbete",
        "Únete",
        "Hazte miembro",
        "Síguenos",
        "Jetzt registrieren",
        "Werden Sie Mitglied",
        "Werde Mitglied",
        "Folgen Sie uns",
        "Unterstützen Sie unsere Arbeit",
        "Abonnez-vous",
        "Suivez-nous",
        "Inscrivez-vous",
        "Iscriviti",
        "Seguici",
        "Zapraszamy do subskrypcji",
        "Wesprzyj nas",
        "Zasubskrybuj",
        "Our Telegram channel",
        "Nuestro canal de WhatsApp",
    ],
)
def test_every_call_to_action_is_found_through_its_key_words(phrase: str) -> None:
    # The pattern only runs on blocks holding one of BODY_PROMO_KEYS: each of its
    # alternatives needs a key.
    body = _extract(f"<article><p>{PROSE}</p><p>{PROSE.upper()}</p><p>{phrase}.</p></article>")
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_call_to_action_in_the_middle_of_the_story_is_left_alone() -> None:
    # Only the ends of a story are searched: a sentence in its middle is the story's.
    line = "Readers can sign up for the ferry timetable at the harbour office, she said."
    parts = [f"<p>{PROSE} Part {i}.</p>" for i in range(8)]
    parts.insert(4, f"<p>{line}</p>")
    body = _extract(f"<article>{''.join(parts)}</article>")
    assert line in _texts(body)


def test_a_read_more_label_starting_a_sentence_is_prose() -> None:
    sentence = "Mehr dazu sagte der Bürgermeister am Abend nicht, er verwies auf die Sitzung."
    body = _extract(f"<article><p>{PROSE}</p><p>{sentence}</p></article>")
    assert _texts(body) == [PROSE, sentence]


def test_a_box_title_that_says_read_more_is_dropped() -> None:
    body = _extract(
        f"<article><p>{PROSE}</p><h3>Mehr zum Thema auf unserer Seite</h3>"
        f"<p>{PROSE.upper()}</p></article>"
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_embedded_carousels_and_legends_stay_out() -> None:
    body = _extract(
        f'<article><p>{PROSE}</p><div class="swiper-slide"><p>Energy snack for small dogs, '
        'now with more fish.</p></div><div class="media"><div class="legend">The old '
        f"fish market in 1911, seen from the pier.</div></div><p>{PROSE.upper()}</p></article>"
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_landmark_that_wraps_the_story_is_read() -> None:
    # A portal's template put the whole story in an <aside>; its footer stays out.
    story = "".join(f"<p>{PROSE} Part {i}.</p>" for i in range(4))
    body = _extract(
        f'<aside class="page-direct-content"><article>{story}</article></aside>'
        f"<footer><p>{PROSE.upper()}</p></footer>"
    )
    assert _texts(body) == [f"{PROSE} Part {i}." for i in range(4)]


def test_a_sidebar_with_more_prose_than_a_short_post_stays_out() -> None:
    # A landmark must hold nearly all the page's prose to be the wrapper: a sidebar widget
    # with a long text next to a short post is still a sidebar.
    widget = " ".join(f"{PROSE} Widget {i}." for i in range(4))
    body = _extract(
        f'<div class="post"><p>{PROSE}</p><p>{PROSE.upper()}</p></div>'
        f"<aside><div><p>{widget}</p></div></aside>"
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


# --- class names -----------------------------------------------------------------------------


def test_a_story_wrapper_with_a_stray_boilerplate_token_is_the_story() -> None:
    # Themes add layout tokens ("share", "steady-paywall-container") to the story wrapper.
    story = f"<p>{PROSE}</p>" * 4
    body = _extract(
        f'<div class="entry-content share"><p>{PROSE}</p><p>{PROSE}</p></div>'
        f'<div class="entry__content steady-paywall-container">{story}</div>'
    )
    assert len(body.paragraphs) == 6


def test_wordpress_categories_do_not_make_a_post_boilerplate() -> None:
    # post_class() names the post's terms: a post filed under "Comment" is not a comment.
    body = _extract(
        f'<div class="post-406 post type-post category-comment tag-social">'
        f"<p>{PROSE}</p><p>{PROSE}</p></div>"
        f'<div class="notes"><p>{PROSE.upper()}</p><p>{PROSE.upper()}</p>'
        f"<p>{PROSE.upper()}</p></div>"
    )
    assert _texts(body) == [PROSE] * 2 + [PROSE.upper()] * 3


def test_camel_case_class_names_are_read_as_words() -> None:
    body = _extract(
        f'<div class="articleText"><p>{PROSE}</p><div class="postSharing">'
        f"<p>{PROSE.replace('harbour', 'ferry')}</p></div><p>{PROSE.upper()}</p></div>"
    )
    assert _texts(body) == [PROSE, PROSE.upper()]


def test_a_comment_thread_longer_than_the_story_stays_boilerplate() -> None:
    # Forums and opinion pages: twenty comments hold more text than the story, but no run of
    # prose as long as the story's.
    comments = "".join(f'<div class="reply"><p>Reply {i}: {PROSE}</p></div>' for i in range(20))
    story = f"<p>{PROSE}</p>" * 6
    body = _extract(
        f'<div class="article">{story}</div><div class="comments-section">{comments}</div>'
    )
    assert _texts(body) == [PROSE] * 6


# --- standfirst ------------------------------------------------------------------------------


def test_the_standfirst_above_the_story_comes_first() -> None:
    lead = "The old fish market stays open for another season, the council decided."
    body = _extract(
        f'<article><header><h1>Fish market stays open</h1><div class="intro">'
        f"<p>{lead}</p><span class='date'>2 May 2024</span></div></header>"
        f'<div class="article-body"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
    )
    assert body.standfirst == lead
    assert _texts(body) == [lead, PROSE, PROSE]


def test_a_header_box_named_intro_is_not_a_standfirst() -> None:
    body = _extract(
        '<article><div class="article-intro"><span>Harbour</span><h2>Fish market stays '
        "open</h2><span>By Ann Berg, 2 May 2024</span></div>"
        f'<div class="article-body"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
    )
    assert body.standfirst is None
    assert _texts(body) == [PROSE, PROSE]


def test_a_standfirst_without_a_final_stop_is_read_when_it_is_one_block() -> None:
    # An Italian "sommario" ends without a stop: a dozen words in one block read as a lead.
    lead = "Il vecchio mercato del pesce resta aperto per un'altra stagione, ha deciso il consiglio"
    body = _extract(
        f'<article><h1>Mercato del pesce</h1><div class="sommario">{lead}</div>'
        f'<div class="article-body"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
    )
    assert body.standfirst == lead


def test_a_standfirst_box_with_a_script_is_not_read() -> None:
    body = _extract(
        '<article><div class="lead"><script>var slot = {"id": 4, "size": "wide"};</script>'
        "</div>"
        f'<div class="article-body"><p>{PROSE}</p><p>{PROSE}</p></div></article>'
    )
    assert body.standfirst is None


# --- JSON-LD articleBody ---------------------------------------------------------------------


def test_a_teaser_article_body_does_not_hold_back_the_story() -> None:
    # Paywalled pages put only the standfirst in JSON-LD articleBody.
    teaser = (
        "The harbour committee met on Tuesday evening and agreed to keep the market open, "
        "after a debate about the cost of repairs to the old pier and its roof."
    )
    body = _extract(
        f'<div class="wrap"><div><div class="header"><h2>{teaser}</h2></div></div>'
        f'<div class="row"><div class="article-body"><p>{PROSE}</p></div></div></div>',
        article_body=teaser,
    )
    assert PROSE in _texts(body)


# --- pages read block by block ---------------------------------------------------------------


def test_a_page_without_paragraphs_is_read_block_by_block() -> None:
    # Div-soup pages: each paragraph a <div>, scripts between them.
    divs = "".join(f"<div>{PROSE} Part {i}.</div><script>track({i});</script>" for i in range(3))
    body = _extract(f'<div class="story">{divs}</div><div class="menu"><div>Home</div></div>')
    assert _texts(body) == [f"{PROSE} Part {i}." for i in range(3)]


def test_loose_text_in_a_hidden_box_of_the_story_is_not_read() -> None:
    # The hidden box is removed from the container: its text, with line breaks, never shows.
    secret = "A draft paragraph that the editors hid, it must never be published anywhere."
    body = _extract(
        f'<div class="story"><p>{PROSE}</p><div hidden>{secret}<br><br>{secret}</div>'
        f"<p>{PROSE.upper()}</p>{PROSE}<br><br>{PROSE}</div>"
    )
    assert secret not in " ".join(_texts(body))
    assert _texts(body)[:2] == [PROSE, PROSE.upper()]


# --- helpers and data ------------------------------------------------------------------------


def test_every_main_content_selector_parses() -> None:
    tree = LexborHTMLParser("<html><body><div><p>x</p></div></body></html>")
    for query in (
        selectors.BODY_CREDIT_SELECTOR,
        ", ".join(selectors.BODY_DROP_TAGS),
        ", ".join(selectors.BODY_PRUNE_TAGS),
        ", ".join(selectors.BODY_HIDDEN_SELECTORS),
    ):
        tree.css(query)


def test_leaf_blocks_are_stopped_only_by_block_level_tags() -> None:
    for tag, blockers in selectors.BODY_LEAF_BLOCK_TAGS.items():
        assert tag in selectors.BODY_BLOCK_LEVEL_TAGS
        assert blockers <= selectors.BODY_BLOCK_LEVEL_TAGS


def test_landmarks_and_wrappers_are_drop_tags() -> None:
    drop = set(selectors.BODY_DROP_TAGS)
    assert set(selectors.BODY_LANDMARK_TAGS) <= drop
    assert set(selectors.BODY_WRAPPER_TAGS) <= drop


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 3000 + f"{PROSE}<br><br>{PROSE}" + "</div>" * 3000,
        "<p>" + "<span>" * 5000 + PROSE + "</span>" * 5000 + "</p>",
        "<div>" + f"<font>{PROSE}<br>" * 3000 + "</div>",
    ],
    ids=["deep-divs", "deep-spans", "unclosed-fonts"],
)
def test_malformed_deep_nesting_stays_fast(html: str) -> None:
    body = extract_body(LexborHTMLParser(html), base_url=None)
    assert PROSE in body.paragraphs[0].text


# --- real pages ------------------------------------------------------------------------------


def _benchmark_pages() -> list[Path]:
    """Real pages of the shared benchmarks, when they are there."""
    pages = sorted((SHARED / "benchmarks" / "aeb-dev" / "html").glob("*.html.gz"))
    return pages + sorted((SHARED / "benchmarks" / "webmeta-dev" / "html").glob("*.html"))


def test_extract_body_never_raises_on_real_pages() -> None:
    pages = _benchmark_pages()
    if not pages:
        pytest.skip("shared benchmarks not available")
    for path in pages:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        tree = LexborHTMLParser(raw, encoding=True)
        body = extract_body(tree, base_url="https://example.com/page", article_body=None)
        assert all(p.kind in PARAGRAPH_KINDS and p.text for p in body.paragraphs), path.name
        assert all(link.kind in LINK_KINDS and link.title for link in body.links), path.name
