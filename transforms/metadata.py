"""Article metadata from a parsed HTML page: one short cascade per field, strongest signal first.

One query over the whole tree collects ``<meta>``, JSON-LD ``<script>``, the h1 headings,
``<time>`` elements and author links, one over the head the canonical link and ``<title>``,
into ``PageSignals`` (each full-tree query costs a tenth of the parse, each selector of its list
a little more). Every field is then read from those signals; the fallbacks (bylines, visible
datelines, standfirsts, reading times, h2 headlines, labelled dates in the page's foot) look at
small subtrees around the headline or query lazily, and only when the stronger signals gave
nothing. The tree is never modified: the body extractor reads it next.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from itertools import islice
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from transforms import selectors as sel
from transforms.dates import ASSUMED_UTC, MONTHS, date_from_url, parse_datetime, search_datetime
from transforms.jsonld import JsonLdArticle, JsonLdPage, parse_jsonld
from transforms.languages import normalize_language
from transforms.nodes import shown_text, visible_text
from transforms.text import clean_text, declared_text
from transforms.urls import normalize_url, resolve_url

_AUTHOR_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sel.AUTHOR_PREFIXES) + r")(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
# "& Co." ends a company's name ("Example GmbH & Co. KG", "Berg & Co."); "& Co-Autor" does not.
_AND_CO = r"\s*co\b(?!-)"
_COMPANY_AND = re.compile("&" + _AND_CO, re.IGNORECASE)
# "A and B", "A, B & C", "A / B", "A - B" (a blog's two owners in its author meta), "A im
# Gespräch mit B" (radio interviews credit both people); not the "&" of "& Co.".
_NAME_SEPARATORS = re.compile(
    r"\s*(?:[,;|/·•()]|&(?!" + _AND_CO + r")|\s[-–—]\s"
    r"|\s(?:and|und|y|et|e|with|mit|im gespräch mit|in conversation with)\s)\s*",
    re.IGNORECASE,
)
# "By Ana Ruiz in Berlin", "Ana Ruiz for Example News", "Von Eva Berg am 21. April": the place,
# outlet or date is not the name. "Le"/"El"/"In" stay when capitalised ("Ursula Le Guin").
_NAME_TAIL = re.compile(r"\s+(?:(?i:for|from|aus|für)|in|at|am|um|on|le|el)(?:\s+|,|$).*$")
# A second group of writers in a wire credit, and the other roles it ends with.
_CONTRIBUTOR_LABEL = re.compile(
    r"\s*[;|,]\s*(?:additional\s+)?(?:reporting|writing)\s+by\s+", re.IGNORECASE
)
# "Ana Ruiz / Editing by Tom Berg", "Ana Ruiz – Photo: Tom Berg": a dash counts only between
# spaces, so "Jean-Photo" stays a name.
_OTHER_ROLE_TAIL = re.compile(
    r"(?:\s*[;|,/&]|\s+[-–—])\s*(?:"
    + "|".join(re.escape(label) for label in sel.OTHER_ROLE_LABELS)
    + r")\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# Handles, e-mail addresses and links (social profiles without "https://" too) printed next
# to names.
_NAME_NOISE = re.compile(
    r"\S+@\S+|@\w+|\S*://\S*|\bwww\.\S+|\b(?:[\w-]+\.)?(?:"
    + "|".join(re.escape(host) for host in sel.SOCIAL_PROFILE_HOSTS)
    + r")/\S*"
)
# A copyright notice around the holder's name ("© 2021 Ana Ruiz", "Copyright Example GmbH -
# all rights reserved"): read before dates are cut, since its year comes before the name.
_COPYRIGHT_NOTICE = re.compile(
    r"(?:\(c\)|©|\bcopyright\b)(?:\s*\d{4}(?:\s*[-–]\s*\d{4})?)?|\b(?:"
    + "|".join(re.escape(phrase) for phrase in sel.COPYRIGHT_NOTICE_PHRASES)
    + r")\b",
    re.IGNORECASE,
)
_NAME_PUNCTUATION = " .:-–—\"'“”~*•·|,;()[]→←»«›‹<>▶►■●★☆✓✔✉"
# "Gàbor Muniér, Datum: 15.06.19", "Ana Ruiz in Rubrik: Politik": a label ends the names.
_NAME_LABEL = re.compile(r"(?<=\S)\s+[^\W\d_][\w.-]*:(?:\s|$)")
# A dateline piece that starts with a byline prefix: "By Jose de la Cruz", "Von: Eva Berg".
_BYLINE_START = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in sel.BYLINE_START_PREFIXES) + r")\s*:?\s+\S",
    re.IGNORECASE,
)
# A top-level domain is all lower or all upper case: "Isabella.Rossi" is a user name.
_DOMAIN_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,6}|[A-Z]{2,6})")
# Lower-case top-level domains only: "C.Habermueller" and "Isabella.DiBiase" are names.
_DOMAIN = re.compile(r"\w\.[a-z]{2,}\b")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_TITLE_WORD = re.compile(r"\w+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_TAG_SEPARATORS = re.compile(r"[,;，]")
_ISO_DURATION = re.compile(
    r"P(?:0D)?T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?", re.IGNORECASE
)
_MINUTES = re.compile(r"(\d{1,3})\s*(?:min|minutes?|minuten?|$)", re.IGNORECASE)
_READING_TIME_TEXT = re.compile(
    r"(?<!\d)(\d{1,3})\s*[-–]?\s*(?:minutes?|mins?\.?|minuten?|min\.?)\s*"
    r"(?:read|reading|de lecture|de lectura|di lettura|lesezeit|lesedauer|lesen)"
    r"|(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura)"
    r"\s*:?\s*(?:ca\.\s*)?(\d{1,3})\s*(?:minutes?|mins?|minuten?|min)",
)
_TRUNCATED = ("...", "…")
_RUBY_QUERY = ", ".join(sorted(sel.RUBY_TAGS))
_TITLE_SEPARATOR_SPLIT = re.compile("|".join(re.escape(sep) for sep in sel.TITLE_SEPARATORS))
# A site name segment matches a host label it starts (or that starts it) from this length on:
# "Handball Schweiz" on handball.ch, "La Prensa Gráfica" on laprensagrafica.com.
_HOST_PREFIX_MIN = 4
_HOST_KEY_MIN = 3
# A title separator with nothing on one side: "National Rail Enquiries -", "| Story".
_SEPARATOR_MARKS = re.escape(
    "".join(sorted({c for sep in sel.TITLE_SEPARATORS for c in sep.strip()}))
)
_DANGLING_SEPARATOR = re.compile(
    rf"^[\s{_SEPARATOR_MARKS}]*[{_SEPARATOR_MARKS}]\s+|(?:\s+[{_SEPARATOR_MARKS}]+)+$"
)
_LEADING_DECORATION = re.compile(r"^[^\w\s\"“”„«»‹›'‘’‚(¿¡]+\s+")
# A section label: one word in a Latin script ("Pressemitteilungen", not a CJK headline).
_SECTION_WORD = re.compile(r"[A-Za-zÀ-ɏ-]{1,30}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KICKER_JOINERS = " -–—:|/"
_MAX_READING_TIME = 300
_MAX_AUTHORS = 12
_MAX_BYLINE_LENGTH = 1000
_MAX_NAME_TEXT = 300
_MAX_TAG_LENGTH = 80
_MAX_ORGANIZATION_LENGTH = 80
_WANTED_METAS: frozenset[str] = frozenset(
    (
        *sel.META_TITLE,
        *sel.META_CANONICAL,
        *sel.META_SITE_NAME,
        *sel.META_APPLICATION_NAME,
        *sel.META_DESCRIPTION,
        *sel.META_SECTION,
        *sel.META_AUTHOR,
        *sel.META_PUBLISHED,
        *sel.META_MODIFIED,
        *sel.META_LANGUAGE,
        *sel.META_LOCALE,
        *sel.META_IMAGE,
        *sel.META_TWITTER_IMAGE,
        *sel.META_TAGS,
        *sel.META_KEYWORDS,
        *sel.META_READING_TIME,
        *sel.META_PAGE_TYPE,
        *(name for pair in sel.META_TWITTER_LABELS for name in pair),
    )
)
_META_NAME_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
_DIGIT = re.compile(r"\d")
# A user name, not a display name: lower case, words joined by "_", "." or "-".
_HANDLE = re.compile(r"[a-z0-9]+(?:[_.-][a-z0-9]+)+")
# A login made of a given and a family name (lower case): "eva.berg", "tom_berg".
_LOGIN = re.compile(r"[^\W\d_]{2,}[._][^\W\d_]{2,}")
_LOGIN_SEPARATOR = re.compile(r"[._]")
# A name written with dots for spaces ("Isabella.DiBiase", "C.Habermueller"), as CMS user
# names go: initials or words, ending in a capitalised word of three letters or more.
_DOTTED_NAME = re.compile(r"(?:[^\W\d_]+\.)+[^\W\d_a-z][^\W\d_]{2,}")
_URL_HOST = re.compile(r"[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]*)", re.IGNORECASE)
# What may sit between a date label and the date: "Aktualisiert am", "Published: on".
_LABEL_TAIL = re.compile(r"\s*:?\s*(?:(?:am|on|le|el|il|den)(?!\w))?")
_LABELLED_DATE_WINDOW = 40
_LONG_PIECE = 600
_MAX_OFFSET = timedelta(hours=14)
# Plain names: words of letters (with inner apostrophes, dots and hyphens), single spaces.
_SIMPLE_NAME = re.compile(
    r"[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*\.?(?: [^\W\d_]+(?:['’.-][^\W\d_]+)*\.?){1,4}"
)
_LIST_MARKS = re.compile(r"[,;|/&·•]")
# "..., and Tom Berg": the conjunction left after splitting on the comma.
_LEADING_CONJUNCTION = re.compile(r"^(?:and|und|et|y|e)\s+", re.IGNORECASE)
# "View all posts by", "Zeige alle Beiträge von": up to four words, then the preposition.
_ARCHIVE_LINK = re.compile(r"(\w+)(?:\s+\w+){0,3}?\s+(?:by|von)\s+", re.IGNORECASE)
# A meta value that may list several names.
_LIST_HINT = re.compile(r"[,;&/|+]| (?:and|und|et|y|e) ", re.IGNORECASE)
# "WASHINGTON (AP) —", "Berlin (dpa) - ": a place, then the agency in parentheses.
_AGENCY_DATELINE = re.compile(r"[^\W\d][^()\n]{1,60}?\s\((?P<agency>[^()]{2,30})\)\s*[—–-]")
# A template variable left unfilled: "{$category}", "{{ post_date }}", "${title}".
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\$\{[A-Za-z_][\w.]*\}|\{\$[A-Za-z_][\w.]*\}")
_NAME_VOCABULARY: frozenset[str] = frozenset(
    (
        *sel.ORGANIZATION_NAMES,
        *sel.ORGANIZATION_WORDS,
        *sel.JOB_TITLE_WORDS,
        *sel.AUTHOR_JUNK_WORDS,
        *sel.WEEKDAYS,
        *sel.NON_CREDITS,
        *(prefix for prefix in sel.AUTHOR_PREFIXES if " " not in prefix),
        "copyright",
        "and",
        "und",
        "et",
        "e",
        "y",
        "with",
        "mit",
        "for",
        "from",
        "aus",
        "für",
        "in",
        "at",
        "am",
        "um",
        "on",
    )
)
_QUARTER_HOUR = timedelta(minutes=15)
_CREDIT_LABEL_ALTERNATION = "|".join(
    re.escape(label) for label in sorted(sel.CREDIT_LABELS, key=len, reverse=True)
)
_CREDIT_LABEL_START = re.compile(rf"\s*(?:{_CREDIT_LABEL_ALTERNATION})", re.IGNORECASE)
# "Autor:", "Text", "Written by:" as an element's whole text: the names follow it.
_CREDIT_LABEL_ONLY = re.compile(rf"(?:{_CREDIT_LABEL_ALTERNATION})\s*:?", re.IGNORECASE)
# "Written by: Eva Berg" in one element: a colon, so "By the way" is no label.
_CREDIT_LABEL_LEAD = re.compile(
    rf"(?:{_CREDIT_LABEL_ALTERNATION})\s*:\s*(?P<names>\S.*)", re.IGNORECASE | re.DOTALL
)
# Labels in term lists, tables and small headings name the next element ("<dt>Autor</dt><dd>").
_LABEL_HEADING_TAGS = frozenset({"dt", "h4"})
_MAX_HEADING_LENGTH = 400
_MAX_AUTHOR_PAGE_LINKS = 4


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about the article it carries. Absent values are None or ``()``.

    Datetimes are aware and keep the offset the page gave; values the page gave no offset for
    carry ``transforms.dates.ASSUMED_UTC``. ``authors`` are people; ``organizations`` the
    agencies, desks and publishers credited instead of or beside them. ``article_body`` is the
    JSON-LD ``articleBody`` (for the body extractor); ``page_types`` lists the JSON-LD ``@type``
    values and the og:type of the page.
    """

    canonical_url: str | None = None
    site_name: str | None = None
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    image_url: str | None = None
    tags: tuple[str, ...] = ()
    reading_time_min: int | None = None
    article_body: str | None = None
    page_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Credits:
    """Who a page credits: people, and organisations (agencies, desks, publishers)."""

    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()


