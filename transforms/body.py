"""Main text of an HTML news page: body blocks in reading order, links, lead image caption.

The extractor reads the tree the metadata reader already parsed, touching as few nodes from
Python as it can: lexbor walks a subtree once per selector of a query, fast, while every node
handed to Python costs about a microsecond, every ``text()`` more.

1. scan: one query (``p, br``) finds the page's paragraphs and line breaks; each prose
   paragraph records its parent and ancestors once (tag and class/id read a single time per
   element); loose text beside ``<br>`` counts for the element that holds it. Only when the
   winner holds little prose (short posts, div-soup pages, shops) is the page read again
   for every kind of block (list items, leaf divs, table cells...), after removing scripts;
2. score: prose counts its length for its ancestors with a decay, prose in boilerplate boxes
   counts against them, so the element that directly holds most prose wins; it grows to a
   close ancestor that holds another run of prose (a story split around an ad slot). Blocks
   found in the JSON-LD ``articleBody`` weigh double;
3. emit: only inside the winner, noise that can sit within a paragraph is removed (scripts,
   embeds, hidden nodes) and its blocks are read in document order, leaving out boilerplate
   boxes, captions, link lists, "read also" lines, ad labels and headings that introduce
   nothing; the standfirst printed just above the container is put first.

Every selector and vocabulary lives in ``transforms/selectors.py`` (main content section).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from transforms import selectors as sel
from transforms.models import Link, Paragraph
from transforms.urls import resolve_url


@dataclass(frozen=True, slots=True)
class Body:
    """What the body extractor found: blocks, links, the lead image's caption and credit.

    ``standfirst`` is the intro found just before the story container (a "dek", "chapo" or
    "standfirst" box under the headline); when set, it is also the first paragraph.

    The counts describe the page for the article judgement and cost nothing extra:
    ``page_chars`` is the prose found anywhere on the page (characters of prose blocks outside
    navigation and hidden nodes), ``body_chars`` the characters of the emitted paragraphs,
    ``prose_blocks`` the number of prose blocks on the page, ``link_density`` the share of
    link text in the container's blocks (emitted or not) and ``teaser_count`` the number of
    headline-like blocks there that are only a link (index and tag pages have many).
    """

    paragraphs: tuple[Paragraph, ...]
    links: tuple[Link, ...]
    image_caption: str | None
    image_credit: str | None
    standfirst: str | None = None
    page_chars: int = 0
    body_chars: int = 0
    prose_blocks: int = 0
    link_density: float = 0.0
    teaser_count: int = 0


EMPTY_BODY = Body(paragraphs=(), links=(), image_caption=None, image_credit=None)

# A <br> becomes this character: whitespace for str.split, a paragraph break where two meet
# (Blogger and old CMS pages separate paragraphs with <br><br>).
_BR = "\u2028"
_BR_BREAK = re.compile(_BR + r"[\s" + _BR + r"]*" + _BR)

_FAST_QUERY = "p, br"
_FULL_QUERY = sel.BODY_BLOCK_SELECTOR + ", br"
_BLOCK_QUERY = sel.BODY_BLOCK_SELECTOR
_PRUNE_QUERY = ", ".join((*sel.BODY_PRUNE_TAGS, *sel.BODY_HIDDEN_SELECTORS))
_HARD_PRUNE_QUERY = ", ".join(
    tag
    for tag in sel.BODY_DROP_TAGS
    if tag not in sel.BODY_WRAPPER_TAGS and tag not in sel.BODY_LANDMARK_TAGS
)
_CAPTION_QUERY = ", ".join(sel.BODY_CAPTION_TAGS)
_BLOCK_LEVEL_QUERY = ", ".join(sorted(sel.BODY_BLOCK_LEVEL_TAGS))
_HIDDEN_STYLE = re.compile(sel.BODY_HIDDEN_STYLE_PATTERN, re.IGNORECASE)
_BLOCK_LEVEL_TAGS = frozenset(sel.BODY_BLOCK_LEVEL_TAGS)
# A <br> inside these is a line break within one block, never a sign of loose text.
_BR_HOSTS = frozenset(
    {*sel.BODY_HEADING_TAGS, *sel.BODY_LIST_ITEM_TAGS, *sel.BODY_QUOTE_TAGS}
    | {*sel.BODY_CAPTION_TAGS, "p", "dd", "dt", "pre"}
)

_KINDS: dict[str, str] = {
    **dict.fromkeys(sel.BODY_PARAGRAPH_TAGS, "paragraph"),
    **dict.fromkeys(sel.BODY_HEADING_TAGS, "heading"),
    **dict.fromkeys(sel.BODY_QUOTE_TAGS, "quote"),
    **dict.fromkeys(sel.BODY_LIST_ITEM_TAGS, "list_item"),
    **dict.fromkeys(sel.BODY_TABLE_TAGS, "table"),
    **dict.fromkeys(sel.BODY_CAPTION_TAGS, "caption"),
}
_OUTER_TAGS = frozenset(sel.BODY_OUTER_BLOCK_TAGS)

_CREDIT_LABEL = re.compile(sel.BODY_CREDIT_LABEL_PATTERN, re.IGNORECASE)
_CREDIT_PAREN = re.compile(sel.BODY_CREDIT_PAREN_PATTERN, re.IGNORECASE)
_CREDIT_COPYRIGHT = re.compile(sel.BODY_CREDIT_COPYRIGHT_PATTERN, re.IGNORECASE)
_SENTENCE_END_CHARS = frozenset(sel.BODY_SENTENCE_END_CHARS)
_TITLE_SEPARATORS = re.compile(sel.BODY_TITLE_SEPARATOR_PATTERN)
_READ_MORE_LABELS = tuple(sel.BODY_READ_MORE_LABELS)
_AD_LABELS = sel.BODY_AD_LABELS
_FIGURE_LABEL = re.compile(sel.BODY_FIGURE_LABEL_PATTERN)
_CAPTION_LINE = re.compile(sel.BODY_CAPTION_LINE_PATTERN)
_LABEL_PUNCTUATION = " -–—:*()[]|·•"
_LABEL_ENDS = frozenset(":?!|»>–—-")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Flags of an element, from its tag and attributes.
_OUTER = 1  # a block that holds other blocks (li > p, blockquote > p): emitted whole
_FIGURE = 2  # a figure: its text is a caption, not body
_BOILER = 4  # share bars, related boxes, comments...
_CHROME = 8  # sidebars, bylines, ad slots... unless the element also looks like content
_RELATED_FLAG = 16
_RECOMMENDED_FLAG = 32
_STRONG_FLAG = 64  # the story body by its own name (itemprop=articleBody, article-body...)
_CAPTION = 128
_POSITIVE = 256  # a content word (article, body, story...): vetoes _CHROME on the same element
_DROP = 512  # never text: navigation, page header and footer, hidden nodes
_SOFT_DROP = 1024  # forms, <noscript>, [hidden]: dropped unless they wrap most of the page
_LEAD = 2048  # a standfirst (intro, dek, chapo...)
_NEGATIVE = _BOILER | _CHROME
_GONE = _DROP | _SOFT_DROP
_INHERITED = _OUTER | _FIGURE | _NEGATIVE | _CAPTION | _GONE
_BOXES = _RELATED_FLAG | _RECOMMENDED_FLAG
_SKIP = _NEGATIVE | _FIGURE | _CAPTION | _GONE
_IMAGE_BOX = _FIGURE | _CAPTION | _CHROME


def _word_bits(multiword: bool) -> dict[str, int]:
    """Flag bits of each class/id vocabulary word (exceptions carry none)."""
    bits: dict[str, int] = {}
    for words, bit in (
        (sel.BODY_POSITIVE_WORDS, _POSITIVE),
        (sel.BODY_BOILERPLATE_WORDS, _BOILER),
        (sel.BODY_BOILERPLATE_EXCEPTIONS, 0),
        (sel.BODY_CHROME_WORDS, _CHROME),
        (sel.BODY_RELATED_WORDS, _RELATED_FLAG),
        (sel.BODY_RECOMMENDED_WORDS, _RECOMMENDED_FLAG),
        (sel.BODY_CAPTION_WORDS, _CAPTION),
        (sel.BODY_LEAD_WORDS, _LEAD),
    ):
        for word in words:
            if ("-" in word) == multiword:
                bits[word] = bits.get(word, 0) | bit
    return bits


# Single words match the start of a class/id word, the longest first ("commentary" is not
# "comment"); multi-word entries match consecutive words exactly.
_WORD_BITS = _word_bits(multiword=False)
_WORD_LENGTHS = sorted({len(word) for word in _WORD_BITS}, reverse=True)
_STRONG_PREFIXES = frozenset(sel.BODY_STRONG_PREFIXES)
_STRONG_PREFIX_LENGTHS = sorted({len(word) for word in _STRONG_PREFIXES})
_MULTIWORD_BITS = _word_bits(multiword=True)
_CHROME_TOKENS = frozenset(sel.BODY_CHROME_TOKENS)
_NAME_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_UNJUDGED_TAGS = frozenset(sel.BODY_UNJUDGED_TAGS)
_TAG_FLAGS: dict[str, int] = {
    **dict.fromkeys(sel.BODY_PRUNE_TAGS, _DROP),
    **dict.fromkeys(sel.BODY_DROP_TAGS, _DROP),
    **dict.fromkeys(sel.BODY_WRAPPER_TAGS, _SOFT_DROP),
    "figure": _FIGURE,
    **dict.fromkeys(sel.BODY_CAPTION_TAGS, _CAPTION),
}

# Block weights: prose (a long block, or a sentence) counts its length, prose inside a
# boilerplate box counts against its container, short lines (menu entries, labels, headings)
# weigh nothing. List items count half: menus and teaser lists are lists too.
_PROSE_MIN_CHARS = 80
_SENTENCE_MIN_CHARS = 30
_LIST_ITEM_SHARE = 0.5
_HINT_BONUS = 1.0
_HINT_WORDS = 12
_HINT_MIN_CHARS = 400
_HINT_TRUST_SHARE = 0.8
_STRONG_BONUS = 0.25
_SEMANTIC_BONUS = 0.1
_SEMANTIC_TAGS = frozenset({"article", "main"})
# A block counts for five levels of ancestors (1, 1/2, 1/3... of its weight).
_LEVEL_SHARES = (1.0, 1 / 2, 1 / 3, 1 / 4, 1 / 5)
# The container grows to an ancestor up to this many levels up when that ancestor holds
# another run of prose (directly in one element) weighing at least this share of the
# winner's own run.
_CLIMB_LEVELS = 5
_SIBLING_SHARE = 0.2
# A boilerplate or chrome box holding more than this share of the page's prose, and its
# longest run, is a mislabelled wrapper.
_WRAPPER_SHARE = 0.5
# The paragraph scan is trusted when its winner holds this much prose of its own; below it
# (short posts, pages written in divs, table cells or list items) every block kind is read.
_CONFIDENT_CHARS = 400
# Blocks whose text is mostly link text are teasers or "read more" lines.
_LINK_DENSITY_MAX = 0.5
# Loose text is walked this many elements deep at most (malformed pages nest without end).
_WALK_MAX_DEPTH = 60
# Fallback when no container scores: paragraphs at least this long. A container with at
# least this many link-only blocks, and no more paragraphs than those, is a listing page.
_FALLBACK_MIN_CHARS = 120
_LISTING_MIN_TEASERS = 3
# Leading blocks this long may repeat the page title (a headline in a div or an h2).
_HEADLINE_MIN_CHARS = 25
_HEADLINE_MAX_CHARS = 400
# Ad labels, "read also" lines and captions written as paragraphs are short.
_NOISE_MAX_CHARS = 200
# Related boxes are looked for after the container and after its parent, among this many
# elements; the lead figure among the few elements just before the container.
_BOX_LEVELS = 2
_BOX_SIBLINGS = 8
_FIGURE_SIBLINGS = 3
# The standfirst is looked for before the container and five of its ancestors, among a few
# elements each and two levels into them, reading at most this many elements in all; it
# reads like a sentence or two.
_LEAD_LEVELS = 6
_LEAD_SIBLINGS = 3
_LEAD_DEPTH = 2
_LEAD_BUDGET = 16
_LEAD_MIN_CHARS = 30
_LEAD_MAX_CHARS = 600
_LEAD_ENDS = frozenset(".!?…\"”“»«'’")
_LEAD_MIN_WORDS = 12
_CODE_CHARS = "{}<>"
_NO_TEXTS: dict[int, str] = {}


class _Node:
    """An element on the path from a prose block to the root, read once."""

    __slots__ = (
        "best",
        "children",
        "direct",
        "flags",
        "hinted",
        "inherited",
        "key",
        "node",
        "parent",
        "score",
        "tag",
        "text_len",
        "weight",
    )

    def __init__(
        self, node: LexborNode, key: int, parent: _Node | None, tag: str, flags: int
    ) -> None:
        self.node = node
        self.key = key
        self.parent = parent
        self.tag = tag
        self.flags = flags
        self.inherited = 0
        self.text_len = 0
        self.weight = 0.0
        self.score = 0.0
        self.direct = 0.0
        self.best = 0.0
        self.hinted = 0.0
        self.children: list[_Node] = []


class _Candidate:
    """A prose block found by a scan, or a run of loose text beside line breaks.

    A candidate is not recorded as a node: it counts for its ``holder`` (its parent; for
    loose text the element holding it); ``flags`` are its own.
    """

    __slots__ = ("flags", "holder", "key", "kind", "loose", "node", "tag", "text", "weight")

    def __init__(self, node: LexborNode, key: int, tag: str, text: str, loose: bool) -> None:
        self.node = node
        self.key = key
        self.tag = tag
        self.kind = "paragraph" if loose else _KINDS[tag]
        self.text = text
        self.loose = loose
        self.holder: _Node | None = None
        self.flags = 0
        self.weight = 0.0


class _Block:
    """A block of the chosen container; ``loose`` blocks are runs of text between elements.

    ``text`` is the raw text until ``_Emitted.finish`` cleans it; ``parts`` are its
    paragraphs when line breaks split it; ``anchors`` its links (raw title, element).
    """

    __slots__ = ("anchors", "key", "kind", "link_chars", "links", "loose", "node", "parts", "text")

    def __init__(
        self,
        node: LexborNode,
        key: int,
        kind: str,
        text: str,
        anchors: list[tuple[str, LexborNode]] | None = None,
        loose: bool = False,
    ) -> None:
        self.node = node
        self.key = key
        self.kind = kind
        self.text = text
        self.anchors = anchors
        self.loose = loose
        self.link_chars = 0
        self.parts: list[str] | None = None
        self.links: list[Link] | None = None


class _Page:
    """The recorded elements of one scan: prose blocks and the ancestors they live in.

    ``nodes`` is filled parents first, so its order is a top-down order of the tree;
    ``texts`` and ``own`` keep the text and flags of every block read, for the output.
    """

    __slots__ = ("blocks", "hint_chars", "loose", "nodes", "own", "texts")

    def __init__(self, loose: dict[int, LexborNode], hint: str | None) -> None:
        self.hint_chars = len(hint) if hint is not None else 0
        self.nodes: dict[int, _Node] = {}
        self.blocks: list[_Candidate] = []
        self.loose = loose
        self.texts: dict[int, str] = {}
        self.own: dict[int, int] = {}

    def register(self, node: LexborNode, key: int) -> _Node:
        """The record of ``node``, recording it and its unrecorded ancestors."""
        nodes = self.nodes
        info = nodes.get(key)
        if info is not None:
            return info
        path = [(key, node)]
        known: _Node | None = None
        parent = node.parent
        while parent is not None:
            parent_key = parent.mem_id
            known = nodes.get(parent_key)
            if known is not None:
                break
            path.append((parent_key, parent))
            parent = parent.parent
        for item_key, item in reversed(path):
            tag = item.tag or ""
            known = nodes[item_key] = _Node(item, item_key, known, tag, _flags_of(item, tag))
        assert known is not None
        return known


def extract_body(
    tree: LexborHTMLParser, *, base_url: str | None, article_body: str | None = None
) -> Body:
    """The main text of a page, its inline and related links and the lead image caption.

    Runs after metadata extraction: it removes nodes from ``tree``.

    Args:
        tree: The parsed page; pruned in place.
        base_url: Address of the page, to make link addresses absolute.
        article_body: JSON-LD ``articleBody`` text when the page has one; it only confirms
            which container holds the story, it is never output.

    Returns:
        The body blocks in document order (the standfirst first when there is one; h2-h6 as
        "heading", blockquotes as "quote", list items as "list_item", data tables as one
        "table" block with cells joined by " | " and rows by newlines), links (related and
        recommended boxes in document order, then inline links in reading order), the lead
        image caption and credit, and counts that describe the page; no paragraphs when
        there is no text.
    """
    body = tree.body
    if body is None:
        return EMPTY_BODY
    # A JSON-LD articleBody shorter than a few paragraphs is a teaser (paywalled pages put
    # the standfirst there): it would only favour the standfirst.
    hint = " ".join(article_body.split()) if article_body else None
    if hint is not None and len(hint) < _HINT_MIN_CHARS:
        hint = None
    page = _scan(body, _FAST_QUERY, hint, {})
    container = _pick_container(page)
    if container is None or container.best < _CONFIDENT_CHARS:
        # Leaf divs and list items are read whole: their scripts and widgets go first.
        # Elements with line breaks inside removed ones (fallback text of a <video>) are
        # forgotten first, so that no handle to a freed node is kept.
        doomed = body.css(_HARD_PRUNE_QUERY)
        doomed_keys = {node.mem_id for node in doomed}
        loose = {k: n for k, n in page.loose.items() if not _is_under(n, doomed_keys)}
        for node in reversed(doomed):
            node.decompose()
        page = _scan(body, _FULL_QUERY, hint, loose)
        container = _pick_container(page)
    root = next(iter(page.nodes.values()), None)
    page_chars = root.text_len if root is not None else 0
    prose_blocks = sum(1 for block in page.blocks if block.weight > 0.0)
    box_links: list[Link] = []
    caption: tuple[str | None, str | None] = (None, None)
    density, teasers = 0.0, 0
    standfirst: str | None = None
    paragraphs: list[Paragraph] = []
    if container is None:
        chosen = _fallback_blocks(page, base_url)
    else:
        emitted = _Emitted(page, container)
        chosen = _drop_headline(emitted.finish(base_url), tree)
        box_links, caption = _surroundings(page, container, emitted, base_url)
        standfirst = _standfirst(container) if chosen else None
        if standfirst is not None and standfirst not in chosen[0].text:
            paragraphs.append(Paragraph("paragraph", standfirst))
        else:
            standfirst = None
        density, teasers = emitted.link_density, emitted.teasers
    inline: list[Link] = []
    for block in chosen:
        if block.parts is not None:
            paragraphs.extend(Paragraph("paragraph", part) for part in block.parts)
        else:
            paragraphs.append(Paragraph(block.kind, block.text))
        if block.links:
            inline.extend(block.links)
    if not paragraphs:
        return Body(
            (),
            _dedupe_links(box_links),
            None,
            None,
            page_chars=page_chars,
            prose_blocks=prose_blocks,
            link_density=density,
            teaser_count=teasers,
        )
    return Body(
        tuple(paragraphs),
        _dedupe_links((*box_links, *inline)),
        *caption,
        standfirst=standfirst,
        page_chars=page_chars,
        body_chars=sum(len(p.text) for p in paragraphs),
        prose_blocks=prose_blocks,
        link_density=density,
        teaser_count=teasers,
    )


# --- text ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """NFC text, whitespace runs to one space; soft hyphens and control characters dropped.

    Called for every emitted block, so text that is printable as it is (no line breaks,
    tabs, controls or invisible characters) only has its spaces checked. Soft hyphens are
    invisible in a browser but split words in the text (German magazines hyphenate long
    words with U+00AD for narrow screens).
    """
    if text.isprintable():
        if "  " in text or text[:1] == " " or text[-1:] == " ":
            text = " ".join(text.split())
    else:
        if "\xad" in text:
            text = text.replace("\xad", "")
        if "\u200b" in text or "\ufeff" in text:
            text = text.replace("\u200b", " ").replace("\ufeff", " ")
        if _CONTROL.search(text) is not None:
            text = _CONTROL.sub("", text)
        text = " ".join(text.split())
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _is_sentence(text: str) -> bool:
    """Whether a (stripped) block reads like a sentence: long enough and ending like one."""
    return len(text) >= _SENTENCE_MIN_CHARS and text[-1] in _SENTENCE_END_CHARS


def _is_prose(text: str) -> bool:
    """Whether a (stripped) block is prose: long, or a sentence."""
    return len(text) >= _PROSE_MIN_CHARS or (
        len(text) >= _SENTENCE_MIN_CHARS and text[-1] in _SENTENCE_END_CHARS
    )


def _in_hint(text: str, hint: str) -> bool:
    """Whether a block's opening words appear in the JSON-LD ``articleBody``.

    Only the opening is compared: normalising the whitespace of whole blocks costs more than
    the rest of the scan, and a dozen words in the same order are proof enough.
    """
    words = text.split(None, _HINT_WORDS)
    return " ".join(words[:_HINT_WORDS]) in hint


# --- flags -----------------------------------------------------------------------------------


def _flags_of(node: LexborNode, tag: str) -> int:
    """Flags of one element from its tag and attributes."""
    attrs = node.attributes
    if not attrs:
        return _TAG_FLAGS.get(tag, 0)
    flags = _TAG_FLAGS.get(tag, 0)
    class_name = attrs.get("class")
    element_id = attrs.get("id")
    others = len(attrs)
    if class_name is not None or element_id is not None:
        names = (class_name, element_id, tag in _UNJUDGED_TAGS)
        bits = _NAME_CACHE.get(names)
        if bits is None:
            if len(_NAME_CACHE) > _NAME_CACHE_SIZE:
                _NAME_CACHE.clear()
            bits = _NAME_CACHE[names] = _name_flags(*names)
        flags |= bits
        others -= (class_name is not None) + (element_id is not None)
    if others:
        if attrs.get("itemprop") == "articleBody":
            flags = (flags | _STRONG_FLAG) & ~_NEGATIVE
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            flags |= _SOFT_DROP
        style = attrs.get("style")
        if style and _HIDDEN_STYLE.search(style):
            flags |= _DROP
    return flags


# Flags by (class, id, unjudged): the same names repeat on every page of a site. Cleared
# when full, which costs less than keeping it in least-recently-used order.
_NAME_CACHE: dict[tuple[str | None, str | None, bool], int] = {}
_NAME_CACHE_SIZE = 16384


def _name_flags(class_name: str | None, element_id: str | None, unjudged: bool) -> int:
    """Flags from class and id; each class token and the id are judged on their own.

    A token naming the story body by itself ("entry__content", "article-body") outweighs a
    boilerplate word in another token of the same element: themes add layout tokens such as
    "share" or "steady-paywall-container" to the story wrapper, and WordPress adds the
    post's categories ("category-comment").
    """
    bits = 0
    strong = False
    names = f"{class_name or ''} {element_id or ''}"
    # camelCase and PascalCase names ("relatedPosts", "DefaultEinleitung") are words too.
    names = _CAMEL_BOUNDARY.sub("-", names) if not names.islower() else names
    for token in names.lower().split():
        token_bits = _token_flags(token)
        bits |= token_bits
        if token_bits & _STRONG_FLAG and not token_bits & _BOILER:
            strong = True
    if strong:
        bits &= ~(_BOILER | _BOXES)
    if bits & _RELATED_FLAG:
        bits &= ~_RECOMMENDED_FLAG
    if unjudged:
        return bits & (_STRONG_FLAG | _BOXES)
    if bits & (_BOILER | _POSITIVE | _STRONG_FLAG | _LEAD):
        bits &= ~_CHROME
    return bits & ~_POSITIVE


def _token_flags(token: str) -> int:
    """Flags of one class token (or id): its words, word pairs and triples."""
    words = [w for w in _NAME_SPLIT.split(token) if w]
    bits = 0
    previous = ""
    for i, word in enumerate(words):
        if previous in sel.BODY_MODIFIER_WORDS:
            previous = ""
            continue
        bits |= _word_flags(word)
        if previous:
            pair = f"{previous}-{word}"
            bits |= _MULTIWORD_BITS.get(pair, 0)
            if i + 1 < len(words):
                bits |= _MULTIWORD_BITS.get(f"{pair}-{words[i + 1]}", 0)
            if previous in sel.BODY_STRONG_PREFIXES and word.startswith(sel.BODY_STRONG_SUFFIXES):
                bits |= _STRONG_FLAG
        previous = word
    return bits


@lru_cache(maxsize=16384)
def _word_flags(word: str) -> int:
    """Flags of one class/id word: its longest vocabulary prefix, chrome tokens, run-together
    story-body names ("articlebody")."""
    bits = 0
    for length in _WORD_LENGTHS:
        known = _WORD_BITS.get(word[:length])
        if known is not None and len(word) >= length:
            bits = known
            break
    if word in _CHROME_TOKENS:
        bits |= _CHROME
    for length in _STRONG_PREFIX_LENGTHS:
        if word[:length] in _STRONG_PREFIXES and word[length:].startswith(sel.BODY_STRONG_SUFFIXES):
            bits |= _STRONG_FLAG
    return bits


# --- scan ------------------------------------------------------------------------------------


def _scan(root: LexborNode, query: str, hint: str | None, loose: dict[int, LexborNode]) -> _Page:
    """Prose blocks found by ``query`` and loose text beside line breaks, weighed.

    ``loose`` holds the elements with line breaks found by an earlier scan (line breaks are
    replaced by markers when first found); this scan adds the ones it finds.
    """
    page = _Page(loose, hint)
    found = root.css(query)
    elements: list[tuple[LexborNode, str]] = []
    for node in found:
        tag = node.tag or ""
        if tag == "br":
            parent = node.parent
            if parent is not None and parent.tag not in _BR_HOSTS:
                loose.setdefault(parent.mem_id, parent)
            node.replace_with(_BR)
        else:
            elements.append((node, tag))
    texts = page.texts
    blocks = page.blocks
    for node, tag in elements:
        key = node.mem_id
        text = node.text()
        texts[key] = text
        if len(text) >= _SENTENCE_MIN_CHARS:
            text = text.strip()
            if _is_prose(text):
                blocks.append(_Candidate(node, key, tag, text, False))
    if loose:
        found_keys = {block.key for block in blocks}
        climbed: dict[int, LexborNode | None] = {}
        for parent in loose.values():
            text = parent.text(deep=False).strip()
            if text and _is_prose(text):
                holder = _block_level(parent, climbed)
                if holder is not None and holder.mem_id not in found_keys:
                    tag = holder.tag or ""
                    blocks.append(_Candidate(holder, holder.mem_id, tag, text, True))
    if blocks:
        _register_blocks(page)
        _sum_up(page)
        _weigh_blocks(page, hint)
    return page


def _register_blocks(page: _Page) -> None:
    """Record the holder of each candidate and its ancestors."""
    nodes = page.nodes
    own = page.own
    register = page.register
    outer: list[_Candidate] = []
    for block in page.blocks:
        if block.loose:
            block.holder = register(block.node, block.key)
            continue
        parent = block.node.parent
        if parent is not None:
            key = parent.mem_id
            block.holder = nodes.get(key) or register(parent, key)
        block.flags = own[block.key] = _flags_of(block.node, block.tag)
        if block.tag in _OUTER_TAGS:
            outer.append(block)
    for block in outer:
        # A list item or quote that other blocks lie in: their text is in its own.
        info = nodes.get(block.key)
        if info is not None:
            info.flags |= _OUTER


def _block_level(node: LexborNode, climbed: dict[int, LexborNode | None]) -> LexborNode | None:
    """The nearest block-level element at or above ``node`` (None at the page root).

    ``climbed`` remembers the answer for every inline element passed, so that line breaks
    deep in nested unclosed <font> or <b> tags climb each level once.
    """
    path: list[int] = []
    current: LexborNode | None = node
    found: LexborNode | None = None
    while current is not None:
        key = current.mem_id
        if key in climbed:
            found = climbed[key]
            break
        tag = current.tag or ""
        if tag in _BLOCK_LEVEL_TAGS:
            found = None if tag in ("body", "html") else current
            break
        path.append(key)
        current = current.parent
    for key in path:
        climbed[key] = found
    return found


def _sum_up(page: _Page) -> None:
    """Text per subtree, then flags: wrappers cleared, ancestors' flags passed down."""
    order = list(page.nodes.values())
    for info in order:
        parent = info.parent
        if parent is not None:
            info.inherited = (parent.inherited | parent.flags) & _INHERITED
    for block in page.blocks:
        holder = block.holder
        if holder is not None and not (block.flags | holder.flags | holder.inherited) & _DROP:
            holder.text_len += len(block.text)
    # The element holding the longest run of prose of its own: a wrapper holds it, a long
    # comment thread (many runs, each shorter than the story's) does not.
    main = max(order, key=_own_text)
    strong: set[int] = set()
    for info in reversed(order):
        parent = info.parent
        if parent is not None:
            parent.text_len += info.text_len
            parent.children.append(info)
            if info.flags & _STRONG_FLAG or info.key in strong:
                strong.add(parent.key)
    main_path: set[int] = set()
    current: _Node | None = main
    while current is not None:
        main_path.add(current.key)
        current = current.parent
    total = max(order[0].text_len, 1)
    for info in order:
        flags = info.flags
        # Themes name page wrappers after their layout ("container penci_sidebar", "entry
        # themeform share"); ASP.NET pages put the whole page in one <form>: a box holding
        # the story body, or most of the text and the longest run of prose, is not
        # boilerplate. A comment thread longer than the story does not hold that run.
        if flags & (_NEGATIVE | _SOFT_DROP) and (
            info.key in strong or (info.key in main_path and info.text_len > _WRAPPER_SHARE * total)
        ):
            info.flags = flags & ~(_NEGATIVE | _SOFT_DROP)
        parent = info.parent
        if parent is not None:
            info.inherited = (parent.inherited | parent.flags) & _INHERITED


