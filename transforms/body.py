"""Main text of an HTML news page: body blocks in reading order, links, lead image caption.

The extractor works on the tree the metadata reader already parsed and prunes it in place:

1. drop elements that never hold story text (scripts, nav, footer, forms, hidden nodes);
2. find text blocks with one selector query (paragraphs, headings, list items, quotes, data
   tables, leaf divs) and record each block's ancestors once, reading the tag and class/id of
   every ancestor a single time; text loose between ``<br>`` in a div is found by walking
   that div only;
3. weigh blocks (prose counts its length, prose in boilerplate boxes counts against, short
   lines weigh nothing) and score ancestors with a decay, so the element that directly holds
   most prose wins; the winner grows to a close ancestor when that ancestor holds another run
   of prose (a story split around an ad slot); blocks found in the JSON-LD ``articleBody``
   weigh double, and when it confirms the winner only prose it also holds may join;
4. emit the container's blocks in document order, leaving out boilerplate boxes, captions,
   link lists and headings that introduce nothing.

Every selector and vocabulary lives in ``transforms/selectors.py`` (main content section).
Costs stay linear: one query per pass over the tree, each ancestor read once, no ``text()``
on large subtrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from transforms import selectors as sel
from transforms.models import Link, Paragraph
from transforms.text import clean_text
from transforms.urls import resolve_url


@dataclass(frozen=True, slots=True)
class Body:
    """What the body extractor found: blocks, links and the lead image's caption and credit."""

    paragraphs: tuple[Paragraph, ...]
    links: tuple[Link, ...]
    image_caption: str | None
    image_credit: str | None


EMPTY_BODY = Body(paragraphs=(), links=(), image_caption=None, image_credit=None)

# A <br> becomes this character: whitespace for clean_text, a paragraph break where two meet
# (Blogger and old CMS pages separate paragraphs with <br><br>).
_BR = "\u2028"
_BR_BREAK = re.compile(_BR + r"[\s" + _BR + r"]*" + _BR)

_DROP_TAGS = frozenset(sel.BODY_DROP_TAGS)
_WRAPPER_TAGS = frozenset(sel.BODY_WRAPPER_TAGS)
_DROP_QUERY = ", ".join((*sel.BODY_DROP_TAGS, *sel.BODY_HIDDEN_SELECTORS))
_BLOCK_QUERY = sel.BODY_BLOCK_SELECTOR + ", br"
_BLOCK_LEVEL_QUERY = ", ".join(sorted(sel.BODY_BLOCK_LEVEL_TAGS))
# Candidates for related/recommended boxes beside the story, checked word by word with
# _flags_of. Substring selectors cost ~0.02 ms each on a big page, so only the commonest
# words are searched; boxes inside the story are found among its recorded elements.
_BOX_QUERY = ", ".join(
    f'[{attribute}*="{word}" i]'
    for word in sel.BODY_BOX_QUERY_WORDS
    for attribute in ("class", "id")
)
_HIDDEN_STYLE = re.compile(sel.BODY_HIDDEN_STYLE_PATTERN, re.IGNORECASE)
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


_CREDIT_LABEL = re.compile(sel.BODY_CREDIT_LABEL_PATTERN, re.IGNORECASE)
_CREDIT_PAREN = re.compile(sel.BODY_CREDIT_PAREN_PATTERN, re.IGNORECASE)
_CREDIT_COPYRIGHT = re.compile(sel.BODY_CREDIT_COPYRIGHT_PATTERN, re.IGNORECASE)
_SENTENCE_END = re.compile(sel.BODY_SENTENCE_END_PATTERN)
_TITLE_SEPARATORS = re.compile(sel.BODY_TITLE_SEPARATOR_PATTERN)

# Flags of an element, from its tag and class/id.
_OUTER = 1  # a block that holds other blocks (li > p, blockquote > p): emitted whole
_FIGURE = 2  # a figure: its text is a caption, not body
_BOILER = 4  # share bars, related boxes, comments...
_CHROME = 8  # sidebars, bylines, ad slots... unless the element also looks like content
_RELATED_FLAG = 16
_RECOMMENDED_FLAG = 32
_STRONG_FLAG = 64  # the story body by its own name (itemprop=articleBody, article-body...)
_CAPTION = 128
_POSITIVE = 256  # a content word (article, body, story...): vetoes _CHROME on the same element
_NEGATIVE = _BOILER | _CHROME
_INHERITED = _OUTER | _FIGURE | _NEGATIVE | _CAPTION
_BOXES = _RELATED_FLAG | _RECOMMENDED_FLAG


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

