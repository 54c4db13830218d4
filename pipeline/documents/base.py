"""The document model every reader produces and `build` renders back.

A document is a skeleton (literal chunks of the original file) with slots for translatable units.
Inline markup inside a unit is replaced by placeholders the translator sees but must keep:
`<g1>…</g1>` for paired markup (bold, a link) and `<x1/>` for standalone markup (a line break, an image).
They contain no underscore, because MT decoders turn `_` into spaces.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import CleanupConfig
from pipeline.errors import TolmachError

PLACEHOLDER_RE = re.compile(r"</?g\d+>|<x\d+/>")


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs besides the bytes: languages (for legacy encodings), cleanup, an encoding."""

    source_lang: str = "en"
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)
    languages: tuple[str, ...] = ()  # the target languages: their legacy encodings are tried after the source's
    encoding: str | None = None  # --encoding: no detection


@dataclass(frozen=True)
class Unit:
    """One translatable block: a paragraph, heading, list item, table cell, caption."""

    index: int
    text: str  # plain text with placeholders; may hold newlines of a hard-wrapped paragraph
    line: int  # 1-based line of the block in the original file
    kind: str = "paragraph"
    # placeholder tag -> the original markup it stands for, e.g. {"<g1>": '<a href="x">', "</g1>": "</a>"}
    placeholders: Mapping[str, str] = field(default_factory=dict)
    # How each line break of `text` is written in the file when it is more than "\n": a blockquote's
    # "\n> ", a list item's indentation. A translation with more breaks than the source reuses the last.
    breaks: tuple[str, ...] = ()
    # what the translator (and the checks) should know about the unit, written as an extracted comment
    # on each of its sentences: a subtitle's time on screen
    note: str = ""


@dataclass(frozen=True)
class Removal:
    """Something cleanup took out of a scraped document, so it is reported and never silently lost."""

    line: int
    kind: str  # boilerplate | repeated-line | nbsp | trailing-space
    text: str


@dataclass(frozen=True)
class Document:
    """A source document split into skeleton and units; line numbers refer to the original file."""

    path: Path
    name: str  # document id used for catalogs: "examples/foo.en.txt" -> "foo"
    format: str  # text | markdown | html
    units: tuple[Unit, ...]
    # literal text and unit indices in order; rendering joins them, units replaced by their text
    skeleton: tuple[str | int, ...]
    removed: tuple[Removal, ...] = ()
    encoding: str = "utf-8"  # how the source was decoded (text formats); built documents are UTF-8
    encoding_guessed: bool = False  # `encoding` was detected, not UTF-8, a BOM's or the one --encoding named
    # skeleton indices holding the document's own language code (HTML's <html lang="en">): build writes
    # the target language there
    language_slots: tuple[int, ...] = ()
    # the original file, for formats whose writer rebuilds the container from it (docx, odt, subtitles)
    source: bytes = field(default=b"", repr=False)
    # the source began with a UTF-8 byte order mark: text formats write it back, so an untranslated build
    # is the same bytes
    bom: bool = False
    newline: str = "\n"  # how the source ends its lines ("\r\n" from Windows): text formats write them so

    @property
    def extension(self) -> str:
        return self.path.suffix.lstrip(".")


Escape = Callable[[str], str]


def expand_placeholders(text: str, placeholders: Mapping[str, str], escape: Escape,
                        breaks: Sequence[str] = ()) -> str:
    """Turn a unit's text back into markup: escape the prose, put the original markup back for each tag.

    A tag the unit does not have (a translator's typo) is written as escaped text, never dropped silently.
    """
    pieces: list[str] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        pieces.append(escape(text[pos:m.start()]))
        tag = m.group(0)
        pieces.append(placeholders.get(tag, escape(tag)))
        pos = m.end()
    pieces.append(escape(text[pos:]))
    if breaks:
        # only prose pieces (even indices) hold the unit's own line breaks; markup is kept as it was
        counter = iter(range(len(text) + 1))
        for i in range(0, len(pieces), 2):
            pieces[i] = _BREAK_RE.sub(lambda _: breaks[min(next(counter), len(breaks) - 1)], pieces[i])
    return "".join(pieces)


_BREAK_RE = re.compile("\n")


def render(doc: Document, unit_texts: Sequence[str], escape: Escape, lang: str | None = None,
           verbatim_unchanged: bool = False) -> str:
    """Join the skeleton with the given text for each unit (same order as doc.units).

    With `lang`, the document's language declaration (if it has one) names the target language. With
    `verbatim_unchanged` (formats whose unit text is the source's own characters, markup in placeholders),
    a unit whose text is unchanged is written as it was, never re-escaped.
    """
    if len(unit_texts) != len(doc.units):
        raise ValueError(f"{doc.name}: {len(unit_texts)} unit texts for {len(doc.units)} units")
    parts: list[str] = []
    for position, piece in enumerate(doc.skeleton):
        if lang and position in doc.language_slots:
            parts.append(escape(lang))
        elif isinstance(piece, int):
            unit = doc.units[piece]
            same = verbatim_unchanged and unit_texts[piece] == unit.text
            parts.append(expand_placeholders(unit_texts[piece], unit.placeholders, _verbatim if same else escape,
                                             unit.breaks))
        else:
            parts.append(piece)
    return "".join(parts)


def _verbatim(text: str) -> str:
    return text


def document_name(path: Path, source_lang: str) -> str:
    """'examples/story.en.txt' -> 'story': the file stem without a trailing source-language tag.

    The name becomes `<name>.pot` and `<name>.po`, so one that is empty or hidden ('.en.txt') is refused.
    """
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-2] == source_lang:
        name = ".".join(parts[:-2])
    elif len(parts) >= 2:
        name = ".".join(parts[:-1])
    else:
        name = path.name
    if not name or name.startswith("."):
        raise TolmachError(f"the file name {path.name!r} leaves no document name for its catalogs", path,
                           hint=f"rename it, e.g. story.{source_lang}{path.suffix}")
    try:  # the name and path go into catalogs, which are UTF-8
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TolmachError("the file name is not valid UTF-8", ascii(str(path))[1:-1],
                           hint="rename it, e.g. with convmv -f latin1 -t utf8 --notest FILE") from exc
    return name


Parse = Callable[[Path, str, str, CleanupConfig], Document]


def read_decoded(parse: Parse, path: Path, data: bytes, options: ReadOptions) -> Document:
    """A text format's reader: decode the bytes (UTF-8, or a legacy encoding of the project's languages),
    then parse the text."""
    from dataclasses import replace

    from pipeline.fileio import decode_text

    decoded = decode_text(path, data, (options.source_lang, *options.languages), options.encoding)
    return replace(parse(path, decoded.text, options.source_lang, options.cleanup), encoding=decoded.encoding,
                   encoding_guessed=decoded.guessed, bom=data.startswith(codecs.BOM_UTF8))


def write_rendered(doc: Document, unit_texts: Sequence[str], escape: Escape, lang: str | None,
                   verbatim_unchanged: bool = False) -> bytes:
    """A text format's writer: the skeleton joined with the unit texts, as UTF-8, with the source's line
    endings and BOM."""
    text = render(doc, unit_texts, escape, lang, verbatim_unchanged)
    if doc.newline != "\n":
        text = text.replace("\n", doc.newline)
    return with_bom(doc, text.encode("utf-8"))


def with_bom(doc: Document, data: bytes) -> bytes:
    """The built bytes, behind a UTF-8 byte order mark when the source had one."""
    return codecs.BOM_UTF8 + data if doc.bom else data
