"""Main text of an HTML news page: body blocks in reading order, links, lead image caption.

The extractor reads the tree the metadata reader already parsed, touching as few nodes from
Python as it can: a selector query walks a subtree in C, once per selector of its list (a
few microseconds each on a whole page), while every node handed to Python costs tens of
nanoseconds and every line of Python per node far more.

1. scan: one query (``p, br``) finds the page's paragraphs and line breaks; each prose
   paragraph records its parent and ancestors once (tag and class/id read a single time per
   element); loose text beside ``<br>`` counts for the element that holds it. Only when the
   winner holds little prose (short posts, div-soup pages, shops) is the page read again
   for every kind of block (list items, leaf divs, table cells...), after removing scripts;
2. score: prose counts its length for its ancestors with a decay, prose in boilerplate boxes
   counts against them, so the element that directly holds most prose wins; it grows to a
   close ancestor that holds another run of prose (a story split around an ad slot). Blocks
   found in the JSON-LD ``articleBody`` weigh double;
3. emit: the winner is walked once (``traverse``), keeping only the elements that matter in
   Python: blocks, the structure that decides whether a div or list item is a block of its
   own, noise that can sit within a paragraph (scripts, embeds, hidden nodes: removed) and
   links. Its blocks are read in document order, leaving out boilerplate boxes, captions,
   link lists, "read also" lines, ad labels and headings that introduce nothing; the
   standfirst printed just above the container is put first.

Every selector and vocabulary lives in ``transforms/selectors.py`` (main content section).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from selectolax.lexbor import LexborHTMLParser, LexborNode

from transforms import selectors as sel
from transforms.dates import MONTHS
from transforms.models import Link, Paragraph
from transforms.nodes import holds_blocks, shown_text, spaced_text
from transforms.text import clean_text
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
_HIDDEN_QUERY = ", ".join(sel.BODY_HIDDEN_SELECTORS)
_HARD_PRUNE_TAGS = frozenset(
    tag
    for tag in sel.BODY_DROP_TAGS
    if tag not in sel.BODY_WRAPPER_TAGS and tag not in sel.BODY_LANDMARK_TAGS
)
_PRUNE_TAGS = frozenset(sel.BODY_PRUNE_TAGS)
_CAPTION_QUERY = ", ".join(sel.BODY_CAPTION_TAGS)
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
# Blocks whose text may hold paragraphs of their own (``<li><p>..</p><p>..</p></li>``).
_NESTING_KINDS = frozenset({"list_item", "quote"})

# Structure read when a subtree is walked: a bit per tag that can keep a list item, table or
# div from being a block of its own, and the bits that do for each of those three.
_STRUCTURE_TAGS = sorted(set().union(*sel.BODY_LEAF_BLOCK_TAGS.values()))
_TAG_BITS: dict[str, int] = {tag: 1 << i for i, tag in enumerate(_STRUCTURE_TAGS)}
_LEAF_BLOCKERS: dict[str, int] = {
    tag: sum(_TAG_BITS[inner] for inner in blockers)
    for tag, blockers in sel.BODY_LEAF_BLOCK_TAGS.items()
}
# Per tag: its bit, and what keeps it from being a block (0: nothing, -1: never a block).
_BLOCK_ROLES: dict[str, tuple[int, int]] = {
    **{tag: (bit, -1) for tag, bit in _TAG_BITS.items()},
    **{tag: (_TAG_BITS.get(tag, 0), _LEAF_BLOCKERS.get(tag, 0)) for tag in _KINDS},
}


def _tag_names(tags: Iterable[str]) -> dict[int, str]:
    """lexbor's numbers of standard tags, to their names: reading a number costs less."""
    tree = LexborHTMLParser("")
    return {tree.create_node(tag).tag_id: tag for tag in tags}


# Tags met when the story container is walked (blocks, structure, noise, links) and when a
# whole page is read block by block (no links: they are read in the container only).
_CONTAINER_TAGS = _tag_names({*_KINDS, *_STRUCTURE_TAGS, *_PRUNE_TAGS, "a"})
_CONTAINER_COLLECT = frozenset({*_PRUNE_TAGS, "a"})
_PAGE_TAGS = _tag_names({*_KINDS, *_STRUCTURE_TAGS, *_HARD_PRUNE_TAGS})
_BR_TAG_ID = next(iter(_tag_names({"br"})))