@dataclass(slots=True)
class PageSignals:
    """Everything the field cascades read: the cheap signals gathered up front, the rest lazily.

    ``metas`` maps lower-case meta names (``name``, ``property``, ``http-equiv``; ``itemprop``
    as ``itemprop:<name>``) to their non-empty contents in document order; ``canonical_links``
    holds the hrefs of ``<link rel=canonical>``; ``h1s`` the h1 elements in document order.
    The h2 elements, dated elements (``<time>``, ``itemprop=date*``) and ``a[rel=author]``
    links are queried on first use only: most pages never need them. ``headline`` (the
    story's heading) and the areas around it are set by ``extract_metadata`` once the title
    is known.
    """

    tree: LexborHTMLParser
    base_url: str | None
    metas: dict[str, list[str]]
    canonical_links: list[str]
    html_title: str | None
    html_lang: str | None
    h1s: list[LexborNode]
    dated: list[LexborNode]
    author_links: list[LexborNode]
    jsonld: JsonLdPage
    headline: LexborNode | None = None
    site_keys: frozenset[str] = frozenset()
    _h2s: list[LexborNode] | None = field(default=None, repr=False)
    _marked_dates: list[LexborNode] | None = field(default=None, repr=False)
    _header: LexborNode | None = field(default=None, repr=False)
    _visible: datetime | None = field(default=None, repr=False)
    _visible_searched: bool = field(default=False, repr=False)
    _near: tuple[tuple[str, ...], tuple[LexborNode, ...]] | None = field(default=None, repr=False)

    @property
    def article(self) -> JsonLdArticle | None:
        """The page's main JSON-LD record, if any."""
        return self.jsonld.article

    @property
    def h2s(self) -> list[LexborNode]:
        """The page's h2 elements, in document order (queried once, on first use)."""
        if self._h2s is None:
            self._h2s = self.tree.css("h2")
        return self._h2s

    @property
    def marked_dates(self) -> list[LexborNode]:
        """Elements other than ``<time>`` and ``<meta>`` marked as the publication time."""
        if self._marked_dates is None:
            self._marked_dates = [
                node
                for node in self.tree.css(sel.MARKED_DATE_SELECTOR)
                if node.tag not in ("time", "meta")
            ]
        return self._marked_dates

    @property
    def header(self) -> LexborNode | None:
        """The headline's ancestor a few levels up: where bylines and ``<time>`` elements sit."""
        if self._header is None and self.headline is not None:
            self._header = _header_area(self.headline)
        return self._header

    @property
    def story(self) -> LexborNode | None:
        """The headline's article or main ancestor."""
        return _story_container(self.headline)

    def visible_date(self) -> datetime | None:
        """The first date printed around the headline, nearest first (searched once).

        Level by level up from the headline: the text of its next siblings (reading order),
        then of its previous ones (nearest first); then the same for its parent, and so on.
        Datelines sit there whatever the template; the header block's whole text also holds
        navigation, teasers and archive lists. The walk stops at the first text with a date.
        """
        if not self._visible_searched:
            self._visible_searched = True
            if self.headline is not None:
                day_first = self.day_first
                for text, _ in _iter_dateline_texts(self.headline):
                    found = search_datetime(text, day_first=day_first, short_years=True)
                    if found is not None:
                        self._visible = found
                        break
        return self._visible

    def near_headline(self) -> tuple[tuple[str, ...], tuple[LexborNode, ...]]:
        """Texts next to the headline and their elements: its nearest siblings only.

        Bylines, reading times and the date a page shows sit right by the headline; this walk
        is a fraction of the dateline's, which only the date cascade needs. It also reads the
        end of long blocks (a date closing a standfirst).
        """
        if self._near is None:
            headline = self.headline
            self._near = (
                _dateline_texts(
                    headline, budget=sel.NEAR_BUDGET, max_levels=sel.NEAR_LEVELS, tails=True
                )
                if headline is not None
                else ((), ())
            )
        return self._near

    def meta(self, names: Iterable[str]) -> Iterator[str]:
        """Contents of the named metas, in the order of ``names`` then of the document."""
        metas = self.metas
        for name in names:
            values = metas.get(name)
            if values:
                yield from values

    @property
    def day_first(self) -> bool | None:
        """How the page writes numeric dates: day first unless it is US English."""
        lang = (self.html_lang or "").strip().lower().replace("_", "-")
        if not lang:
            return None
        if lang.startswith("en"):
            region = lang[3:5]
            if not region:
                return None
            return region not in sel.MONTH_FIRST_REGIONS
        return True


def extract_metadata(
    tree: LexborHTMLParser, *, base_url: str | None, not_after: datetime | None = None
) -> PageMetadata:
    """Read the metadata of a parsed page without modifying it.

    Args:
        tree: The parsed page.
        base_url: The address the page was fetched from, for relative links; None when unknown.
        not_after: When the page was fetched: a published or updated date later than this is
            discarded (the cascade goes on to the next signal). None accepts any date; a naive
            value is read as UTC.

    Returns:
        The page's metadata; fields the page does not state are None or ``()``.
    """
    if not_after is not None and not_after.tzinfo is None:
        not_after = not_after.replace(tzinfo=ASSUMED_UTC)
    signals = collect_signals(tree, base_url=base_url)
    canonical_url = extract_canonical_url(signals)
    declared_site = _first_text(_site_name_candidates(signals))
    title = extract_title(signals, site_name=declared_site, canonical_url=canonical_url)
    article = signals.article
    credits = extract_credits(signals)
    published_at, source = _published_at(signals, canonical_url, not_after)
    updated_at = extract_updated_at(signals, not_after=not_after)
    if updated_at is not None and published_at is not None and updated_at < published_at:
        # An "update" before the publication is a template default or a re-dated import.
        updated_at = None
    published_at = _shown_date(signals, published_at, source, updated_at, not_after)
    return PageMetadata(
        canonical_url=canonical_url,
        site_name=extract_site_name(signals, canonical_url=canonical_url),
        title=title,
        subtitle=extract_subtitle(signals, title=title),
        description=extract_description(signals),
        section=extract_section(signals, title=title),
        authors=credits.people,
        organizations=credits.organizations,
        published_at=published_at,
        updated_at=updated_at,
        language=extract_language(signals),
        image_url=extract_image_url(signals, canonical_url=canonical_url),
        tags=extract_tags(signals),
        reading_time_min=extract_reading_time(signals),
        article_body=article.article_body if article is not None and article.is_article else None,
        page_types=extract_page_types(signals),
    )


def collect_signals(tree: LexborHTMLParser, *, base_url: str | None) -> PageSignals:
    """Gather metas, JSON-LD, h1 elements, the canonical link and ``<title>``.

    Two queries: one over the whole tree for metas, JSON-LD scripts and h1 elements (metas
    and scripts also sit in the body: microdata, and heads cut short by a stray element), one
    over the head for the canonical link and the title, repeated over the whole tree only when
    the head was cut short (``_head_spilled``). A full-tree query costs about a tenth of the
    parse, each selector of its list a little more, so everything else is queried lazily.

    Args:
        tree: The parsed page; it is not modified.
        base_url: The page's address, when known.

    Returns:
        The signals the ``extract_*`` cascades read.
    """
    metas: dict[str, list[str]] = {}
    scripts: list[str] = []
    h1s: list[LexborNode] = []
    dated: list[LexborNode] = []
    author_links: list[LexborNode] = []
    wanted = _WANTED_METAS
    for node in tree.css(sel.METADATA_SCAN_SELECTOR):
        tag = node.tag
        if tag == "meta":
            _add_meta(metas, node.attributes, wanted)
        elif tag == "h1":
            h1s.append(node)
        elif tag == "script":
            scripts.append(node.text(deep=True))
        elif tag == "a":
            author_links.append(node)
        else:
            dated.append(node)
    head = tree.head
    if head is None or _head_spilled(tree):
        canonical_links, html_title = _head_links_and_title(tree)
    else:
        canonical_links, html_title = _head_links_and_title(head)
        if html_title is None:
            # No title in the head: it was cut short further down than the body's first elements.
            canonical_links, html_title = _head_links_and_title(tree)
    root = tree.root
    lang = None
    if root is not None:
        attrs = root.attributes
        lang = attrs.get("lang") or attrs.get("xml:lang")
    return PageSignals(
        tree=tree,
        base_url=base_url,
        metas=metas,
        canonical_links=canonical_links,
        html_title=html_title,
        html_lang=lang,
        h1s=h1s,
        dated=dated,
        author_links=author_links,
        jsonld=parse_jsonld(scripts),
    )


def _head_links_and_title(
    scope: LexborHTMLParser | LexborNode,
) -> tuple[list[str], str | None]:
    """The canonical hrefs and the document title found in ``scope``."""
    canonical_links: list[str] = []
    html_title: str | None = None
    for node in scope.css(sel.HEAD_SCAN_SELECTOR):
        if node.tag == "link":
            href = node.attributes.get("href")
            if href:
                canonical_links.append(href.strip())
        elif html_title is None and _outside_svg(node):
            html_title = clean_text(declared_text(node.text(deep=True))) or None
    return canonical_links, html_title


def _head_spilled(tree: LexborHTMLParser) -> bool:
    """True when head elements sit at the start of the body: the head was cut short.

    A tracking pixel or a stray ``<div>`` inside ``<head>`` makes the parser close the head
    there, as browsers do; the canonical link and the title that follow land in the body.
    """
    body = tree.body
    if body is None:
        return False
    child = body.child
    seen = 0
    while child is not None and seen < sel.HEAD_SPILL_CHILDREN:
        if child.is_element_node:
            if child.tag in sel.HEAD_TAGS:
                return True
            seen += 1
        child = child.next
    return False


# --- fields ----------------------------------------------------------------------------------


def extract_canonical_url(signals: PageSignals) -> str | None:
    """link rel=canonical > og:url > JSON-LD url/mainEntityOfPage, absolute and normalised."""
    candidates = [*signals.canonical_links, *signals.meta(sel.META_CANONICAL)]
    article = signals.article
    if article is not None:
        candidates += [u for u in (article.url, article.main_entity_of_page) if u]
    for candidate in candidates:
        url = normalize_url(resolve_url(signals.base_url, candidate))
        if url is not None and not _is_homepage_of(url, signals.base_url):
            return url
    return None


def extract_site_name(signals: PageSignals, *, canonical_url: str | None = None) -> str | None:
    """og:site_name > JSON-LD publisher name > application-name, as the site calls itself.

    A page title declared as the site's name (a CMS filling og:site_name with the headline) is
    passed over. Of a name with a slogan or the page's title around it ("LinkNaija | Nigeria's
    popular news platform", "Fischerhütte | hejfish.com"), the part naming the host is kept.
    A site name declared as an address ("https://www.newsnation.in") is its host
    ("newsnation.in").
    """
    titles = {title.casefold() for title, _ in _declared_titles(signals)}
    hosts = _host_keys(canonical_url or signals.base_url)
    for candidate in _site_name_candidates(signals):
        name = clean_text(candidate) if candidate else ""
        if "://" in name and " " not in name:
            name = (_host(name) or "").removeprefix("www.")
        if not name:
            continue
        segment = _host_segment(name, hosts)
        if (
            segment == name
            and len(name.split()) > sel.SITE_NAME_MAX_WORDS
            and name.casefold() in titles
        ):
            continue
        return segment
    return None


def _site_name_candidates(signals: PageSignals) -> list[str | None]:
    """The names the page declares for its site, strongest first."""
    article = signals.article
    return [
        *signals.meta(sel.META_SITE_NAME),
        article.publisher_name if article is not None else None,
        *signals.meta(sel.META_APPLICATION_NAME),
    ]


def _host_keys(url: str | None) -> tuple[frozenset[str], str]:
    """The site's own labels of the host of ``url`` ("mixed" of www.mixed.de; no generic
    subdomains) and the whole host, folded by ``_name_key`` ("mixedde")."""
    host = _host(url)
    if host is None:
        return frozenset(), ""
    own = (_name_key(label) for label in _own_labels(host) if label not in sel.GENERIC_HOST_LABELS)
    whole = _name_key(host.removeprefix("www."))
    return frozenset(key for key in own if len(key) >= _HOST_KEY_MIN), whole


def _host_segment(name: str, hosts: tuple[frozenset[str], str]) -> str:
    """The segment of a site name, split at title separators, that names the host (the whole
    host, or a label of it it starts or that starts it); the whole name when it has no
    separator or no segment does."""
    labels, whole = hosts
    if not whole or not any(separator in name for separator in sel.TITLE_SEPARATORS):
        return name
    for segment in _TITLE_SEPARATOR_SPLIT.split(name):
        key = _name_key(segment)
        if (
            key == whole
            or key in labels
            or (
                len(key) >= _HOST_PREFIX_MIN
                and any(label.startswith(key) or key.startswith(label) for label in labels)
            )
        ):
            return segment.strip()
    return name