def _own_text(info: _Node) -> int:
    """Characters of prose an element holds directly, before its children's are added."""
    return info.text_len


def _weigh_blocks(page: _Page, hint: str | None) -> None:
    """Weight of each block: its length when it reads like prose, negative for chrome."""
    for block in page.blocks:
        info = block.holder
        if info is None:
            continue
        flags = info.flags | info.inherited
        if flags & _OUTER and not block.loose:
            continue  # its text is in the outer block
        flags |= block.flags
        if flags & (_GONE | _FIGURE | _CAPTION) or block.kind == "caption":
            continue
        if flags & _NEGATIVE:
            block.weight = -float(len(block.text))
            continue
        weight = float(len(block.text))
        if block.kind == "list_item":
            weight *= _LIST_ITEM_SHARE
        if hint is not None and not block.loose and _in_hint(block.text, hint):
            weight *= 1.0 + _HINT_BONUS
            info.hinted += weight
        block.weight = weight


def _pick_container(page: _Page) -> _Node | None:
    """The element holding the story; None when no element scores above zero.

    Each block counts fully for its parent and less for each level further up, so the
    element that directly holds most prose wins over a page wrapper that merely holds more
    text in many small boxes (teaser cards). The winner then grows to the highest close
    ancestor that holds another run of prose of its own (sections, a story split by ads):
    prose held directly by one element, so that many small cards never add up to a run.
    """
    for block in page.blocks:
        weight = block.weight
        holder = block.holder
        if weight == 0.0 or holder is None:
            continue
        holder.weight += weight
        holder.direct += weight
        for share in _LEVEL_SHARES:
            holder.score += weight * share
            holder = holder.parent
            if holder is None:
                break
    best: _Node | None = None
    best_score = 0.0
    for info in reversed(page.nodes.values()):
        score = info.score
        if score:
            if info.flags & _OUTER:
                info.score = score = 0.0
            elif info.flags & _STRONG_FLAG:
                info.score = score = score * (1.0 + _STRONG_BONUS)
            elif info.tag in _SEMANTIC_TAGS:
                info.score = score = score * (1.0 + _SEMANTIC_BONUS)
            if score > best_score and not (info.flags | info.inherited) & _GONE:
                best, best_score = info, score
        if info.direct > info.best:
            info.best = info.direct
        parent = info.parent
        if parent is not None:
            parent.weight += info.weight
            parent.hinted += info.hinted
            if info.best > parent.best:
                parent.best = info.best
    if best is None:
        return None
    trusted = best.hinted > 0.0 and page.hint_chars >= _HINT_TRUST_SHARE * best.text_len
    chosen = current = best
    for _ in range(_CLIMB_LEVELS):
        parent = current.parent
        if parent is None or parent.flags & (_NEGATIVE | _GONE):
            break
        other = max((child.best for child in parent.children if child is not current), default=0.0)
        # When the JSON-LD articleBody confirms the winner, only prose it also holds may
        # join: a second column of unrelated prose stays out. A paywalled page's
        # articleBody is only a teaser, shorter than the winner: it confirms nothing.
        confirmed = not trusted or parent.hinted > current.hinted
        if other >= _SIBLING_SHARE * best.best and parent.weight > chosen.weight and confirmed:
            chosen = parent
        current = parent
    return chosen


