"""Article metadata from a parsed HTML page: one short cascade per field, strongest signal first.

One query over the whole tree collects ``<meta>``, ``<link>``, ``<script>``, ``<title>``,
``<h1>`` and ``<time>`` elements into ``PageSignals``; every field is then read from those
signals, and only the fallbacks (bylines, standfirsts, reading times) look at small subtrees
around the headline. The tree is never modified: the body extractor reads it next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from transforms import selectors as sel
from transforms.dates import MONTHS, date_from_url, parse_datetime, search_datetime
from transforms.jsonld import JsonLdArticle, JsonLdPage, is_jsonld_script, parse_jsonld
from transforms.languages import normalize_language
from transforms.text import clean_text
from transforms.urls import normalize_url, resolve_url

_AUTHOR_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sel.AUTHOR_PREFIXES) + r")(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_NAME_SEPARATORS = re.compile(r"\s*(?:[,;|/&·•]|\s(?:and|und|y|et|e|with|mit)\s)\s*", re.IGNORECASE)
# "By Ana Ruiz in Berlin", "Ana Ruiz for Example News", "Von Eva Berg am 21. April": the place,
# outlet or date is not the name. "Le"/"El"/"In" stay when capitalised ("Ursula Le Guin").
_NAME_TAIL = re.compile(r"\s+(?:(?i:for|from|aus|für)|in|at|am|um|on|le|el)(?:\s+|,|$).*$")
# Handles, e-mail addresses and links printed next to names.
_NAME_NOISE = re.compile(r"\S+@\S+|@\w+|\S*://\S*|\bwww\.\S+|\(c\)|©")
_NAME_PUNCTUATION = " .:-–—\"'“”~*•·|,;"
_DOMAIN_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_DOMAIN = re.compile(r"\w\.[a-z]{2,}\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
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
_MAX_READING_TIME = 300
_MAX_AUTHORS = 12
_MAX_BYLINE_LENGTH = 1000
_MAX_TAG_LENGTH = 80


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about the article it carries. Absent values are None or ``()``.

    Datetimes are aware and keep the offset the page gave. ``article_body`` is the JSON-LD
    ``articleBody`` (for the body extractor); ``page_types`` lists the JSON-LD ``@type`` values
    and the og:type of the page.
    """

    canonical_url: str | None = None
    site_name: str | None = None
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    language: str | None = None
    image_url: str | None = None
    tags: tuple[str, ...] = ()
    reading_time_min: int | None = None
    article_body: str | None = None
    page_types: tuple[str, ...] = ()


@dataclass(slots=True)
class PageSignals:
    """Everything the field cascades read, gathered in one pass over the tree.

    ``metas`` maps lower-case meta names (``name``, ``property``, ``http-equiv``; ``itemprop``
    as ``itemprop:<name>``) to their non-empty contents in document order; ``links`` maps each
    ``rel`` token to the hrefs of ``<link>`` elements. ``headline`` is the story's h1,
    ``header`` the block around it (a few ancestors up) and ``story`` its article/main
    container; the fallbacks search only these subtrees.
    """

    tree: LexborHTMLParser
    base_url: str | None
    metas: Mapping[str, tuple[str, ...]]
    links: Mapping[str, tuple[str, ...]]
    html_title: str | None
    html_lang: str | None
    headline: LexborNode | None
    header: LexborNode | None
    story: LexborNode | None
    times: tuple[LexborNode, ...]
    jsonld: JsonLdPage
    _header_text: str | None = field(default=None, repr=False)

    def header_text(self) -> str:
        """The start of the header block's visible text (computed once)."""
        if self._header_text is None:
            text = ""
            if self.header is not None:
                text = self.header.text(deep=True, separator=" ")[: sel.HEADER_TEXT_LIMIT]
            self._header_text = text
        return self._header_text

    @property
    def article(self) -> JsonLdArticle | None:
        """The page's main JSON-LD record, if any."""
        return self.jsonld.article

    def meta(self, names: Iterable[str]) -> Iterator[str]:
        """Contents of the named metas, in the order of ``names`` then of the document."""
        for name in names:
            yield from self.metas.get(name, ())