# Block weights: prose (a long block, or a sentence) counts its length, prose inside a
# boilerplate box counts against its container, short lines (menu entries, labels, headings)
# weigh nothing. List items count half: menus and teaser lists are lists too.
_PROSE_MIN_CHARS = 80
_SENTENCE_MIN_CHARS = 30
_LIST_ITEM_SHARE = 0.5
_HINT_BONUS = 1.0
_STRONG_BONUS = 0.25
_SEMANTIC_BONUS = 0.1
# A block counts for this many levels of ancestors (1, 1/2, 1/3... of its weight).
_SCORE_LEVELS = 5
# The container grows to an ancestor up to this many levels up when that ancestor holds
# another run of prose (directly in one element) weighing at least this share of the
# winner's own run.
_CLIMB_LEVELS = 5
_SIBLING_SHARE = 0.2
# A chrome box holding more than this share of the page's text is a mislabelled wrapper;
# a boilerplate box needs a larger share (long comment threads exist).
_WRAPPER_SHARE = 0.5
_BOILER_WRAPPER_SHARE = 0.8
# Blocks whose text is mostly link text are teasers or "read more" lines.
_LINK_DENSITY_MAX = 0.5
# Loose text is walked this many elements deep at most (malformed pages nest without end).
_WALK_MAX_DEPTH = 60
# Fallback when no container scores: paragraphs at least this long. A container with at
# least this many link-only blocks, and no more paragraphs than those, is a listing page.
_FALLBACK_MIN_CHARS = 120
_LISTING_MIN_TEASERS = 3
_HEADLINE_MIN_CHARS = 25


@dataclass(slots=True)
class _Node:
    """An element on the path from a block to the root, read once."""

    node: LexborNode
    parent: int
    depth: int
    tag: str
    flags: int
    inherited: int = 0
    text_len: int = 0
    weight: float = 0.0
    score: float = 0.0
    direct: float = 0.0
    best: float = 0.0
    hinted: float = 0.0
    children: list[int] | None = None


@dataclass(slots=True)
class _Block:
    """One candidate text block; ``loose`` blocks are text runs between child elements."""

    node: LexborNode
    key: int
    kind: str
    text: str
    loose: bool = False
    anchors: list[LexborNode] | None = None
    weight: float = 0.0
    links: list[Link] | None = None