# --- emitting the container ------------------------------------------------------------------


class _Emitted:
    """The blocks of the chosen container, with the flags met between them and it."""

    def __init__(self, page: _Page, container: _Node) -> None:
        self.page = page
        self.nodes = nodes = page.nodes
        self.own = page.own
        self.container = container
        self.teasers = 0
        self.link_density = 0.0
        self.caption: LexborNode | None = None
        self.boxes: dict[int, LexborNode] = {}
        root = container.node
        texts = page.texts
        pruned: set[int] = set()
        # Reverse document order: a node is removed before any ancestor that is removed too,
        # so no handle to a freed node is ever used.
        for node in reversed(root.css(_PRUNE_QUERY)):
            key = node.mem_id
            info = nodes.get(key)
            if (_flags_of(node, node.tag or "") if info is None else info.flags) & _GONE:
                pruned.add(key)
                node.decompose()
                texts = {}
        found = root.css(_BLOCK_QUERY)
        self.found = found
        self._found_ids: set[int] | None = None
        # Flags met from the container (exclusive) down to each element (inclusive).
        self.below: dict[int, int] = {container.key: 0}
        block_of = self._block
        self.blocks = [
            block
            for block in (block_of(node, node.mem_id, texts) for node in found)
            if block is not None
        ]
        # Loose text in the container, unless it was removed with a pruned element (recorded
        # ancestors of prose are the only elements a removed one can hold that were read).
        roots: dict[int, LexborNode] = {}
        for candidate in page.blocks:
            if candidate.loose and _inside(candidate.holder, container, pruned):
                roots.setdefault(candidate.key, candidate.node)
        if roots:
            self._add_loose_text(list(roots.values()))

    @property
    def found_ids(self) -> set[int]:
        """Keys of the container's blocks (only pages with loose text need them)."""
        if self._found_ids is None:
            self._found_ids = {node.mem_id for node in self.found}
        return self._found_ids

    def _block(self, node: LexborNode, key: int, texts: dict[int, str]) -> _Block | None:
        """The block of a found element (its text from ``texts`` when read already), or None
        when it is not body text."""
        parent = node.parent
        if parent is None:
            return None
        below = self.below
        parent_key = parent.mem_id
        flags = below.get(parent_key)
        if flags is None:
            flags = self._path_flags(parent, parent_key)
        if flags < 0 or flags & _OUTER:
            return None
        tag = node.tag or ""
        own = self.own.get(key)
        if own is None:
            info = self.nodes.get(key)
            own = _flags_of(node, tag) if info is None else info.flags
        if tag in _OUTER_TAGS:
            own |= _OUTER
        below[key] = flags = flags | (own & _INHERITED)
        kind = _KINDS[tag]
        if flags & _SKIP or kind == "caption":
            if (
                self.caption is None
                and (kind == "caption" or flags & _CAPTION)
                and not flags & (_NEGATIVE | _GONE)
            ):
                self.caption = node
            return None
        text = texts.get(key)
        if text is None:
            text = node.text()
        if not text or text.isspace():
            return None
        return _Block(node, key, kind, text)

    def _path_flags(self, node: LexborNode, key: int) -> int:
        """Flags from the container down to ``node`` (-1 when it lies outside)."""
        below = self.below
        path: list[tuple[int, LexborNode]] = []
        current = node
        current_key = key
        while current_key not in below:
            path.append((current_key, current))
            parent = current.parent
            if parent is None:
                return -1
            current = parent
            current_key = current.mem_id
        flags = below[current_key]
        nodes = self.nodes
        for item_key, item in reversed(path):
            info = nodes.get(item_key)
            own = info.flags if info is not None else _flags_of(item, item.tag or "")
            if own & _BOXES and not flags & _BOXES:
                self.boxes.setdefault(item_key, item)
            flags |= own & (_INHERITED | _BOXES)
            below[item_key] = flags
        return flags

    def _add_loose_text(self, roots: list[LexborNode]) -> None:
        """Replace the blocks of each element holding loose text by a walk of that element."""
        nodes = self.page.nodes
        container_key = self.container.key
        keys = {root.mem_id for root in roots}
        walked_roots: list[LexborNode] = []
        for root in roots:
            key = root.mem_id
            if key in self.found_ids and key != container_key:
                continue  # a block of its own (a leaf div with line breaks)
            flags = self._path_flags(root, key)
            if flags < 0 or flags & _SKIP:
                continue
            # Only the outermost root is walked, and never one inside a block: a <br> in
            # <li><span>..<br>..</span></li> breaks a line within that list item.
            nested = False
            current = nodes[key].parent if key != container_key else None
            while current is not None and current.key != container_key:
                if current.key in keys or current.key in self.found_ids:
                    nested = True
                    break
                current = current.parent
            if not nested:
                walked_roots.append(root)
        for root in walked_roots:
            blocks = self.blocks
            within = {node.mem_id for node in root.css(_BLOCK_QUERY)}
            inside = [i for i, block in enumerate(blocks) if block.key in within]
            walked = self._walk(root)
            if not walked:
                continue
            at = inside[0] if inside else self._insert_position(root)
            drop = set(inside)
            kept = [block for i, block in enumerate(blocks) if i not in drop]
            at -= sum(1 for i in inside if i < at)
            self.blocks = kept[:at] + walked + kept[at:]

    def _insert_position(self, root: LexborNode) -> int:
        """Index of the first block after ``root`` in document order (a root without blocks)."""
        index: dict[int, int] = {}
        for i, block in enumerate(self.blocks):
            index.setdefault(block.key, i)
        node: LexborNode | None = root
        while node is not None:
            sibling = node.next
            while sibling is not None:
                if sibling.is_element_node:
                    for found in sibling.css(_BLOCK_QUERY):
                        if found.mem_id in index:
                            return index[found.mem_id]
                sibling = sibling.next
            node = node.parent
        return len(self.blocks)

    def _walk(self, root: LexborNode, depth: int = 0) -> list[_Block]:
        """Blocks of an element walked node by node: child blocks and runs of loose text."""
        out: list[_Block] = []
        run: list[str] = []
        anchors: list[tuple[str, LexborNode]] = []
        root_key = root.mem_id

        def flush() -> None:
            text = "".join(run)
            if text and not text.isspace():
                out.append(_Block(root, root_key, "paragraph", text, anchors[:], True))
            run.clear()
            anchors.clear()

        for child in root.iter(include_text=True):
            if child.is_text_node:
                run.append(child.text_content or "")
                continue
            if not child.is_element_node:
                continue
            tag = child.tag or ""
            key = child.mem_id
            if key in self.found_ids:
                flush()
                block = self._block(child, key, _NO_TEXTS)
                if block is not None:
                    out.append(block)
            elif depth < _WALK_MAX_DEPTH and (
                tag in _BLOCK_LEVEL_TAGS or child.css_first(_BLOCK_LEVEL_QUERY) is not None
            ):
                # Inline elements that wrap blocks (a <span> around the whole story) are walked.
                flush()
                if not self._path_flags(child, key) & _SKIP:
                    out.extend(self._walk(child, depth + 1))
            else:
                run.append(child.text())
                anchors.extend((anchor.text(), anchor) for anchor in child.css("a"))
        flush()
        return out

    def finish(self, base_url: str | None) -> list[_Block]:
        """The blocks to emit, cleaned and with their links; listing pages keep long prose.

        A container where headline-long link-only headings and paragraphs (teasers) are at
        least as many as the blocks kept is a listing page: only its long prose paragraphs
        are kept. Link-only list items do not count: articles end with lists of links.
        """
        self._read_anchors()
        chosen: list[_Block] = []
        teasers = 0
        total_chars = 0
        total_links = 0
        for block in self.blocks:
            raw = block.text
            if block.kind == "table":
                text = _table_text(block.node)
            else:
                text = _clean(raw)
                if _BR in raw and block.kind == "paragraph":
                    parts = [_clean(part) for part in _BR_BREAK.split(raw)]
                    block.parts = [part for part in parts if part]
            if not text or (
                len(text) <= _NOISE_MAX_CHARS and _is_noise_line(text, block.kind, block.link_chars)
            ):
                continue
            block.text = text
            chars = block.link_chars
            total_chars += len(text)
            total_links += chars
            if (
                not chars
                or chars <= _LINK_DENSITY_MAX * len(text)
                # A linked sentence is still prose (news sites link whole clauses to earlier
                # stories); a linked label without sentence punctuation is a teaser.
                or (block.kind == "paragraph" and _is_sentence(text))
            ):
                chosen.append(block)
            elif block.kind != "list_item" and len(text) >= _HEADLINE_MIN_CHARS:
                teasers += 1
        self.teasers = teasers
        self.link_density = round(total_links / total_chars, 3) if total_chars else 0.0
        if teasers >= _LISTING_MIN_TEASERS and teasers >= len(chosen):
            chosen = [
                b for b in chosen if len(b.text) >= _FALLBACK_MIN_CHARS and _is_sentence(b.text)
            ]
        chosen = _drop_dangling_headings(chosen)
        for block in chosen:
            if block.anchors:
                block.links = _inline_links(block.anchors, base_url)
        return chosen

    def _read_anchors(self) -> None:
        """Each block's links (raw title, element) and the characters of their titles."""
        owners: dict[int, _Block | None] = {}
        for block in self.blocks:
            if block.loose:
                if block.anchors:
                    block.link_chars = sum(len(title.strip()) for title, _ in block.anchors)
            else:
                owners[block.key] = block
        if not owners:
            return
        owners[self.container.key] = None
        for anchor in self.container.node.css("a"):
            path: list[int] = []
            current: LexborNode | None = anchor
            owner: _Block | None = None
            while current is not None:
                key = current.mem_id
                if key in owners:
                    owner = owners[key]
                    break
                path.append(key)
                current = current.parent
            for key in path:
                owners[key] = owner
            if owner is not None:
                title = anchor.text()
                owner.link_chars += len(title.strip())
                if owner.anchors is None:
                    owner.anchors = [(title, anchor)]
                else:
                    owner.anchors.append((title, anchor))