def extract_metadata(tree: LexborHTMLParser, *, base_url: str | None) -> PageMetadata:
    """Read the metadata of a parsed page without modifying it.

    Args:
        tree: The parsed page.
        base_url: The address the page was fetched from, for relative links; None when unknown.

    Returns:
        The page's metadata; fields the page does not state are None or ``()``.
    """
    signals = collect_signals(tree, base_url=base_url)
    canonical_url = extract_canonical_url(signals)
    site_name = extract_site_name(signals)
    title = extract_title(signals, site_name=site_name, canonical_url=canonical_url)
    article = signals.article
    return PageMetadata(
        canonical_url=canonical_url,
        site_name=site_name,
        title=title,
        subtitle=extract_subtitle(signals, title=title),
        description=extract_description(signals),
        section=extract_section(signals),
        authors=extract_authors(signals),
        published_at=extract_published_at(signals, canonical_url=canonical_url),
        updated_at=extract_updated_at(signals),
        language=extract_language(signals),
        image_url=extract_image_url(signals, canonical_url=canonical_url),
        tags=extract_tags(signals),
        reading_time_min=extract_reading_time(signals),
        article_body=article.article_body if article is not None and article.is_article else None,
        page_types=extract_page_types(signals),
    )


def collect_signals(tree: LexborHTMLParser, *, base_url: str | None) -> PageSignals:
    """Gather metas, links, title, headline, ``<time>`` elements and JSON-LD in one tree query.

    Args:
        tree: The parsed page; it is not modified.
        base_url: The page's address, when known.

    Returns:
        The signals the ``extract_*`` cascades read.
    """
    metas: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    scripts: list[str] = []
    h1s: list[LexborNode] = []
    times: list[LexborNode] = []
    html_title: str | None = None
    for node in tree.css(sel.METADATA_SCAN_SELECTOR):
        tag = node.tag
        if tag == "meta":
            _add_meta(metas, node.attributes)
        elif tag == "script":
            if is_jsonld_script(node.attributes.get("type")):
                scripts.append(node.text(deep=True))
        elif tag == "link":
            attrs = node.attributes
            rel, href = attrs.get("rel"), attrs.get("href")
            if rel and href and href.strip():
                for token in rel.lower().split():
                    links.setdefault(token, []).append(href.strip())
        elif tag == "h1":
            h1s.append(node)
        elif tag == "time":
            times.append(node)
        elif html_title is None and _outside_svg(node):
            html_title = clean_text(node.text(deep=True)) or None
    root = tree.root
    lang = None
    if root is not None:
        attrs = root.attributes
        lang = attrs.get("lang") or attrs.get("xml:lang")
    headline = _main_headline(h1s)
    return PageSignals(
        tree=tree,
        base_url=base_url,
        metas=MappingProxyType({k: tuple(v) for k, v in metas.items()}),
        links=MappingProxyType({k: tuple(v) for k, v in links.items()}),
        html_title=html_title,
        html_lang=lang,
        headline=headline,
        header=_header_area(headline),
        story=_story_container(headline),
        times=tuple(times),
        jsonld=parse_jsonld(scripts),
    )


# --- fields ----------------------------------------------------------------------------------


def extract_canonical_url(signals: PageSignals) -> str | None:
    """link rel=canonical > og:url > JSON-LD url/mainEntityOfPage, absolute and normalised."""
    candidates = [*signals.links.get("canonical", ()), *signals.meta(sel.META_CANONICAL)]
    article = signals.article
    if article is not None:
        candidates += [u for u in (article.url, article.main_entity_of_page) if u]
    for candidate in candidates:
        url = normalize_url(resolve_url(signals.base_url, candidate))
        if url is not None and not _is_homepage_of(url, signals.base_url):
            return url
    return None


def extract_site_name(signals: PageSignals) -> str | None:
    """og:site_name > JSON-LD publisher name > application-name."""
    article = signals.article
    candidates = [
        *signals.meta(sel.META_SITE_NAME),
        article.publisher_name if article is not None else None,
        *signals.meta(sel.META_APPLICATION_NAME),
    ]
    return _first_text(candidates)


def extract_title(
    signals: PageSignals, *, site_name: str | None = None, canonical_url: str | None = None
) -> str | None:
    """JSON-LD headline > og:title > twitter:title > main h1 > ``<title>``, without site names.

    og/twitter titles lose a site name only when it matches a known one (og:site_name,
    publisher, the domain); ``<title>`` also loses a short trailing segment (" | Section").
    """
    article = signals.article
    if article is not None and article.headline:
        return article.headline
    names = _site_names(signals, site_name, canonical_url)
    for value in signals.meta(sel.META_TITLE):
        title = strip_site_name(clean_text(value), names)
        if title:
            return title
    if signals.headline is not None:
        text = clean_text(signals.headline.text(deep=True))
        if text:
            return text
    if signals.html_title:
        return strip_site_name(signals.html_title, names, drop_short_tail=True) or None
    return None


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


