"""A catalog as text and bytes."""

from __future__ import annotations

import codecs

import polib

from pipeline.po.headers import CHARSET_RE, CHARSET_SUB_RE

WRAP_WIDTH = 78


def _comment_lines(prefix: str, text: str) -> list[str]:
    return [f"{prefix} {line}" if line else prefix for line in text.split("\n")]


def _entry_text(entry: polib.POEntry, width: int) -> str:
    """One entry as polib writes it, except that comments are written line for line, never re-wrapped
    (polib wraps long `#.`/`#` lines, which puts line breaks into their text on the next read)."""
    tcomment, comment = entry.tcomment, entry.comment
    entry.tcomment = entry.comment = ""
    try:
        body = entry.__unicode__(width)
    finally:
        entry.tcomment, entry.comment = tcomment, comment
    head = _comment_lines("#", tcomment) if tcomment else []
    if comment and not entry.obsolete:
        head += _comment_lines("#.", comment)
    return "\n".join([*head, body])


def render(po: polib.POFile) -> str:
    """The catalog as text: header, live entries, then obsolete ones (polib's order and string wrapping)."""
    head = "".join("#\n" if not line else f"#{line}\n" if line[:1] in ",:" else f"# {line}\n"
                   for line in po.header.split("\n"))
    parts = [head + po.metadata_as_entry().__unicode__(po.wrapwidth)]
    parts += [_entry_text(e, po.wrapwidth) for e in po if not e.obsolete]
    parts += [_entry_text(e, po.wrapwidth) for e in po if e.obsolete]
    text = "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"


def encode(po: polib.POFile) -> bytes:
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
            return render(po).encode(encoding)
        except UnicodeEncodeError:
            po.metadata["Content-Type"] = CHARSET_SUB_RE.sub("charset=UTF-8", content_type)
    return render(po).encode("utf-8")