def _is_noise_line(text: str, kind: str, link_chars: int) -> bool:
    """Whether a short block (``_NOISE_MAX_CHARS`` at most) is an ad label, a "read also"
    line or a caption written as a paragraph.

    A "read also" label counts when it is the whole block, a heading (a box title), set off
    by punctuation ("Read also: ...", "Lust auf mehr? Melde dich ...") or followed by a link;
    "Mehr dazu sagte er nicht." is a sentence.
    """
    folded = text.casefold().lstrip(_LABEL_PUNCTUATION)
    if folded.rstrip(_LABEL_PUNCTUATION) in _AD_LABELS:
        return True
    if folded.startswith(_READ_MORE_LABELS):
        label = next(label for label in _READ_MORE_LABELS if folded.startswith(label))
        rest = folded[len(label) :]
        return (
            kind == "heading"
            or not rest.strip()
            or rest[:1] in _LABEL_ENDS
            or link_chars >= _LINK_DENSITY_MAX * len(rest)
        )
    # A caption written as a paragraph: "Boats at dawn. (NASA/JPL)", "Foto: Reuters".
    return _FIGURE_LABEL.match(folded) is not None or _CAPTION_LINE.search(folded) is not None


def _inline_links(anchors: list[tuple[str, LexborNode]], base_url: str | None) -> list[Link]:
    """Inline links of an emitted block, titled by their text."""
    links: list[Link] = []
    for raw, anchor in anchors:
        title = _clean(raw)
        if title:
            href = anchor.attributes.get("href")
            links.append(Link("inline", title, resolve_url(base_url, href)))
    return links