def extract_title(
    signals: PageSignals, *, site_name: str | None = None, canonical_url: str | None = None
) -> str | None:
    """The headline as the page shows it, else JSON-LD headline > og/twitter title > ``<title>``.

    Pages title one story several ways: a short SEO og:title, a JSON-LD headline cut at 110
    characters, a ``<title>`` with the site's name, and the h1 readers see. The visible heading
    wins when it agrees with one of the declared titles (shares most of its words): declared
    titles drift from the page (edited headlines, SEO variants) while the heading is what the
    story is called. An h2 stands in when no h1 agrees (blog themes print the site's name as h1
    and the post's title as h2). A heading that is the site's name (a masthead h1 repeated in
    ``<title>``) never wins and is stripped like one. Sets ``signals.headline``.

    Returns:
        The title without site names, or None.
    """
    declared = _declared_titles(signals)
    # Some CMSs fill application-name or og:site_name with the page's title: a "site name"
    # that is the whole title names nothing.
    title_keys = {_site_key(text) for text, _ in declared}
    names = [
        name
        for name in _site_names(signals, site_name, canonical_url)
        if _site_key(name) not in title_keys
    ]
    h1s = signals.h1s[: sel.MAX_HEADINGS]
    h1_texts = [(node, _heading_text(node)) for node in h1s]
    folded = [title.casefold() for title, _ in declared]
    for node, text in h1_texts:
        # A masthead's text is in the title word for word: test that before the segments.
        if (
            text
            and any(text.casefold() in title for title in folded)
            and any(_is_masthead(node, text, title) for title, _ in declared)
        ):
            names.append(text)
    keys = frozenset(key for name in names if (key := _site_key(name)))
    signals.site_keys = keys
    titles = [
        (title, short) for text, short in declared if (title := _strip_site_keys(text, keys, short))
    ]
    stripped = [title for title, _ in titles]
    candidates = [
        (node, _strip_site_keys(text, keys, False))
        for node, text in h1_texts
        if text and _site_key(text) not in keys
    ]
    best = _best_heading(candidates, titles)
    if best is None and stripped:
        h2s = signals.h2s[: sel.MAX_HEADINGS]
        best = _best_heading(((node, _heading_text(node)) for node in h2s), titles, first_only=True)
    if best is not None:
        signals.headline = best[0]
        return best[1]
    headline = signals.headline = _main_headline([node for node, _ in candidates])
    if stripped and (headline is None or _shares_no_word(headline, stripped[0])):
        # No heading element names the story: table-layout and club CMSs print it in a cell
        # or a span. An element whose text is the title, or one segment of it, is the headline
        # ("Site Name - Story" in <title> and "Story" in a <td class=itemHead>). An h1 sharing
        # no word with the title is a masthead in another spelling ("엔터 미디어" on
        # entermedia.co.kr, the story in a <dt>): it stays the headline only when no element
        # shows the title.
        found = _headline_by_text(signals, _title_segments(stripped[0]))
        if found is not None:
            signals.headline, segment = found
            return segment
    if stripped and signals.headline is not None and _SECTION_WORD.fullmatch(stripped[0]):
        # A one-word og:title ("Pressemitteilungen") is the section of a press-release CMS;
        # the page's own headline names the story.
        text = _heading_text(signals.headline)
        if len(text.split()) >= sel.MIN_HEADLINE_WORDS:
            return text
    if stripped:
        return stripped[0]
    if signals.headline is not None:
        return _heading_text(signals.headline) or None
    return None


def _shares_no_word(heading: LexborNode, title: str) -> bool:
    """True when a heading has no word of a title longer than one section word."""
    if _SECTION_WORD.fullmatch(title):
        return False  # a one-word og:title names the section (see ``extract_title``)
    return not _Words(title).unique & _Words(_heading_text(heading)).unique


def _title_segments(title: str) -> list[str]:
    """A title, then its segments of three words or more around separators, longest first."""
    segments = {title: None}
    for separator in sel.TITLE_SEPARATORS:
        if separator in title:
            for part in sorted(title.split(separator), key=len, reverse=True):
                part = part.strip()
                if len(part.split()) >= sel.MIN_HEADLINE_WORDS:
                    segments.setdefault(part, None)
    return list(segments)


def _headline_by_text(signals: PageSignals, texts: list[str]) -> tuple[LexborNode, str] | None:
    """The innermost element outside menus and boxes whose text is one of ``texts``.

    A C-level ``:lexbor-contains`` query per text finds the elements holding it; run only on
    pages without a headline element.
    """
    body = signals.tree.body
    if body is None:
        return None
    for text in texts:
        if not sel.HEADLINE_TEXT_MIN <= len(text) <= _MAX_HEADING_LENGTH:
            continue
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        query = ", ".join(f'{tag}:lexbor-contains("{quoted}" i)' for tag in sel.HEADLINE_TEXT_TAGS)
        try:
            nodes = body.css(query)
        except SelectolaxError:
            continue
        key = text.casefold()
        found: LexborNode | None = None
        for node in nodes:
            if not _is_heading_text(clean_text(shown_text(node)), key):
                continue
            if found is None:
                if not _in_excluded_box(node):
                    found = node
            elif _is_inside(node, found):
                found = node
        if found is not None:
            return found, text
    return None


def _is_heading_text(text: str, key: str) -> bool:
    """True when an element's text is the headline ``key`` (folded), perhaps after a kicker
    ("Eintracht Presse : Eintracht Frankfurt stellt Weichen für die Zukunft")."""
    folded = text.casefold()
    if folded == key:
        return True
    if not folded.endswith(key):
        return False
    kicker = text[: len(text) - len(key)].rstrip()
    return (
        bool(kicker)
        and kicker[-1] in _KICKER_JOINERS
        and len(kicker.split()) <= sel.KICKER_MAX_WORDS
    )


def _best_heading(
    headings: Iterable[tuple[LexborNode, str]],
    titles: list[tuple[str, bool]],
    *,
    first_only: bool = False,
) -> tuple[LexborNode, str] | None:
    """The heading that agrees best with a declared title (the first of equals), or None.

    A one-word heading ("News", "Aktuelles") agrees only with an og/JSON-LD title: section
    pages title every story "News - Site" in ``<title>``. With ``first_only`` (h2s), the first
    agreeing heading outside sidebars and menus wins.
    """
    words = [(_Words(title), is_html) for title, is_html in titles]
    best: tuple[LexborNode, str] | None = None
    best_score = sel.TITLE_AGREEMENT
    for node, text in headings:
        if not text:
            continue
        heading = _Words(text)
        one_word = len(heading.words) < 2
        score = max(
            (_agreement(heading, title) for title, is_html in words if not (one_word and is_html)),
            default=0.0,
        )
        if score >= best_score + (0.05 if best is not None else 0.0):
            if first_only and _in_excluded_box(node):
                continue
            best, best_score = (node, text), score
            if first_only or score >= 0.99:
                break
    return best


class _Words:
    """A title's folded words, their join and their set, computed once for comparisons."""

    __slots__ = ("joined", "unique", "words")

    def __init__(self, text: str) -> None:
        self.words = _TITLE_WORD.findall(text.casefold())
        self.joined = " ".join(self.words)
        self.unique = set(self.words)


def _declared_titles(signals: PageSignals) -> list[tuple[str, bool]]:
    """Declared titles, strongest first, each with whether short tails may be cut from it.

    A JSON-LD headline cut short with "..." gives way to a declared title that completes it
    (news CMSs truncate ``headline`` to schema.org's old 110-character advice).
    """
    article = signals.article
    titles: list[tuple[str, bool]] = []
    metas = [clean_text(value) for value in signals.meta(sel.META_TITLE)]
    headline = article.headline if article is not None else None
    if headline and headline.endswith(_TRUNCATED):
        stem = headline.rstrip(".… ")
        if any(len(other) > len(stem) and other.startswith(stem) for other in metas):
            headline = None
    if headline:
        titles.append((headline, False))
    titles.extend((value, False) for value in metas if value)
    if signals.html_title:
        titles.append((signals.html_title, True))
    # A template that fills "{page} - {site}" with an empty page name leaves the separator.
    return [(bare, short) for text, short in titles if (bare := _DANGLING_SEPARATOR.sub("", text))]


def _is_masthead(node: LexborNode, text: str, title: str) -> bool:
    """True when a declared title uses an h1's text as the site's name.

    Blog themes print the site's name as the page's h1 and again in ``<title>`` ("seelenradio
    » Nummer zwei: Leo" under an h1 "seelenradio"). Only an h1 outside the story's
    article/main container counts, as the trailing segment or as a leading one shorter than the
    rest, and only when it is marked as one (``_looks_like_masthead``): "Site | Headline"
    and "Headline | Site" look alike, and the headline must never become a site name.
    """
    key = _site_key(text)
    if not key or len(text) >= len(title) or _has_ancestor(node, sel.HEADLINE_CONTAINERS):
        return False
    for separator in sel.MASTHEAD_SEPARATORS:
        if separator not in title:
            continue
        tail = title.rpartition(separator)[2]
        if separator != ": " and _site_key(tail) == key:
            return _looks_like_masthead(node)
        first, _, rest = title.partition(separator)
        if _site_key(first) == key and len(first) < len(rest):
            return _looks_like_masthead(node)
    return False


def _looks_like_masthead(node: LexborNode) -> bool:
    """True for an h1 marked as the site's name: in a page header, a logo, or a home link."""
    if _has_ancestor(node, sel.MASTHEAD_CONTAINERS):
        return True
    marks = (node.attrs.get("class") or "").lower()
    if any(part in marks for part in sel.MASTHEAD_CLASS_PARTS):
        return True
    link = node.css_first("a[href]")
    href = link.attributes.get("href") if link is not None else None
    return href is not None and urlsplit(href.strip()).path in ("", "/")


def _agreement(heading: _Words, title: _Words) -> float:
    """How far a visible heading and a declared title name the same story, from 0 to 1.

    1 for the same words; containment counts when the shorter text is a good part of the
    longer ("Kaeser verarscht Neubauer" in "Siemens und die Kohlemine Adani: Kaeser verarscht
    Neubauer"); otherwise the share of the smaller word set found in the other, with at least
    two shared words (a one-word section heading shares one word with many titles).
    """
    h, t = heading.words, title.words
    if not h or not t:
        return 0.0
    if h == t:
        return 1.0
    hs, ts = heading.joined, title.joined
    shorter, longer = (hs, ts) if len(hs) <= len(ts) else (ts, hs)
    if len(h) > 1 and len(t) > 1 and shorter in longer:
        return 0.9 if len(shorter) >= sel.TITLE_CONTAINED_SHARE * len(longer) else 0.0
    common = len(heading.unique & title.unique)
    if common < 2:
        return 0.0
    return common / min(len(heading.unique), len(title.unique))


def _heading_text(node: LexborNode) -> str:
    """The visible text of a heading, without a kicker line printed inside it.

    News templates put a kicker or a date in a classed first child of the h1 ("<span
    class=overline>Die Zukunft der Arbeit</span>Wir dekorieren..."): when that part is short
    and the rest is a headline, the rest is the title. Unclassed inline emphasis ("<strong>
    Trump</strong> says...") stays; styles and screen-reader labels inside the heading
    (``selectors.HEADING_SILENT_SELECTOR``) are not read.
    """
    raw = node.text(deep=True, separator=" ")
    if len(raw) > _MAX_HEADING_LENGTH * 4:
        return ""
    first = node.child
    if first is None or (first.next is None and first.is_text_node):
        return _LEADING_DECORATION.sub("", clean_text(raw))[:_MAX_HEADING_LENGTH]
    # Elements inside: some may hold text no reader sees.
    silent = {hidden.mem_id for hidden in node.css(sel.HEADING_SILENT_SELECTOR)}
    if silent:
        raw = visible_text(node, silent)
    if _CJK.search(raw) and node.css_first("rt") is not None:
        # Japanese pages print readings above the kanji (<ruby>子<rt>こ</rt></ruby>).
        readings = {reading.mem_id for reading in node.css(_RUBY_QUERY)}
        raw = visible_text(node, silent | readings, separator="")
    text = _LEADING_DECORATION.sub("", clean_text(raw))
    while first is not None and (not first.is_element_node or first.mem_id in silent):
        if first.is_text_node and (first.text_content or "").strip():
            return text[:_MAX_HEADING_LENGTH]
        first = first.next
    if first is None or not _is_kicker(first):
        return text[:_MAX_HEADING_LENGTH]
    kicker = (
        visible_text(first, silent) if silent else first.text(deep=True, separator=" ")
    ).strip()
    rest = clean_text(raw.replace(kicker, " ", 1)).lstrip(_KICKER_JOINERS) if kicker else ""
    # "Krach vor der Versammlung: <br> Es knirscht...": a kicker ending in a colon is the
    # first half of the headline.
    if (
        len(kicker.split()) <= sel.KICKER_MAX_WORDS
        and len(rest.split()) >= 3
        and not kicker.endswith(":")
    ):
        return rest[:_MAX_HEADING_LENGTH]
    return text[:_MAX_HEADING_LENGTH]


def _is_kicker(node: LexborNode) -> bool:
    """True for a heading's first child that can be a kicker: classed, a block, or a date."""
    if node.next is None:
        return False
    if node.tag in sel.KICKER_TAGS:
        return True
    return bool(node.attrs.get("class")) and node.tag not in sel.INLINE_EMPHASIS_TAGS


