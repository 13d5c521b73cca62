"""Is this page a news article, and how far can its extraction be trusted?

``judge`` turns evidence a reader gathered into two scores in [0, 1]:

- ``article_score``: the page is a news article rather than a home, index, tag, search, shop or
  profile page. A weighted sum of signals (declared page type, URL shape, amount and shape of
  prose, a publication date) through a logistic curve; 0.5 and above is an article.
- ``extraction_score``: the body found is the complete main text: enough words, mostly prose,
  and in agreement with the page's own description when it has one.

Each signal that moved the score is named in ``reasons``, so a reject says why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from transforms import selectors as sel
from transforms.models import Paragraph

ARTICLE_PAGE_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "satiricalarticle",
    }
)
"""JSON-LD @types and og:type values that declare an article (compared lower-cased)."""

NON_ARTICLE_PAGE_TYPES: frozenset[str] = frozenset(
    {
        "product",
        "productgroup",
        "offer",
        "aggregateoffer",
        "itemlist",
        "collectionpage",
        "searchresultspage",
        "profilepage",
        "aboutpage",
        "contactpage",
        "checkoutpage",
        "store",
        "onlinestore",
        "realestatelisting",
        "jobposting",
        "profile",
        "book",
    }
)
"""Declared types of pages that are not articles: shops, listings, profiles, site pages."""

# Listing pages end in a tag, category, author, search or pagination segment, perhaps followed
# by one name (/tag/politics/, /author/jane-doe): the index pages every news CMS generates. The
# same words deeper in a path (/themen/energie/windpark-startet.html) are sections of articles.
_LISTING_PATH = re.compile(
    r"/(?:tags?|categor(?:y|ies)|topics?|themen|rubrik|schlagwort|author|authors|autor|"
    r"search|suche|archives?|shop|products?|produkte?|collections|cart|basket|warenkorb|"
    r"login|account|impressum|imprint|contact|kontakt|about|ueber-uns)(?:/[^/]+)?/?$"
    r"|/(?:page|seite)/\d+/?$",
    re.IGNORECASE,
)
# /2024/06/26/ or /2024-06-26 or /20240626: news CMSs put the day in article URLs.
_DATED_PATH = re.compile(
    r"/(?:19|20)\d{2}(?:[/-](?:0?[1-9]|1[0-2])(?:[/-]\d{1,2})?|\d{4})(?:/|-|$)"
)
_SENTENCE_END_CHARS = frozenset(sel.BODY_SENTENCE_END_CHARS)
_PROSE_KINDS = frozenset({"paragraph", "quote"})
_TOKEN = re.compile(r"\w{3,}")
# The opening of the body the description is compared with (a few paragraphs).
_OPENING_CHARS = 1500

# Weights in log-odds. A plain page with a few hundred words of prose and a date comes out
# around 0.8; a link list without a date around 0.1.
_BIAS = -0.4
_W_DECLARED_ARTICLE = 1.6
_W_DECLARED_OTHER = -2.2
# A text dump is an article export by construction: only missing text can make it doubtful,
# and validation's word-count check names that more precisely than "not an article".
_W_ARTICLE_FORMAT = 4.0
_W_ROOT_URL = -2.2
_W_LISTING_URL = -1.3
_W_DATED_URL = 0.6
_W_DATE = 0.8
_W_NO_DATE = -0.5
_W_AUTHORS = 0.3
_W_FEW_WORDS = -2.5
_W_SOME_WORDS = -0.3
_W_MANY_WORDS = 0.7
_W_LOTS_OF_WORDS = 1.1
_W_PROSE = 0.7
_W_NO_PROSE = -0.9
_W_LIST_HEAVY = -0.9
_W_TEASERS = -1.2

_FEW_WORDS, _SOME_WORDS, _MANY_WORDS, _LOTS_OF_WORDS = 50, 150, 250, 500
_PROSE_MIN_WORDS = 12
_LONG_WITHOUT_PROSE = 600
_TEASER_LINKS = 6
# A content area whose blocks are at least this much link text reads as a list of links.
_LINK_LIST_DENSITY = 0.2


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a reader saw on the page, for the judgement."""

    url: str | None
    page_types: tuple[str, ...]
    has_title: bool
    has_published_at: bool
    has_authors: bool
    paragraphs: tuple[Paragraph, ...]
    word_count: int
    description: str | None = None
    teaser_links: int = 0
    """Links in the content area that look like headlines of other stories."""
    is_article_format: bool = False
    """The input format only ever holds articles (copydesk's text dumps)."""
    link_density: float | None = None
    """Share of link text in the content area's blocks; None when the reader cannot tell."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one page."""

    is_article: bool
    article_score: float
    extraction_score: float
    reasons: tuple[str, ...]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _block_shares(paragraphs: tuple[Paragraph, ...]) -> tuple[float, float]:
    """Shares of sentence-shaped paragraphs (the stuff of articles, rare in menus and
    listings) and of list items among the blocks; 0.0 without blocks.

    Runs over every paragraph of every page, once for both shares: the last character is
    read instead of searching the text with a pattern anchored at its end (a search tries
    every position), and words are split only until the twelfth.
    """
    if not paragraphs:
        return 0.0, 0.0
    prose = items = 0
    for paragraph in paragraphs:
        kind = paragraph.kind
        if kind in _PROSE_KINDS:
            text = paragraph.text
            if (
                text.rstrip()[-1:] in _SENTENCE_END_CHARS
                and len(text.split(None, _PROSE_MIN_WORDS - 1)) >= _PROSE_MIN_WORDS
            ):
                prose += 1
        elif kind == "list_item":
            items += 1
    return prose / len(paragraphs), items / len(paragraphs)


