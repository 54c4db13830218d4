"""Reading catalogs: `parse`/`load` (polib underneath, a read-write model for the commands that write
catalogs) and `read_for_check`, the fast read-only reader of `tolmach check` (see below)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from types import MappingProxyType

import polib

from pipeline.errors import TolmachError
from pipeline.po.headers import charset_of, header_nplurals
from pipeline.po.model import ReadCatalog, ReadEntry
from pipeline.po.write import WRAP_WIDTH, Original

_POLIB_LINE_RE = re.compile(r"line (\d+)")


# A keyword line or continuation line of a PO entry; its string must be one complete quoted string.
# A string line (optionally `#~`/`#|` and a keyword before it) whose quotes do not close at its end; one
# search over the whole text, in C, instead of a Python loop over every line.
_PO_BAD_STRING_RE = re.compile(
    r'^[ \t]*(?:#[~|][ \t]*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[ \t]*'
    r'"(?!(?:[^"\\\n]|\\.)*"[ \t\r]*$)', re.M)


def _check_quotes(text: str, path: Path) -> None:
    """polib silently accepts an unterminated string (`msgstr "Privet.`); msgfmt would not, nor do we."""
    m = _PO_BAD_STRING_RE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise TolmachError("invalid PO file: unterminated or malformed string", path, line,
                           hint="fix it in a PO editor or run msgfmt --check")


OBSOLETE_PREVIOUS_RE = re.compile(r"^#~\|", re.MULTILINE)


# gettext's escapes that polib does not know (`\\a`, octal and hex bytes, `\\?`, `\\'`), in the strings of a
# catalog; `\\\\` and `\\"` are matched first so that an escaped backslash is never read as the start of one.
_STRING_LINE_RE = re.compile(r'^((?:#~\|?|#\|)?[ \t]*(?:msg[a-z_]+(?:\[\d+\])?[ \t]+)?)(".*)$', re.M)
_GETTEXT_ESCAPE_RE = re.compile(r'\\[\\"]|(?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}))+|\\[a?\']')
_BYTE_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2}))")
_POLIB_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\b": "\\b", "\f": "\\f",
                  "\\": "\\\\", '"': '\\"'}
_LINE_BREAKS = frozenset("\x1c\x1d\x1e\x85\u2028\u2029")  # str.splitlines would cut a string at these


def decode_escapes(text: str, encoding: str) -> str:
    """The catalog text with gettext's escapes that polib would misread as text (`"Done\\a"` read as
    `Done\\\\a`, written back as `Done\\\\a`) turned into what polib reads right: the character itself,
    or polib's own escape for it. Octal and hex escapes are bytes in the catalog's charset (`\\303\\251` is
    é in UTF-8). Lines stay lines, so line numbers do not move."""
    if "\\" not in text or not re.search(r"\\[0-7xa?']", text):
        return text

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("\\\\", '\\"'):
            return token
        if token in ("\\a", "\\?", "\\'"):
            return {"\\a": "\a", "\\?": "?", "\\'": "'"}[token]
        data = bytes(int(o, 8) if o else int(h, 16) for o, h in _BYTE_ESCAPE_RE.findall(token))
        try:
            chars = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return token
        if any(c in _LINE_BREAKS for c in chars) or any(int(o or "0", 8) > 255 for o, _ in
                                                        _BYTE_ESCAPE_RE.findall(token)):
            return token
        return "".join(_POLIB_ESCAPES.get(c, c) for c in chars)

    def line(m: re.Match[str]) -> str:
        return m.group(1) + _GETTEXT_ESCAPE_RE.sub(fix, m.group(2))

    return _STRING_LINE_RE.sub(line, text)


def parse(data: bytes, path: Path) -> polib.POFile:
    """Parse a .po/.pot from its bytes in the charset its header declares; errors name the file and line."""
    return _parse(data, path)[0]


def parse_kept(data: bytes, path: Path) -> tuple[polib.POFile, Original]:
    """`parse`, and the file's text cut by entry, so that writing it back keeps what the run did not change."""
    po, text = _parse(data, path)
    return po, Original.of(text, po)