def extract_section(signals: PageSignals) -> str | None:
    """JSON-LD articleSection > article:section > parsely-section/section/category metas."""
    article = signals.article
    candidates = [
        *(article.sections if article is not None else ()),
        *signals.meta(sel.META_SECTION),
    ]
    return _first_text(candidates)


def extract_authors(signals: PageSignals) -> tuple[str, ...]:
    """People who wrote the story: JSON-LD persons > author metas > byline elements.

    Organisations (JSON-LD Organization authors, agency and desk credits) are left out.
    """
    article = signals.article
    if article is not None:
        names = clean_author_names(article.author_persons)
        if names:
            return names
    for name in sel.META_AUTHOR:
        names = clean_author_names(signals.metas.get(name, ()))
        if names:
            return names
    return _byline_authors(signals)


def extract_published_at(
    signals: PageSignals, *, canonical_url: str | None = None
) -> datetime | None:
    """JSON-LD datePublished > date metas > a ``<time>`` dating the story > the URL's date >
    a date printed next to the headline."""
    article = signals.article
    if article is not None and article.date_published is not None:
        return article.date_published
    for value in signals.meta(sel.META_PUBLISHED):
        found = parse_datetime(value)
        if found is not None:
            return found
    found = _published_time_element(signals)
    if found is not None:
        return found
    found = date_from_url(canonical_url) or date_from_url(signals.base_url)
    return found if found is not None else _visible_date(signals)


def extract_updated_at(signals: PageSignals) -> datetime | None:
    """JSON-LD dateModified > modified-time metas > ``<time itemprop=dateModified>``."""
    article = signals.article
    if article is not None and article.date_modified is not None:
        return article.date_modified
    for value in signals.meta(sel.META_MODIFIED):
        found = parse_datetime(value)
        if found is not None:
            return found
    for node in signals.times:
        if (node.attributes.get("itemprop") or "").lower() == "datemodified":
            found = _time_value(node)
            if found is not None:
                return found
    return None


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
    """article:tag metas, JSON-LD keywords and keyword metas, deduplicated, at most 30."""
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
            if not tag or len(tag) > _MAX_TAG_LENGTH or key in seen or "://" in tag:
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


# --- authors ---------------------------------------------------------------------------------