def extract_subtitle(signals: PageSignals, *, title: str | None = None) -> str | None:
    """JSON-LD alternativeHeadline > a standfirst/dek element next to the h1; never a summary.

    Looks at the elements that follow the h1 (and its wrapper), and their first children: a
    standfirst sits right under the headline, and searching whole containers is slow.
    """
    article = signals.article
    if article is not None and article.alternative_headline:
        return article.alternative_headline
    if signals.headline is None:
        return None
    for node in _following_elements(signals.headline):
        for candidate in (node, node.child):
            if candidate is None or not candidate.is_element_node:
                continue
            if _is_standfirst(candidate):
                raw = candidate.text(deep=True)
                text = clean_text(raw) if len(raw) < 2000 else ""
                if 10 <= len(text) <= 600 and text != title:
                    return text
    return None


def _is_standfirst(node: LexborNode) -> bool:
    """True for an element whose class or itemprop names a standfirst."""
    attrs = node.attributes
    itemprop = (attrs.get("itemprop") or "").lower()
    if itemprop and sel.SUBTITLE_ITEMPROPS.intersection(itemprop.split()):
        return True
    classes = (attrs.get("class") or "").lower()
    if not classes:
        return False
    if sel.SUBTITLE_CLASSES.intersection(classes.split()):
        return True
    return any(part in classes for part in sel.SUBTITLE_CLASS_PARTS)


def _following_elements(headline: LexborNode) -> Iterator[LexborNode]:
    """Elements after the h1: its next siblings, then those of its wrapper, a few of each."""
    anchor: LexborNode | None = headline
    for _ in range(sel.SUBTITLE_SEARCH_LEVELS):
        if anchor is None or anchor.tag in ("body", "html"):
            return
        node, seen = anchor.next, 0
        while node is not None and seen < sel.SUBTITLE_SIBLINGS:
            if node.is_element_node:
                seen += 1
                yield node
            node = node.next
        anchor = anchor.parent


def extract_description(signals: PageSignals) -> str | None:
    """meta description > og:description > twitter:description > JSON-LD description."""
    article = signals.article
    candidates = [
        *signals.meta(sel.META_DESCRIPTION),
        article.description if article is not None else None,
    ]
    return _first_text(candidates)


def extract_section(signals: PageSignals, *, title: str | None = None) -> str | None:
    """JSON-LD articleSection > article:section > parsely-section/section/category metas.

    A list in one value ("Brooklyn,Government,Housing") gives its first section. A value
    longer than a few words is a sentence someone put there (a CMS copying the teaser), a
    value that is the page's ``title`` its headline (die-tagespost.de), and a breadcrumb root
    ("Startseite") the home page: none is a section, and the next candidate is read.
    """
    article = signals.article
    candidates = [
        *(article.sections if article is not None else ()),
        *signals.meta(sel.META_SECTION),
    ]
    folded_title = title.casefold() if title else None
    for candidate in candidates:
        text = clean_text(candidate.split(",", 1)[0]) if candidate else ""
        if not text or len(text.split()) > sel.SECTION_MAX_WORDS:
            continue
        folded = text.casefold()
        if folded != folded_title and folded not in sel.SECTION_NON_SECTIONS:
            return text
    return None


def wire_agency(organizations: Iterable[str], opening: str | None) -> str | None:
    """The news agency the story comes from, as the page writes it; None for own copy.

    A credited organisation that is a wire service ("Reuters", "The Associated Press", the
    "dpa" of "det/dpa"), else the agency of the opening paragraph's dateline ("WASHINGTON
    (AP) —", "Berlin (dpa) -").

    Args:
        organizations: The organisations credited, as ``extract_credits`` gives them.
        opening: The body's first paragraph, when there is one.

    Returns:
        The agency's name as written ("AP", "The Associated Press"), or None.
    """
    for name in organizations:
        for part in name.split("/"):
            part = part.strip()
            if part.casefold() in sel.NEWS_AGENCIES:
                return part
    if opening:
        dateline = _AGENCY_DATELINE.match(opening)
        if dateline is not None and dateline["agency"].casefold() in sel.NEWS_AGENCIES:
            return dateline["agency"]
    return None


def extract_credits(signals: PageSignals) -> Credits:
    """People and organisations credited with the story.

    Order: JSON-LD authors > author metas (``author``, ``article:author``, parsely, Dublin
    Core, the "Written by" twitter label; each name on its own) > author links and byline
    elements around the headline > a "By ..." line next to it > bylines in the story's
    container > a credit label in the story ("Autor: ...", "<h4>Autor</h4><p>...") > any
    ``rel=author`` link. People come from the first source that names one; an author meta,
    or the byline in the headline's header block, replaces a single structured author when
    it names that one and more (a JSON-LD record listing the first of two authors).
    Organisations (JSON-LD Organization authors, agencies, desks, the site itself) are
    collected from the sources read until people were found.
    """
    article = signals.article
    keys = signals.site_keys
    declared: frozenset[str] = frozenset()
    if article is not None and article.author_organizations:
        # "OÖ Volksblatt" as a JSON-LD Organization author is an organisation in the metas and
        # bylines too, though it reads like a person's name (a Yoast "Verfasst von" label).
        declared = frozenset(_site_key(name) for name in article.author_organizations)
        keys = keys | declared
    organizations: list[str] = []
    people: tuple[str, ...] = ()
    if article is not None:
        credits = split_credits(
            article.author_persons, site_keys=keys, trusted=True, declared=declared
        )
        people = credits.people
        _merge(organizations, article.author_organizations, credits.organizations)
    for values in _meta_credit_values(signals):
        if people and not any(_LIST_HINT.search(value) for value in values):
            continue  # one name cannot extend the people already found
        credits = split_credits(values, site_keys=keys, trusted=True, declared=declared)
        if not people:
            people = credits.people
            _merge(organizations, credits.organizations)
        elif _extends(credits.people, people):
            people = credits.people
    # A person named like the site ("Madame Figaro" on a magazine, "Helge Fahrnberger" on a
    # personal blog) is kept only when no byline names somebody else.
    self_credit = bool(people) and all(_site_key(name) in keys for name in people)
    # A user name ("gabor_munier") gives way to the byline that spells it ("Gàbor Muniér").
    handles = {_name_key(name): name for name in people if _HANDLE.fullmatch(name)}
    if not people or self_credit or len(handles) == len(people):
        for values, trusted in _byline_sources(signals):
            credits = split_credits(values, site_keys=keys, trusted=trusted, declared=declared)
            if handles and not self_credit:
                spelled = [name for name in credits.people if _name_key(name) in handles]
                if spelled:
                    people = tuple(spelled)
                    break
                continue
            _merge(organizations, credits.organizations)
            if credits.people:
                if self_credit:
                    _merge(organizations, people)  # the site, credited as its author
                people = credits.people
                break
        if not people:
            # Newsroom CMSs put the writer's login in JSON-LD or the author meta ("eva.berg")
            # and print the name only in the story ("... (Eva M. Berg) +++"): the login is
            # no name, the name the page prints for it is.
            people = _spelled_login(signals, keys)
    elif len(people) == 1:
        # Magazine templates fill JSON-LD and the author meta with the first writer only while
        # the byline under the headline reads "von Ana Ruiz, Tom Berg": the byline names both.
        # The header block's author links and byline elements only: a byline further away
        # is not the one the structured data shortened, and the walk runs on most pages.
        for values, trusted in islice(_byline_sources(signals, labelled=False), 2):
            credits = split_credits(values, site_keys=keys, trusted=trusted, declared=declared)
            if credits.people:
                # Only plain full names: the words around a byline also split into "Get",
                # "Por", "Assistant".
                if _extends(credits.people, people) and all(
                    _simple_name(name, keys, False) is not None for name in credits.people[1:]
                ):
                    people = credits.people
                break
    return Credits(people=people, organizations=tuple(organizations[:_MAX_AUTHORS]))


def _spelled_login(signals: PageSignals, site_keys: frozenset[str]) -> tuple[str, ...]:
    """The name a "given.family" login of the structured author stands for, as the page's text
    prints it ("Eva Berg", "Eva M. Berg"), or ``()``."""
    article = signals.article
    logins = [
        value.strip()
        for value in (
            *(article.author_persons if article is not None else ()),
            *signals.meta(sel.META_AUTHOR),
        )
        if value.islower() and _LOGIN.fullmatch(value.strip())
    ]
    body = signals.tree.body
    if not logins or body is None:
        return ()
    text = body.text(deep=True, separator=" ")
    for login in logins:
        given, family = _LOGIN_SEPARATOR.split(login)
        # Up to two middle names or initials between the two: "Eva M. Berg".
        pattern = (
            rf"(?<!\w){re.escape(given)}(?:\s+[^\W\d_]+\.?){{0,2}}?\s+{re.escape(family)}(?!\w)"
        )
        for match in re.finditer(pattern, text, re.IGNORECASE):
            name = " ".join(match[0].split())
            if all(word[:1].isupper() for word in name.split()):
                people = split_credits([name], site_keys=site_keys).people
                if people:
                    return people
    return ()


def _name_key(name: str) -> str:
    """A name folded for matching a user name: no accents, case, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return _NOT_ALNUM.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _meta_credit_values(signals: PageSignals) -> Iterator[list[str]]:
    """The values of each author meta, one name at a time, then the "Written by" label's.

    Kept apart: a page's ``author`` meta may name the publisher ("Condé Nast") while
    ``article:author`` names the writers.
    """
    for name in sel.META_AUTHOR:
        values = signals.metas.get(name)
        if values:
            yield list(values)
    labelled = _labelled_twitter_data(signals, sel.AUTHOR_LABELS)
    if labelled:
        yield labelled


def _merge(names: list[str], *more: Iterable[str]) -> None:
    """Append names not yet in ``names`` (case-insensitive), dropping non-credits."""
    seen = {name.casefold() for name in names}
    for group in more:
        for name in group:
            key = name.casefold()
            if key not in seen and not _is_junk_credit(name):
                seen.add(key)
                names.append(name)


def _extends(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when ``longer`` names every one of ``shorter`` and more."""
    keys = {name.casefold() for name in longer}
    return len(longer) > len(shorter) and all(name.casefold() in keys for name in shorter)


def _labelled_twitter_data(signals: PageSignals, labels: frozenset[str]) -> list[str]:
    """twitter:dataN values whose twitter:labelN is one of ``labels`` (lower case)."""
    values: list[str] = []
    for label_name, data_name in sel.META_TWITTER_LABELS:
        label = signals.metas.get(label_name)
        if label and label[0].strip().lower() in labels:
            values.extend(signals.metas.get(data_name, ()))
    return values


def split_credits(
    values: Iterable[str],
    *,
    site_keys: frozenset[str] = frozenset(),
    trusted: bool = False,
    declared: frozenset[str] = frozenset(),
) -> Credits:
    """People and organisations in byline texts, in order, without repeats (case-insensitive).

    Strips "By"-style prefixes and trailing labels ("..., Datum: 15.06.2019"), splits "A and
    B" / "A, B & C", turns "Ruiz, Ana" into "Ana Ruiz", and drops e-mails, URLs, dates, roles
    ("Senior Reporter") and junk ("Updated 3 hours ago", "Share", "View all posts"). Agency
    and desk credits ("Reuters", "Staff", "Redaktion", "det/dpa"), web addresses and names of
    the site itself are organisations, except a person's name that is also the site's (a
    personal blog).

    Args:
        values: Byline texts or names, e.g. ``"By Ana Ruiz and Tom Berg"``.
        site_keys: The site's names reduced by ``_site_key``: a credit matching one is the
            publisher, not a person.
        trusted: The values come from structured data (JSON-LD, metas, author links), where a
            lower-case handle ("gizzmo") is a person's name too.
        declared: Names (reduced by ``_site_key``) the page's structured data declares
            organisations: such a credit is one even when it reads like a person's name.

    Returns:
        The people (at most 12) and the organisations.
    """
    people: list[str] = []
    organizations: list[str] = []
    seen: set[str] = set()
    for value in values:
        for kind, name in _split_names(value, site_keys, trusted):  # cached per text
            key = name.casefold()
            if key in seen:
                continue
            seen.add(key)
            if kind == "person" and declared and _site_key(name) in declared:
                kind = "organization"
            (people if kind == "person" else organizations).append(name)
            if len(people) == _MAX_AUTHORS:
                return Credits(tuple(people), tuple(organizations))
    return Credits(tuple(people), tuple(organizations))


def clean_author_names(values: Iterable[str]) -> tuple[str, ...]:
    """People's names from byline texts (see ``split_credits``), organisations left out.

    Args:
        values: Byline texts or names, e.g. ``"By Ana Ruiz and Tom Berg"``.

    Returns:
        The names, at most 12.
    """
    return split_credits(values).people


@lru_cache(maxsize=2048)
def _split_names(
    value: str, site_keys: frozenset[str], trusted: bool
) -> tuple[tuple[str, str], ...]:
    """("person" or "organization", name) for each credit in one byline text (memoised: the
    same names come from JSON-LD, metas and bylines of one page)."""
    return tuple(_credits_in(value, site_keys, trusted))


