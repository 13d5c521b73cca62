"""JSON-LD blocks of a page, read tolerantly, reduced to typed article records.

News sites describe their articles in ``<script type="application/ld+json">`` blocks (the page
scan, ``metadata.collect_signals``, hands over every script whose type names ld+json), often
with small defects a browser ignores: HTML comment or CDATA wrappers, trailing commas, several
objects in one block, invalid escapes. This module reads what can be read and turns every object
of an article type into a ``JsonLdArticle``; nothing here raises on bad input.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime

from transforms.dates import parse_datetime
from transforms.text import collapse_whitespace, strip_markup

NEWS_ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "SatiricalArticle",
    }
)
"""schema.org types that mark a news story: the strongest records."""

ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "Article",
        "BlogPosting",
        "Blog",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Review",
    }
)
"""Generic article types: used when no news type is present."""

WEB_PAGE_TYPES: frozenset[str] = frozenset(
    {"WebPage", "ItemPage", "CollectionPage", "AboutPage", "ProfilePage", "MediaGallery"}
)
"""Page types: a weak fallback (dates, url, description), never a headline from ``name``."""

ORGANIZATION_TYPES: frozenset[str] = frozenset(
    {
        "Organization",
        "Organisation",
        "NewsMediaOrganization",
        "Corporation",
        "GovernmentOrganization",
        "EducationalOrganization",
        "NGO",
        "LocalBusiness",
        "Brand",
        "WebSite",
    }
)
"""Author types that are not people: kept apart from persons."""

NESTED_LIST_KEYS: frozenset[str] = frozenset(
    {
        "itemListElement",
        "liveBlogUpdate",
        "relatedLink",
        "significantLink",
        "isPartOf",
        "mentions",
        "citation",
        "subjectOf",
        "workExample",
        "comment",
        "review",
    }
)
"""Keys whose objects describe OTHER content (teasers of a section page, live-blog entries):
article objects below them are not the page's own article."""

_WRAPPER_HEAD = re.compile(r"(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)\s*")
_WRAPPER_TAIL = re.compile(r"\s*(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/|\]\]>)\s*$")
_VALID_ESCAPES = frozenset('"\\/bfnrtu')
_MAX_DEPTH = 24
_MAX_LEVEL = 64
_MAX_FAMILY_WORDS = 2
_PAGE_RANK = 2
_TYPE_RANKS: dict[str, int] = {
    **dict.fromkeys(WEB_PAGE_TYPES, _PAGE_RANK),
    **dict.fromkeys(ARTICLE_TYPES, 1),
    **dict.fromkeys(NEWS_ARTICLE_TYPES, 0),
}
_DECODER = json.JSONDecoder(strict=False)
_REFERENCE_KEYS = frozenset({"@id", "@type"})
_TYPE_PREFIX = re.compile(r"^.*[/:#]")


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    """The fields copydesk reads from one JSON-LD object of an article (or page) type.

    Text values are HTML-unescaped and whitespace-collapsed (``article_body`` only stripped);
    absent values are None or ``()``.
    """

    types: tuple[str, ...]
    headline: str | None = None
    alternative_headline: str | None = None
    description: str | None = None
    author_persons: tuple[str, ...] = ()
    author_organizations: tuple[str, ...] = ()
    date_published: datetime | None = None
    date_modified: datetime | None = None
    publisher_name: str | None = None
    sections: tuple[str, ...] = ()
    language: str | None = None
    image_urls: tuple[str, ...] = ()
    url: str | None = None
    main_entity_of_page: str | None = None
    keywords: tuple[str, ...] = ()
    article_body: str | None = None
    time_required: str | None = None

    @property
    def is_article(self) -> bool:
        """True for article types, False for the WebPage fallback."""
        return not WEB_PAGE_TYPES.issuperset(self.types)


@dataclass(frozen=True, slots=True)
class JsonLdPage:
    """Everything JSON-LD says about a page.

    ``article`` is the strongest article record (news types first, then generic articles, then
    a WebPage), its missing fields filled from the page's WebPage record; ``articles`` holds
    the records read: the strongest, then the WebPage record that filled it; ``types`` every
    ``@type`` seen, in order of appearance.
    """

    article: JsonLdArticle | None = None
    articles: tuple[JsonLdArticle, ...] = ()
    types: tuple[str, ...] = ()


