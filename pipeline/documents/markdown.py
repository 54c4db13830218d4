"""Markdown (CommonMark + tables) on markdown-it-py: prose blocks become units, everything else is skeleton.

Units are the inline content of paragraphs, headings, list items, blockquotes and table cells. Code
blocks, fences, HTML blocks and front matter have no inline content, so they stay in the skeleton byte
for byte. Inline markup becomes placeholders holding the exact source markup: emphasis, strong, links
and image alt text are pairs `<g1>…</g1>` (the words inside are translated, the URL stays in the
placeholder), code spans, hard breaks, inline HTML and autolinks are `<x1/>`.

markdown-it-py gives block line ranges (`Token.map`) but no inline offsets, so each inline token is
located in the source by walking its content: the source between units is copied unchanged, which is
what lets a build with no translations reproduce the file exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.config import CleanupConfig
from pipeline.documents.base import (
    PLACEHOLDER_RE,
    Document,
    ReadOptions,
    Unit,
    document_name,
    read_decoded,
    write_rendered,
)
from pipeline.documents.cleanup import clean_lines

FORMAT = "markdown"
EXTENSIONS = (".md", ".markdown")

VERBATIM_BLOCKS = ("fence", "code_block", "html_block", "front_matter")
SOFTBREAK_RE = re.compile(r"[ \t]*\n[ \t]*")
HARDBREAK_RE = re.compile(r"(?:\\|[ \t]*)\n[ \t]*")
WHITESPACE_RE = re.compile(r"[ \t\n]+")
# Characters that can start inline markup; backslash-escaping any ASCII punctuation is valid CommonMark.
INLINE_SPECIAL_RE = re.compile(r"([\\`*_\[\]<&|])")
LINE_START_SPECIAL_RE = re.compile(r"(^|\n)([ \t]*)([#>+\-=])")
LINE_START_ORDERED_RE = re.compile(r"(^|\n)([ \t]*)(\d{1,9})([.)])")
BLOCK_MARKER_RE = re.compile(r"(?:#{1,6}|>|[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


@lru_cache(maxsize=1)
def _reader() -> MarkdownIt:
    # text_join off: backslash escapes and entities stay separate tokens, so their source can be kept
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("text_join")


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def escape(text: str) -> str:
    """Make translated prose literal Markdown; prose that already reads as plain text is left alone.

    markdown-it itself decides: if the text parses as plain text, nothing is escaped (so "[sic]" or
    "5 * 3" stay as written); otherwise markup characters get a backslash. A `|` in a translated table
    cell is not caught (the piece is judged without its cell); a line break there is (Unit.breaks).
    """
    if not text.strip() or _is_plain(text):
        return text
    escaped = INLINE_SPECIAL_RE.sub(r"\\\1", text)
    escaped = LINE_START_SPECIAL_RE.sub(r"\1\2\\\3", escaped)
    escaped = LINE_START_ORDERED_RE.sub(r"\1\2\3\\\4", escaped)
    return re.sub(r"[ \t]+\n", "\n", escaped)  # two trailing spaces would be a hard break


@lru_cache(maxsize=4096)
def _is_plain(text: str) -> bool:
    """True if `text` reads as literal text where it lands: after the start of a line.

    A piece may follow a placeholder, so it is judged as the continuation of a line ("x" + text); only
    an explicit block marker at its very start ("# ", "> ", "- ", "1. ") counts as a line start.
    """
    if BLOCK_MARKER_RE.match(text):
        return False
    probe = "x" + text
    tokens = _checker().parse(probe)
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return False
    children = tokens[1].children or []
    if any(c.type not in ("text", "softbreak") for c in children):
        return False
    parsed = "".join(c.content for c in children if c.type == "text")
    return parsed == SOFTBREAK_RE.sub("", probe.strip())


def read(path: Path, data: bytes, options: ReadOptions) -> Document:
    return read_decoded(parse, path, data, options)


def write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes:
    return write_rendered(doc, unit_texts, escape, lang, verbatim_unchanged=True)


def parse(path: Path, text: str, source_lang: str, cleanup: CleanupConfig) -> Document:
    protected = _verbatim_lines(text)
    lines, removed = clean_lines(text, cleanup, protected=protected, keep_hard_breaks=True)
    cleaned = "\n".join(line.text for line in lines) + "\n"
    source = _Source(cleaned, [line.number for line in lines])
    units: list[Unit] = []
    skeleton: list[str | int] = []
    pos = 0
    for located in _locate_units(source, _reader().parse(cleaned)):
        skeleton.append(cleaned[pos:located.start])
        skeleton.append(len(units))
        units.append(Unit(len(units), located.text, located.line, located.kind, located.placeholders,
                          located.breaks))
        pos = located.end
    tail = cleaned[pos:]
    if not text.endswith("\n") and tail.endswith("\n"):
        tail = tail[:-1]  # the source's last line has no line break, and keeps none
    skeleton.append(tail)
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return Document(path, document_name(path, source_lang), FORMAT, tuple(units),
                    tuple(p for p in skeleton if p != ""), tuple(removed), newline="\r\n" if crlf else "\n")


def _verbatim_lines(text: str) -> frozenset[int]:
    """1-based lines of code blocks, fences, HTML blocks and front matter: cleanup must not touch them."""
    lines: set[int] = set()
    for token in _reader().parse(text):
        if token.type in VERBATIM_BLOCKS and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return frozenset(lines)


class _Unlocatable(Exception):
    """The inline content could not be matched to the source; the block is left as it is."""


@dataclass
class _Source:
    """The cleaned file with line offsets, and each line's number in the original file."""

    text: str
    numbers: list[int]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0]
        for m in re.finditer("\n", self.text):
            self.starts.append(m.end())

    def line(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end]

    def original_line(self, index: int) -> int:
        if index < len(self.numbers):
            return self.numbers[index]
        return (self.numbers[-1] if self.numbers else 0) + index - len(self.numbers) + 1