class _Page:
    """The recorded elements of one page: blocks and the ancestors they live in."""

    __slots__ = ("block_ids", "blocks", "nodes")

    def __init__(self) -> None:
        self.nodes: dict[int, _Node] = {}
        self.blocks: list[_Block] = []
        self.block_ids: set[int] = set()

    def register(self, node: LexborNode) -> int:
        """Key of ``node``, recording it and its unrecorded ancestors."""
        nodes = self.nodes
        key = node.mem_id
        if key in nodes:
            return key
        path: list[tuple[int, LexborNode, int]] = []
        current: LexborNode | None = node
        current_key = key
        while current is not None and current_key not in nodes:
            parent = current.parent
            parent_key = 0 if parent is None else parent.mem_id
            path.append((current_key, current, parent_key))
            current, current_key = parent, parent_key
        depth = nodes[current_key].depth if current is not None else -1
        for item_key, item, parent_key in reversed(path):
            depth += 1
            tag = item.tag or ""
            flags = _flags_of(item, tag)
            if tag in sel.BODY_OUTER_BLOCK_TAGS and item_key in self.block_ids:
                flags |= _OUTER
            nodes[item_key] = _Node(item, parent_key, depth, tag, flags)
        return key

    def inside(self, key: int, ancestor: int) -> bool:
        """Whether the recorded node ``key`` is ``ancestor`` or lies inside it."""
        nodes = self.nodes
        while key in nodes:
            if key == ancestor:
                return True
            key = nodes[key].parent
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
        The body blocks in document order (h2-h6 as "heading", blockquotes as "quote", list
        items as "list_item", data tables as one "table" block with cells joined by " | "
        and rows by newlines), links (related/recommended boxes first, then inline links in
        reading order) and the lead image caption and credit; empty when there is no text.
    """
    body = tree.body
    if body is None:
        return EMPTY_BODY
    box_links = _drop_noise(body, base_url)
    page = _Page()
    _collect_blocks(page, body)
    if not page.nodes:
        return Body((), _dedupe_links(box_links), None, None)
    order = sorted(page.nodes, key=lambda k: page.nodes[k].depth)
    _sum_up(page, order)
    _weigh_blocks(page, article_body)
    container = _pick_container(page, order)
    caption: tuple[str | None, str | None] = (None, None)
    if container is None:
        chosen = _fallback_blocks(page, base_url)
    else:
        chosen = _container_blocks(page, order, container, base_url)
        chosen = _drop_headline(chosen, tree)
        box_links.extend(_related_links(page, container, base_url))
        caption = _lead_caption(page, container)
    paragraphs: list[Paragraph] = []
    inline: list[Link] = []
    for block in chosen:
        if block.kind == "paragraph" and _BR in block.text:
            parts = (clean_text(part) for part in _BR_BREAK.split(block.text))
            paragraphs.extend(Paragraph(kind="paragraph", text=part) for part in parts if part)
        else:
            text = block.text if block.kind == "table" else clean_text(block.text)
            if text:
                paragraphs.append(Paragraph(kind=block.kind, text=text))
        if block.links:
            inline.extend(block.links)
    return Body(tuple(paragraphs), _dedupe_links((*box_links, *inline)), *caption)


# --- pruning ---------------------------------------------------------------------------------


def _drop_noise(body: LexborNode, base_url: str | None) -> list[Link]:
    """Remove non-text and hidden elements; return the links of related boxes among them."""
    links: list[Link] = []
    # Reverse document order: a node is removed before any ancestor that is removed too, so
    # no handle to a freed node is ever used.
    for node in reversed(body.css(_DROP_QUERY)):
        tag = node.tag or ""
        if tag not in _DROP_TAGS:
            attrs = node.attributes
            style = attrs.get("style")
            if "hidden" not in attrs and attrs.get("aria-hidden") != "true":
                if not (style and _HIDDEN_STYLE.search(style)):
                    continue
            elif (
                tag in sel.BODY_BLOCK_LEVEL_TAGS
                and node.css_first(sel.BODY_HIDDEN_KEEP_SELECTOR) is not None
            ):
                continue
        elif tag in _WRAPPER_TAGS and node.css_first(sel.BODY_FORM_KEEP_SELECTOR) is not None:
            continue
        elif tag == "aside":
            kind = _box_kind(_flags_of(node, tag))
            if kind is not None:
                links.extend(_box_links(node, kind, base_url))
        node.decompose()
    return links


# --- blocks and their ancestors --------------------------------------------------------------


def _flags_of(node: LexborNode, tag: str) -> int:
    """Flags of one element from its tag and class/id."""
    flags = _FIGURE if tag == "figure" else _CAPTION if tag in sel.BODY_CAPTION_TAGS else 0
    attrs = node.attributes
    class_name = attrs.get("class")
    element_id = attrs.get("id")
    if class_name or element_id:
        flags |= _name_flags(class_name or "", element_id or "", tag in sel.BODY_UNJUDGED_TAGS)
    if attrs.get("itemprop") == "articleBody":
        flags = (flags | _STRONG_FLAG) & ~_NEGATIVE
    return flags


@lru_cache(maxsize=16384)
def _name_flags(class_name: str, element_id: str, unjudged: bool) -> int:
    """Flags from class and id (cached: the same names repeat on every page of a site)."""
    words = [w for w in _NAME_SPLIT.split(f"{class_name} {element_id}".lower()) if w]
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
    if bits & _RELATED_FLAG:
        bits &= ~_RECOMMENDED_FLAG
    if unjudged:
        return bits & (_STRONG_FLAG | _BOXES)
    if bits & (_BOILER | _POSITIVE | _STRONG_FLAG):
        bits &= ~_CHROME
    return bits & ~_POSITIVE


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


def _collect_blocks(page: _Page, body: LexborNode) -> None:
    """Record the page's text blocks in document order, with their ancestors."""
    found = body.css(_BLOCK_QUERY)
    br_parents: dict[int, LexborNode] = {}
    for node in found:
        if node.tag == "br":
            parent = node.parent
            if parent is not None and (parent.tag or "") not in _BR_HOSTS:
                br_parents.setdefault(parent.mem_id, parent)
            node.replace_with(_BR)
    blocks = page.blocks
    block_ids = page.block_ids
    candidates: list[_Block] = []
    for node in found:
        kind = _KINDS.get(node.tag or "")
        if kind is None:
            continue
        text = node.text()
        if not text or text.isspace():
            continue
        block = _Block(node, node.mem_id, kind, text)
        blocks.append(block)
        block_ids.add(block.key)
        if kind == "caption" or len(text) >= _SENTENCE_MIN_CHARS:
            block.text = text = _squash(text)
            if kind == "caption" or len(text) >= _PROSE_MIN_CHARS or _is_sentence(text):
                candidates.append(block)
    # Only prose and captions are recorded now: short lines (menus, labels) weigh nothing,
    # and those inside the winning container are recorded when it is emitted.
    for block in candidates:
        page.register(block.node)
    if br_parents:
        _add_loose_text(page, br_parents.values())