def parse_jsonld(blocks: Iterable[str]) -> JsonLdPage:
    """Turn the texts of JSON-LD script blocks into article records.

    Args:
        blocks: The raw texts of the ``<script type="application/ld+json">`` elements.

    Returns:
        The records found; unreadable blocks are skipped.
    """
    roots: list[object] = []
    for block in blocks:
        roots.extend(load_json_values(block))
    if not roots:
        return JsonLdPage()
    scan = _Scan()
    for root in roots:
        scan.visit(root, 0, False, 0)
    types, index, ranked = scan.types, scan.index, scan.ranked
    if not ranked:
        return JsonLdPage(types=tuple(types))
    ranked.sort(key=lambda item: item[:3])
    # Records are built for the strongest object and the page record that fills its gaps
    # only: pages with dozens of typed objects exist, and each record costs a few µs.
    best_rank, *_, best, best_types = ranked[0]
    articles = [_record(best, best_types, index)]
    if best_rank < _PAGE_RANK:
        page = next((item for item in ranked[1:] if item[0] == _PAGE_RANK), None)
        if page is not None:
            articles.append(_record(page[3], page[4], index))
    return JsonLdPage(article=_main(articles), articles=tuple(articles), types=tuple(types))


def load_json_values(text: str) -> list[object]:
    """The JSON values in one script block, repairing the defects pages commonly have.

    Args:
        text: The raw script text.

    Returns:
        Top-level values in order (objects, lists...); ``[]`` when nothing can be read.
    """
    text = _unwrap(text)
    if not text:
        return []
    try:
        return [json.loads(text, strict=False)]
    except (ValueError, RecursionError):
        pass
    return _decode_all(_repair(text))


def _unwrap(text: str) -> str:
    """Text without the HTML comment or CDATA wrapper old templates put around scripts."""
    text = text.strip()
    head = _WRAPPER_HEAD.match(text)
    if head:
        text = text[head.end() :]
    # Only the end of the text is searched: a `\s*...$` pattern over the whole block would try
    # every position of a pretty-printed block.
    tail = _WRAPPER_TAIL.search(text, max(0, len(text) - 40))
    if tail:
        text = text[: tail.start()]
    return text.strip()


def _decode_all(text: str) -> list[object]:
    """Values decoded one after another (``{...}{...}``, ``{...},{...}``) up to an error."""
    values: list[object] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and (text[position].isspace() or text[position] in ",;"):
            position += 1
        if position >= end:
            break
        try:
            value, position = _DECODER.raw_decode(text, position)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def _repair(text: str) -> str:
    """Text with trailing commas and invalid string escapes (``\\'``) removed."""
    out: list[str] = []
    in_string = False
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if in_string:
            if char == "\\" and i + 1 < end:
                following = text[i + 1]
                out.append(char + following if following in _VALID_ESCAPES else following)
                i += 2
                continue
            if char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == ",":
            j = i + 1
            while j < end and text[j].isspace():
                j += 1
            if j < end and text[j] in "}]":
                i += 1
                continue
        out.append(char)
        i += 1
    return "".join(out)


class _Scan:
    """One pass over the JSON values of a page: the ``@type`` names seen, the objects named by
    ``@id``, and the article and page objects with their rank, depth and document order.

    Recursive and written for speed (it runs on every page with JSON-LD): a single plain type
    name is looked up directly; ``@graph`` members count as top level; objects under a teaser
    key (``NESTED_LIST_KEYS``) are not the page's own.
    """

    __slots__ = ("index", "order", "ranked", "types")

    def __init__(self) -> None:
        self.types: dict[str, None] = {}
        self.index: dict[str, dict[str, object]] = {}
        self.ranked: list[tuple[int, int, int, dict[str, object], tuple[str, ...]]] = []
        self.order = 0

    def visit(self, value: object, depth: int, nested: bool, level: int) -> None:
        """Scan one value; ``depth`` counts objects, ``level`` every container (a guard)."""
        if depth > _MAX_DEPTH or level > _MAX_LEVEL:
            return
        if type(value) is list:
            for item in value:
                if type(item) is dict or type(item) is list:
                    self.visit(item, depth, nested, level + 1)
            return
        if type(value) is not dict:
            return
        order = self.order
        self.order = order + 1
        node_id = value.get("@id")
        if type(node_id) is str and (len(value) > 2 or not _REFERENCE_KEYS.issuperset(value)):
            self.index[node_id] = value
        raw = value.get("@type")
        if raw is not None:
            if type(raw) is str and raw.isalpha():
                node_types: tuple[str, ...] = (raw,)
                self.types[raw] = None
                rank = _TYPE_RANKS.get(raw)
            else:
                node_types = _types(value)
                for name in node_types:
                    self.types[name] = None
                rank = _rank(node_types)
            if rank is not None and not nested:
                self.ranked.append((rank, depth, order, value, node_types))
        for key, child in value.items():
            if type(child) is dict or type(child) is list:
                if key == "@graph":
                    self.visit(child, depth, nested, level + 1)
                else:
                    self.visit(child, depth + 1, nested or key in NESTED_LIST_KEYS, level + 1)