def _credits_in(value: str, site_keys: frozenset[str], trusted: bool) -> Iterator[tuple[str, str]]:
    """The credits of ``_split_names``, uncached."""
    if len(value) > _MAX_BYLINE_LENGTH:
        return
    simple = _simple_name(value, site_keys, trusted)
    if simple is not None:
        yield "person", simple
        return
    text = clean_text(value)
    if not text or len(text) > _MAX_NAME_TEXT or text.casefold().startswith(sel.OTHER_ROLE_LABELS):
        return
    text = _COPYRIGHT_NOTICE.sub(" ", text).strip()
    # Wire credits: "Reporting by Ana Ruiz; Additional reporting by Eva Lind; Editing by ...".
    text = _OTHER_ROLE_TAIL.sub("", _CONTRIBUTOR_LABEL.sub("; ", _strip_prefix(text)))
    label = _NAME_LABEL.search(text)
    if label is not None:
        text = text[: label.start()]
    whole = _cut_at_noise(text, trusted=True).strip(_NAME_PUNCTUATION)
    if not whole:
        return
    if _is_site_credit(whole, site_keys) or _is_agency_credit(whole):
        # "Jobs & Hire" on jobsandhire.example, "det/dpa": one credit, not two names.
        if not _is_junk_credit(whole):
            yield "organization", whole
        return
    text = _NAME_NOISE.sub(" ", whole)
    parts = [
        _LEADING_CONJUNCTION.sub("", part.strip(_NAME_PUNCTUATION))
        for part in _NAME_SEPARATORS.split(text)
    ]
    parts = [part for part in parts if part]
    if _is_inverted_name(parts, value):
        # "Ruiz, Ana" (library catalogues, Dublin Core creators): one person, family name first.
        parts = [f"{parts[1]} {parts[0]}"]
    found: list[tuple[str, str]] = []
    for part in parts:
        name = _cut_at_noise(_NAME_TAIL.sub("", _strip_prefix(part)), trusted)
        name = name.strip(_NAME_PUNCTUATION)
        if not name or ":" in name:
            continue
        suffix = name.casefold()
        if suffix in sel.NAME_SUFFIXES:
            # "Ana Ruiz, PhD" drops the degree; "Tom Berg, Jr." keeps the suffix with the name.
            if suffix in sel.GENERATION_SUFFIXES and found and found[-1][0] == "person":
                found[-1] = ("person", f"{found[-1][1]} {name}")
            continue
        if _is_role(name):
            continue  # "Ana Ruiz, Staff Writer"
        if (
            _is_site_credit(name, site_keys)
            or _names_site_with_more(name.split(), site_keys)
            or _is_organization(name)
        ):
            person, agency = _person_before_agency(name, trusted)
            if person is not None:
                found.append(("person", person))
                found.append(("organization", agency))
            elif not _is_junk_credit(name):
                found.append(("organization", name))
        elif _is_person_name(name, trusted):
            found.append(("person", name))
    found = _site_after_people(found, site_keys)
    if (
        found
        and all(kind == "organization" for kind, _ in found)
        and _is_organization(whole)
        and len(whole) <= _MAX_ORGANIZATION_LENGTH
        and not _LIST_MARKS.search(whole)
    ):
        # "Staff and news service reports": one desk credit, not two.
        yield "organization", whole
        return
    yield from found


def _person_before_agency(name: str, trusted: bool) -> tuple[str | None, str]:
    """(the person, the agency) when a credit is a name run into an agency's, else (None, name).

    A byline printed in two blocks reads "By Ana Ruiz and Tom Berg Associated Press" as one
    line (hosted.ap.org puts the agency in a div after the names).
    """
    words = name.split()
    for size in range(min(3, len(words) - 2), 0, -1):  # "The Associated Press" before "Press"
        agency = " ".join(words[-size:])
        if agency.casefold() in sel.ORGANIZATION_NAMES:
            person = " ".join(words[:-size])
            return (person, agency) if _is_person_name(person, trusted) else (None, name)
    return None, name


def _site_after_people(
    found: list[tuple[str, str]], site_keys: frozenset[str]
) -> list[tuple[str, str]]:
    """Credits whose last "person" is the site made that one an organisation.

    "Ana Ruiz, Business Insider" names the writer, then her publication: a site named like a
    person ("Business Insider") stays a person when it is the only credit or comes first (a
    blog named after its author, see ``_is_site_credit``).
    """
    if len(found) < 2:
        return found
    kind, name = found[-1]
    if kind != "person" or _site_key(name) not in site_keys:
        return found
    if not any(other == "person" for other, _ in found[:-1]):
        return found
    return [*found[:-1], ("organization", name)]


def _simple_name(value: str, site_keys: frozenset[str], trusted: bool) -> str | None:
    """The value itself when it is plainly one person's name ("Ana Ruiz"), else None.

    The fast path of ``_credits_in`` (most JSON-LD and meta authors are plain names): two to
    five words of letters, none of them a vocabulary word, a lower-case word only as a
    particle. Everything else goes through the full parse.
    """
    if not _SIMPLE_NAME.fullmatch(value):
        return None
    words = value.split()
    folded = [word.casefold() for word in words]
    if not 2 <= len(words) <= 5 or _NAME_VOCABULARY.intersection(folded):
        return None
    if not words[0][:1].isupper() or len(words[-1]) == 1:
        return None
    if not trusted and any(
        word[:1].islower() and key not in sel.NAME_PARTICLES
        for word, key in zip(words, folded, strict=True)
    ):
        return None
    if (
        _site_key(value) in site_keys
        or _names_site_with_more(words, site_keys)
        or _is_organization(value)
    ):
        return None
    return value


def _is_site_credit(name: str, site_keys: frozenset[str]) -> bool:
    """True when a credit is the site itself (its name or a web address), not a person.

    A personal blog is named after its author: a credit that reads as a person's full name
    stays a person even when it is also the site's name ("The Economist" does not).
    """
    if _DOMAIN_NAME.fullmatch(name.strip()) or name.lower().startswith("www."):
        return True
    if _site_key(name) not in site_keys:
        return False
    words = name.split()
    return not (
        2 <= len(words) <= 4
        and words[0].casefold() != "the"
        and all(word[:1].isupper() and word.isalpha() for word in words)
        and not _is_organization(name)
    )


def _names_site_with_more(words: list[str], site_keys: frozenset[str]) -> bool:
    """True when two or more consecutive words name the site and others surround them.

    A club or firm named after its site with a prefix ("EFC Bayrische Bembel" on
    bayrische-bembel.example) is an organisation; one matching word is not ("Anna Spiegel" on
    spiegel.example).
    """
    if len(words) < 3 or not site_keys:
        return False
    keys = [_site_key(word) for word in words]
    for start in range(len(keys) - 1):
        for end in range(start + 2, len(keys) + 1):
            if end - start < len(keys) and "".join(keys[start:end]) in site_keys:
                return True
    return False


def _is_agency_credit(text: str) -> bool:
    """True for an agency credit with an editor's initials: "det/dpa", "IT Finanzmagazin /PP"."""
    if "/" not in text:
        return False
    parts = [part.strip() for part in text.split("/") if part.strip()]
    if len(parts) < 2:
        return False
    agencies = [part for part in parts if _is_organization(part)]
    initials = [part for part in parts if len(part) <= 3 and part.isalpha()]
    return bool(agencies) and all(part in agencies or part in initials for part in parts)


def _strip_prefix(text: str) -> str:
    """Text without "By"-style prefixes, also stacked ones ("Text von ...") and archive-link
    wording ("View all posts by ...", "Zeige alle Beiträge von ...")."""
    link = _ARCHIVE_LINK.match(text)
    if (
        link is not None
        and link[1].casefold() in sel.AUTHOR_JUNK_WORDS
        and link[1].casefold() not in sel.AUTHOR_PREFIXES
    ):
        text = text[link.end() :]
    for _ in range(2):
        shorter = _AUTHOR_PREFIX.sub("", text.strip())
        if shorter == text:
            break
        text = shorter
    return text


def _is_inverted_name(parts: list[str], value: str) -> bool:
    """True for "Family, Given" written as one credit: two parts, one comma, a bare family name."""
    if len(parts) != 2 or value.count(",") != 1 or any(s in value for s in ("&", ";", " and ")):
        return False
    family, given = parts
    return (
        len(family.split()) == 1
        and 1 <= len(given.split()) <= 2
        and family[:1].isupper()
        and given[:1].isupper()
        and family.casefold() not in sel.JOB_TITLE_WORDS
        and not any(w.casefold().strip(".") in sel.JOB_TITLE_WORDS for w in given.split())
        and not _is_organization(given)
        and not _is_organization(family)
    )


def _cut_at_noise(text: str, trusted: bool) -> str:
    """Text up to the first word that cannot belong to a name: "Tom Berg Updated 3 hours ago"."""
    words = text.split()
    for i, word in enumerate(words):
        key = word.strip(_NAME_PUNCTUATION).casefold()
        # A month starts a date only before a number: "June 26" goes, "April Roach" stays.
        is_date = key in MONTHS and i + 1 < len(words) and words[i + 1][:1].isdigit()
        # "Matthias herrpfleger": a lower-case word after a capitalised name is a handle or a
        # role, unless it is a particle ("Christoph von Ritter").
        is_tail = (
            i > 0
            and not trusted
            and word[:1].islower()
            and words[0][:1].isupper()
            and key not in sel.NAME_PARTICLES
        )
        if (
            is_date
            or is_tail
            or key in sel.AUTHOR_JUNK_WORDS
            or key in sel.WEEKDAYS
            or _DIGIT.search(key) is not None
        ):
            if is_tail and i == 1 and len(words) > 3:
                # "Siamo un memorabilia del meglio ...": an author box's blurb is a sentence,
                # its first word no name (a handle is one word: "Matthias herrpfleger").
                return ""
            kept = words[:i]
            # "Sara Berg Stand: 05.02.2020", "Heiko Sauer Do 9 Apr": the label or weekday
            # before the date goes too; so does an article starting a bio ("Ana Ruiz A writer").
            while kept and (
                kept[-1].endswith(":")
                or kept[-1].strip(".,").casefold() in sel.WEEKDAYS
                or kept[-1].strip(".,").casefold() in sel.WEEKDAY_ABBREVIATIONS
            ):
                kept.pop()
            return _without_stray_letter(kept)
    return _without_stray_letter(words)


def _without_stray_letter(words: list[str]) -> str:
    """Words joined, without a last one-letter word that is no initial ("Daniel Lemire A")."""
    if len(words) > 2 and len(words[-1]) == 1 and words[-1].isalpha():
        words = words[:-1]
    return " ".join(words)


def _is_organization(name: str) -> bool:
    """True for agency, desk and company credits: "Reuters", "Redaktion", "Example Media GmbH"."""
    folded = name.casefold()
    if folded in sel.ORGANIZATION_NAMES:
        return True
    if folded.replace(" ", "").rstrip(".").endswith("e.v"):
        return True  # German registered associations: "Beispielverband e. V."
    if _COMPANY_AND.search(folded):
        return True  # "Berg & Co.", "Example GmbH & Co. KG"
    words = _WORD.findall(folded)
    if any(
        word in sel.ORGANIZATION_WORDS or word.endswith(sel.ORGANIZATION_SUFFIXES) for word in words
    ):
        return True
    return "/" in name and any(part.strip() in sel.ORGANIZATION_NAMES for part in folded.split("/"))


def _is_role(name: str) -> bool:
    """True for a job title written after a name ("Staff Writer", "Senior Reporter"): its
    words are job-title or desk words, one of them a job title."""
    words = _WORD.findall(name.casefold())
    return any(word in sel.JOB_TITLE_WORDS for word in words) and all(
        word in sel.JOB_TITLE_WORDS or word in sel.ORGANIZATION_WORDS for word in words
    )


def _is_junk_credit(name: str) -> bool:
    """True for credits that name nobody: "Admin", "Unknown", a URL."""
    folded = name.casefold()
    return folded in sel.NON_CREDITS or "://" in folded or "@" in folded or len(folded) < 2


def _is_person_name(name: str, trusted: bool = False) -> bool:
    """True when a text can be a person's name: 1-5 words, no digits, no URL, not a credit."""
    if not 2 <= len(name) <= 70 or "@" in name or _DIGIT.search(name) is not None:
        return False
    if "://" in name or name.lower().startswith("www.") or _DOMAIN.search(name):
        return False
    folded = name.casefold()
    if folded in sel.ORGANIZATION_NAMES or folded in sel.NON_CREDITS:
        return False
    words = _WORD.findall(folded)
    if not 1 <= len(words) <= 5:
        return False
    if not trusted and not name[0].isupper():
        return False
    if len(words) == 1 and (
        ("." in name and not _DOTTED_NAME.fullmatch(name))
        or (not trusted and name.isupper() and len(name) <= 4)
        or folded in sel.BYLINE_PLACES
    ):
        # Initials and loose abbreviations ("D.E", "GNB"), the dateline's city ("PTI,
        # Washington"): not a name.
        return False
    return not any(
        word in sel.ORGANIZATION_WORDS
        or word in sel.JOB_TITLE_WORDS
        or word in sel.AUTHOR_JUNK_WORDS
        for word in words
    )