_CREDIT_LABEL = re.compile(sel.BODY_CREDIT_LABEL_PATTERN, re.IGNORECASE)
_CREDIT_PAREN = re.compile(sel.BODY_CREDIT_PAREN_PATTERN, re.IGNORECASE)
_CREDIT_COPYRIGHT = re.compile(sel.BODY_CREDIT_COPYRIGHT_PATTERN, re.IGNORECASE)
_SENTENCE_END_CHARS = frozenset(sel.BODY_SENTENCE_END_CHARS)
_TITLE_SEPARATORS = re.compile(sel.BODY_TITLE_SEPARATOR_PATTERN)
_READ_MORE_LABELS = tuple(sel.BODY_READ_MORE_LABELS)
# The labels by their first two characters: most lines start with none of them.
_READ_MORE_BY_START: dict[str, tuple[str, ...]] = {
    start: tuple(label for label in _READ_MORE_LABELS if label[:2] == start)
    for start in {label[:2] for label in _READ_MORE_LABELS}
}
_AD_LABELS = sel.BODY_AD_LABELS
_FIGURE_LABEL = re.compile(sel.BODY_FIGURE_LABEL_PATTERN)
_CAPTION_LINE = re.compile(sel.BODY_CAPTION_LINE_PATTERN)
_META_LINE = re.compile(sel.BODY_META_LINE_PATTERN)
_PROMO = re.compile(sel.BODY_PROMO_PATTERN)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NUMERIC_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d")
_NON_LETTERS = re.compile(r"[^\w]+|\d+")
_LABEL_LINES = sel.BODY_LABEL_LINES
_LABEL_PUNCTUATION = " -–—:*()[]|·•"
_LABEL_ENDS = frozenset(":?!|»>–—-")

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
_PRUNED = 4096  # removed from the tree before its container's text is read
_LANDMARK = 8192  # page header, footer, navigation, aside: never text unless the page's wrapper
_NEGATIVE = _BOILER | _CHROME
_GONE = _DROP | _SOFT_DROP
_INHERITED = _OUTER | _FIGURE | _NEGATIVE | _CAPTION | _GONE | _LANDMARK
_BOXES = _RELATED_FLAG | _RECOMMENDED_FLAG
_SKIP = _NEGATIVE | _FIGURE | _CAPTION | _GONE
_IMAGE_BOX = _FIGURE | _CAPTION | _CHROME
_FIGURE_TAGS = frozenset({"figure", *sel.BODY_CAPTION_TAGS})


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
    # Landmarks are dropped like wrappers: a news portal's template put the whole story in an
    # <aside class="...direct-content">.
    **dict.fromkeys(sel.BODY_LANDMARK_TAGS, _SOFT_DROP | _LANDMARK),
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
_CLIMB_LEVELS = 6
_SIBLING_SHARE = 0.2
# A boilerplate or chrome box holding more than this share of the page's prose, and its
# longest run, is a mislabelled wrapper.
_WRAPPER_SHARE = 0.5
# A landmark (aside, header...) must hold nearly all of it: a sidebar widget can hold a run
# of prose longer than a short post.
_LANDMARK_WRAPPER_SHARE = 0.8
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
# Link-only blocks a story-named container needs to be read as a link roll when it holds
# nothing else: one or two links there are a widget.
_LINK_ROLL_MIN_BLOCKS = 3
# Leading blocks this long may repeat the page title (a headline in a div or an h2).
_HEADLINE_MIN_CHARS = 25
_HEADLINE_MAX_CHARS = 400
# Ad labels, "read also" lines and captions written as paragraphs are short.
_NOISE_MAX_CHARS = 200
# A date line is short; besides the date it has a name or a label of a few words at most.
_DATE_LINE_MAX_CHARS = 40
_DATE_LINE_OTHER_WORDS = 3
# A row of footer links: at least three items of a few words each.
_MENU_MIN_SEPARATORS = 2
_MENU_ITEM_WORDS = 4
# Calls to action are a sentence or two, among the first two or last four blocks.
_PROMO_MAX_CHARS = 300
_PROMO_HEAD_BLOCKS = 2
_PROMO_TAIL_BLOCKS = 4
# Related boxes are looked for after the container and after its parent, among this many
# elements; the lead figure among the few elements just before the container.
_BOX_LEVELS = 2
_BOX_SIBLINGS = 8
_FIGURE_SIBLINGS = 3
# The standfirst is looked for before the container and five of its ancestors, among a few
# elements each and two levels into them, reading at most this many elements in all; it
# reads like a sentence or two.
_LEAD_LEVELS = 6
_LEAD_SIBLINGS = 5
_LEAD_DEPTH = 2
_LEAD_BUDGET = 16
_LEAD_MIN_CHARS = 30
_LEAD_MAX_CHARS = 600
_LEAD_ENDS = frozenset(".!?…\"”“»«'’")
_LEAD_MIN_WORDS = 12
_CODE_CHARS = "{}<>"
# Characters of prose an element holds directly, before its children's are added.
_TEXT_LEN = attrgetter("text_len")


