# Type stub for polib (1.2), the parts tolmach uses: polib ships no type hints, and without them every catalog
# entry is `Any` to mypy. Only pipeline/po/ imports polib; stages see pipeline.po.model.Entry and Catalog.
from typing import Any

default_encoding: str

def pofile(pofile: str, **kwargs: Any) -> POFile: ...
def escape(st: str) -> str: ...
def unescape(st: str) -> str: ...

class POEntry:
    msgid: str
    msgstr: str
    msgid_plural: str
    msgstr_plural: dict[int, str]
    msgctxt: str | None
    obsolete: bool  # polib sets 0 or 1 when it reads a file
    encoding: str
    comment: str
    tcomment: str
    occurrences: list[tuple[str, str]]
    flags: list[str]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    linenum: int | None
    def __init__(
        self,
        *,
        msgid: str = ...,
        msgstr: str = ...,
        msgid_plural: str = ...,
        msgstr_plural: dict[int, str] = ...,
        msgctxt: str | None = ...,
        obsolete: bool | int = ...,
        encoding: str = ...,
        comment: str = ...,
        tcomment: str = ...,
        occurrences: list[tuple[str, str]] = ...,
        flags: list[str] = ...,
        previous_msgctxt: str | None = ...,
        previous_msgid: str | None = ...,
        previous_msgid_plural: str | None = ...,
        linenum: int | None = ...,
    ) -> None: ...
    @property
    def fuzzy(self) -> bool: ...
    @fuzzy.setter
    def fuzzy(self, value: bool) -> None: ...
    def translated(self) -> bool: ...
    def msgid_with_context(self) -> str: ...
    def __unicode__(self, wrapwidth: int = ...) -> str: ...

class POFile(list[POEntry]):
    fpath: str | None
    wrapwidth: int
    encoding: str
    check_for_duplicates: bool
    header: str
    metadata: dict[str, str]
    metadata_is_fuzzy: Any
    def __init__(self, pofile: str | None = ..., *, wrapwidth: int = ..., encoding: str = ...,
                 check_for_duplicates: bool = ...) -> None: ...
    def append(self, entry: POEntry) -> None: ...
    # an entry or None; Any so that tests may chain `po.find(msgid).msgstr`
    def find(self, st: str, by: str = ..., include_obsolete_entries: bool = ..., msgctxt: str | bool = ...
             ) -> Any: ...
    def percent_translated(self) -> int: ...
    def translated_entries(self) -> list[POEntry]: ...
    def untranslated_entries(self) -> list[POEntry]: ...
    def fuzzy_entries(self) -> list[POEntry]: ...
    def obsolete_entries(self) -> list[POEntry]: ...
    def metadata_as_entry(self) -> POEntry: ...
    def ordered_metadata(self) -> list[tuple[str, str]]: ...
    def save(self, fpath: str | None = ..., repr_method: str = ..., newline: str | None = ...) -> None: ...
    def __unicode__(self) -> str: ...
