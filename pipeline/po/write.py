"""A catalog as text and bytes, changing only what changed.

An entry whose content the run did not change is written as the bytes it was read from (`Original`): its
wrapping, comments, flag order and obsolete block stay as the translator's editor (Poedit, Lokalize,
Weblate) or msgmerge left them. A new or changed entry is laid out as GNU msgmerge lays it out (gettext's
write-po.c): page width 79, strings broken where gettext breaks them (Unicode line breaking, never inside an
escape, `name ""` first when a string takes several lines or holds `\\n` before its end), `#, no-wrap`
honoured, `#:` references filled to the width, escapes `\\a \\b \\f \\n \\r \\t \\v \\\\ \\"`. The header
keeps the lines of every field it had; a changed field is written as gettext writes it.

Line breaking: `unicode_segmentation_rs.gettext_wrap` (Weblate's binding of the Rust unicode-linebreak and
unicode-width crates, written to match gettext's wrapping; Translate Toolkit writes PO files with it), not
a hand-made table of Unicode line-break classes.
"""

from __future__ import annotations

import codecs
import ctypes
import ctypes.util
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polib
from unicode_segmentation_rs import line_breaks, text_width

from pipeline.po.headers import CHARSET_RE, CHARSET_SUB_RE

WRAP_WIDTH = 79  # gettext's page width: a string line, quotes included, is at most this wide
_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
            "\\": "\\\\", '"': '\\"'}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)

EntryKey = tuple[str | None, str, bool]  # (msgctxt, msgid, obsolete): one entry of a file
Fingerprint = tuple[object, ...]


def entry_key(entry: polib.POEntry) -> EntryKey:
    return (entry.msgctxt, entry.msgid, bool(entry.obsolete))


def fingerprint(entry: polib.POEntry) -> Fingerprint:
    """Everything an entry says, as read: two entries with the same fingerprint are written the same. Flags
    are compared as a set (their order is the file's own, kept with its bytes)."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "", entry.msgstr,
            tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items())), tuple(sorted(set(entry.flags))),
            entry.tcomment or "", entry.comment or "", tuple(tuple(o) for o in entry.occurrences),
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural or None, bool(entry.obsolete))


def header_fingerprint(po: polib.POFile) -> Fingerprint:
    return (po.header, tuple(po.metadata.items()), bool(po.metadata_is_fuzzy))


@dataclass
class Original:
    """A catalog file as it was read: the text of each entry and of the header, and the line ending."""

    entries: dict[EntryKey, tuple[Fingerprint, str]] = field(default_factory=dict)
    header: tuple[Fingerprint, str] | None = None
    header_head: str = ""  # the header up to and including `msgstr ""` (comments, flags, msgid)
    header_fields: dict[str, str] = field(default_factory=dict)  # one field's text ("Key: value\n") -> its lines
    newline: str = "\n"

    @classmethod
    def of(cls, text: str, po: polib.POFile) -> Original:
        """Cut the text a catalog was parsed from (polib, line numbers its own) into one piece per entry."""
        lines = text.splitlines(keepends=True)
        original = cls(newline="\r\n" if "\r\n" in text[:4096] else "\n")
        entries = sorted(po, key=lambda e: e.linenum or 0)
        starts = [max(e.linenum or 0, 1) - 1 for e in entries]
        if po.metadata or po.header:
            end = starts[0] if starts else len(lines)
            original._keep_header(po, _strip_blank(lines[:end]))
        for i, entry in enumerate(entries):
            end = starts[i + 1] if i + 1 < len(entries) else len(lines)
            block = _strip_blank(lines[starts[i]:end])
            if block and (e := entry_key(entry)) not in original.entries:
                original.entries[e] = (fingerprint(entry), "".join(block))
        return original

    def _keep_header(self, po: polib.POFile, lines: list[str]) -> None:
        self.header = (header_fingerprint(po), "".join(lines))
        at = next((i for i, line in enumerate(lines) if line.startswith("msgstr")), None)
        if at is None:
            return
        self.header_head = "".join(lines[:at])
        # The msgstr's lines by header field: a field ends with a line whose string ends in \n.
        current: list[str] = []
        first = lines[at]
        rest = first[first.index('"'):] if '"' in first else '""'
        body = [] if rest.strip() == '""' else [rest]
        for line in body + lines[at + 1:]:
            current.append(line)
            if line.rstrip("\r\n").endswith('\\n"'):
                value = "".join(_unquote(x) for x in current)
                self.header_fields.setdefault(value, "".join(current))
                current = []

    def block(self, entry: polib.POEntry) -> str | None:
        """The entry's bytes as read, if the run left its content as it was."""
        kept = self.entries.get(entry_key(entry))
        return kept[1] if kept is not None and kept[0] == fingerprint(entry) else None