def _byline_sources(
    signals: PageSignals, *, labelled: bool = True
) -> Iterator[tuple[list[str], bool]]:
    """Byline texts, nearest the headline first, each with whether it is an author link.

    Author links and byline-looking elements in the header block come first, then those in
    the elements beside the headline, then a "By ..." line there, then byline elements
    anywhere in the story's container, then (with ``labelled``) a credit label in the story
    ("Autor: ..."), then any author link. Each step is a query over a small subtree, run only
    when the steps before it found nobody.
    """
    header, story = signals.header, signals.story
    if header is not None:
        near = [
            n for n in signals.author_links if _is_inside(n, header) and not _in_excluded_box(n)
        ]
        if near:
            yield [shown_text(n) for n in near[:4]], True
        yield _byline_texts(_byline_elements(header)), False
    near_texts, near_nodes = signals.near_headline()
    # Byline boxes beside the headline but outside its header block.
    yield _byline_texts(_byline_candidates(near_nodes, header)), False
    # "By Jose de la Cruz" right under the headline, in an element no class names.
    for text in near_texts:
        pieces = [
            piece
            for piece in text.split(" | ")
            if len(piece) <= sel.BYLINE_LINE_MAX and _BYLINE_START.match(piece)
        ]
        if pieces:
            yield _before_affiliation(pieces[0])[0], False
            break
    if story is not None and (header is None or _is_inside(header, story)):
        yield _byline_texts(_byline_elements(story)), False
    # Club, trade-magazine and foundation pages credit the writer with a label and no byline
    # class: "<strong>Autor:</strong> <a>Eva Berg</a>", "<h4>Autor</h4><p>Eva Berg</p>".
    scope = story if story is not None else signals.tree.body
    if labelled and scope is not None:
        yield _labelled_credits(scope), False
    link = next((n for n in signals.author_links if not _in_excluded_box(n)), None)
    if link is not None:
        yield [shown_text(link)], True
    # Hand-built magazine and commentary templates print "<a href=/autor/...>Eva Berg</a> /
    # 22.04.2020" in a meta line above the headline's block, with no class or rel naming it.
    around = header.parent if header is not None else None
    if around is not None and around.tag not in ("body", "html"):
        yield _author_page_names(around), True


def _author_page_names(scope: LexborNode) -> list[str]:
    """Texts of the links to author pages in the first short line of ``scope`` holding one."""
    names: list[str] = []
    first: LexborNode | None = None
    for link in scope.css(sel.AUTHOR_PAGE_LINK_SELECTOR):
        href = (link.attributes.get("href") or "").lower()
        line = link.parent
        if line is None or not any(part in href for part in sel.AUTHOR_PAGE_PATHS):
            continue
        if first is not None:
            if line.mem_id != first.mem_id:
                break  # the byline is behind us: further links are teasers' and boxes'
        elif (
            # A link in a paragraph names somebody the story mentions, not its writer.
            len(" ".join(line.text(deep=True).split())) > sel.BYLINE_MAX_TEXT
            or _in_excluded_box(link)
        ):
            continue
        text = clean_text(shown_text(link))
        if text and text not in names and split_credits([text]).people:
            first = line
            names.append(text)
            if len(names) == _MAX_AUTHOR_PAGE_LINKS:
                break
    return names


def _labelled_credits(scope: LexborNode) -> list[str]:
    """The people after the first credit label in ``scope`` that names one ("Autor: ...")."""
    for node in scope.css(sel.LABELLED_CREDIT_SELECTOR):
        raw = shown_text(node)
        # Most bold and italic runs are emphasis: a regex match rules them out before cleaning.
        if len(raw) > 2 * sel.CREDIT_LABEL_AFTER or _CREDIT_LABEL_START.match(raw) is None:
            continue
        text = clean_text(raw)
        if not text or len(text) > sel.CREDIT_LABEL_AFTER:
            continue
        if _CREDIT_LABEL_ONLY.fullmatch(text):
            names = _text_after_label(node)
        else:
            lead = _CREDIT_LABEL_LEAD.fullmatch(text)
            if lead is None:
                continue
            names = lead["names"]
        if not names or _in_excluded_box(node):
            continue
        credits, has_person = _before_affiliation(names)
        if has_person:
            return credits
    return []


def _before_affiliation(text: str) -> tuple[list[str], bool]:
    """The credits of a byline text without the people named after an organisation, and
    whether a person is left.

    "Autor: Eva Berg, Landesanstalt für Obstbau, Bad Beispiel": on research-station and
    trade-press pages the writer's affiliation and its town follow the name; the town is no
    co-author.
    """
    kept: list[str] = []
    has_person = after_organization = False
    for kind, name in _split_names(text, frozenset(), False):
        if kind == "person":
            if after_organization:
                continue
            has_person = True
        else:
            after_organization = True
        kept.append(name)
    return kept, has_person


def _text_after_label(label: LexborNode) -> str:
    """The text a credit label introduces: its next element for headings and terms, else the
    inline text after it up to the next label of the same tag ("<b>Tags:</b>")."""
    if label.tag in _LABEL_HEADING_TAGS:
        sibling = label.next
        while sibling is not None and not sibling.is_element_node:
            sibling = sibling.next
        return clean_text(shown_text(sibling)) if sibling is not None else ""
    pieces: list[str] = []
    size = 0
    node = label.next
    while node is not None and size < sel.CREDIT_LABEL_AFTER:
        tag = node.tag
        if tag == label.tag or tag in sel.BLOCK_TAGS:
            break
        if tag == "br":
            if size:
                break  # "Von:<br><br>Eva Berg<br>Redaktion": the line after the label only
        else:
            piece = shown_text(node)
            pieces.append(piece)
            size += len(piece.strip())
        node = node.next
    return clean_text(" ".join(pieces))[: sel.CREDIT_LABEL_AFTER]


def _byline_candidates(
    nodes: Iterable[LexborNode], header: LexborNode | None
) -> Iterator[LexborNode]:
    """Byline-looking elements among ``nodes`` outside ``header``, and inside them, in order."""
    for node in nodes:
        if header is not None and _is_inside(node, header):
            continue  # already looked at
        if _is_byline_element(node):
            yield node
        elif node.child is not None:
            yield from _byline_elements(node)


def _byline_elements(scope: LexborNode) -> Iterator[LexborNode]:
    """Byline-looking elements inside ``scope``, in document order.

    The query is broad (``[class*=aut i]`` stands for "author" and "autor" in one selector,
    each selector costing a pass over the subtree) and ``_is_byline_element`` narrows it.
    """
    for node in scope.css(sel.BYLINE_SELECTOR):
        if _is_byline_element(node):
            yield node


def _is_byline_element(node: LexborNode) -> bool:
    """True for a byline-looking element: microdata author, author link, byline class or tag."""
    tag = node.tag
    if tag == "address":
        return _has_ancestor(node, sel.HEADLINE_CONTAINERS)
    if tag == "byline":
        return True
    attrs = node.attributes  # one dict beats three lookups through ``attrs``
    classes = (attrs.get("class") or "").lower()
    if classes and any(part in classes for part in sel.BYLINE_CLASS_PARTS):
        return True
    if "author" in (attrs.get("itemprop") or "").lower().split():
        return True
    return tag == "a" and "author" in (attrs.get("rel") or "").split()


def _byline_texts(candidates: Iterable[LexborNode]) -> list[str]:
    """Texts of the first byline element among ``candidates`` and of the ones beside it.

    A byline whose names are links gives the link texts ("By <a>Adam Aaronson</a> PhillyVoice
    Staff"): the words around the links are roles, desks and dates.
    """
    first: LexborNode | None = None
    texts: list[str] = []
    for node in candidates:
        if first is not None and not _shares_region(node, first):
            break  # candidates come in document order: the byline block is behind us
        if node.tag == "meta":
            text = node.attrs.get("content") or ""
        else:
            # Microdata authors nest their name: <div itemprop=author><span itemprop=name>.
            named = (
                node.css_first("[itemprop~=name]")
                if "author" in (node.attrs.get("itemprop") or "")
                else None
            )
            text = shown_text(named if named is not None else node)
        if not text or len(text) > sel.BYLINE_MAX_TEXT:
            continue
        if _is_other_role(node, text):
            continue  # a translator's or photographer's box beside the author's
        names = None
        if first is None:
            if _in_excluded_box(node) or _is_publisher_box(node):
                continue
            credits = split_credits([text])
            if not (credits.people or credits.organizations):
                names = _link_names(node)
                if not names:
                    continue
            first = node
        if names is None:
            names = _link_names(node)
        if names:
            # The words around the author links: roles and dates go, agencies stay
            # ("By <a>Ana Ruiz</a> | PA Media").
            rest = text
            for name in names:
                rest = rest.replace(name, " , ", 1)
            texts.extend([*names, rest])
        else:
            texts.append(text)
    return texts


def _is_other_role(node: LexborNode, text: str) -> bool:
    """True for a byline element crediting a translator or photographer, in its own text or
    a label just before it ("<span class=label>Übersetzt von</span>: <a class=author>...")."""
    if text.lstrip().casefold().startswith(sel.OTHER_ROLE_LABELS):
        return True
    previous = node.prev
    for _ in range(2):
        if previous is None:
            return False
        if previous.is_element_node:
            label = shown_text(previous)
            return len(label) <= sel.BYLINE_LINE_MAX and label.lstrip().casefold().startswith(
                sel.OTHER_ROLE_LABELS
            )
        previous = previous.prev
    return False


def _link_names(node: LexborNode) -> list[str]:
    """Texts of the author links inside a byline element that read as people's names.

    Author links point at an author page or are marked as one; category links in the same
    line ("in Rubrik: <a>Hyundai</a>") are not names.
    """
    if node.tag == "a":
        return []
    names = []
    for link in node.css("a"):
        attrs = link.attributes
        marks = " ".join(
            (attrs.get("href") or "", attrs.get("rel") or "", attrs.get("class") or "")
        ).lower()
        if not any(part in marks for part in sel.AUTHOR_LINK_PARTS):
            continue
        text = clean_text(shown_text(link))
        if text and split_credits([text]).people and not _is_other_role(link, text):
            names.append(text)  # a translator's link in the same box is no author's
    return names


def _is_publisher_box(node: LexborNode) -> bool:
    """True for an element marked as the publisher (h-card/microdata publisher boxes)."""
    attrs = node.attributes
    marks = f"{attrs.get('class') or ''} {attrs.get('itemprop') or ''}".lower()
    return "publisher" in marks


def _story_container(headline: LexborNode | None) -> LexborNode | None:
    """The headline's article or main ancestor."""
    node = headline
    while node is not None:
        if node.tag in sel.HEADLINE_CONTAINERS:
            return node
        node = node.parent
    return None


def _in_excluded_box(node: LexborNode) -> bool:
    """True for an element in a comment, form, navigation, sidebar aside or caption.

    An ``<aside>`` named as the story's meta box ("<aside class=meta><p class=authors>Von:
    ...", a Drupal news template) is not a sidebar.
    """
    current: LexborNode | None = node
    while current is not None:
        tag = current.tag
        if tag == "body" or tag == "html":
            break
        # ``attributes`` (one dict) is a third faster than ``attrs.get``: this runs per ancestor.
        classes = (current.attributes.get("class") or "").lower()
        if tag in sel.BYLINE_EXCLUDED_TAGS and not (
            tag == "aside" and any(part in classes for part in sel.META_BOX_CLASS_PARTS)
        ):
            return True
        if sel.BYLINE_EXCLUDED_CLASS in classes:
            return True
        current = current.parent
    return False


def _shares_region(node: LexborNode, first: LexborNode) -> bool:
    """True when ``node`` is inside ``first`` or a sibling of it (the same byline block)."""
    parent = first.parent
    target = {first.mem_id, parent.mem_id if parent is not None else None}
    current = node.parent
    for _ in range(6):
        if current is None:
            return False
        if current.mem_id in target:
            return True
        current = current.parent
    return False


# --- dates -----------------------------------------------------------------------------------


def _published_at(
    signals: PageSignals, canonical_url: str | None, not_after: datetime | None
) -> tuple[datetime | None, str | None]:
    """The publication date and the signal it came from (a meta's name, "jsonld"...).

    JSON-LD datePublished > date metas > a ``<time>`` or ``itemprop=datePublished`` element
    dating the story > the URL's date > a date printed next to the headline > an element whose
    class names a date > a date the page labels as its publication or last update.

    Each candidate later than ``not_after`` is skipped and the cascade goes on. A time the page
    states in UTC takes the page's own offset when another signal shows it (see
    ``_with_local_offset``).
    """
    for source, found in _published_candidates(signals, canonical_url):
        if found is not None and (not_after is None or found <= not_after):
            if found.tzinfo is UTC:
                return _with_local_offset(found, _offset_evidence(signals)), source
            return found, source
    return None, None


def _published_candidates(
    signals: PageSignals, canonical_url: str | None
) -> Iterator[tuple[str, datetime | None]]:
    """Publication dates with their source, strongest signal first (computed lazily)."""
    article = signals.article
    if article is not None:
        yield "jsonld", article.date_published
    day_first = signals.day_first
    for name in sel.META_PUBLISHED:
        for value in signals.metas.get(name, ()):
            yield name, parse_datetime(value, day_first=day_first)
    for found in _published_elements(signals):
        yield "element", found
    yield "url", date_from_url(canonical_url)
    yield "url", date_from_url(signals.base_url)
    yield "dateline", signals.visible_date()
    yield "date_class", _date_class_date(signals)
    yield "labelled", _labelled_page_date(signals)