def _types(node: dict[str, object]) -> tuple[str, ...]:
    """Short type names of an object: ``http://schema.org/NewsArticle`` -> ``NewsArticle``."""
    raw = node.get("@type")
    if isinstance(raw, str) and not any(mark in raw for mark in "/:#"):
        name = raw.strip()
        return (name,) if name else ()
    values = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for value in values:
        if isinstance(value, str):
            name = value.strip()
            if any(mark in name for mark in "/:#"):
                name = _TYPE_PREFIX.sub("", name)
            if name:
                names.append(name)
    return tuple(names)


def _rank(types: tuple[str, ...]) -> int | None:
    """0 for news types, 1 for generic articles, 2 for web pages, None for anything else."""
    if NEWS_ARTICLE_TYPES.intersection(types):
        return 0
    if ARTICLE_TYPES.intersection(types):
        return 1
    if WEB_PAGE_TYPES.intersection(types):
        return _PAGE_RANK
    return None


def _main(articles: list[JsonLdArticle]) -> JsonLdArticle:
    """The strongest record with its empty fields filled from the page's WebPage record."""
    best = articles[0]
    if len(articles) == 1:
        return best
    page = articles[1]
    filled = {
        f.name: getattr(page, f.name)
        for f in fields(JsonLdArticle)
        if f.name != "types" and not getattr(best, f.name) and getattr(page, f.name)
    }
    return replace(best, **filled) if filled else best


def _record(
    node: dict[str, object], types: tuple[str, ...], index: dict[str, dict[str, object]]
) -> JsonLdArticle:
    """The article record of one object."""
    is_page = _rank(types) == _PAGE_RANK
    headline = _text(node.get("headline"))
    if headline is None and not is_page:
        headline = _text(node.get("name"))
    persons, organizations = _authors(node.get("author"), index)
    return JsonLdArticle(
        types=types,
        headline=headline,
        alternative_headline=_text(node.get("alternativeHeadline")),
        description=_text(node.get("description")),
        author_persons=persons,
        author_organizations=organizations,
        date_published=parse_datetime(_text(node.get("datePublished"))),
        date_modified=parse_datetime(_text(node.get("dateModified"))),
        publisher_name=_name(_resolve(node.get("publisher"), index)),
        sections=_texts(node.get("articleSection")),
        language=_language(node.get("inLanguage")),
        image_urls=_images(node.get("image"), index),
        url=_text(node.get("url")),
        main_entity_of_page=_page_url(node.get("mainEntityOfPage"), index),
        keywords=_keywords(node.get("keywords")),
        article_body=_body(node.get("articleBody")),
        time_required=_text(node.get("timeRequired")),
    )


def _resolve(value: object, index: dict[str, dict[str, object]]) -> object:
    """A ``{"@id": ...}`` reference replaced by the object it names, when the page has it."""
    if isinstance(value, list):
        return [_resolve(item, index) for item in value]
    if isinstance(value, dict) and _is_reference(value):
        ref = value.get("@id")
        if isinstance(ref, str) and ref in index:
            return index[ref]
    return value


def _is_reference(node: dict[str, object]) -> bool:
    """True for an object that only names another one (``{"@id": ..., "@type": ...}``)."""
    return all(key in _REFERENCE_KEYS for key in node)