@dataclass
class _Located:
    start: int  # offsets in the cleaned source
    end: int
    text: str
    line: int
    kind: str
    placeholders: dict[str, str]
    breaks: tuple[str, ...]


def _locate_units(source: _Source, tokens: list[Token]) -> list[_Located]:
    found: list[_Located] = []
    open_blocks: list[str] = []
    row_cursor = 0
    for token in tokens:
        if token.nesting == 1:
            open_blocks.append(token.type)
            if token.type == "tr_open" and token.map:
                row_cursor = source.starts[token.map[0]]
        elif token.nesting == -1:
            open_blocks.pop()
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        kind = _kind(open_blocks)
        try:
            offsets = _content_offsets(source, token, kind, row_cursor)
            located = _Inline(source, token.content, offsets, kind == "table-cell").unit(token.children or [])
        except _Unlocatable:
            continue
        if kind == "table-cell":
            row_cursor = offsets[-1]
        if not any(ch.isalpha() for ch in PLACEHOLDER_RE.sub("", located[0])):
            continue  # numbers, a lone image: nothing to translate
        text, placeholders, breaks = located
        if kind == "table-cell" or (kind == "heading" and token.map[1] - token.map[0] == 1):
            breaks = (" ",)  # a line break would end the cell or the heading
        elif all(b == "\n" for b in breaks):
            breaks = ()
        found.append(_Located(offsets[0], offsets[-1], text, source.original_line(token.map[0]), kind,
                              placeholders, breaks))
    return found


def _kind(open_blocks: list[str]) -> str:
    if "heading_open" in open_blocks:
        return "heading"
    if "th_open" in open_blocks or "td_open" in open_blocks:
        return "table-cell"
    if "list_item_open" in open_blocks:
        return "list-item"
    if "blockquote_open" in open_blocks:
        return "quote"
    return "paragraph"


def _content_offsets(source: _Source, token: Token, kind: str, row_cursor: int) -> list[int]:
    """For each character of the inline content (and its end), its offset in the source file.

    markdown-it strips container markers ("> ", list indentation) from each line of a block's content;
    each content line is found again at the end of its source line (or after the cursor in a table row).
    """
    assert token.map is not None
    offsets: list[int] = []
    content_lines = token.content.split("\n")
    for k, content_line in enumerate(content_lines):
        index = token.map[0] + k
        if index >= len(source.starts):
            raise _Unlocatable
        line = source.line(index)
        base = source.starts[index]
        if kind == "table-cell":
            cols = _align_cell(source.text, content_line, row_cursor)
            offsets.extend(cols)
            continue
        if line.endswith(content_line):
            col = len(line) - len(content_line)
        elif line.rstrip(" \t").endswith(content_line):
            col = len(line.rstrip(" \t")) - len(content_line)
        else:
            col = line.find(content_line)  # an ATX heading with closing hashes
            if col < 0:
                raise _Unlocatable
        offsets.extend(base + col + i for i in range(len(content_line)))
        offsets.append(base + col + len(content_line))  # the newline, or the end of the content
    return offsets


def _align_cell(text: str, cell: str, cursor: int) -> list[int]:
    """Offsets of a table cell's characters; the cell content has `\\|` unescaped to `|`."""
    line_end = text.find("\n", cursor)
    line_end = len(text) if line_end < 0 else line_end
    start = text.find(cell, cursor, line_end)
    if start >= 0:
        return [start + i for i in range(len(cell) + 1)]
    for start in range(cursor, line_end):
        pos, cols = start, []
        for ch in cell:
            if text.startswith(ch, pos):
                cols.append(pos)
                pos += 1
            elif ch == "|" and text.startswith("\\|", pos):
                cols.append(pos)
                pos += 2
            else:
                break
        else:
            return [*cols, pos]
    raise _Unlocatable