def clean_author_names(values: Iterable[str]) -> tuple[str, ...]:
    """People's names from byline texts, in order, without repeats (case-insensitive).

    Strips "By"-style prefixes, splits "A and B" / "A, B & C", and drops e-mails, URLs, dates,
    roles ("Senior Reporter"), agency or desk credits ("Reuters", "Staff") and other junk.

    Args:
        values: Byline texts or names, e.g. ``"By Ana Ruiz and Tom Berg"``.

    Returns:
        The names, at most 12.
    """
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in _split_names(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
                if len(names) == _MAX_AUTHORS:
                    return tuple(names)
    return tuple(names)


def _split_names(value: str) -> Iterator[str]:
    """Candidate names in one byline text."""
    if len(value) > _MAX_BYLINE_LENGTH:
        return
    text = clean_text(value)
    if not text or len(text) > 300:
        return
    text = _NAME_NOISE.sub(" ", text)
    for part in _NAME_SEPARATORS.split(_AUTHOR_PREFIX.sub("", text.strip())):
        name = _AUTHOR_PREFIX.sub("", part.strip(_NAME_PUNCTUATION))
        name = _cut_at_noise(_NAME_TAIL.sub("", name)).strip(_NAME_PUNCTUATION)
        if ":" not in name and _is_person_name(name):
            yield name


def _cut_at_noise(text: str) -> str:
    """Text up to the first word that cannot belong to a name: "Tom Berg Updated 3 hours ago"."""
    words = text.split()
    for i, word in enumerate(words):
        key = word.strip(_NAME_PUNCTUATION).casefold()
        # A month starts a date only before a number: "June 26" goes, "April Roach" stays.
        is_date = key in MONTHS and i + 1 < len(words) and words[i + 1][:1].isdigit()
        if (
            is_date
            or key in sel.AUTHOR_JUNK_WORDS
            or key in sel.WEEKDAYS
            or any(c.isdigit() for c in key)
        ):
            kept = words[:i]
            # "Sara Berg Stand: 05.02.2020": the label before the date goes too.
            if kept and kept[-1].endswith(":"):
                kept.pop()
            return " ".join(kept)
    return text


def _is_person_name(name: str) -> bool:
    """True when a text can be a person's name: 1-5 words, no digits, no URL, not a credit."""
    if not 2 <= len(name) <= 70 or "@" in name or any(ch.isdigit() for ch in name):
        return False
    if "://" in name or name.lower().startswith("www.") or _DOMAIN.search(name):
        return False
    if name.casefold() in sel.ORGANIZATION_NAMES:
        return False
    words = _WORD.findall(name.casefold())
    if not 1 <= len(words) <= 5 or (len(words) == 1 and not name[0].isupper()):
        return False
    return not any(
        word in sel.ORGANIZATION_WORDS
        or word in sel.JOB_TITLE_WORDS
        or word in sel.AUTHOR_JUNK_WORDS
        for word in words
    )


def _byline_authors(signals: PageSignals) -> tuple[str, ...]:
    """Names from byline elements around the headline, else in the story's container."""
    scopes = [signals.header]
    if signals.story is not None and signals.story is not signals.header:
        scopes.append(signals.story)
    for scope in scopes:
        if scope is not None:
            names = _byline_names(scope)
            if names:
                return names
    return ()


def _byline_names(scope: LexborNode) -> tuple[str, ...]:
    """Names in the first byline element of a subtree, plus the ones beside it."""
    first: LexborNode | None = None
    texts: list[str] = []
    for node in scope.css(sel.BYLINE_SELECTOR):
        if first is not None and not _shares_region(node, first):
            continue
        if first is None and _in_excluded_box(node):
            continue
        text = node.attributes.get("content") if node.tag == "meta" else node.text(separator=" ")
        if not text:
            continue
        if first is None:
            if not clean_author_names([text]):
                continue
            first = node
        texts.append(text)
    return clean_author_names(texts)


def _story_container(headline: LexborNode | None) -> LexborNode | None:
    """The headline's article or main ancestor."""
    node = headline
    while node is not None:
        if node.tag in sel.HEADLINE_CONTAINERS:
            return node
        node = node.parent
    return None


def _in_excluded_box(node: LexborNode) -> bool:
    """True for an element in a comment, form, navigation, aside or caption."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in sel.BYLINE_EXCLUDED_TAGS:
            return True
        if sel.BYLINE_EXCLUDED_CLASS in (current.attributes.get("class") or "").lower():
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


def _published_time_element(signals: PageSignals) -> datetime | None:
    """The ``<time>`` marked as the publication time, else the first one dating the story.

    Marked: ``pubdate``, ``itemprop=datePublished`` or a class naming publication (WordPress
    prints ``class="entry-date published updated"``). Dating the story: inside an article or
    header element, or in the block around the headline; never one marked as an update.
    """
    fallback: datetime | None = None
    header = signals.header
    for node in signals.times:
        attrs = node.attributes
        itemprop = (attrs.get("itemprop") or "").lower()
        classes = (attrs.get("class") or "").lower()
        if "pubdate" in attrs or itemprop == "datepublished" or "publish" in classes:
            found = _time_value(node)
            if found is not None:
                return found
        elif (
            fallback is None
            and not itemprop
            and "update" not in classes
            and "modif" not in classes
            and (
                _has_ancestor(node, sel.PUBLISHED_TIME_CONTAINERS)
                or (header is not None and _is_inside(node, header))
            )
        ):
            fallback = _time_value(node)
    return fallback


def _visible_date(signals: PageSignals) -> datetime | None:
    """A date printed in the block around the headline ("26. Juni 2024" under the h1)."""
    return search_datetime(signals.header_text())


def _header_area(headline: LexborNode | None) -> LexborNode | None:
    """The headline's ancestor a few levels up: where bylines, dates and reading times sit."""
    node = headline
    if node is None:
        return None
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


def _time_value(node: LexborNode) -> datetime | None:
    """The datetime of a ``<time>`` element: its datetime attribute, else its text."""
    value = node.attributes.get("datetime")
    found = parse_datetime(value) if value else None
    return found if found is not None else parse_datetime(node.text(deep=True))


def _has_ancestor(node: LexborNode, tags: frozenset[str]) -> bool:
    """True when one of ``node``'s ancestors has one of ``tags``."""
    current = node.parent
    while current is not None:
        if current.tag in tags:
            return True
        current = current.parent
    return False


# --- helpers ---------------------------------------------------------------------------------


def strip_site_name(title: str, site_names: Iterable[str], *, drop_short_tail: bool = False) -> str:
    """A title without the site name around a separator (``Story | Site``, ``Site: Story``).

    A segment counts as the site name when it matches one of ``site_names`` (ignoring case,
    spaces, punctuation and a leading "The") or looks like a domain (``Example.com``). A short
    trailing segment (four words at most, shorter than the rest) is dropped too after a
    separator headlines hardly use (`` | ``, `` • ``...), or after any separator when
    ``drop_short_tail`` is set (for ``<title>``, where " - Section - Site" tails are the rule).

    Args:
        title: A cleaned title.
        site_names: Names the site goes by.
        drop_short_tail: Also drop short trailing segments after ``-``, ``–`` and ``—``.

    Returns:
        The title without its site name, or the input when nothing matches.
    """
    keys = {key for name in site_names if (key := _site_key(name))}
    for separator in (*sel.TITLE_SEPARATORS, ": "):
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if separator != ": " and head.strip() and _is_site_segment(tail, keys):
            return head.strip()
        head, _, tail = title.partition(separator)
        if tail.strip() and _is_site_segment(head, keys):
            return tail.strip()
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


def _is_site_segment(segment: str, keys: set[str]) -> bool:
    """True when a title segment is the site's name or domain."""
    segment = segment.strip()
    return _site_key(segment) in keys or _DOMAIN_NAME.fullmatch(segment) is not None


def _site_key(name: str) -> str:
    """A site name reduced to lower-case letters and digits, without a leading "the"."""
    name = name.casefold().strip()
    name = name.removeprefix("the ")
    return "".join(ch for ch in name if ch.isalnum())


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
    for url in (canonical_url, signals.base_url):
        host = _host(url)
        if host:
            labels = host.removeprefix("www.").split(".")
            names.append(host)
            names.append(".".join(labels[:-1]) if len(labels) > 1 else labels[0])
    return names


def _host(url: str | None) -> str | None:
    """The lower-case host of a URL."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _is_homepage_of(url: str, base_url: str | None) -> bool:
    """True when a canonical points at the site root while the page itself is not the root.

    Some CMS templates print the home page as every page's canonical; taking it would give all
    their articles one key. Without a base URL a root canonical is refused for the same reason.
    """
    if urlsplit(url).path not in ("", "/"):
        return False
    base = normalize_url(base_url)
    return base is None or urlsplit(base).path not in ("", "/")


def _first_text(candidates: Iterable[str | None]) -> str | None:
    """The first candidate that is not empty after cleaning."""
    for candidate in candidates:
        if candidate:
            text = clean_text(candidate)
            if text:
                return text
    return None


def _add_meta(metas: dict[str, list[str]], attrs: Mapping[str, str | None]) -> None:
    """File one ``<meta>`` under each of its names."""
    content = attrs.get("content")
    if not content or not content.strip():
        return
    content = content.strip()
    for attribute in ("property", "name", "http-equiv"):
        key = attrs.get(attribute)
        if key:
            metas.setdefault(key.strip().lower(), []).append(content)
    itemprop = attrs.get("itemprop")
    if itemprop:
        metas.setdefault("itemprop:" + itemprop.strip().lower(), []).append(content)


def _outside_svg(node: LexborNode) -> bool:
    """True for a ``<title>`` that names the document, not an SVG icon."""
    parent = node.parent
    return parent is None or parent.tag in ("head", "html", "body")


def _main_headline(h1s: list[LexborNode]) -> LexborNode | None:
    """The story's h1: the first inside article/main or marked as headline, else the first."""
    first: LexborNode | None = None
    for node in h1s:
        if not node.text(deep=True).strip():
            continue
        if (node.attributes.get("itemprop") or "").lower() == "headline" or _has_ancestor(
            node, sel.HEADLINE_CONTAINERS
        ):
            return node
        if first is None:
            first = node
    return first


def _visible_reading_time(signals: PageSignals) -> int | None:
    """A "4 min read" printed in the header area around the h1."""
    text = signals.header_text().lower()
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