def _add_loose_text(page: _Page, br_parents: Iterable[LexborNode]) -> None:
    """Replace the blocks of each element holding loose text by a walk of that element."""
    block_keys = page.block_ids
    roots: dict[int, LexborNode] = {}
    # Inline element -> its block-level ancestor's key (0: none), so that a <br> deep in
    # nested unclosed <b> or <font> tags climbs each level once.
    climbed: dict[int, int] = {}
    for parent in br_parents:
        path: list[int] = []
        root: LexborNode | None = parent
        found = -1
        while root is not None and (root.tag or "") not in sel.BODY_BLOCK_LEVEL_TAGS:
            key = root.mem_id
            if key in climbed:
                found = climbed[key]
                break
            path.append(key)
            root = root.parent
        if found < 0:
            found = 0 if root is None else root.mem_id
            if root is not None and found not in roots:
                if root.tag in ("body", "html") or found in block_keys:
                    found = 0
                else:
                    roots[page.register(root)] = root
        for key in path:
            climbed[key] = found
    nodes = page.nodes
    for key in list(roots):
        # Only the outermost root is walked, and never one inside a block: a <br> in
        # <li><span>..<br>..</span></li> breaks a line within that list item.
        current = nodes[key].parent
        while current in nodes:
            if current in roots or current in block_keys:
                del roots[key]
                break
            current = nodes[current].parent
    for root in roots.values():
        blocks = page.blocks
        within = {node.mem_id for node in root.css(_BLOCK_QUERY)}
        inside = [i for i, block in enumerate(blocks) if block.key in within]
        walked = _walk(page, root)
        if not walked:
            continue
        at = inside[0] if inside else _insert_position(blocks, root)
        drop = set(inside)
        kept = [block for i, block in enumerate(blocks) if i not in drop]
        at -= sum(1 for i in inside if i < at)
        page.blocks = kept[:at] + walked + kept[at:]


def _insert_position(blocks: list[_Block], root: LexborNode) -> int:
    """Index of the first block after ``root`` in document order (for a root without blocks)."""
    index: dict[int, int] = {}
    for i, block in enumerate(blocks):
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
    return len(blocks)


def _walk(page: _Page, root: LexborNode, depth: int = 0) -> list[_Block]:
    """Blocks of an element walked node by node: child blocks and runs of loose text."""
    out: list[_Block] = []
    run: list[str] = []
    anchors: list[LexborNode] = []
    root_key = page.register(root)

    def flush() -> None:
        text = "".join(run)
        if text and not text.isspace():
            out.append(_Block(root, root_key, "paragraph", text, True, anchors[:]))
        run.clear()
        anchors.clear()

    for child in root.iter(include_text=True):
        if child.is_text_node:
            run.append(child.text_content or "")
            continue
        if not child.is_element_node:
            continue
        tag = child.tag or ""
        if child.mem_id in page.block_ids:
            flush()
            key = page.register(child)
            out.append(_Block(child, key, _KINDS[tag], child.text()))
        elif depth < _WALK_MAX_DEPTH and (
            tag in sel.BODY_BLOCK_LEVEL_TAGS or child.css_first(_BLOCK_LEVEL_QUERY) is not None
        ):
            # Inline elements that wrap blocks (a <span> around the whole story) are walked.
            flush()
            out.extend(_walk(page, child, depth + 1))
        else:
            run.append(child.text())
            anchors.extend(child.css("a"))
    flush()
    return out


