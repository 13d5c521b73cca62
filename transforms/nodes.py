"""Reading the text of parsed elements as a reader sees it."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from transforms import selectors as sel


def shown_text(node: LexborNode, separator: str = " ") -> str:
    """An element's text (its text nodes joined by ``separator``) without what its ``<style>``
    and ``<script>`` elements hold.

    CSS-in-JS pages (emotion's server rendering) print a ``<style>`` before each styled span:
    bylines, captions and headings included. A brace in the text is the sign to look for them,
    so most elements cost one ``text()`` call.
    """
    text = node.text(deep=True, separator=separator)
    if "{" in text:
        silent = {inner.mem_id for inner in node.css(sel.SILENT_SELECTOR)}
        if silent:
            return visible_text(node, silent, separator)
    return text


def visible_text(node: LexborNode, silent: set[int], separator: str = " ") -> str:
    """The text of a node without the text inside the elements whose keys (``mem_id``) are in
    ``silent``; text nodes joined by ``separator``, as ``text(deep=True, separator=...)`` does."""
    parts: list[str] = []
    root = node.mem_id
    for child in node.traverse(include_text=True):
        if not child.is_text_node:
            continue
        parent = child.parent
        while parent is not None and parent.mem_id not in silent and parent.mem_id != root:
            parent = parent.parent
        if parent is None or parent.mem_id not in silent:
            parts.append(child.text_content or "")
    return separator.join(parts)


def holds_blocks(node: LexborNode) -> bool:
    """Whether a block element (a paragraph, a list, a div) sits anywhere inside ``node``.

    A walk, not ``css_first``: a CSS query also matches the element it starts from, and
    compiling a list of every block tag cost more than walking a list item.
    """
    walk = node.traverse()
    next(walk, None)  # the node itself
    return any(child.tag in sel.BODY_BLOCK_LEVEL_TAGS for child in walk)


def spaced_text(node: LexborNode) -> str:
    """An element's text with a space where a block element starts or ends inside it.

    ``text()`` runs the paragraphs of a list item or a quote together when the markup has no
    whitespace between them (minified pages: ``<li><p>One.</p><p>Two.</p></li>`` reads
    "One.Two."); a browser lays them out apart. The walk keeps its own stack: junk pages nest
    elements thousands deep.
    """
    parts: list[str] = []
    stack = [(node.iter(include_text=True), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                parts.append(" ")
        elif child.is_text_node:
            parts.append(child.text_content or "")
        else:
            opens_block = child.tag in sel.BODY_BLOCK_LEVEL_TAGS
            if opens_block:
                parts.append(" ")
            stack.append((child.iter(include_text=True), opens_block))
    return "".join(parts)