def _strip_blank(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]


def _unquote(line: str) -> str:
    """The text of one `"..."` line (escapes decoded), for matching header fields only."""
    inner = line.strip()
    inner = inner[inner.index('"') + 1:-1] if '"' in inner else ""
    return codecs.decode(inner.encode("latin-1", "backslashreplace"), "unicode_escape") if "\\" in inner else inner


# Format directives gettext never breaks inside (write-po.c marks them unbreakable for the entry's format).
_DIRECTIVES = {
    "c-format": re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?"
                           r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:<PRI\w+>|[diouxXeEfFgGaAcspnmC%S])"),
    "python-format": re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
}


def escape(text: str) -> str:
    """A string as a PO string's inside, as gettext writes it: its named escapes; other characters as they are."""
    return text.translate(_ESCAPE_TABLE)


def string_lines(prefix: str, name: str, value: str, wrap: bool = True, formats: Sequence[str] = (),
                 width: int = WRAP_WIDTH) -> list[str]:
    """`name "value"` as gettext's wrap() writes it (write-po.c): the value in portions ending with `\\n`,
    each broken at line-break opportunities (never inside an escape or a directive of the entry's `formats`)
    so that a line with its quotes fits `width`; the first line is `name ""` when the value takes more
    than one line, or when its one line would need a break after `name "`."""
    portions = [escape(p) for p in _portions(value)]
    inner = width - len(prefix) - 2  # columns between the quotes of a continuation line
    head = f"{prefix}{name} "
    if len(portions) == 1 and not wrap:
        return [f'{head}"{portions[0]}"']
    if len(portions) == 1:
        # Cut from column 0 first: if that takes several lines, so does the string after `name "` (a later
        # start only makes each line overflow sooner), and these are its lines. Only a string that fits from
        # column 0 is searched again from after `name "`.
        pieces = _breaks(portions[0], formats, inner, 0)
        if len(pieces) == 1 and len(_breaks(portions[0], formats, inner, len(name) + 1)) == 1:
            return [f'{head}"{portions[0]}"']
        return [f'{head}""', *(f'{prefix}"{piece}"' for piece in pieces)]
    lines = [f'{head}""']
    for portion in portions:
        lines += [f'{prefix}"{piece}"' for piece in (_breaks(portion, formats, inner, 0) if wrap else [portion])]
    return lines


def _portions(value: str) -> list[str]:
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


_ESCAPE_RE = re.compile(r"\\(?:[0-7]{3}|.)")
# Characters from U+1100 (Hangul Jamo) on may be two columns wide for gnulib's uc_width, which gettext measures
# lines with; every character before it is 0 or 1 column wide (a control character's -1 counts 0). A string
# with none of them and no longer than the room left fits on one line: no line-break search is needed.
_MAY_BE_WIDE_RE = re.compile("[^\x00-\u10ff]")


def _breaks(escaped: str, formats: Sequence[str], inner: int, start: int) -> list[str]:
    """The escaped string cut into lines as gettext cuts it, its first line starting `start` columns in."""
    if not escaped:
        return [""]
    if start + len(escaped) <= inner and (escaped.isascii() or not _MAY_BE_WIDE_RE.search(escaped)):
        return [escaped]  # fits: what `_searched_breaks` finds for it (tests/test_po_write.py)
    return _searched_breaks(escaped, formats, inner, start)


def _searched_breaks(escaped: str, formats: Sequence[str], inner: int, start: int) -> list[str]:
    """`_breaks` by a search for the line-break opportunities gettext takes."""
    # Characters before which no break may come: inside an escape, inside a format directive, and the
    # backslash of a final \n.
    glued: set[int] = set()
    for m in _ESCAPE_RE.finditer(escaped):
        glued.update(range(m.start() + 1, m.end()))
    for flag in formats:
        pattern = _DIRECTIVES.get(flag)
        if pattern is not None:
            for m in pattern.finditer(escaped):
                glued.update(range(m.start() + 1, m.end()))
    if escaped.endswith("\\n"):
        glued.add(len(escaped) - 2)
    cuts = _libunistring_breaks(escaped, glued, inner, start)
    if cuts is None:
        cuts = _fallback_breaks(escaped, glued, inner, start)
    bounds = [0, *cuts, len(escaped)]
    return [escaped[a:b] for a, b in itertools.pairwise(bounds)]