# --- scoring ---------------------------------------------------------------------------------


def _sum_up(page: _Page, order: list[int]) -> None:
    """Text per subtree, then flags: wrappers cleared, ancestors' flags passed down."""
    nodes = page.nodes
    for block in page.blocks:
        info = nodes.get(block.key)
        if info is not None:
            block.text = _squash(block.text)
            info.text_len += len(block.text)
    strong: set[int] = set()
    for key in reversed(order):
        info = nodes[key]
        parent = nodes.get(info.parent)
        if parent is None:
            continue
        parent.text_len += info.text_len
        if parent.children is None:
            parent.children = [key]
        else:
            parent.children.append(key)
        if info.flags & _STRONG_FLAG or key in strong:
            strong.add(info.parent)
    total = max(nodes[order[0]].text_len, 1)
    for key in order:
        info = nodes[key]
        if info.flags & _NEGATIVE:
            # Themes name page wrappers after their layout ("container penci_sidebar",
            # "wrapper header-style-2"): a box holding the story body or most of the text is
            # not boilerplate.
            share = info.text_len / total
            if key in strong or share > _BOILER_WRAPPER_SHARE:
                info.flags &= ~_NEGATIVE
            elif share > _WRAPPER_SHARE:
                info.flags &= ~_CHROME
        parent = nodes.get(info.parent)
        if parent is not None:
            info.inherited = (parent.inherited | parent.flags) & _INHERITED


def _weigh_blocks(page: _Page, hint: str | None) -> None:
    """Weight of each block: its length when it reads like prose, negative for chrome."""
    hint_text = " ".join(hint.split()) if hint and len(hint) > _PROSE_MIN_CHARS else None
    nodes = page.nodes
    for block in page.blocks:
        info = nodes.get(block.key)
        if info is None:
            continue  # a short line: it weighs nothing
        text = block.text
        size = len(text)
        flags = info.flags | info.inherited
        if info.inherited & _OUTER and not block.loose:
            weight = 0.0  # its text is in the outer block
        elif flags & (_FIGURE | _CAPTION) or block.kind == "caption":
            weight = 0.0
        elif flags & _NEGATIVE:
            weight = -float(size)
        elif size >= _PROSE_MIN_CHARS or _is_sentence(text):
            weight = float(size)
            if block.kind == "list_item":
                weight *= _LIST_ITEM_SHARE
            if hint_text is not None and text.replace(_BR, " ") in hint_text:
                weight *= 1.0 + _HINT_BONUS
                info.hinted += weight
        else:
            weight = 0.0
        block.weight = weight


def _pick_container(page: _Page, order: list[int]) -> _Node | None:
    """The element holding the story; None when no element scores above zero.

    Each block counts fully for its parent and less for each level further up, so the
    element that directly holds most prose wins over a page wrapper that merely holds more
    text in many small boxes (teaser cards). The winner then grows to the highest close
    ancestor that holds another run of prose of its own (sections, a story split by ads):
    prose held directly by one element, so that many small cards never add up to a run.
    """
    nodes = page.nodes
    for block in page.blocks:
        weight = block.weight
        if weight == 0.0:
            continue
        info = nodes[block.key]
        info.weight += weight
        key = block.key if block.loose else info.parent
        for level in range(1, _SCORE_LEVELS + 1):
            holder = nodes.get(key)
            if holder is None:
                break
            holder.score += weight / level
            if level == 1:
                holder.direct += weight
            key = holder.parent
    best: _Node | None = None
    for key in reversed(order):
        info = nodes[key]
        if info.flags & _OUTER:
            info.score = 0.0
        elif info.flags & _STRONG_FLAG:
            info.score *= 1.0 + _STRONG_BONUS
        elif info.tag in ("article", "main"):
            info.score *= 1.0 + _SEMANTIC_BONUS
        info.best = max(info.best, info.direct)
        if best is None or info.score > best.score:
            best = info
        parent = nodes.get(info.parent)
        if parent is not None:
            parent.weight += info.weight
            parent.hinted += info.hinted
            parent.best = max(parent.best, info.best)
    if best is None or best.score <= 0.0:
        return None
    chosen = current = best
    for _ in range(_CLIMB_LEVELS):
        parent = nodes.get(current.parent)
        if parent is None or parent.flags & _NEGATIVE:
            break
        other = max(
            (nodes[k].best for k in parent.children or () if nodes[k] is not current),
            default=0.0,
        )
        # When the JSON-LD articleBody confirms the winner, only prose it also holds may
        # join: a second column of unrelated prose stays out.
        confirmed = not best.hinted or parent.hinted > current.hinted
        if other >= _SIBLING_SHARE * best.best and parent.weight > chosen.weight and confirmed:
            chosen = parent
        current = parent
    return chosen