class _Inline:
    """Walks one block's inline tokens over its content, turning markup into placeholders."""

    def __init__(self, source: _Source, content: str, offsets: list[int], in_table: bool = False) -> None:
        self.source = source
        self.in_table = in_table
        self.content = content
        self.offsets = offsets
        self.pos = 0
        self.parts: list[str] = []
        self.placeholders: dict[str, str] = {}
        self.breaks: list[str] = []
        self.count = 0

    def raw(self, start: int, end: int) -> str:
        return self.source.text[self.offsets[start]:self.offsets[end]]

    def expect(self, literal: str) -> int:
        if not self.content.startswith(literal, self.pos):
            raise _Unlocatable
        end = self.pos + len(literal)
        return end

    def standalone(self, end: int) -> None:
        self.count += 1
        tag = f"<x{self.count}/>"
        self.placeholders[tag] = self.raw(self.pos, end)
        self.parts.append(tag)
        self.pos = end

    def open_pair(self, end: int) -> int:
        self.count += 1
        n = self.count
        self.placeholders[f"<g{n}>"] = self.raw(self.pos, end)
        self.parts.append(f"<g{n}>")
        self.pos = end
        return n

    def close_pair(self, n: int, end: int) -> None:
        self.placeholders[f"</g{n}>"] = self.raw(self.pos, end)
        self.parts.append(f"</g{n}>")
        self.pos = end

    def unit(self, children: list[Token]) -> tuple[str, dict[str, str], tuple[str, ...]]:
        self.walk(children)
        if self.content[self.pos:].strip():
            raise _Unlocatable
        return "".join(self.parts), self.placeholders, tuple(self.breaks)

    def walk(self, tokens: list[Token]) -> None:
        pairs: list[int] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "text" and self.in_table and "|" in token.content:
                # a cell's `\\|` arrives unescaped; keeping it as markup keeps the table intact
                for n, piece in enumerate(token.content.split("|")):
                    if n:
                        self.standalone(self.pos + 1)
                    self.pos = self.expect(piece)
                    self.parts.append(piece)
            elif kind == "text":
                self.pos = self.expect(token.content)
                self.parts.append(token.content)
            elif kind == "softbreak":
                m = SOFTBREAK_RE.match(self.content, self.pos)
                if not m:
                    raise _Unlocatable
                self.breaks.append(self.raw(self.pos, m.end()))
                self.parts.append("\n")
                self.pos = m.end()
            elif kind == "hardbreak":
                m = HARDBREAK_RE.match(self.content, self.pos)
                if not m:
                    raise _Unlocatable
                self.standalone(m.end())
            elif kind in ("text_special", "html_inline"):
                self.standalone(self.expect(token.markup if kind == "text_special" else token.content))
            elif kind == "code_inline":
                self.standalone(self._code_span_end(token.markup))
            elif kind.endswith("_open") and kind != "link_open":  # em, strong
                pairs.append(self.open_pair(self.expect(token.markup)))
            elif kind.endswith("_close") and kind != "link_close":
                self.close_pair(pairs.pop(), self.expect(token.markup))
            elif kind == "link_open" and token.markup == "autolink":
                end = self.content.find(">", self.pos)
                if not self.content.startswith("<", self.pos) or end < 0:
                    raise _Unlocatable
                self.standalone(end + 1)
                while tokens[i].type != "link_close":
                    i += 1
            elif kind == "link_open":
                pairs.append(self.open_pair(self.expect("[")))
            elif kind == "link_close":
                self.close_pair(pairs.pop(), self._link_tail_end())
            elif kind == "image":
                self._image(token)
            else:
                raise _Unlocatable
            i += 1
        if pairs:
            raise _Unlocatable

    def _image(self, token: Token) -> None:
        self.expect("![")
        if not token.children:
            start = self.pos
            self.pos += 2
            if not self.content.startswith("]", self.pos):
                raise _Unlocatable
            end = self._link_tail_end()
            self.pos = start
            self.standalone(end)
            return
        n = self.open_pair(self.pos + 2)
        self.walk(token.children)
        self.close_pair(n, self._link_tail_end())

    def _code_span_end(self, fence: str) -> int:
        self.expect(fence)
        closing = re.compile(rf"(?<!`){re.escape(fence)}(?!`)")
        m = closing.search(self.content, self.pos + len(fence))
        if not m:
            raise _Unlocatable
        return m.end()

    def _link_tail_end(self) -> int:
        """End of `](url "title")`, `][label]` or `]` after a link's text."""
        s, pos = self.content, self.expect("]")
        if s.startswith("(", pos):
            p = _skip_space(s, pos + 1)
            dest = parseLinkDestination(s, p, len(s))
            if dest.ok:
                p = _skip_space(s, dest.pos)
                title = parseLinkTitle(s, p, len(s))
                if title.ok:
                    p = _skip_space(s, title.pos)
            else:
                p = _skip_space(s, p)
            if s.startswith(")", p):
                return p + 1
        if s.startswith("[", pos):
            m = re.compile(r"\[(?:\\.|[^\\\[\]])*\]").match(s, pos)
            if m:
                return m.end()
        return pos


def _skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] in " \t\n":
        pos += 1
    return pos