@functools.cache
def _unistring() -> Any:
    """GNU libunistring, whose u8_width_linebreaks is what gettext itself breaks lines with, or None."""
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        fn = lib.u8_width_linebreaks
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                   ctypes.c_char_p, ctypes.c_char_p]
    fn.restype = ctypes.c_int
    return fn


_BREAK_PROHIBITED, _BREAK_POSSIBLE = 1, 2
_POSSIBLE_BYTE = bytes([_BREAK_POSSIBLE])
_CHARACTER_START_RE = re.compile(rb"[^\x80-\xbf]")  # a byte that starts a UTF-8 character


def _libunistring_breaks(escaped: str, glued: set[int], inner: int, start: int) -> list[int] | None:
    fn = _unistring()
    if fn is None:
        return None
    data = escaped.encode("utf-8")
    # The byte offset of each character; an ASCII string's are its character indices.
    offsets = None if len(data) == len(escaped) else [m.start() for m in _CHARACTER_START_RE.finditer(data)]
    overrides = bytearray(len(data))
    for i in glued:
        overrides[i if offsets is None else offsets[i]] = _BREAK_PROHIBITED
    out = ctypes.create_string_buffer(len(data))
    fn(data, len(data), inner, start, 0, bytes(overrides), b"UTF-8", out)
    result = out.raw
    cuts, at = [], result.find(_POSSIBLE_BYTE)
    while at >= 0:
        cuts.append(at)
        at = result.find(_POSSIBLE_BYTE, at + 1)
    if offsets is None:
        return cuts
    by_offset = {offset: i for i, offset in enumerate(offsets)}
    return [by_offset[b] for b in cuts if b in by_offset]


def _fallback_breaks(escaped: str, glued: set[int], inner: int, start: int) -> list[int]:
    """Without libunistring: the Unicode line-break opportunities of unicode_segmentation_rs, chosen as
    gnulib's u8_width_linebreaks chooses them (a break at the last opportunity before the line overflows)."""
    index, at = {}, 0  # line_breaks counts UTF-8 bytes
    for i, ch in enumerate(escaped):
        index[at] = i
        at += len(ch.encode("utf-8"))
    chances = {index[b] for b, mandatory in line_breaks(escaped) if not mandatory and b in index and b > 0}
    cuts: list[int] = []
    column, piece, last = start, 0, None
    for i, ch in enumerate(escaped):
        if i in chances and i not in glued:
            if last is not None and column + piece > inner:
                cuts.append(last)
                column = 0
            last = i
            column += piece
            piece = 0
        piece += max(text_width(ch), 0)
    if last is not None and column + piece > inner:
        cuts.append(last)
    return cuts


def _comment_lines(mark: str, text: str) -> list[str]:
    """gettext's comment lines: the mark, a space unless the text is empty or starts with one, the text."""
    return [f"{mark}{' ' if line and line[0] != ' ' else ''}{line}" for line in text.split("\n")]


def _reference_lines(occurrences: Sequence[tuple[str, str]], width: int) -> list[str]:
    """`#:` lines filled as gettext fills them (a new line once the next reference would reach the width)."""
    lines: list[str] = []
    current, column = "#:", 2
    for name, line in occurrences:
        ref = f"{name}:{line}" if line else name
        size = text_width(ref) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += f" {ref}"
        column += size
    lines.append(current)
    return lines


def _flags(entry: polib.POEntry) -> list[str]:
    """The flags as gettext orders them: fuzzy first (dropped on an empty translation), then the rest."""
    translated = bool(entry.msgstr) or any(entry.msgstr_plural.values())
    flags = list(dict.fromkeys(f.strip() for f in entry.flags if f.strip()))
    rest = [f for f in flags if f != "fuzzy"]
    return (["fuzzy"] if "fuzzy" in flags and translated else []) + rest


def entry_text(entry: polib.POEntry, width: int = WRAP_WIDTH) -> str:
    """One entry laid out as msgmerge lays it out (no final newline)."""
    wrap = "no-wrap" not in entry.flags
    formats = [f for f in entry.flags if f in _DIRECTIVES]
    obsolete = bool(entry.obsolete)
    prefix = "#~ " if obsolete else ""
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    if entry.comment and not obsolete:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences and not obsolete:
        lines += _reference_lines(entry.occurrences, width)
    flags = _flags(entry)
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                        ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None and (name != "msgid_plural" or value):
            lines += string_lines(previous, name, value, wrap, formats, width)
    if entry.msgctxt is not None:
        lines += string_lines(prefix, "msgctxt", entry.msgctxt, wrap, formats, width)
    lines += string_lines(prefix, "msgid", entry.msgid, wrap, formats, width)
    if entry.msgid_plural:
        lines += string_lines(prefix, "msgid_plural", entry.msgid_plural, wrap, formats, width)
        forms = entry.msgstr_plural or {0: ""}
        for n in sorted(int(k) for k in forms):
            lines += string_lines(prefix, f"msgstr[{n}]", forms.get(n, ""), wrap, formats, width)
    else:
        lines += string_lines(prefix, "msgstr", entry.msgstr, wrap, formats, width)
    return "\n".join(lines)