def _inside(info: _Node | None, ancestor: _Node, removed: set[int]) -> bool:
    """Whether a recorded node is ``ancestor`` or lies inside it, and not in a removed one."""
    while info is not None:
        if info.key in removed:
            return False
        if info is ancestor:
            return True
        info = info.parent
    return False


def _is_under(node: LexborNode, keys: set[int]) -> bool:
    """Whether ``node`` or one of its ancestors has one of ``keys``."""
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id in keys:
            return True
        current = current.parent
    return False


def _drop_headline(blocks: list[_Block], tree: LexborHTMLParser) -> list[_Block]:
    """Leading blocks that repeat the page title (a headline in a div or h2) left out.

    The <title> may hold the headline with the site name around it, or a shortened one.
    It is only read when the first block is short enough to be a headline.
    """
    if not blocks or not _HEADLINE_MIN_CHARS <= len(blocks[0].text) <= _HEADLINE_MAX_CHARS:
        return blocks
    if blocks[0].text[-1] == ".":
        return blocks  # headlines end without a full stop; the opening paragraph with one
    head = tree.head
    if head is None:
        return blocks
    # Walking the head's children stops at the <title>, near the top on most pages; a
    # selector query would read every <meta> and <script> of the head.
    title_node = next((child for child in head.iter() if child.tag == "title"), None)
    if title_node is None:
        return blocks
    title = " ".join(title_node.text().split()).casefold()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if len(p) >= _HEADLINE_MIN_CHARS]
    start = 0
    while start < len(blocks) and len(blocks[start].text) >= _HEADLINE_MIN_CHARS:
        text = blocks[start].text.casefold()
        if text not in title and not any(
            text.startswith(part) and len(text) <= 2 * len(part) for part in parts
        ):
            break
        start += 1
    return blocks[start:]