def _shown_date(
    signals: PageSignals,
    published: datetime | None,
    source: str | None,
    updated: datetime | None,
    not_after: datetime | None,
) -> datetime | None:
    """The publication date, or the date the page shows instead next to its headline.

    Readers (and the people who date pages by hand) take the date printed under the headline.
    When it falls on another day than the structured publication date, it wins if it is the
    page's update date (templates that print "Updated Mar 12, 2020" or only the date of the
    last revision: the update is the date the page goes by), or if the publication date came
    from a generic ``date``/``dc.date`` meta (CMSs fill those with a revision or issue date).
    Otherwise the structured date stands: a date printed near the headline may be an event's.
    """
    if published is None or source not in sel.RECONCILED_DATE_SOURCES:
        return published
    weak = source in sel.WEAK_DATE_METAS
    if not weak and (updated is None or updated.date() == published.date()):
        return published  # nothing the shown date could choose instead
    shown = _near_date(signals)
    if shown is None or shown.date() == published.date():
        return published
    if not_after is not None and shown > not_after:
        return published
    if updated is not None and updated.date() == shown.date():
        return updated
    return shown if weak else published


def _near_date(signals: PageSignals) -> datetime | None:
    """The first date printed right next to the headline (``near_headline``)."""
    day_first = signals.day_first
    for text in signals.near_headline()[0]:
        found = search_datetime(text, day_first=day_first, short_years=True)
        if found is not None:
            return found
    return None


def _labelled_page_date(signals: PageSignals) -> datetime | None:
    """A date the page labels as its publication or last update in the foot of its text.

    The last resort for pages that date themselves only in a footer line: "Aktualisiert am
    17.01.2021", "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert",
    "Stand: 30.12.2016". A publication label wins over an update label; the first of each.
    The page's text is read only here, when every other signal failed.
    """
    body = signals.tree.body
    if body is None:
        return None
    text = body.text(deep=True, separator=" ")[-sel.FOOT_CHARS :]
    day_first = signals.day_first
    updated: datetime | None = None
    for end, is_published in _date_labels(text):
        window = _LABEL_TAIL.sub("", text[end : end + _LABELLED_DATE_WINDOW], count=1)
        found = search_datetime(window, day_first=day_first)
        if found is None:
            continue
        if is_published:
            return found
        if updated is None:
            updated = found
    return updated


def _date_labels(text: str) -> list[tuple[int, bool]]:
    """Where date labels end in ``text``, in order, each with whether it names publication.

    ``str.find`` per label on the lower-cased text: a regex alternation tried at every
    position of a page foot takes a hundred times longer.
    """
    folded = text.lower()
    if len(folded) != len(text):
        return []  # a rare letter changes length when lower-cased: offsets would not match
    found: list[tuple[int, bool]] = []
    for labels, is_published in ((sel.PUBLISHED_LABELS, True), (sel.UPDATED_LABELS, False)):
        for label in labels:
            start = folded.find(label)
            while start != -1:
                end = start + len(label)
                if _is_word_edge(folded, start - 1) and (
                    not label[-1].isalnum() or _is_word_edge(folded, end)
                ):
                    found.append((end, is_published))
                start = folded.find(label, end)
    found.sort()
    return found


def _is_word_edge(text: str, index: int) -> bool:
    """True when ``text[index]`` is outside the text or not part of a word or a JSON key.

    Page text includes inline scripts: ``"__Updated":{"value":...}`` is no label.
    """
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] in '_"')


def _offset_evidence(signals: PageSignals) -> Iterator[datetime | None]:
    """Publication times from the metas and dated elements, for their offsets; the dateline's
    only when the markup states no other local publication time (a meta repeating the UTC
    time says nothing about the offset: "2020-02-25T02:25:54+00:00" beside "February 24, 2020
    | 9:25pm" on a New York page)."""
    day_first = signals.day_first
    stated = False
    for value in signals.meta(sel.META_PUBLISHED):
        found = parse_datetime(value, day_first=day_first)
        stated = stated or (found is not None and found.tzinfo is not UTC)
        yield found
    for found in _published_elements(signals, other_marked=False):
        stated = stated or (found is not None and found.tzinfo is not UTC)
        yield found
    if not stated:
        yield signals.visible_date()


def _with_local_offset(instant: datetime, evidence: Iterable[datetime | None]) -> datetime:
    """A UTC publication time in the page's own offset, when another signal shows that offset.

    JSON-LD often states the time in UTC while the page's metas or dateline give it locally
    ("2023-11-09T05:30:59Z" beside "November 8, 2023 at 11:30 p.m."): read in UTC the story
    would fall on the next day. The offset is taken from a signal naming the same instant with
    a non-zero offset, or from a printed wall-clock time that differs from the instant by whole
    quarter hours to the minute (which a different event's time would not).
    """
    for other in evidence:
        if other is None or other.tzinfo is UTC:
            continue
        offset = other.utcoffset()
        if other.tzinfo is not ASSUMED_UTC:
            if offset and other == instant:
                return instant.astimezone(other.tzinfo)
            continue
        if other.hour == 0 and other.minute == 0 and other.second == 0:
            continue  # a date without a time of day shows no offset
        reference = instant if other.second else instant.replace(second=0, microsecond=0)
        delta = other.replace(tzinfo=UTC, microsecond=0) - reference.replace(microsecond=0)
        if delta and abs(delta) <= _MAX_OFFSET and delta % _QUARTER_HOUR == timedelta(0):
            return instant.astimezone(timezone(delta))
    return instant


def extract_updated_at(
    signals: PageSignals, *, not_after: datetime | None = None
) -> datetime | None:
    """JSON-LD dateModified > modified-time metas > ``itemprop=dateModified`` elements.

    Each candidate later than ``not_after`` is skipped and the cascade goes on.
    """
    for found in _updated_candidates(signals):
        if found is not None and (not_after is None or found <= not_after):
            return found
    return None


def _updated_candidates(signals: PageSignals) -> Iterator[datetime | None]:
    """Update dates, strongest signal first (computed lazily)."""
    article = signals.article
    if article is not None:
        yield article.date_modified
    day_first = signals.day_first
    for value in signals.meta(sel.META_MODIFIED):
        yield parse_datetime(value, day_first=day_first)
    for node in signals.dated:
        if (node.attrs.get("itemprop") or "").lower() == "datemodified":
            yield _element_date(node, day_first)


def _published_elements(
    signals: PageSignals, *, other_marked: bool = True
) -> Iterator[datetime | None]:
    """Dates of elements marked as the publication time, then the first one dating the story.

    Marked: ``pubdate``, ``itemprop=datePublished`` or a class naming publication (WordPress
    prints ``class="entry-date published updated"``) on a ``<time>``; with ``other_marked``,
    then other elements with ``itemprop=datePublished`` (Blogger prints it on an ``<abbr
    title>``), queried only when no ``<time>`` is marked. Dating the story: a ``<time>``
    inside an article or header element, or in the block around the headline; never one
    marked as an update or printed in a comment.
    """
    fallback: LexborNode | None = None
    header = signals.header
    day_first = signals.day_first
    for node in signals.dated:
        attrs = node.attributes
        itemprop = (attrs.get("itemprop") or "").lower()
        classes = (attrs.get("class") or "").lower()
        if (
            "pubdate" in attrs
            or itemprop in ("datepublished", "datecreated")
            or (node.tag == "time" and "publish" in classes)
        ):
            yield _element_date(node, day_first)
        elif (
            fallback is None
            and node.tag == "time"
            and not itemprop
            and "update" not in classes
            and "modif" not in classes
            and (
                (header is not None and _is_inside(node, header))
                or _has_ancestor(node, sel.PUBLISHED_TIME_CONTAINERS)
            )
            and not _in_excluded_box(node)
        ):
            fallback = node
    if other_marked:
        for node in signals.marked_dates:
            yield _element_date(node, day_first)
    if fallback is not None:
        yield _element_date(fallback, day_first)


def _dateline_texts(
    headline: LexborNode,
    *,
    budget: int = sel.DATELINE_BUDGET,
    max_levels: int = sel.DATELINE_LEVELS,
    tails: bool = False,
) -> tuple[tuple[str, ...], tuple[LexborNode, ...]]:
    """All texts of ``_iter_dateline_texts`` and the elements they come from."""
    texts: list[str] = []
    nodes: list[LexborNode] = []
    for text, sources in _iter_dateline_texts(
        headline, budget=budget, max_levels=max_levels, tails=tails
    ):
        texts.append(text)
        nodes.extend(sources)
    return tuple(texts), tuple(nodes)


def _iter_dateline_texts(
    headline: LexborNode,
    *,
    budget: int = sel.DATELINE_BUDGET,
    max_levels: int = sel.DATELINE_LEVELS,
    tails: bool = False,
) -> Iterator[tuple[str, list[LexborNode]]]:
    """Texts around the headline, nearest first: per level, what follows, then what precedes,
    each with the elements it was read from. Lazy: a caller that finds what it looks for in
    the first level stops the walk there.

    Bounded: a few siblings per level, ``DATELINE_AFTER`` characters after the headline and
    ``DATELINE_BEFORE`` before it, ``budget`` nodes looked at in all. With ``tails``, long
    blocks after the headline give their end too (see ``_DatelineReader.piece``).
    """
    reader = _DatelineReader(budget, tails)
    size_after = size_before = levels = 0
    node = headline
    for _ in range(sel.DATELINE_MAX_ANCESTORS):
        after: list[str] = []
        after_nodes: list[LexborNode] = []
        sibling = node.next
        while sibling is not None and len(after) < sel.DATELINE_SIBLINGS and reader.budget > 0:
            if size_after >= sel.DATELINE_AFTER:
                break
            text = reader.piece(sibling, sel.DATELINE_DEPTH, False)
            if text:
                after.append(text)
                if sibling.is_element_node:
                    after_nodes.append(sibling)
                size_after += len(text)
            sibling = sibling.next
        if after:
            yield " | ".join(after), after_nodes
        before: list[str] = []
        before_nodes: list[LexborNode] = []
        sibling = node.prev
        while (
            sibling is not None
            and len(before) < 2
            and size_before < sel.DATELINE_BEFORE
            and reader.budget > 0
        ):
            text = reader.piece(sibling, sel.DATELINE_DEPTH, True)
            if text:
                before.append(text)
                if sibling.is_element_node:
                    before_nodes.append(sibling)
                size_before += len(text)
            sibling = sibling.prev
        if before:
            yield " | ".join(before), before_nodes
        # Wrappers around the headline alone ("<div><div><h1>") do not count as levels.
        levels += 1 if after or before else 0
        if levels >= max_levels or reader.budget <= 0:
            break
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent


class _DatelineReader:
    """Reads the text of nodes next to the headline, counting the nodes looked at."""

    __slots__ = ("budget", "tails")

    def __init__(self, budget: int, tails: bool) -> None:
        self.budget = budget
        self.tails = tails

    def piece(self, node: LexborNode, depth: int, from_end: bool) -> str:
        """The text of a node next to the headline, as far as it can hold a dateline.

        Blocks holding other blocks are read child by child (a few children, ``depth`` levels
        down, from the end for nodes above the headline): the story's body next to the
        headline starts with its dateline ("<div><p>Wiesbaden, 11. November 2021</p><p>...")
        and its whole text is long to extract and full of other dates. Other nodes give their
        text, cut to the edge next to the headline when long ("Karlsruhe (12.11.2021). Heute
        ..."); with ``tails``, also their end ("... the secret to its recovery? Monday, 6
        January 2020" in a standfirst).
        """
        self.budget -= 1
        if node.is_text_node:
            text = node.text_content
            if not text or text.isspace():
                return ""
        elif not node.is_element_node or node.tag in sel.DATELINE_SKIPPED_TAGS:
            return ""
        elif _holds_blocks(node):
            if depth <= 0:
                return ""
            pieces: list[str] = []
            child = node.last_child if from_end else node.child
            while child is not None and len(pieces) < sel.DATELINE_SIBLINGS and self.budget > 0:
                piece = self.piece(child, depth - 1, from_end)
                if piece:
                    pieces.append(piece)
                child = child.prev if from_end else child.next
            if from_end:
                pieces.reverse()
            return " | ".join(pieces)
        else:
            text = node.text(deep=True, separator=" ")
        if len(text) > _LONG_PIECE:
            # Normalise only the edges of a long text (a story's body beside the headline):
            # splitting and joining all of it is what made this walk slow.
            head = " ".join(text[:_LONG_PIECE].split())
            tail = " ".join(text[-_LONG_PIECE:].split())
            if len(head) > sel.DATELINE_SHORT and len(tail) > sel.DATELINE_EDGE:
                return self._edges(head, tail, from_end)
        text = " ".join(text.split())
        if len(text) <= sel.DATELINE_SHORT:
            return text
        return self._edges(text, text, from_end)

    def _edges(self, head: str, tail: str, from_end: bool) -> str:
        """The edge of a long text next to the headline (and its end, with ``tails``)."""
        if from_end:
            return tail[-sel.DATELINE_EDGE :]
        if self.tails:
            return head[: sel.DATELINE_EDGE] + " … " + tail[-sel.DATELINE_EDGE :]
        return head[: sel.DATELINE_EDGE]


def _holds_blocks(node: LexborNode) -> bool:
    """True for an element with a block element among its children (a container)."""
    child = node.child
    blocks = sel.BLOCK_TAGS
    while child is not None:
        if child.tag in blocks:
            return True
        child = child.next
    return False