def _declared_signal(page_types: tuple[str, ...]) -> tuple[float, str | None]:
    declared = {t.lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in page_types}
    if declared & ARTICLE_PAGE_TYPES:
        return _W_DECLARED_ARTICLE, "declared an article"
    other = declared & NON_ARTICLE_PAGE_TYPES
    if other:
        return _W_DECLARED_OTHER, f"declared {sorted(other)[0]}"
    return 0.0, None


def _url_signal(url: str | None) -> tuple[float, str | None]:
    if not url:
        return 0.0, None
    try:
        parts = urlsplit(url)
    except ValueError:
        return 0.0, None
    path = parts.path or "/"
    if path == "/" and not parts.query:
        return _W_ROOT_URL, "home page URL"
    if _DATED_PATH.search(path):
        return _W_DATED_URL, "dated URL"
    if _LISTING_PATH.search(path):
        return _W_LISTING_URL, "listing-page URL"
    return 0.0, None


def _length_signal(words: int) -> tuple[float, str]:
    if words < _FEW_WORDS:
        return _W_FEW_WORDS, f"only {words} words"
    if words < _SOME_WORDS:
        return _W_SOME_WORDS, f"short ({words} words)"
    if words >= _LOTS_OF_WORDS:
        return _W_LOTS_OF_WORDS, f"{words} words"
    if words >= _MANY_WORDS:
        return _W_MANY_WORDS, f"{words} words"
    return 0.0, f"{words} words"


def _article_log_odds(
    evidence: Evidence, prose: float, list_items: float
) -> tuple[float, list[str]]:
    z = _BIAS
    reasons: list[str] = []

    def add(weight: float, reason: str | None) -> None:
        nonlocal z
        if weight and reason:
            z += weight
            reasons.append(reason)

    if evidence.is_article_format:
        add(_W_ARTICLE_FORMAT, "article dump format")
    add(*_declared_signal(evidence.page_types))
    add(*_url_signal(evidence.url))
    add(*_length_signal(evidence.word_count))
    if evidence.has_published_at:
        add(_W_DATE, "has a publication date")
    else:
        add(_W_NO_DATE, "no publication date")
    if evidence.has_authors:
        add(_W_AUTHORS, "has a byline")
    blocks = evidence.paragraphs
    if blocks and prose >= 0.5:
        add(_W_PROSE, "mostly prose")
    elif (
        blocks
        and prose < 0.2
        and evidence.word_count < _LONG_WITHOUT_PROSE
        and (evidence.link_density is None or evidence.link_density >= _LINK_LIST_DENSITY)
    ):
        # Long pages without sentence-final paragraphs are often real articles whose text sits
        # in lists or line breaks (tutorials, papers); short ones are menus and teaser lists,
        # which are links: short lists and recipes with little link text are not.
        add(_W_NO_PROSE, "little prose")
    if blocks and list_items > 0.6:
        add(_W_LIST_HEAVY, "mostly list items")
    if evidence.teaser_links >= _TEASER_LINKS:
        add(_W_TEASERS, f"{evidence.teaser_links} headline links")
    return z, reasons


def _agreement(description: str | None, paragraphs: tuple[Paragraph, ...]) -> float | None:
    """Share of the description's words found in the body's opening; None without a
    description.

    Publishers write the description from the story's opening, so a body whose first
    paragraphs share few of its words is probably the wrong block (a teaser list, a comment
    thread). Only the opening is read: lower-casing and searching a whole long body would
    cost more than the rest of the judgement.
    """
    if not description:
        return None
    wanted = {t.lower() for t in _TOKEN.findall(description)}
    if len(wanted) < 4:
        return None
    texts: list[str] = []
    size = 0
    for paragraph in paragraphs:
        texts.append(paragraph.text)
        size += len(paragraph.text)
        if size >= _OPENING_CHARS:
            break
    # Substring tests in C on the lower-cased text: a handful of words against a few KB is
    # far cheaper than tokenising it, and loose enough for a heuristic.
    opening = " ".join(texts).lower()
    return sum(1 for word in wanted if word in opening) / len(wanted)


def _extraction_score(evidence: Evidence, prose: float) -> float:
    length = min(1.0, evidence.word_count / _MANY_WORDS)
    structure = min(1.0, prose / 0.6)
    parts = [(0.35, length), (0.35, structure)]
    agreement = _agreement(evidence.description, evidence.paragraphs)
    if agreement is not None:
        parts.append((0.30, min(1.0, agreement / 0.7)))
    total = sum(weight for weight, _ in parts)
    score = sum(weight * value for weight, value in parts) / total
    # A few words can be perfect prose and still not be the article's text.
    return round(score * min(1.0, evidence.word_count / _FEW_WORDS), 3)


def judge(evidence: Evidence) -> Judgement:
    """Judge one page.

    Returns:
        Whether it is an article, the two scores rounded to 3 decimals, and the reasons.
    """
    prose, list_items = _block_shares(evidence.paragraphs)
    z, reasons = _article_log_odds(evidence, prose, list_items)
    score = round(_sigmoid(z), 3)
    return Judgement(
        is_article=score >= 0.5,
        article_score=score,
        extraction_score=_extraction_score(evidence, prose) if evidence.paragraphs else 0.0,
        reasons=tuple(reasons),
    )