def _drop_dangling_headings(blocks: list[_Block]) -> list[_Block]:
    """Headings that introduce no text (box titles: "Top Video", "Don't Miss") left out."""
    kept: list[_Block] = []
    pending: list[_Block] = []
    for block in blocks:
        if block.kind == "heading":
            pending.append(block)
            continue
        kept.extend(pending)
        pending = []
        kept.append(block)
    return kept


def _table_text(node: LexborNode) -> str:
    """A table as text: cells joined by " | ", rows by newlines."""
    rows: list[str] = []
    for row in node.css("tr"):
        cells = (_clean(cell.text()) for cell in row.css("th, td"))
        line = " | ".join(cell for cell in cells if cell)
        if line:
            rows.append(line)
    return "\n".join(rows)


def _fallback_blocks(page: _Page, base_url: str | None) -> list[_Block]:
    """Every long <p> outside boilerplate and figures: the answer when no container scores."""
    chosen: list[_Block] = []
    for candidate in page.blocks:
        info = candidate.holder
        if candidate.loose or candidate.tag != "p" or info is None:
            continue
        flags = candidate.flags | info.flags | info.inherited
        if flags & _SKIP or len(candidate.text) < _FALLBACK_MIN_CHARS:
            continue
        anchors = [(anchor.text(), anchor) for anchor in candidate.node.css("a")]
        link_chars = sum(len(title.strip()) for title, _ in anchors)
        text = _clean(candidate.text)
        if link_chars <= _LINK_DENSITY_MAX * len(text) or _is_sentence(text):
            block = _Block(candidate.node, candidate.key, "paragraph", text)
            block.links = _inline_links(anchors, base_url)
            chosen.append(block)
    return chosen


