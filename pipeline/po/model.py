"""The catalog model stages share: what identifies a message, what counts as translated, the counts users see,
and the read-only entries of the check path (`read.read_for_check`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import polib

# The catalog model every stage reads and sets: polib's classes, typed for mypy by typings/polib.pyi. Only
# pipeline/po/ imports polib; stages name these.
Entry = polib.POEntry
Catalog = polib.POFile

Key = tuple[str | None, str]  # (msgctxt, msgid): what identifies a message, as in msgmerge


def key_of(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Anything a translator wrote: a msgstr, or any plural form (msgmerge keeps such obsolete entries)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def is_template_flag(flag: str) -> bool:
    """Flags the template owns (msgmerge takes them from the .pot): format, wrapping and range flags."""
    return flag.endswith("-format") or flag in ("wrap", "no-wrap") or flag.startswith("range:")


@dataclass(frozen=True)
class CatalogStats:
    """The per-language counts users see in summaries."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @classmethod
    def of(cls, po: polib.POFile) -> CatalogStats:
        live = [e for e in po if not e.obsolete]
        fuzzy = sum(1 for e in live if e.fuzzy)
        translated = sum(1 for e in live if e.translated())
        return cls(len(live), translated, fuzzy, len(live) - translated - fuzzy)

    def __add__(self, other: CatalogStats) -> CatalogStats:
        """Counts of several catalogs together (a language's line in `translate`'s summary)."""
        return CatalogStats(self.total + other.total, self.translated + other.translated,
                            self.fuzzy + other.fuzzy, self.untranslated + other.untranslated)


class ReadEntry(NamedTuple):
    """One PO entry as polib reads it (plain data; flags a tuple, msgstr_plural read-only)."""

    msgid: str
    msgstr: str
    msgid_plural: str
    msgstr_plural: Mapping[int, str]
    msgctxt: str | None
    flags: tuple[str, ...]
    obsolete: bool
    comment: str  # extracted comments (`#.`), joined with "\n"
    tcomment: str  # translator comments (`#`)
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    linenum: int  # polib's: the entry's first line (0 for the file's first entry)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


class ReadCatalog:
    """A catalog read for checking: `metadata`, `encoding` and its entries (iterate it, as a polib.POFile)."""

    __slots__ = ("encoding", "entries", "metadata")

    def __init__(self, metadata: dict[str, str], encoding: str, entries: Sequence[ReadEntry | Entry]) -> None:
        self.metadata = metadata
        self.encoding = encoding
        self.entries = entries  # ReadEntry, or polib's POEntry objects when polib read the file

    def __iter__(self) -> Iterator[ReadEntry | Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)