class _Node:
    """An element on the path from a prose block to the root, read once."""

    __slots__ = (
        "best",
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


class _Candidate:
    """A prose block found by a scan, or a run of loose text beside line breaks.

    A candidate is not recorded as a node: it counts for its ``holder`` (its parent; for
    loose text the element holding it); ``flags`` are its own. Fields that most candidates
    keep at their default are class attributes: one assignment fewer each.
    """

    holder: _Node | None = None
    flags = 0
    weight = 0.0

    def __init__(self, node: LexborNode, key: int, tag: str, text: str, loose: bool) -> None:
        self.node = node
        self.key = key
        self.tag = tag
        self.kind = "paragraph" if loose else _KINDS[tag]
        self.text = text
        self.loose = loose


class _Block:
    """A block of the chosen container; ``loose`` blocks are runs of text between elements.

    ``text`` is the raw text until ``_Emitted.finish`` cleans it; ``parts`` are its
    paragraphs when line breaks split it; ``anchors`` its links (raw title, element).
    Fields that most blocks keep at their default are class attributes.
    """

    anchors: list[tuple[str, LexborNode]] | None = None
    loose = False
    link_chars = 0
    parts: list[str] | None = None
    links: list[Link] | None = None

    def __init__(self, node: LexborNode, key: int, kind: str, text: str) -> None:
        self.node = node
        self.key = key
        self.kind = kind
        self.text = text


class _Page:
    """The recorded elements of one scan: prose blocks and the ancestors they live in.

    ``nodes`` is filled parents first, so its order is a top-down order of the tree;
    ``texts`` and ``own`` keep the text and flags of every block read, for the output.
    """

    __slots__ = ("blocks", "children", "hint_chars", "loose", "nodes", "own", "page_chars", "texts")

    def __init__(self, loose: dict[int, LexborNode], hint: str | None) -> None:
        self.hint_chars = len(hint) if hint is not None else 0
        self.nodes: dict[int, _Node] = {}
        # Recorded children by their parent's key: kept here, not on the records, so that
        # records point only up and are freed without the cycle collector (which cost ~7%).
        self.children: dict[int, list[_Node]] = {}
        self.blocks: list[_Candidate] = []
        self.loose = loose
        self.texts: dict[int, str] = {}
        self.own: dict[int, int] = {}
        self.page_chars = 0

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


class _Outline:
    """The elements of a subtree that matter for reading it, walked once.

    Elements whose tag is in ``names`` (lexbor tag numbers to names), or whose key is in
    ``marked``, are recorded with every ancestor up to ``root``: ``info`` maps each to its
    parent's key, itself and its tag, ``order`` lists them parents first (document order for
    the named ones), ``collected`` those whose tag is in ``collect`` or that are marked.
    Every other element (spans, images, inline markup) costs one tag number read.
    """

    __slots__ = ("collected", "info", "inner", "order", "root_key")

    def __init__(
        self,
        root: LexborNode,
        names: dict[int, str],
        collect: frozenset[str],
        marked: dict[int, LexborNode],
    ) -> None:
        root_key = self.root_key = root.mem_id
        info: dict[int, tuple[int, LexborNode, str]] = {root_key: (0, root, root.tag or "")}
        order: list[int] = []
        collected: list[int] = []
        walk = root.traverse()
        next(walk, None)  # the root itself
        for node in walk:
            name = names.get(node.tag_id)
            if name is None:
                if not marked:
                    continue
                key = node.mem_id
                if key not in marked:
                    continue
                name = node.tag or ""
                collected.append(key)
            else:
                key = node.mem_id
                if name in collect or (marked and key in marked):
                    collected.append(key)
            parent = node.parent
            if parent is None:
                continue
            parent_key = parent.mem_id
            if parent_key not in info:
                # Unnamed ancestors (a <span> around a paragraph, an <a> around a heading)
                # are recorded too: their class names count.
                path = [(parent_key, parent)]
                ancestor = parent.parent
                while ancestor is not None:
                    ancestor_key = ancestor.mem_id
                    if ancestor_key in info:
                        break
                    path.append((ancestor_key, ancestor))
                    ancestor = ancestor.parent
                else:
                    continue
                up = ancestor_key
                for item_key, item in reversed(path):
                    info[item_key] = (up, item, item.tag or "")
                    order.append(item_key)
                    up = item_key
            info[key] = (parent_key, node, name)
            order.append(key)
        self.info = info
        self.order = order
        self.collected = collected
        # Per element, the structure tags below it (set by ``blocks``).
        self.inner: dict[int, int] = {}

    def blocks(self, pruned: Iterable[int]) -> list[int]:
        """Keys of the blocks, in document order, the contents of ``pruned`` left aside.

        A list item, table or div is a block when no element of the tags that stop it lies
        inside (``selectors.BODY_LEAF_BLOCK_TAGS``); the other block tags always are. Read
        bottom up: each element passes the tags below it to its parent.
        """
        cut = set(pruned)
        info = self.info
        below: dict[int, int] = {}
        found: list[int] = []
        for key in reversed(self.order):
            if cut and key in cut:
                continue
            parent_key, _, tag = info[key]
            inner = below.get(key, 0)
            role = _BLOCK_ROLES.get(tag)
            if role is None:
                if inner:
                    below[parent_key] = below.get(parent_key, 0) | inner
                continue
            bit, blockers = role
            if blockers >= 0 and not inner & blockers:
                found.append(key)
            below[parent_key] = below.get(parent_key, 0) | bit | inner
        found.reverse()
        self.inner = below
        return found

    def within(self, key: int, ancestor: int) -> bool:
        """Whether a recorded element is ``ancestor`` or lies inside it."""
        info = self.info
        current = key
        while current in info:
            if current == ancestor:
                return True
            current = info[current][0]
        return False


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
    loose: dict[int, LexborNode] = {}
    page = _scan(_paragraphs(body, loose), hint, loose)
    container = _pick_container(page)
    if container is None or container.best < _CONFIDENT_CHARS:
        # Leaf divs and list items are read whole: their scripts and widgets go first.
        page = _scan(_all_blocks(body, loose), hint, loose)
        container = _pick_container(page)
    page_chars = page.page_chars
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
    class_name = attrs.get("class")
    element_id = attrs.get("id")
    if element_id is None and class_name is not None and tag not in _UNJUDGED_TAGS:
        # Most elements carry a class and nothing else that counts.
        bits = _CLASS_CACHE.get(class_name)
        if bits is None:
            if len(_CLASS_CACHE) > _CACHE_SIZE:
                _CLASS_CACHE.clear()
            bits = _CLASS_CACHE[class_name] = _name_flags(class_name, None, False)
        named = 1
    elif class_name is not None or element_id is not None:
        names = (class_name, element_id, tag in _UNJUDGED_TAGS)
        bits = _NAME_CACHE.get(names)
        if bits is None:
            if len(_NAME_CACHE) > _CACHE_SIZE:
                _NAME_CACHE.clear()
            bits = _NAME_CACHE[names] = _name_flags(*names)
        named = (class_name is not None) + (element_id is not None)
    else:
        bits = named = 0
    flags = _TAG_FLAGS.get(tag, 0) | bits
    if bits & _CHROME and tag in _FIGURE_TAGS:
        # A figure is a figure whatever the theme calls it ("wp-block-image" on WordPress
        # pages): its caption stays a caption, not an image box's chrome.
        flags &= ~_CHROME
    if len(attrs) > named:
        if attrs.get("itemprop") == "articleBody":
            flags = (flags | _STRONG_FLAG) & ~_NEGATIVE
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            flags |= _SOFT_DROP
        style = attrs.get("style")
        if style and _is_hidden_style(style):
            flags |= _DROP
    return flags


def _is_hidden_style(style: str) -> bool:
    """Whether an inline style hides the element (substring tests first: styles are many)."""
    if style.islower() and "none" not in style and "hidden" not in style:
        return False
    return _HIDDEN_STYLE.search(style) is not None


# Flags by (class, id, unjudged) and by class token: the same names repeat on every page of
# a site, and the same tokens ("col-md-8", "entry-content") across sites, while ids and
# whole class strings are often unique ("post-4711"). Cleared when full, which costs less
# than keeping them in least-recently-used order.
_NAME_CACHE: dict[tuple[str | None, str | None, bool], int] = {}
_CLASS_CACHE: dict[str, int] = {}
_TOKEN_CACHE: dict[str, int] = {}
_WORD_CACHE: dict[str, int] = {}
_CACHE_SIZE = 16384


def _name_flags(class_name: str | None, element_id: str | None, unjudged: bool) -> int:
    """Flags from class and id; each class token and the id are judged on their own.

    A token naming the story body by itself ("entry__content", "article-body") outweighs a
    boilerplate word in another token of the same element: themes add layout tokens such as
    "share" or "steady-paywall-container" to the story wrapper, and WordPress adds the
    post's categories ("category-comment").
    """
    bits = 0
    strong = False
    for names in (class_name, element_id):
        if not names:
            continue
        for token in names.split():
            token_bits = _TOKEN_CACHE.get(token)
            if token_bits is None:
                if len(_TOKEN_CACHE) > _CACHE_SIZE:
                    _TOKEN_CACHE.clear()
                token_bits = _TOKEN_CACHE[token] = _token_flags(token)
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
    # camelCase and PascalCase names ("relatedPosts", "DefaultEinleitung") are words too.
    if not token.islower():
        token = _CAMEL_BOUNDARY.sub("-", token).lower()
    words = [w for w in _NAME_SPLIT.split(token) if w]
    bits = 0
    previous = ""
    for i, word in enumerate(words):
        if previous in sel.BODY_MODIFIER_WORDS:
            previous = ""
            continue
        word_bits = _WORD_CACHE.get(word)
        if word_bits is None:
            if len(_WORD_CACHE) > _CACHE_SIZE:
                _WORD_CACHE.clear()
            word_bits = _WORD_CACHE[word] = _word_flags(word)
        bits |= word_bits
        if previous:
            pair = f"{previous}-{word}"
            bits |= _MULTIWORD_BITS.get(pair, 0)
            if i + 1 < len(words):
                bits |= _MULTIWORD_BITS.get(f"{pair}-{words[i + 1]}", 0)
            if previous in sel.BODY_STRONG_PREFIXES and word.startswith(sel.BODY_STRONG_SUFFIXES):
                bits |= _STRONG_FLAG
        previous = word
    return bits


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


def _paragraphs(body: LexborNode, loose: dict[int, LexborNode]) -> list[tuple[LexborNode, str]]:
    """The page's paragraphs; each line break is replaced by a marker, its holder noted."""
    elements: list[tuple[LexborNode, str]] = []
    for node in body.css(_FAST_QUERY):
        if node.tag_id == _BR_TAG_ID:
            parent = node.parent
            if parent is not None and parent.tag not in _BR_HOSTS:
                loose.setdefault(parent.mem_id, parent)
            node.replace_with(_BR)
        else:
            elements.append((node, "p"))
    return elements


def _all_blocks(body: LexborNode, loose: dict[int, LexborNode]) -> list[tuple[LexborNode, str]]:
    """Every block of the page (leaf divs, list items, tables, cells' paragraphs...) in
    document order, after removing the elements that are never text.

    Elements with line breaks inside removed ones (fallback text of a <video>) are forgotten
    first, so that no handle to a freed node is kept.
    """
    outline = _Outline(body, _PAGE_TAGS, _HARD_PRUNE_TAGS, {})
    doomed = outline.collected
    blocks = outline.blocks(doomed)
    info = outline.info
    if doomed:
        doomed_keys = set(doomed)
        for key, node in list(loose.items()):
            if _is_under(node, doomed_keys):
                del loose[key]
        gone = set(doomed_keys)
        for key in outline.order:
            if info[key][0] in gone:
                gone.add(key)
        blocks = [key for key in blocks if key not in gone]
        for key in reversed(doomed):
            info[key][1].decompose()
    return [info[key][1:] for key in blocks]


def _scan(
    elements: list[tuple[LexborNode, str]], hint: str | None, loose: dict[int, LexborNode]
) -> _Page:
    """Prose blocks among ``elements`` and loose text beside line breaks, weighed.

    ``loose`` holds the elements with line breaks found so far (line breaks are replaced by
    markers when first found).
    """
    page = _Page(loose, hint)
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
    main = max(order, key=_TEXT_LEN)
    strong: set[int] = set()
    for info in reversed(order):
        parent = info.parent
        if parent is not None:
            parent.text_len += info.text_len
            page.children.setdefault(parent.key, []).append(info)
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
            info.key in strong
            or (
                info.key in main_path
                and info.text_len
                > (_LANDMARK_WRAPPER_SHARE if flags & _LANDMARK else _WRAPPER_SHARE) * total
            )
        ):
            info.flags = flags & ~(_NEGATIVE | _SOFT_DROP | _LANDMARK)
        parent = info.parent
        if parent is not None:
            info.inherited = (parent.inherited | parent.flags) & _INHERITED
    # Prose outside navigation, page header and footer and hidden nodes.
    for block in page.blocks:
        holder = block.holder
        if holder is not None and not (
            (block.flags | holder.flags | holder.inherited) & (_DROP | _LANDMARK)
        ):
            page.page_chars += len(block.text)


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
    # Blocks add up in their holder first: a story's paragraphs share a few holders.
    holders: dict[int, _Node] = {}
    for block in page.blocks:
        holder = block.holder
        if block.weight and holder is not None:
            holder.direct += block.weight
            holders[holder.key] = holder
    for holder in holders.values():
        weight = holder.weight = holder.direct
        node: _Node | None = holder
        for share in _LEVEL_SHARES:
            if node is None:
                break
            node.score += weight * share
            node = node.parent
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
        siblings = page.children.get(parent.key, ())
        other = max((child.best for child in siblings if child is not current), default=0.0)
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
    """The blocks of the chosen container, with the flags met between them and it.

    The container is walked once (``_Outline``); flags are read only for the blocks and the
    elements between them and the container, links only for the blocks kept.
    """

    def __init__(self, page: _Page, container: _Node) -> None:
        self.page = page
        self.nodes = nodes = page.nodes
        self.container = container
        self.teasers = 0
        self.link_density = 0.0
        self.caption: LexborNode | None = None
        self.boxes: dict[int, LexborNode] = {}
        root = container.node
        root_key = container.key
        # Hidden elements can have any tag: three attribute selectors find them.
        hidden: dict[int, LexborNode] = {}
        for node in root.css(_HIDDEN_QUERY):
            key = node.mem_id
            info = nodes.get(key)
            if key != root_key and (
                (_flags_of(node, node.tag or "") if info is None else info.flags) & _GONE
            ):
                hidden[key] = node
        outline = self.outline = _Outline(root, _CONTAINER_TAGS, _CONTAINER_COLLECT, hidden)
        elements = outline.info
        # Noise that can sit within a paragraph (an ad script in the middle of a <p>) is
        # removed before any text is read; links are read for the blocks kept. Scripts,
        # embeds and buttons are noise by their tag, unless the scan found them to wrap the
        # story (a <noscript> holding the page).
        pruned: list[int] = []
        self.anchors: list[int] = []
        for key in outline.collected:
            if key in hidden:
                pruned.append(key)
            elif elements[key][2] == "a":
                self.anchors.append(key)
            else:
                info = nodes.get(key)
                if info is None or info.flags & _GONE:
                    pruned.append(key)
        self.pruned = set(pruned)
        # Flags met from the container (exclusive) down to each element (inclusive).
        self.below: dict[int, int] = {root_key: 0}
        self.kept: dict[int, str] = {}
        self.found = outline.blocks(pruned)
        self._found_ids: set[int] | None = None
        chosen = self._choose()
        # Blocks holding removed elements are read again; the others keep the scan's text.
        texts = page.texts
        if pruned:
            dirty: set[int] = set()
            for key in pruned:
                up = elements[key][0]
                while up in elements and up not in dirty:
                    dirty.add(up)
                    up = elements[up][0]
            texts = {key: text for key, text in texts.items() if key not in dirty}
            # Reverse document order: a node is removed before any ancestor that is removed
            # too, so no handle to a freed node is ever used.
            for key in reversed(pruned):
                elements[key][1].decompose()
        kept = self.kept
        blocks: list[_Block] = []
        self.blocks = blocks
        for key in chosen:
            node = elements[key][1]
            text = texts.get(key)
            if text is None:
                text = node.text()
            if text and not text.isspace():
                blocks.append(_Block(node, key, kept[key], text))
        # Loose text in the container, unless it was removed with a pruned element (recorded
        # ancestors of prose are the only elements a removed one can hold that were read).
        roots: dict[int, LexborNode] = {}
        for candidate in page.blocks:
            if candidate.loose and _inside(candidate.holder, container, self.pruned):
                roots.setdefault(candidate.key, candidate.node)
        if roots:
            self._add_loose_text(list(roots.values()))

    @property
    def found_ids(self) -> set[int]:
        """Keys of the container's blocks, removed ones aside (only loose text needs them)."""
        if self._found_ids is None:
            below, elements = self.below, self.outline.info
            self._found_ids = {
                key
                for key in self.found
                if not (below.get(key) or self._path_flags(elements[key][0])) & _PRUNED
            }
        return self._found_ids

    def _choose(self) -> list[int]:
        """The blocks to read among the container's, in document order; notes the caption.

        A block inside another block (a <p> in a list item) is read with it; boilerplate,
        figures and captions are left out, the first caption outside boilerplate kept aside.
        """
        below = self.below
        own_flags = self.page.own
        nodes = self.nodes
        kept = self.kept
        elements = self.outline.info
        chosen: list[int] = []
        for key in self.found:
            parent_key, node, tag = elements[key]
            flags = below.get(parent_key)
            if flags is None:
                flags = self._path_flags(parent_key)
            if flags & (_PRUNED | _OUTER):
                continue
            own = own_flags.get(key)
            if own is None:
                info = nodes.get(key)
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
                continue
            kept[key] = kind
            chosen.append(key)
        return chosen

    def _path_flags(self, key: int) -> int:
        """Flags from the container down to a recorded element; related boxes met are noted."""
        below = self.below
        elements = self.outline.info
        path: list[int] = []
        while key not in below:
            path.append(key)
            key = elements[key][0]
        flags = below[key]
        nodes = self.nodes
        pruned = self.pruned
        for item in reversed(path):
            _, node, tag = elements[item]
            info = nodes.get(item)
            own = info.flags if info is not None else _flags_of(node, tag)
            if item in pruned:
                own |= _PRUNED
            if own & _BOXES and not flags & _BOXES and not (flags | own) & _PRUNED:
                self.boxes.setdefault(item, node)
            flags |= own & (_INHERITED | _BOXES | _PRUNED)
            below[item] = flags
        return flags

    def _flags_below(self, node: LexborNode, key: int) -> int:
        """Flags from the container down to any element (-1 when it lies outside)."""
        flags = self.below.get(key)
        if flags is not None:
            return flags
        elements = self.outline.info
        if key in elements:
            return self._path_flags(key)
        # An element the walk did not record (a table cell holding loose text).
        path: list[tuple[int, LexborNode]] = []
        current, current_key = node, key
        while current_key not in self.below and current_key not in elements:
            path.append((current_key, current))
            parent = current.parent
            if parent is None:
                return -1
            current, current_key = parent, parent.mem_id
        flags = self._path_flags(current_key)
        for item_key, item in reversed(path):
            info = self.nodes.get(item_key)
            own = info.flags if info is not None else _flags_of(item, item.tag or "")
            if own & _BOXES and not flags & _BOXES:
                self.boxes.setdefault(item_key, item)
            flags |= own & (_INHERITED | _BOXES)
            self.below[item_key] = flags
        return flags

    def _block_of(self, node: LexborNode, key: int) -> _Block | None:
        """The block of a found element, its text read again; None when it is not body text."""
        kind = self.kept.get(key)
        if kind is None:
            return None
        text = node.text()
        if not text or text.isspace():
            return None
        return _Block(node, key, kind, text)

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
            flags = self._flags_below(root, key)
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
            root_key = root.mem_id
            inside = [
                i
                for i, block in enumerate(blocks)
                if not block.loose and self.outline.within(block.key, root_key)
            ]
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
                    for found in sibling.traverse():
                        position = index.get(found.mem_id)
                        if position is not None:
                            return position
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
                block = _Block(root, root_key, "paragraph", text)
                block.anchors, block.loose = anchors[:], True
                out.append(block)
            run.clear()
            anchors.clear()

        inner = self.outline.inner
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
                block = self._block_of(child, key)
                if block is not None:
                    out.append(block)
            elif depth < _WALK_MAX_DEPTH and (tag in _BLOCK_LEVEL_TAGS or key in inner):
                # Inline elements that wrap blocks (a <span> around the whole story) are walked.
                flush()
                if not self._flags_below(child, key) & _SKIP:
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
        are kept. Link-only list items do not count: articles end with lists of links. A
        story-named container holding only link-only blocks is a link roll: they are kept.
        """
        self._read_anchors()
        chosen: list[_Block] = []
        linked: list[_Block] = []  # left out for their links alone
        teasers = 0
        total_chars = 0
        total_links = 0
        for block in self.blocks:
            raw = block.text
            if block.kind == "table":
                text = _table_text(block.node)
            else:
                if block.kind in _NESTING_KINDS and holds_blocks(block.node):
                    raw = spaced_text(block.node)
                text = clean_text(raw)
                if _BR in raw and block.kind == "paragraph":
                    parts = [clean_text(part) for part in _BR_BREAK.split(raw)]
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
            else:
                linked.append(block)
                if block.kind != "list_item" and len(text) >= _HEADLINE_MIN_CHARS:
                    teasers += 1
        # Calls to action at either end of what is kept (blocks dropped after the story's
        # last paragraph do not count: laprensagrafica.com ends "HAZTE MIEMBRO ..." before
        # a dozen dropped widget lines).
        tail = len(chosen) - _PROMO_TAIL_BLOCKS
        chosen = [
            block
            for index, block in enumerate(chosen)
            if not ((index < _PROMO_HEAD_BLOCKS or index >= tail) and _is_promo(block.text))
        ]
        if not chosen and len(linked) >= _LINK_ROLL_MIN_BLOCKS and self._in_story_body():
            # A link roll (a blog post that is a list of links with a line each, under its
            # "entry-content"): the links are the post, not a menu
            # (nurmeinstandpunkt.wordpress.com).
            chosen, teasers = linked, 0
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

    def _in_story_body(self) -> bool:
        """Whether the container is, or lies in, an element named as the story body."""
        info: _Node | None = self.container
        while info is not None:
            if info.flags & _STRONG_FLAG:
                return True
            info = info.parent
        return False

    def _read_anchors(self) -> None:
        """Each block's links (raw title, element) and the characters of their titles."""
        owners: dict[int, _Block | None] = {}
        for block in self.blocks:
            if block.loose:
                if block.anchors:
                    block.link_chars = sum(len(title.strip()) for title, _ in block.anchors)
            else:
                owners[block.key] = block
        if not owners or not self.anchors:
            return
        owners[self.container.key] = None
        for key in self.pruned:
            owners[key] = None
        elements = self.outline.info
        for key in self.anchors:
            path: list[int] = []
            current = key
            owner: _Block | None = None
            while current in elements:
                if current in owners:
                    owner = owners[current]
                    break
                path.append(current)
                current = elements[current][0]
            for item in path:
                owners[item] = owner
            if owner is not None:
                anchor = elements[key][1]
                title = anchor.text()
                owner.link_chars += len(title.strip())
                if owner.anchors is None:
                    owner.anchors = [(title, anchor)]
                else:
                    owner.anchors.append((title, anchor))


