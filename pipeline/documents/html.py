"""HTML on html5lib: runs of text and inline elements become units; the rest of the page is skeleton.

The page is parsed by html5lib (the HTML5 parsing algorithm browsers use) into a DOM. Each run of text
and inline elements inside a block (a paragraph, heading, list item, table cell, caption, or text
loose in a div) becomes one unit; inline elements in it become placeholders holding their serialized
tags: `<g1>…</g1>` for elements with content (a, b, em, span…), `<x1/>` for void or untranslatable ones
(br, img, code, anything with translate="no"). `alt` and `title` attributes outside such runs are units
of their own. script, style, pre, code, svg… are never touched. The skeleton is the page serialized by
html5lib with a marker in place of each unit, so the output is the same DOM as the input (not the same
bytes: html5lib writes its own quoting, and inserts the tags the parser implies, such as <tbody>).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import html5lib
from html5lib.serializer import HTMLSerializer

from pipeline.config import CleanupConfig
from pipeline.documents.base import (
    PLACEHOLDER_RE,
    Document,
    ReadOptions,
    Removal,
    Unit,
    document_name,
    read_decoded,
    write_rendered,
)
from pipeline.documents.cleanup import NBSP_CHARS
from pipeline.errors import TolmachError

FORMAT = "html"
EXTENSIONS = (".html", ".htm")

# xml.dom.minidom nodes; typeshed's minidom stubs are too narrow for walking a mixed tree
DomNode = Any

# Never translated: code, scripts, embedded documents and vector graphics.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "pre", "code", "kbd", "samp", "var",
                       "svg", "math", "textarea", "iframe", "object", "canvas"})
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
                         "em", "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small",
                         "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})
TRANSLATABLE_ATTRIBUTES = ("alt", "title")
UNIT_KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
              "h6": "heading", "title": "title", "li": "list-item", "dt": "term", "dd": "definition",
              "td": "table-cell", "th": "table-cell", "caption": "caption", "figcaption": "caption",
              "blockquote": "quote"}
# The HTML5 tree builder looks through every open element at each tag, so unclosed tags make parsing
# quadratic and the DOM deeper than Python's recursion; like Chrome's parser, stop at 512 levels.
MAX_DEPTH = 512
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: cannot clash with real text
MARKER_RE = re.compile(f"{MARK_OPEN}(\\d+|lang){MARK_CLOSE}")
LANG_MARKER = f"{MARK_OPEN}lang{MARK_CLOSE}"
PAGE_RE = re.compile(r"<(?:!doctype|html|head|body)[\s>/]", re.IGNORECASE)  # a whole page, not a fragment
SERIALIZER_OPTIONS: dict[str, Any] = {
    "quote_attr_values": "always", "omit_optional_tags": False, "minimize_boolean_attributes": False,
    "use_trailing_solidus": False, "resolve_entities": True, "inject_meta_charset": False,
}


def escape(text: str) -> str:
    """Prose as HTML text; quotes too, because a unit may sit inside an attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def read(path: Path, data: bytes, options: ReadOptions) -> Document:
    return read_decoded(parse, path, data, options)


def write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes:
    return write_rendered(doc, unit_texts, escape, lang)


def parse(path: Path, text: str, source_lang: str, cleanup: CleanupConfig) -> Document:
    if MARK_OPEN in text or MARK_CLOSE in text:
        raise TolmachError("contains private-use characters U+E000/U+E001, which tolmach uses internally",
                           path, hint="remove them from the page")
    dom, lines = _parse(path, text)
    reader = _Reader(lines, cleanup.enabled and cleanup.normalize_spaces)
    reader.visit(dom.documentElement)
    page_lang = dom.documentElement.getAttribute("lang")
    if page_lang:
        dom.documentElement.setAttribute("lang", LANG_MARKER)
    serialized = _serialize_page(dom, fragment=not PAGE_RE.search(text))
    skeleton: list[str | int] = []
    language_slots: list[int] = []
    pos = 0
    for m in MARKER_RE.finditer(serialized):
        if m.start() > pos:
            skeleton.append(serialized[pos:m.start()])
        if m.group(1) == "lang":
            language_slots.append(len(skeleton))
            skeleton.append(escape(page_lang))
        else:
            skeleton.append(int(m.group(1)))
        pos = m.end()
    if pos < len(serialized):
        skeleton.append(serialized[pos:])
    return Document(path, document_name(path, source_lang), FORMAT, tuple(reader.units), tuple(skeleton),
                    tuple(reader.removed), language_slots=tuple(language_slots))