# --- output ----------------------------------------------------------------------------------


def _container_blocks(
    page: _Page, order: list[int], container: _Node, base_url: str | None
) -> list[_Block]:
    """The container's body blocks in document order, boilerplate and captions left out.

    A container where headline-long link-only headings and paragraphs (teasers) are at least
    as many as the blocks kept is a listing page: only its long prose paragraphs are kept.
    Link-only list items do not count: articles end with lists of links.
    """
    nodes = page.nodes
    container_key = container.node.mem_id
    # Flags met between each node and the container; absent = outside the container.
    below: dict[int, int] = {container_key: 0}
    for key in order:
        info = nodes[key]
        parent = info.parent
        if parent in below and key != container_key:
            below[key] = below[parent] | (nodes[parent].flags if parent != container_key else 0)
    chosen: list[_Block] = []
    skip = _NEGATIVE | _FIGURE | _CAPTION
    outside: set[int] = set()
    teasers = 0
    for block in page.blocks:
        if block.kind == "caption":
            continue
        if block.key not in nodes and not _record_if_inside(
            page, block.node, below, outside, container_key
        ):
            continue
        flags = below.get(block.key)
        if flags is None:
            continue
        own = nodes[block.key].flags if block.key != container_key else 0
        if (flags | own) & skip or (flags & _OUTER and not block.loose):
            continue
        if _finish_block(block, base_url):
            chosen.append(block)
        elif block.kind != "list_item" and len(block.text) >= _HEADLINE_MIN_CHARS:
            teasers += 1
    if teasers >= _LISTING_MIN_TEASERS and teasers >= len(chosen):
        chosen = [b for b in chosen if len(b.text) >= _FALLBACK_MIN_CHARS and _is_sentence(b.text)]
    return _drop_dangling_headings(chosen)


def _record_if_inside(
    page: _Page, node: LexborNode, below: dict[int, int], outside: set[int], container_key: int
) -> bool:
    """Record a short block when it lies in the container (``below`` gains it); else False."""
    path: list[int] = []
    current: LexborNode | None = node
    nodes = page.nodes
    while current is not None:
        key = current.mem_id
        if key in outside:
            break
        if key in nodes:
            if key not in below:
                break
            page.register(node)
            for item in reversed(path):
                parent = nodes[item].parent
                inherited = nodes[parent].flags if parent != container_key else 0
                below[item] = below[parent] | inherited
            return True
        path.append(key)
        current = current.parent
    outside.update(path)
    return False


def _finish_block(block: _Block, base_url: str | None) -> bool:
    """Read a block's links (tables: their rows); False when it is a link list or empty."""
    if block.kind == "table":
        block.text = _table_text(block.node)
    text = block.text
    if not text:
        return False
    link_chars = 0
    links: list[Link] = []
    for anchor in block.anchors or () if block.loose else block.node.css("a"):
        title = clean_text(anchor.text())
        if not title:
            continue
        link_chars += len(title)
        url = resolve_url(base_url, anchor.attributes.get("href"))
        links.append(Link(kind="inline", title=title, url=url))
    block.links = links
    if not link_chars or link_chars <= _LINK_DENSITY_MAX * len(text):
        return True
    # A linked sentence is still prose (news sites link whole clauses to earlier stories);
    # a linked label without sentence punctuation is a teaser or a "read more" line.
    return block.kind == "paragraph" and _is_sentence(text)