def _is_noise_line(text: str, kind: str, link_chars: int) -> bool:
    """Whether a short block (``_NOISE_MAX_CHARS`` at most) is an ad label, a "read also"
    line, a caption written as a paragraph, a label of the page's furniture or a line about
    the page (update stamp, copyright, a row of footer links).

    A "read also" label counts when it is the whole block, a heading (a box title), set off
    by punctuation ("Read also: ...", "Lust auf mehr? Melde dich ...") or followed by a link;
    "Mehr dazu sagte er nicht." is a sentence.
    """
    folded = text.casefold().lstrip(_LABEL_PUNCTUATION)
    bare = folded.rstrip(_LABEL_PUNCTUATION)
    if bare in _AD_LABELS or bare in _LABEL_LINES:
        return True
    # An ad slot's label before the ad's own text: "ANZEIGE - Heute mal ausgehen?".
    label, separator, _ = folded.partition(" - ")
    if separator and label in _AD_LABELS:
        return True
    labels = _READ_MORE_BY_START.get(folded[:2])
    if labels is not None and folded.startswith(labels):
        label = next(label for label in labels if folded.startswith(label))
        rest = folded[len(label) :]
        return (
            kind == "heading"
            or not rest.strip()
            or rest[:1] in _LABEL_ENDS
            or link_chars >= _LINK_DENSITY_MAX * len(rest)
        )
    if _META_LINE.match(folded) is not None:
        return True
    if len(folded) <= _DATE_LINE_MAX_CHARS and _is_date_line(folded):
        return True
    # Footer links printed as one line: "Impressum | Datenschutz | Copyright Jo Lind".
    if folded.count(" | ") >= _MENU_MIN_SEPARATORS and kind == "paragraph":
        return all(len(part.split()) <= _MENU_ITEM_WORDS for part in folded.split(" | "))
    # A caption written as a paragraph: "Boats at dawn. (NASA/JPL)", "Foto: Reuters". The
    # patterns need a colon or a credit at the end: most lines have neither.
    return (":" in folded and _FIGURE_LABEL.match(folded) is not None) or (
        (folded[-1:] == ")" or "©" in folded) and _CAPTION_LINE.search(folded) is not None
    )