def _date_class_date(signals: PageSignals) -> datetime | None:
    """The date in the first short element whose class names a date, outside boxes and menus.

    The last resort for pages without a headline element or markup around it ("<span
    class=itemPostDate>am 25.08.2015 22:30</span>" in a table-layout CMS); one extra tree
    query, run only when every other signal failed.
    """
    day_first = signals.day_first
    for node in signals.tree.css(sel.DATE_CLASS_SELECTOR):
        text = shown_text(node)
        if len(text) > sel.DATE_CLASS_MAX_TEXT or _in_excluded_box(node):
            continue
        if _has_ancestor(node, sel.DATE_CLASS_EXCLUDED_TAGS):
            continue
        found = search_datetime(text, day_first=day_first)
        if found is not None:
            return found
    return None


def _header_area(headline: LexborNode) -> LexborNode:
    """The headline's ancestor a few levels up: where bylines, dates and reading times sit."""
    node = headline
    for _ in range(sel.HEADER_SEARCH_LEVELS):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return node


def _is_inside(node: LexborNode, ancestor: LexborNode) -> bool:
    """True when ``ancestor`` contains ``node``."""
    target = ancestor.mem_id
    current = node.parent
    while current is not None:
        if current.mem_id == target:
            return True
        current = current.parent
    return False


def _element_date(node: LexborNode, day_first: bool | None) -> datetime | None:
    """The date of a dated element: its datetime, content or title attribute, else its text."""
    attrs = node.attributes
    for name in ("datetime", "content", "title"):
        value = attrs.get(name)
        if value:
            found = parse_datetime(value, day_first=day_first)
            if found is not None:
                return found
    text = node.text(deep=True)
    return parse_datetime(text, day_first=day_first) if len(text) < 200 else None


def _has_ancestor(node: LexborNode, tags: frozenset[str]) -> bool:
    """True when one of ``node``'s ancestors has one of ``tags``."""
    current = node.parent
    while current is not None:
        if current.tag in tags:
            return True
        current = current.parent
    return False


# --- other fields --------------------------------------------------------------------------


def extract_language(signals: PageSignals) -> str | None:
    """``<html lang>`` > content-language > og:locale > JSON-LD inLanguage, as ISO 639-1."""
    article = signals.article
    candidates = [
        signals.html_lang,
        *signals.meta(sel.META_LANGUAGE),
        *signals.meta(sel.META_LOCALE),
        article.language if article is not None else None,
    ]
    for candidate in candidates:
        code = normalize_language(candidate)
        if code is not None:
            return code
    return None


def extract_image_url(signals: PageSignals, *, canonical_url: str | None = None) -> str | None:
    """og:image > twitter:image > JSON-LD image, made absolute."""
    article = signals.article
    candidates = [
        *signals.meta(sel.META_IMAGE),
        *signals.meta(sel.META_TWITTER_IMAGE),
        *(article.image_urls if article is not None else ()),
    ]
    base = signals.base_url or canonical_url
    for candidate in candidates:
        url = resolve_url(base, candidate)
        if url is not None:
            return url
    return None


def extract_tags(signals: PageSignals) -> tuple[str, ...]:
    """article:tag metas, JSON-LD keywords and keyword metas, deduplicated, at most 30.

    Addresses are no tags: a URL, or a path ("/article" among pagesix.com's keywords).
    """
    article = signals.article
    values = [
        *signals.meta(sel.META_TAGS),
        *(article.keywords if article is not None else ()),
        *signals.meta(sel.META_KEYWORDS),
    ]
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _TAG_SEPARATORS.split(value):
            tag = clean_text(part)
            key = tag.casefold()
            if (
                not tag
                or len(tag) > _MAX_TAG_LENGTH
                or key in seen
                or "://" in tag
                or tag[0] == "/"
            ):
                continue
            seen.add(key)
            tags.append(tag)
            if len(tags) == sel.MAX_TAGS:
                return tuple(tags)
    return tuple(tags)


def extract_reading_time(signals: PageSignals) -> int | None:
    """Minutes of reading time the page states: JSON-LD timeRequired > metas > header text."""
    article = signals.article
    if article is not None and article.time_required:
        match = _ISO_DURATION.fullmatch(article.time_required)
        if match:
            minutes = int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
            minutes += 1 if int(match["seconds"] or 0) >= 30 else 0
            if 0 < minutes <= _MAX_READING_TIME:
                return minutes
    values = list(signals.meta(sel.META_READING_TIME))
    for label_name, data_name in sel.META_TWITTER_LABELS:
        labels = signals.metas.get(label_name, ())
        if labels and any(word in labels[0].lower() for word in sel.READING_TIME_LABELS):
            values.extend(signals.metas.get(data_name, ()))
    for value in values:
        match = _MINUTES.match(value.strip())
        if match and 0 < int(match[1]) <= _MAX_READING_TIME:
            return int(match[1])
    return _visible_reading_time(signals)


def extract_page_types(signals: PageSignals) -> tuple[str, ...]:
    """JSON-LD ``@type`` values, then og:type values, without repeats."""
    types = dict.fromkeys(signals.jsonld.types)
    for value in signals.meta(sel.META_PAGE_TYPE):
        types.setdefault(value.strip(), None)
    return tuple(types)


# --- helpers ---------------------------------------------------------------------------------


def strip_site_name(title: str, site_names: Iterable[str], *, drop_short_tail: bool = False) -> str:
    """A title without the site name around a separator (``Story | Site``, ``Site: Story``).

    A segment counts as the site name when it matches one of ``site_names`` (ignoring case,
    spaces, punctuation and a leading "The"), extends one ("Handball Schweiz" on
    handball.example) or looks like a domain (``Example.com``); several are removed in turn
    ("Site » Blog Archive » Story"), and so is the "Blog Archive" of old WordPress themes. A
    short trailing segment (four words at most, shorter than the rest) is dropped too after a
    separator headlines hardly use (`` | ``, `` • ``...), or after any separator when
    ``drop_short_tail`` is set (for ``<title>``, where " - Section - Site" tails are the rule).

    Args:
        title: A cleaned title.
        site_names: Names the site goes by.
        drop_short_tail: Also drop short trailing segments after ``-``, ``–`` and ``—``.

    Returns:
        The title without its site name, or the input when nothing matches.
    """
    keys = frozenset(key for name in site_names if (key := _site_key(name)))
    return _strip_site_keys(title, keys, drop_short_tail)


@lru_cache(maxsize=1024)
def _strip_site_keys(title: str, keys: frozenset[str], drop_short_tail: bool) -> str:
    """``strip_site_name`` with the site names already reduced to keys (memoised: a page's h1
    and its declared titles are often the same text)."""
    # "[> Jens Weber", "» Story": decoration before the first word (quotes stay).
    title = _LEADING_DECORATION.sub("", title)
    for _ in range(3):
        shorter = _strip_site_segment(title, keys)
        if shorter == title:
            break
        title = shorter
    for separator in sel.TITLE_SEPARATORS if drop_short_tail else sel.SITE_SEPARATORS:
        if separator not in title:
            continue
        parts = title.split(separator)
        while len(parts) > 1 and len(parts[-1].split()) <= 4:
            if len(separator.join(parts[:-1])) <= len(parts[-1]):
                break
            parts.pop()
        return separator.join(parts).strip()
    return title


def _strip_site_segment(title: str, keys: frozenset[str]) -> str:
    """The title without one leading or trailing site-name segment (or archive label)."""
    for separator in sel.MASTHEAD_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if separator.strip() != ":" and head.strip() and _is_site_segment(tail, keys):
            return _unglued(head.strip(), tail.strip())
        head, _, tail = title.partition(separator)
        if tail.strip() and (
            _is_site_segment(head, keys) or _site_key(head) in sel.ARCHIVE_SEGMENTS
        ):
            return tail.strip()
    return title


def _unglued(head: str, site: str) -> str:
    """``head`` without a copy of the site segment glued to its last word.

    A template that writes "{page}{tagline} | {tagline}" leaves "Truckwash A31Das etwas andere
    Branchenbuch" once the segment after the separator is cut; a story title merely ending
    with the site's name has a space before it and stays whole.
    """
    cut = len(head) - len(site)
    if cut > 0 and head.endswith(site) and not head[cut - 1].isspace():
        return head[:cut]
    return head


def _is_site_segment(segment: str, keys: frozenset[str]) -> bool:
    """True when a title segment is the site's name, an extension of it, or a domain."""
    segment = segment.strip()
    key = _site_key(segment)
    if not key:
        return False
    if key in keys or _DOMAIN_NAME.fullmatch(segment) is not None:
        return True
    # "Handball Schweiz" on handball.example, "ProNATs e.V." on pronats.example.
    return len(segment.split()) <= 4 and any(
        len(k) >= sel.SITE_KEY_PREFIX_MIN and key.startswith(k) for k in keys
    )


@lru_cache(maxsize=4096)
def _site_key(name: str) -> str:
    """A site name reduced to lower-case letters and digits, without a leading "the"."""
    return _NOT_ALNUM.sub("", name.casefold().strip().removeprefix("the "))


def _site_names(
    signals: PageSignals, site_name: str | None, canonical_url: str | None
) -> list[str]:
    """Names the site goes by: declared names and the registrable part of its host."""
    article = signals.article
    names = [
        name
        for name in (
            site_name,
            article.publisher_name if article is not None else None,
            *signals.meta(sel.META_APPLICATION_NAME),
        )
        if name
    ]
    hosts = {host for url in (canonical_url, signals.base_url) if (host := _host(url))}
    for host in hosts:
        labels = host.removeprefix("www.").split(".")
        names.append(host)
        names.append(".".join(labels[:-1]) if len(labels) > 1 else labels[0])
        # The site's own label without subdomains: "hejfish" on fischerhuette.hejfish.com.
        own = _own_labels(host)
        if len(own) > 1:
            names.append(own[-1])
    return names


def _own_labels(host: str) -> list[str]:
    """A host's labels that can name the site: without "www.", the top-level domain and the
    second-level labels under a country domain ("co" of example.co.uk)."""
    labels = host.removeprefix("www.").split(".")
    return [label for label in labels[:-1] if label not in sel.SECOND_LEVEL_LABELS]


def _host(url: str | None) -> str | None:
    """The lower-case host of an absolute URL (a regex: ``urlsplit`` is slow on every page)."""
    match = _URL_HOST.match(url) if url else None
    return match[1].lower() or None if match else None


def _is_homepage_of(url: str, base_url: str | None) -> bool:
    """True when a canonical points at the site root while the page itself is not the root.

    Some CMS templates print the home page as every page's canonical; taking it would give all
    their articles one key. Without a base URL a root canonical is refused for the same reason.
    """
    if not _has_root_path(url):
        return False
    base = normalize_url(base_url)
    return base is None or not _has_root_path(base)


def _has_root_path(url: str) -> bool:
    """True when a URL's path is empty or "/"."""
    rest = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    slash = rest.find("/")
    return slash == -1 or rest[slash:] == "/"


def _first_text(candidates: Iterable[str | None]) -> str | None:
    """The first candidate that is not empty after cleaning."""
    for candidate in candidates:
        if candidate:
            text = clean_text(candidate)
            if text:
                return text
    return None


def _add_meta(
    metas: dict[str, list[str]], attrs: Mapping[str, str | None], wanted: frozenset[str]
) -> None:
    """File one ``<meta>`` under each of its names that a cascade reads.

    A value holding a template variable nobody filled in ("{$category}" as finanztip.de's
    category, "{{post_date}}") says nothing and is left out.
    """
    content = attrs.get("content")
    if not content:
        return
    for attribute in _META_NAME_ATTRIBUTES:
        key = attrs.get(attribute)
        if key:
            key = key.strip().lower()
            if attribute == "itemprop":
                key = "itemprop:" + key
            if key not in wanted:
                continue
            content = content.strip()
            if "&" in content or "<" in content:
                content = declared_text(content).strip()
            if not content or ("{" in content and _PLACEHOLDER.search(content)):
                return
            values = metas.get(key)
            if values is None:
                metas[key] = [content]
            else:
                values.append(content)


def _outside_svg(node: LexborNode) -> bool:
    """True for a ``<title>`` that names the document, not an SVG icon."""
    parent = node.parent
    return parent is None or parent.tag in ("head", "html", "body")


def _main_headline(h1s: list[LexborNode]) -> LexborNode | None:
    """The story's h1: the first inside article/main or marked as headline, else the first."""
    first: LexborNode | None = None
    for node in h1s:
        if (node.attrs.get("itemprop") or "").lower() == "headline" or _has_ancestor(
            node, sel.HEADLINE_CONTAINERS
        ):
            return node
        if first is None:
            first = node
    return first


def _visible_reading_time(signals: PageSignals) -> int | None:
    """A "4 min read" printed next to the headline."""
    text = " | ".join(signals.near_headline()[0]).lower()
    # Every phrasing names minutes: search only around "min", the whole text is slow to scan.
    position = text.find("min")
    while position != -1:
        window = text[max(0, position - 40) : position + 40]
        match = _READING_TIME_TEXT.search(window)
        if match:
            minutes = int(match[1] or match[2])
            if 0 < minutes <= _MAX_READING_TIME:
                return minutes
        position = text.find("min", position + 3)
    return None