def _serialize_page(dom: DomNode, fragment: bool) -> str:
    """The page as html5lib serializes it. A fragment (no doctype, html, head or body tag in the source:
    a story's body pasted from a CMS) comes back as a fragment, the elements the parser put in head and
    body one after the other; a whole page declares the charset it is written in (UTF-8), replacing any
    other it declared."""
    walker = html5lib.getTreeWalker("dom")
    if fragment:
        html = dom.documentElement
        nodes = [child for part in html.childNodes if part.nodeType == part.ELEMENT_NODE for child in part.childNodes]
        return "".join(str(HTMLSerializer(**SERIALIZER_OPTIONS).render(walker(node))) for node in nodes)
    options = {**SERIALIZER_OPTIONS, "inject_meta_charset": True}
    data: bytes = HTMLSerializer(**options).render(walker(dom), encoding="utf-8")
    return data.decode("utf-8")


def _parse(path: Path, text: str) -> tuple[DomNode, dict[int, int]]:
    """html5lib into minidom, remembering the source line where each element and text node starts."""
    base = html5lib.getTreeBuilder("dom")
    lines: dict[int, int] = {}
    parser: html5lib.HTMLParser

    class LineRecordingBuilder(base):  # type: ignore[misc, valid-type]
        def insertElementNormal(self, token: dict[str, Any]) -> Any:
            return self.recorded(super().insertElementNormal(token))

        def insertElementTable(self, token: dict[str, Any]) -> Any:
            return self.recorded(super().insertElementTable(token))

        def recorded(self, element: Any) -> Any:
            line = parser.tokenizer.stream.position()[0]
            lines.setdefault(id(element.element), line)
            if len(self.openElements) > MAX_DEPTH:
                raise TolmachError(f"elements nested more than {MAX_DEPTH} deep (unclosed tags?)", path, line,
                                   hint="close the tags; browsers stop nesting at this depth too")
            return element

        def insertText(self, data: str, parent: Any = None) -> None:
            super().insertText(data, parent)
            node = (parent or self.openElements[-1]).element.lastChild
            if node is not None and node.nodeType == node.TEXT_NODE and id(node) not in lines:
                # the tokenizer stands at the end of this chunk of text
                lines[id(node)] = max(1, parser.tokenizer.stream.position()[0] - data.count("\n"))

    parser = html5lib.HTMLParser(tree=LineRecordingBuilder, namespaceHTMLElements=False)
    return parser.parse(text), lines