def _layout_key(entry: polib.POEntry) -> tuple[object, ...]:
    """Everything `entry_text` reads, as it reads it (flags in their order, plural forms with their keys)."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, tuple(entry.msgstr_plural.items()),
            tuple(entry.flags), entry.tcomment, entry.comment, tuple(tuple(o) for o in entry.occurrences),
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural, bool(entry.obsolete))


_LAID_OUT: dict[tuple[object, ...], str] = {}
_LAID_OUT_MAX = 2048  # entries remembered (a few MB at most); the memo starts over when full


def _laid_out(entry: polib.POEntry) -> str:
    """`entry_text`, once per run for an entry that several catalogs hold alike: a new message is the same
    entry in the catalog of every language `update` makes."""
    key = _layout_key(entry)
    text = _LAID_OUT.get(key)
    if text is None:
        text = entry_text(entry)
        if len(_LAID_OUT) >= _LAID_OUT_MAX:
            _LAID_OUT.clear()
        _LAID_OUT[key] = text
    return text


def _header_text(po: polib.POFile, original: Original | None) -> str:
    """The header entry: kept as read when unchanged; else each field that is unchanged keeps its lines."""
    if original is not None and original.header is not None and original.header[0] == header_fingerprint(po):
        return original.header[1]
    kept_head = (original is not None and original.header is not None
                 and original.header[0][0] == po.header and original.header[0][2] == bool(po.metadata_is_fuzzy))
    if kept_head and original is not None and original.header_head:
        head = original.header_head.replace("\r\n", "\n")
        lines = [head + 'msgstr ""']
    else:
        lines = [_header_comment_line(line) for line in po.header.split("\n")] if po.header else []
        if po.metadata_is_fuzzy:
            lines.append("#, fuzzy")
        lines += ['msgid ""', 'msgstr ""']
    for key, value in po.metadata.items():
        text = f"{key}: {value}\n"
        kept = original.header_fields.get(text) if original is not None else None
        if kept is not None:
            lines.append(kept.replace("\r\n", "\n").rstrip("\n"))
        else:
            lines += [f'"{piece}"' for piece in _breaks(escape(text), (), WRAP_WIDTH - 2, 0)]
    return "\n".join(lines)


def _header_comment_line(line: str) -> str:
    return "#" if not line else f"#{line}" if line[:1] in ",:" else f"# {line}"


def render(po: polib.POFile, original: Original | None = None) -> str:
    """The catalog as text: header, live entries, then obsolete ones; what `original` holds unchanged is
    written as it was read."""
    parts: list[str] = []
    if po.metadata or po.header or original is None or original.header is not None:
        parts.append(_header_text(po, original).rstrip("\r\n"))
    live = [e for e in po if not e.obsolete]
    dead = [e for e in po if e.obsolete]
    for entry in _chain(live, dead):
        kept = original.block(entry) if original is not None else None
        parts.append(kept.rstrip("\r\n") if kept is not None else _laid_out(entry))
    newline = original.newline if original is not None else "\n"
    text = "\n\n".join(part.replace("\r\n", "\n") for part in parts) + "\n"
    return text.replace("\n", "\r\n") if newline == "\r\n" else text


def _chain(*groups: Iterable[polib.POEntry]) -> Iterable[polib.POEntry]:
    for group in groups:
        yield from group


def encode(po: polib.POFile, original: Original | None = None) -> bytes:
    """The catalog's bytes in the charset its header declares; a catalog whose text no longer fits that
    charset (a Cyrillic draft in an ISO-8859-2 file) is switched to UTF-8, header included."""
    content_type = po.metadata.get("Content-Type", "")
    m = CHARSET_RE.search(content_type.encode("ascii", "replace"))
    encoding = "utf-8"
    if m:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
    if encoding != "utf-8":
        try:
            return render(po, original).encode(encoding)
        except UnicodeEncodeError:
            po.metadata["Content-Type"] = CHARSET_SUB_RE.sub("charset=UTF-8", content_type)
    return render(po, original).encode("utf-8")