def _box_kind(flags: int) -> str | None:
    """Link kind of a box from its flags: related, recommended or None."""
    if flags & _RELATED_FLAG:
        return "related"
    if flags & _RECOMMENDED_FLAG:
        return "recommended"
    return None


def _surroundings(
    page: _Page, container: _Node, emitted: _Emitted, base_url: str | None
) -> tuple[list[Link], tuple[str | None, str | None]]:
    """Links of related boxes in or after the container, and the lead image's caption.

    Only a few elements after the container and after its parent are read (related boxes
    follow the story; reading every element's class would cost more than the extraction).
    The lead figure is a figure or image box among the few elements just before the
    container (news CMSs put the lead image right above the story body), else the first
    caption in the container.
    """
    boxes = dict(emitted.boxes)
    nodes = page.nodes
    near: _Node | None = container
    for _ in range(_BOX_LEVELS):
        if near is None:
            break
        for sibling in _siblings(near.node, forward=True):
            key = sibling.mem_id
            info = nodes.get(key)
            flags = info.flags if info is not None else _flags_of(sibling, sibling.tag or "")
            if flags & _BOXES and key not in boxes:
                boxes[key] = sibling
        near = near.parent
    links: list[Link] = []
    for key, box in boxes.items():
        info = nodes.get(key)
        kind = _box_kind(info.flags if info is not None else _flags_of(box, box.tag or ""))
        if kind is not None:
            links.extend(_box_links(box, kind, base_url))
    caption = emitted.caption
    for sibling in _siblings(container.node, forward=False, limit=_FIGURE_SIBLINGS):
        tag = sibling.tag or ""
        if tag == "figure" or _flags_of(sibling, tag) & _IMAGE_BOX:
            caption = sibling.css_first(_CAPTION_QUERY) or caption
            break
    return links, (None, None) if caption is None else _split_credit(caption)