class _Reader:
    """Finds units in the DOM and replaces each with a marker the skeleton is split on."""

    def __init__(self, lines: dict[int, int], normalize_spaces: bool) -> None:
        self.lines = lines
        self.normalize_spaces = normalize_spaces
        self.units: list[Unit] = []
        self.removed: list[Removal] = []

    def line_of(self, node: DomNode) -> int:
        while node is not None:
            if id(node) in self.lines:
                return self.lines[id(node)]
            node = node.parentNode
        return 1

    def visit(self, root: DomNode) -> None:
        """Walk the tree in document order with an explicit stack: unclosed tags nest pages thousands
        of elements deep, past Python's recursion limit."""
        stack: list[tuple[DomNode, list[DomNode] | None]] = [(root, None)]
        while stack:
            element, run = stack.pop()
            if run is not None:
                self.flush(element, run)
                continue
            if _skipped(element):
                continue
            self.attribute_units(element)
            actions: list[tuple[DomNode, list[DomNode] | None]] = []
            current: list[DomNode] = []
            for child in list(element.childNodes):
                if _is_inline(child):
                    current.append(child)
                else:
                    actions.append((element, current))
                    current = []
                    if child.nodeType == child.ELEMENT_NODE:
                        actions.append((child, None))
            actions.append((element, current))
            stack.extend(reversed(actions))

    def attribute_units(self, element: DomNode) -> None:
        for name in TRANSLATABLE_ATTRIBUTES:
            value = element.getAttribute(name)
            if value.strip() and any(ch.isalpha() for ch in value):
                index = self.add_unit(value, self.line_of(element), name, {})
                element.setAttribute(name, f"{MARK_OPEN}{index}{MARK_CLOSE}")

    def flush(self, parent: DomNode, run: list[DomNode]) -> None:
        if not run:
            return
        builder = _UnitBuilder()
        builder.emit(run)
        text = "".join(builder.parts)
        if not any(ch.isalpha() for ch in PLACEHOLDER_RE.sub("", text)):
            for node in run:  # a lone image or link icon: its alt/title may still be worth translating
                if node.nodeType == node.ELEMENT_NODE:
                    self.visit(node)
            return
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        line = self.first_line(run)
        if self.normalize_spaces and any(c in core for c in NBSP_CHARS):
            n = sum(core.count(c) for c in NBSP_CHARS)
            core = core.translate({ord(c): " " for c in NBSP_CHARS})
            self.removed.append(Removal(line, "nbsp", f"{n} non-breaking space(s) replaced by spaces"))
        index = self.add_unit(core, line, UNIT_KINDS.get(parent.tagName, "paragraph"), builder.placeholders)
        marker = parent.ownerDocument.createTextNode(f"{lead}{MARK_OPEN}{index}{MARK_CLOSE}{trail}")
        parent.insertBefore(marker, run[0])
        for node in run:
            parent.removeChild(node)

    def first_line(self, run: list[DomNode]) -> int:
        for node in run:
            if node.nodeType == node.TEXT_NODE and not node.data.strip():
                continue
            line = self.line_of(node)
            if node.nodeType == node.TEXT_NODE:
                line += node.data[: len(node.data) - len(node.data.lstrip())].count("\n")
            return line
        return self.line_of(run[0])

    def add_unit(self, text: str, line: int, kind: str, placeholders: dict[str, str]) -> int:
        self.units.append(Unit(len(self.units), text, line, kind, placeholders))
        return len(self.units) - 1


class _UnitBuilder:
    """Text and inline elements -> unit text with placeholders holding the serialized tags."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.placeholders: dict[str, str] = {}
        self.count = 0

    def emit(self, nodes: Iterable[DomNode]) -> None:
        for node in nodes:
            if node.nodeType == node.TEXT_NODE:
                self.parts.append(node.data)
            elif node.nodeType != node.ELEMENT_NODE or _skipped(node) or node.tagName in VOID_TAGS \
                    or not node.hasChildNodes():
                self.count += 1
                tag = f"<x{self.count}/>"
                self.placeholders[tag] = _serialize(node)
                self.parts.append(tag)
            else:
                self.count += 1
                n = self.count
                shell = _serialize(node.cloneNode(False))
                end = f"</{node.tagName}>"
                self.placeholders[f"<g{n}>"] = shell[: len(shell) - len(end)]
                self.placeholders[f"</g{n}>"] = end
                self.parts.append(f"<g{n}>")
                self.emit(node.childNodes)
                self.parts.append(f"</g{n}>")


def _serialize(node: DomNode) -> str:
    return str(HTMLSerializer(**SERIALIZER_OPTIONS).render(html5lib.getTreeWalker("dom")(node)))


def _skipped(node: DomNode) -> bool:
    return node.nodeType == node.ELEMENT_NODE and (
        node.tagName in SKIP_TAGS or node.getAttribute("translate").strip().lower() == "no")


def _is_inline(node: DomNode) -> bool:
    """Text, comments and inline elements that hold nothing but inline content (walked with a stack)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.nodeType in (current.TEXT_NODE, current.COMMENT_NODE):
            continue
        if current.nodeType != current.ELEMENT_NODE or current.tagName not in INLINE_TAGS:
            return False
        if not _skipped(current):
            stack.extend(current.childNodes)
    return True