def _parse(data: bytes, path: Path) -> tuple[polib.POFile, str]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    encoding = charset_of(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TolmachError(f"invalid PO file: not valid {encoding} (the charset its header declares)", path,
                           line, hint="fix the Content-Type charset or convert the file with msgconv") from exc
    try:
        _check_quotes(text, path)
        # polib skips an obsolete entry's previous msgid (`#~| msgid`); read it as `#|` so it is kept.
        readable = decode_escapes(OBSOLETE_PREVIOUS_RE.sub("#|", text), encoding)
        # polib's own duplicate check is quadratic (a linear search per entry): hours for 100k entries.
        po = polib.pofile(readable, wrapwidth=WRAP_WIDTH, check_for_duplicates=False, encoding=encoding)
    except (OSError, ValueError) as exc:
        m = _POLIB_LINE_RE.search(str(exc))
        raise TolmachError(f"invalid PO file: {exc}", path, int(m.group(1)) if m else None,
                           hint="fix it in a PO editor or run msgfmt --check") from exc
    po.encoding = encoding
    check_duplicates(po, path)
    header_nplurals(po, path)  # a bomb of a Plural-Forms header is refused here, naming the file
    return po, text


def check_duplicates(entries: Iterable[polib.POEntry | ReadEntry], path: Path) -> None:
    """msgfmt refuses a message twice (same context and msgid, both live or both obsolete); so do we."""
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            context = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            raise TolmachError(f'invalid PO file: Entry "{entry.msgid}"{context} already exists', path,
                               entry.linenum, hint="fix it in a PO editor or run msgfmt --check")
        seen.add(key)


def read_bytes(path: Path) -> bytes:
    """A catalog file's bytes; a missing file, a folder or an unreadable file is a TolmachError."""
    if not path.exists():
        raise TolmachError("no such catalog", path)
    if path.is_dir():
        raise TolmachError("is a directory, expected a .po file", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TolmachError(f"cannot read: {exc.strerror}", path) from exc


def load(path: Path) -> polib.POFile:
    """Read and parse a .po/.pot; a syntax error is reported with the file and line."""
    return parse(read_bytes(path), path)


def load_if_exists(path: Path) -> polib.POFile | None:
    return load(path) if path.exists() else None


# --- The fast read-only reader of the check path ---------------------------------------------------------
#
# The same entries as `parse` (polib), in less time and memory. `read_for_check(path)` returns a
# `ReadCatalog`: the header's metadata as polib parses it, the charset, and the entries in file order (header
# excluded) as `ReadEntry` tuples with the fields of a
# polib POEntry that checks read. It reads the grammar of well-formed catalogs line by line with polib's own
# state machine (same transitions, same joining of continuation lines, same unescaping, same flags and
# comment splitting, same line numbers), with the per-line work done by C string methods instead of polib's
# regular expressions, method dispatch and POEntry objects. Anything else — a keyword or comment it does not
# expect, a string that is not one well-formed quoted string ending its line, a state polib rejects or treats
# specially, leading or trailing white space around a string, line breaks other than LF and CRLF, several
# header entries — it does not guess at: the file is read again by `parse`, which raises the usual
# TolmachError with the file and line, or returns polib's catalog, whose entries are then used as they are.
# Charset, BOM, decoding and duplicate-entry errors are `parse`'s own (`charset_of`, `check_duplicates`).
# So a broken catalog is reported exactly as by every other command; `tests/test_po_read_fast.py` compares
# both readers field by field on real and generated catalogs.
#
# Left out because the check path never reads them: `#:` references (`occurrences`, polib's most expensive
# field: a list of tuples per entry), the header comment and the header's flags. Entries are immutable;
# commands that write catalogs (update, translate) keep `load` and polib; `build`, which only reads them, uses
# this reader through `Workspace.read`. The reader is a
# self-contained grammar whose one invariant is to agree with polib line for line.
#
# Libraries considered: rspolib (polib in Rust, about 10× faster) ships per-CPython wheels only (0.1.2: no
# cp313 or abi3 wheel; a source build needs Rust) and has one maintainer, so it cannot be a dependency of the
# light CI install; Babel's `read_po` is pure Python and slower than polib; translate-toolkit's `cpo` needs
# libgettextpo, which is not on PyPI. Standard library only.


def read_for_check(path: Path) -> ReadCatalog:
    """Read a .po/.pot to check it; every error is `load`'s (file, line, hint)."""
    return parse_for_check(read_bytes(path), path)


def parse_for_check(data: bytes, path: Path) -> ReadCatalog:
    """`read_for_check` from the file's bytes."""
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    encoding = charset_of(body, path)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        text = None
    fast = read_text(decode_escapes(text, encoding)) if text is not None else None
    del text, body
    if fast is None:  # polib reads it, or raises the error `load` would
        po = parse(data, path)
        return ReadCatalog(po.metadata, po.encoding, list(po))
    metadata, entries = fast
    check_duplicates(entries, path)
    catalog = ReadCatalog(metadata, encoding, entries)
    header_nplurals(catalog, path)
    return catalog


# polib's state machine (polib._POFileParser): the states each symbol may follow. States and symbols are
# polib's names: st start, he header comment, tc translator comment, gc extracted comment, oc reference,
# fl flags, ct msgctxt, pc/pm/pp previous msgctxt/msgid/msgid_plural, mi msgid, mp msgid_plural, ms msgstr,
# mx msgstr[n]; mc, a continuation line, adds to the string of the state it follows and keeps the state.
_ANY = frozenset(("st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"))
_AFTER: dict[str, frozenset[str]] = {
    "he": frozenset(("st", "he")),
    "tc": frozenset(("gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi")),
    "gc": _ANY, "oc": _ANY, "fl": _ANY, "pc": _ANY, "pm": _ANY, "pp": _ANY,
    "ct": frozenset(("st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx")),
    "mi": frozenset(("st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx")),
    "mp": frozenset(("tc", "gc", "pc", "pm", "pp", "mi")),
    "ms": frozenset(("mi", "mp", "tc")),
    "mx": frozenset(("mi", "mx", "mp", "tc")),
}
_KEYWORDS = {"msgid": "mi", "msgstr": "ms", "msgctxt": "ct", "msgid_plural": "mp"}
_PREVIOUS = {"msgid": "pm", "msgctxt": "pc", "msgid_plural": "pp"}
_COMMENTS = {"#.": "gc", "#:": "oc", "#,": "fl"}
# The inside of a well-formed quoted string: every quote escaped, no lone backslash at the end.
_STRING_RE = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_ESCAPE_RE = re.compile(r'\\(\\|n|t|r|v|b|f|")')  # polib.unescape's
_ESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", '"': '"'}
_NO_PLURALS: Mapping[int, str] = MappingProxyType({})


def _unescape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(1)]


def _string(token: str) -> str | None:
    """The text of one quoted string that is the whole token, unescaped as polib does; None if malformed."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    value = token[1:-1]
    if ('"' in value or value[-1:] == "\\") and _STRING_RE.fullmatch(value) is None:
        return None
    return _ESCAPE_RE.sub(_unescape, value) if "\\" in value else value


def read_text(text: str) -> tuple[dict[str, str], list[ReadEntry]] | None:
    """The metadata and entries of a decoded catalog as polib reads them, or None where polib must decide
    (see the module docstring). Duplicates are not looked for here."""
    if "#~|" in text:  # as `parse`: an obsolete entry's previous msgid is read as `#|`
        text = OBSOLETE_PREVIOUS_RE.sub("#|", text)
    # Only LF and CRLF end lines: str.splitlines (polib's) also splits at \r, \v, \f, \x1c-\x1e, \x85,
    # U+2028 and U+2029, where `parse`'s string check sees one line.
    if ("\r" in text and text.count("\r") != text.count("\r\n")) or any(c in text for c in _OTHER_BREAKS):
        return None
    lines = chain.from_iterable(map(str.splitlines, _chunks(text)))
    entries = _entries(lines)
    if entries is None:
        return None
    headers = [i for i, e in enumerate(entries) if not e.obsolete and e.msgid == ""]
    if len(headers) > 1:  # polib picks one by rules of its own
        return None
    metadata: dict[str, str] = {}
    if headers:
        header = entries.pop(headers[0])
        key = None
        for msg in header.msgstr.splitlines():  # polib's header parsing
            try:
                key, val = msg.split(":", 1)
                metadata[key] = val.strip()
            except ValueError:
                if key is not None:
                    metadata[key] += "\n" + msg.strip()
    return metadata, entries


_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CHUNK = 1 << 20  # characters split into lines at a time: a whole catalog's lines take twice its text's memory


def _chunks(text: str) -> Iterator[str]:
    """The text in pieces of whole lines."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + _CHUNK) + 1 or size
        yield text[start:end]
        start = end


def _entries(lines: Iterable[str]) -> list[ReadEntry] | None:
    """polib's state machine over the lines, on the lines it can read without polib's help."""
    entries: list[ReadEntry] = []
    append = entries.append
    after = _AFTER
    state = "st"
    linenum = 0
    msgid = msgstr = msgid_plural = comment = tcomment = ""
    msgctxt: str | None = None
    previous: dict[str, str] = {}  # `#|` fields by their state: "pc" msgctxt, "pm" msgid, "pp" msgid_plural
    plural: dict[int, str] | None = None
    flags: tuple[str, ...] = ()
    obsolete = False
    index = 0
    keep_last = False  # polib keeps the entry being read at the end unless the last line is a comment
    for num, line in enumerate(lines, 1):
        if not line:
            continue
        first = line[0]
        obsolete_line = False
        if first == "#":
            if line[1:2] == "~":  # `#~ msgid "..."`, `#~ "..."`: read on without the mark
                if line[2:3] != " " or line[-1] != '"':
                    return None
                line = line[3:].lstrip()
                first = line[0]
                obsolete_line = True
                if first != "m" and first != '"':
                    return None
            else:
                keep_last = False
                ends_string = line[-1] == '"'  # before rstrip: white space after a string is polib's to judge
                line = line.rstrip()
                parts = line.split(None, 1)
                mark = parts[0]
                if mark == "#." or mark == "#:" or mark == "#,":
                    if len(parts) == 1:  # an empty comment: polib skips the line
                        continue
                    symbol = _COMMENTS[mark]
                    value = line[3:]
                elif mark == "#" or mark[:2] == "##":
                    symbol = "he" if state == "st" or state == "he" else "tc"
                    value = line.lstrip("#")
                    if value[:1] == " ":
                        value = value[1:]
                elif mark == "#|" and len(parts) == 2:
                    rest = parts[1]
                    if rest[:1] == '"':  # `#| "..."` continues the current string, as a continuation line
                        symbol = "mc"
                    else:
                        keyword, _, rest = rest.partition(" ")
                        symbol = _PREVIOUS.get(keyword, "")
                    string = _string(rest) if symbol and ends_string else None
                    if string is None:
                        return None
                    value = string
                    if symbol == "mc":  # only a `#|` field reads on in a `#|` line
                        if state not in previous:
                            return None
                        previous[state] += value
                        continue
                else:
                    return None
        if first == "m":  # msgid, msgstr, msgctxt, msgid_plural, msgstr[n]: one space, then the string
            keep_last = True
            space = line.find(' "')
            string = _string(line[space + 1:]) if space >= 0 else None
            if string is None:
                return None
            value = string
            keyword = line[:space]
            if keyword == "msgstr" and (state == "mi" or state == "mp" or state == "tc"):  # the commonest line
                msgstr = value
                state = "ms"
                continue
            symbol = _KEYWORDS.get(keyword, "")
            if not symbol:
                if len(keyword) != 9 or keyword[:7] != "msgstr[" or keyword[8] != "]" or not "0" <= keyword[7] <= "9":
                    return None
                symbol = "mx"
        elif first == '"':  # a continuation line (mc): adds to the string being read
            keep_last = True
            string = _string(line)
            if string is None:
                return None
            value = string
            if state == "ms":
                msgstr += value
            elif state == "mi":
                msgid += value
            elif state == "mx" and plural is not None:
                plural[index] += value
            elif state == "mp":
                msgid_plural += value
            elif state == "ct" and msgctxt is not None:
                msgctxt += value
            elif state in previous:
                previous[state] += value
            else:
                return None
            continue
        elif first != "#":
            if line.isspace():
                continue
            return None
        if state not in after[symbol]:
            return None
        if (state == "ms" or state == "mx") and symbol != "mx":  # a new entry begins at this line
            append(ReadEntry(msgid, msgstr, msgid_plural, _NO_PLURALS if plural is None else plural, msgctxt,
                             flags, obsolete, comment, tcomment, previous.get("pc"), previous.get("pm"),
                             previous.get("pp"), linenum))
            linenum = num
            msgid = msgstr = msgid_plural = comment = tcomment = ""
            msgctxt = None
            previous = {}
            plural = None
            flags = ()
            obsolete = False
        if symbol == "mi":
            obsolete = obsolete_line
            msgid = value
        elif symbol == "ms":
            msgstr = value
        elif symbol == "oc":  # references are not kept
            pass
        elif symbol == "ct":
            msgctxt = value
        elif symbol == "gc":
            comment = f"{comment}\n{value}" if comment else value
        elif symbol == "fl":
            flags += tuple(flag.strip() for flag in value.split(","))
        elif symbol == "mx":
            index = int(keyword[7])
            if plural is None:
                plural = {}
            plural[index] = value
        elif symbol == "mp":
            msgid_plural = value
        elif symbol == "tc":
            tcomment = f"{tcomment}\n{value}" if tcomment else value
        elif symbol == "pm" or symbol == "pc" or symbol == "pp":
            previous[symbol] = value
        state = symbol
    if keep_last:
        append(ReadEntry(msgid, msgstr, msgid_plural, _NO_PLURALS if plural is None else plural, msgctxt,
                         flags, obsolete, comment, tcomment, previous.get("pc"), previous.get("pm"),
                         previous.get("pp"), linenum))
    return entries