def _is_date_line(folded: str) -> bool:
    """Whether a short line is a date, perhaps with a name: a post's dateline or the dates
    of a teaser list ("LinkNaija October 06, 2018", "12.03.2021"), not a sentence that
    mentions one ("The market reopened on March 3, 2024.")."""
    if ("19" not in folded and "20" not in folded) or _YEAR.search(folded) is None:
        return False
    words = [word for word in _NON_LETTERS.split(folded) if word]
    others = [word for word in words if word not in MONTHS]
    if len(others) > _DATE_LINE_OTHER_WORDS or (others and folded[-1:] in ".!?"):
        return False
    return len(others) < len(words) or _NUMERIC_DATE.search(folded) is not None


def _is_promo(text: str) -> bool:
    """Whether a block at either end of the story is a call to action (subscribe, join our
    channel, download the app, support us).

    The pattern is only tried on text holding one of its key words: substring tests in C
    cost a fraction of a pattern with many alternatives.
    """
    if len(text) > _PROMO_MAX_CHARS:
        return False
    folded = text.casefold()
    return any(word in folded for word in sel.BODY_PROMO_KEYS) and _PROMO.search(folded) is not None


def _inline_links(anchors: list[tuple[str, LexborNode]], base_url: str | None) -> list[Link]:
    """Inline links of an emitted block, titled by their text."""
    links: list[Link] = []
    for raw, anchor in anchors:
        title = clean_text(raw)
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
    """A table as text: cells joined by " | ", rows by newlines.

    One query reads every cell; cells of a row follow each other (tables with tables inside
    are not blocks).
    """
    rows: list[str] = []
    cells: list[str] = []
    row_key = 0
    for cell in node.css("th, td"):
        parent = cell.parent
        key = parent.mem_id if parent is not None else 0
        if key != row_key:
            if cells:
                rows.append(" | ".join(cells))
                cells = []
            row_key = key
        text = clean_text(spaced_text(cell) if holds_blocks(cell) else cell.text())
        if text:
            cells.append(text)
    if cells:
        rows.append(" | ".join(cells))
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
        text = clean_text(candidate.text)
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
    flags = _flags_of(node, tag)
    if flags & _LANDMARK:
        flags &= ~_SOFT_DROP  # the standfirst often sits in the article's <header>
    if flags & (_NEGATIVE | _GONE | _FIGURE | _CAPTION):
        return None
    in_lead = in_lead or bool(flags & _LEAD)
    if in_lead:
        text = clean_text(node.text())
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
    return len(text.split()) >= _LEAD_MIN_WORDS and not holds_blocks(node)


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
        title = clean_text(anchor.text())
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
    text = clean_text(shown_text(caption, separator=""))
    credit: str | None = None
    credit_node = caption.css_first(sel.BODY_CREDIT_SELECTOR)
    parent = caption.parent
    if credit_node is None and parent is not None and parent.tag == "figure":
        credit_node = parent.css_first(sel.BODY_CREDIT_SELECTOR)
    if credit_node is not None:
        credit = clean_text(credit_node.text()) or None
        if credit and credit in text:
            text = clean_text(text.replace(credit, " "))
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