def _standfirst(container: _Node) -> str | None:
    """The standfirst printed before the story container, outside it.

    News and magazine CMSs put the intro ("chapo", "dek", "standfirst", "lead", "sommario")
    above the body, often in the article header under the headline: the few elements before
    the container and before each of its close ancestors are searched, a few levels deep,
    for an element named like a standfirst whose text reads like sentences.
    """
    budget = [_LEAD_BUDGET]
    node: _Node | None = container
    for _ in range(_LEAD_LEVELS):
        if node is None:
            return None
        for sibling in _siblings(node.node, forward=False, limit=_LEAD_SIBLINGS):
            text = _find_lead(sibling, _LEAD_DEPTH, budget)
            if text is not None:
                return text
            if budget[0] <= 0:
                return None
        node = node.parent
    return None


def _find_lead(
    node: LexborNode, depth: int, budget: list[int], in_lead: bool = False
) -> str | None:
    """A standfirst at or inside ``node`` (``depth`` levels deep, ``budget`` elements read).

    Inside a box named like a standfirst, its first child that reads well is the standfirst
    (the box may also hold the date and byline).
    """
    budget[0] -= 1
    tag = node.tag or ""
    flags = _flags_of(node, tag) & ~_DROP
    if flags & (_NEGATIVE | _GONE | _FIGURE | _CAPTION):
        return None
    in_lead = in_lead or bool(flags & _LEAD)
    if in_lead:
        text = _clean(node.text())
        if _LEAD_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS and _reads_as_lead(node, text):
            return text
    if depth and budget[0] > 0:
        for child in node.iter():
            found = _find_lead(child, depth - 1, budget, in_lead)
            if found is not None or budget[0] <= 0:
                return found
    return None


def _reads_as_lead(node: LexborNode, text: str) -> bool:
    """Whether a standfirst candidate reads like one rather than a header box.

    Sentences end it; without that, it must be a single block of a dozen words (an
    Italian "sommario" has no final stop), not a box holding kicker, headline and byline.
    """
    if any(char in text for char in _CODE_CHARS):
        return False  # an inline script or style in the header box
    if text[-1] in _LEAD_ENDS:
        return True
    return len(text.split()) >= _LEAD_MIN_WORDS and node.css_first(_BLOCK_LEVEL_QUERY) is None


def _siblings(node: LexborNode, *, forward: bool, limit: int = _BOX_SIBLINGS) -> list[LexborNode]:
    """Up to ``limit`` element siblings after (or before, nearest first) a node."""
    out: list[LexborNode] = []
    current = node.next if forward else node.prev
    while current is not None and len(out) < limit:
        if current.is_element_node:
            out.append(current)
        current = current.next if forward else current.prev
    return out


def _box_links(box: LexborNode, kind: str, base_url: str | None) -> list[Link]:
    """Links of a related/recommended box, titled by their text."""
    links: list[Link] = []
    for anchor in box.css("a[href]"):
        title = _clean(anchor.text())
        url = resolve_url(base_url, anchor.attributes.get("href"))
        if title and url:
            links.append(Link(kind=kind, title=title, url=url))
    return links


def _dedupe_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """Links in order, each (kind, title, url) once."""
    seen: set[tuple[str, str, str | None]] = set()
    out: list[Link] = []
    for link in links:
        key = (link.kind, link.title, link.url)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return tuple(out)


def _split_credit(caption: LexborNode) -> tuple[str | None, str | None]:
    """Caption text and credit, from a credit element or a credit pattern in the text."""
    text = _clean(caption.text())
    credit: str | None = None
    credit_node = caption.css_first(sel.BODY_CREDIT_SELECTOR)
    parent = caption.parent
    if credit_node is None and parent is not None and parent.tag == "figure":
        credit_node = parent.css_first(sel.BODY_CREDIT_SELECTOR)
    if credit_node is not None:
        credit = _clean(credit_node.text()) or None
        if credit and credit in text:
            text = _clean(text.replace(credit, " "))
    if credit is None:
        for pattern in (_CREDIT_LABEL, _CREDIT_PAREN, _CREDIT_COPYRIGHT):
            match = pattern.search(text)
            if match:
                credit = match.group("credit")
                text = text[: match.start()]
                break
    if credit is not None:
        label = _CREDIT_LABEL.search(" " + credit)
        if label:
            credit = label.group("credit")
        credit = credit.strip(" ()[]/|·–—-") or None
    text = text.strip(" /|·–—-")
    return text or None, credit