def _is_sentence(text: str) -> bool:
    """Whether a block reads like a sentence: long enough and ending like one."""
    return len(text) >= _SENTENCE_MIN_CHARS and _SENTENCE_END.search(text) is not None


def _drop_headline(blocks: list[_Block], tree: LexborHTMLParser) -> list[_Block]:
    """Leading blocks that repeat the page title (a headline in a div or h2) left out.

    The <title> may hold the headline with the site name around it, or a shortened one.
    """
    head = tree.head
    title_node = head.css_first("title") if head is not None else None
    if title_node is None:
        return blocks
    title = " ".join(title_node.text().split()).casefold()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if len(p) >= _HEADLINE_MIN_CHARS]
    start = 0
    while start < len(blocks) and len(blocks[start].text) >= _HEADLINE_MIN_CHARS:
        text = " ".join(blocks[start].text.split()).casefold()
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
        cells = (clean_text(cell.text()) for cell in row.css("th, td"))
        line = " | ".join(cell for cell in cells if cell)
        if line:
            rows.append(line)
    return "\n".join(rows)


def _fallback_blocks(page: _Page, base_url: str | None) -> list[_Block]:
    """Every long <p> outside boilerplate and figures: the answer when no container scores."""
    chosen: list[_Block] = []
    for block in page.blocks:
        info = page.nodes.get(block.key)
        if info is None or block.kind != "paragraph" or block.node.tag != "p":
            continue
        if (info.flags | info.inherited) & (_NEGATIVE | _FIGURE | _CAPTION):
            continue
        if len(block.text) >= _FALLBACK_MIN_CHARS and _finish_block(block, base_url):
            chosen.append(block)
    return chosen


def _box_kind(flags: int) -> str | None:
    """Link kind of a box from its flags: related, recommended or None."""
    if flags & _RELATED_FLAG:
        return "related"
    if flags & _RECOMMENDED_FLAG:
        return "recommended"
    return None


def _box_links(box: LexborNode, kind: str, base_url: str | None) -> list[Link]:
    """Links of a related/recommended box, titled by their text."""
    links: list[Link] = []
    for anchor in box.css("a[href]"):
        title = clean_text(anchor.text())
        url = resolve_url(base_url, anchor.attributes.get("href"))
        if title and url:
            links.append(Link(kind=kind, title=title, url=url))
    return links


def _related_links(page: _Page, container: _Node, base_url: str | None) -> list[Link]:
    """Links of related boxes inside the container or beside it (two levels up at most)."""
    nodes = page.nodes
    container_key = container.node.mem_id
    boxes: dict[int, LexborNode] = {}
    for key, info in nodes.items():
        if info.flags & _BOXES and not info.inherited & _BOXES and page.inside(key, container_key):
            boxes[key] = info.node
    near = container
    for _ in range(2):
        parent = nodes.get(near.parent)
        if parent is None:
            break
        near = parent
    for box in near.node.css(_BOX_QUERY):
        boxes.setdefault(box.mem_id, box)
    links: list[Link] = []
    for box in boxes.values():
        kind = _box_kind(_flags_of(box, box.tag or ""))
        if kind is not None:
            links.extend(_box_links(box, kind, base_url))
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


def _lead_caption(page: _Page, container: _Node) -> tuple[str | None, str | None]:
    """Caption and credit of the first figure in or beside the story container."""
    nodes = page.nodes
    near = nodes.get(container.parent) or container
    near_key = near.node.mem_id
    for block in page.blocks:
        info = nodes.get(block.key)
        if info is None or (block.kind != "caption" and not info.flags & _CAPTION):
            continue
        if page.inside(block.key, near_key):
            return _split_credit(block.node)
    return None, None


def _split_credit(caption: LexborNode) -> tuple[str | None, str | None]:
    """Caption text and credit, from a credit element or a credit pattern in the text."""
    text = clean_text(caption.text())
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


def _squash(text: str) -> str:
    """Whitespace runs to one space, keeping <br> markers (they may split paragraphs)."""
    if _BR in text:
        return _BR.join(" ".join(part.split()) for part in text.split(_BR))
    return " ".join(text.split())