def _text(value: object) -> str | None:
    """A short text value: strings, ``{"@value": ...}``, or the first of a list."""
    if type(value) is not str:
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str | dict)), None)
        if isinstance(value, dict):
            value = value.get("@value")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None
    if "&" in value:
        value = html.unescape(value)
    # Drupal writes an author's name as its profile link: "<a href=...>Ewa Nowak</a>".
    value = strip_markup(value)
    # Most values are clean: every space but the ASCII one is unprintable, so a printable value
    # without double spaces only needs its ends trimmed (a C-speed test, unlike a regex).
    text = (
        value.strip() if value.isprintable() and "  " not in value else collapse_whitespace(value)
    )
    return text or None


def _texts(value: object) -> tuple[str, ...]:
    """Every short text of a string or list value."""
    items = value if isinstance(value, list) else [value]
    return tuple(text for item in items if (text := _text(item)) is not None)


def _body(value: object) -> str | None:
    """The article body as given, unescaped and stripped (line breaks kept)."""
    if not isinstance(value, str):
        return None
    return html.unescape(value).strip() or None


def _name(value: object) -> str | None:
    """The name of a Person/Organization object, a plain string, or the first of a list."""
    if isinstance(value, list):
        return next((name for item in value if (name := _name(item)) is not None), None)
    if isinstance(value, dict):
        name = _text(value.get("name"))
        if name is None:
            parts = [_text(value.get(key)) for key in ("givenName", "familyName")]
            name = " ".join(part for part in parts if part) or None
        return name
    return _text(value)


def _authors(
    value: object, index: dict[str, dict[str, object]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Author names split into (persons, organisations); untyped names count as persons."""
    persons: list[str] = []
    organizations: list[str] = []
    resolved = _resolve(value, index)
    for item in resolved if isinstance(resolved, list) else [resolved]:
        names = _texts(item["name"]) if isinstance(item, dict) and "name" in item else ()
        if len(names) < 2:
            # One name (or a given and a family name) per object, as schema.org has it; a
            # list of names in one Person object (a Drupal site's co-authors) names each.
            name = _name(item)
            names = (name,) if name is not None else ()
        # Yoast types a personal site's owner ["Person", "Organization"]: a person.
        types = _types(item) if isinstance(item, dict) else ()
        if ORGANIZATION_TYPES.intersection(types) and "Person" not in types:
            organizations.extend(names)
        else:
            persons.extend(_full_name(name, item) for name in names)
    return tuple(persons), tuple(organizations)


def _full_name(name: str, item: object) -> str:
    """A first-name-only Person's full name, when its description starts with it.

    WordPress profiles name authors by their display name ("Nils") while the bio the SEO
    plugin copies into ``description`` opens with the full name ("Nils Pickert ist freier
    Autor..."): the capitalised words right after the name are its family name.
    """
    if " " in name or not isinstance(item, dict):
        return name
    description = _text(item.get("description"))
    if not description or not description.startswith(name + " "):
        return name
    words = [name]
    for word in description[len(name) + 1 :].split()[:_MAX_FAMILY_WORDS]:
        if not (word[:1].isupper() and word.replace("-", "").isalpha()):
            break
        words.append(word)
    return " ".join(words)


def _images(value: object, index: dict[str, dict[str, object]]) -> tuple[str, ...]:
    """Image addresses of a string, ImageObject or list value."""
    resolved = _resolve(value, index)
    urls: list[str] = []
    for item in resolved if isinstance(resolved, list) else [resolved]:
        if isinstance(item, dict):
            url = _text(item.get("url")) or _text(item.get("contentUrl"))
        else:
            url = _text(item)
        if url:
            urls.append(url)
    return tuple(urls)


def _page_url(value: object, index: dict[str, dict[str, object]]) -> str | None:
    """The address of ``mainEntityOfPage``: a string, a WebPage's url or its ``@id``."""
    if isinstance(value, dict):
        target = _resolve(value, index)
        if isinstance(target, dict):
            return _text(target.get("url")) or _text(target.get("@id"))
        return None
    return _text(value)


def _language(value: object) -> str | None:
    """``inLanguage`` as a string: a code, or a Language object's code or name."""
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _text(value)


def _keywords(value: object) -> tuple[str, ...]:
    """Keywords of a comma-separated string or a list of them."""
    items = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in items:
        text = _text(item)
        if text:
            words.extend(word.strip() for word in text.split(",") if word.strip())
    return tuple(words)
