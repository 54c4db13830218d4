"""The registry of checks, modelled on Translate Toolkit's pofilter.

A check is one small named function: it takes an entry (and the run's context) and yields Problems.
Its docstring is its documentation (`tolmach check --list-checks` prints it). Severity says whether a
problem fails CI (error) or is reported only (warning); category groups checks as Translate Toolkit
does (critical, functional, cosmetic) plus glossary.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pipeline.config import ChecksSettings

Severity = Literal["error", "warning"]
Category = Literal["glossary", "critical", "functional", "cosmetic"]


class EntryUnderCheck(NamedTuple):
    """One catalog entry as the checks see it: plain immutable data (a NamedTuple: a catalog makes one per
    entry and form, and a tuple is built four times faster than a frozen dataclass)."""

    file: Path  # where it is: `file` and `line` come first, what the checks judge (CONTENT) after them
    line: int  # line of the msgid in the .po file
    lang: str  # target language
    source_lang: str
    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    flags: tuple[str, ...] = ()
    comment: str = ""  # extracted comments
    # A plural entry is checked once per form: msgstr[0] against msgid, msgstr[n] against msgid_plural.
    msgid_plural: str | None = None
    plural_index: int | None = None  # which msgstr[n] `msgstr` is; None for an entry without plurals
    plural_forms: tuple[str, ...] = ()  # every msgstr[n] of a plural entry
    one_number: bool = False  # this form serves one number only (Polish "one": n == 1), so may omit it
    nplurals: int | None = None  # the catalog header's nplurals
    singular: str | None = None  # a plural entry's msgid, which `msgid` is not for msgstr[1] and after

    def content(self) -> tuple[Any, ...]:
        """Everything a check may judge, without where the entry is: equal content, equal findings."""
        return tuple.__getitem__(self, CONTENT)


CONTENT = slice(2, None)  # EntryUnderCheck fields after file and line


@dataclass(frozen=True)
class Problem:
    """What a check reports about one entry; the runner turns it into a Finding."""

    message: str
    found: str | None = None
    expected: str | None = None
    term: str | None = None  # glossary concept id, for glossary rules
    severity: Severity | None = None  # overrides the check's default (e.g. a forbidden source variant)


@dataclass
class CheckContext:
    """Shared state for one run: language resources are built once per language, not per entry."""

    source_lang: str = "en"
    glossary: Any = None  # pipeline.glossary.Glossary, when one is loaded
    cache: dict[str, Any] = field(default_factory=dict)  # per-run memo for matchers, dictionaries
    # per-language memo (a dictionary with its verdicts): emptied when a run moves on to another language
    language_cache: dict[str, Any] = field(default_factory=dict)
    settings: ChecksSettings = field(default_factory=ChecksSettings)  # limits some checks read


CheckFunction = Callable[[EntryUnderCheck, CheckContext], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    category: Category
    function: CheckFunction  # the check as anyone may call it on any entry
    needs_translation: bool = True  # skip entries with an empty msgstr
    skips_blank: bool = False  # a blank or free-form translation is another check's finding: not judged
    body: CheckFunction | None = None  # `function` without its blank test: the runner tests once per entry
    sees_header: bool = False  # also judges the catalog's header (an entry with msgid "", the header as msgstr)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")


@dataclass(frozen=True)
class Finding:
    """One problem in one entry; the fields are the JSON output contract of `tolmach check` (REPORT_VERSION).

    An entry is named as gettext keys it: `msgid` (a plural entry's singular, whichever form the finding is
    about), `msgctxt`, and `msgid_plural` for a plural entry; `message` starts with "msgstr[n]: " for a form.
    """

    file: str
    line: int
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    lang: str
    rule: str
    term: str | None
    severity: Severity
    message: str
    found: str | None
    expected: str | None


# The version of the JSON report's layout (docs/checks.md, "Machine output"): 2 named entries by msgid,
# msgid_plural and msgctxt (1 had "context", and a plural form's msgid_plural as its "msgid").
REPORT_VERSION = 2
# The rule of the finding a catalog that cannot be read gives (exit status 2, in every format).
UNREADABLE = "unreadable"

REGISTRY: dict[str, Check] = {}

# The Weblate check each tolmach check corresponds to (its flag `ignore-<id>` silences ours too, so a catalog
# reviewed in Weblate keeps its silenced findings silent here). Checks Weblate lacks have no entry.
WEBLATE_CHECKS: dict[str, str] = {
    "untranslated": "same",
    "newlines": "newline-count",
    "double-space": "double-space",
    "end-punctuation": "end-stop",
    "leading-whitespace": "begin-space",
    "trailing-whitespace": "end-space",
    "repeated-word": "duplicate",
    "markup": "xml-tags",
    "placeholders": "placeholders",
    "urls": "url",
    "c-format": "c-format",
    "python-format": "python-format",
    "python-brace-format": "python-brace-format",
    "plural-forms": "plurals",
}


def ignored_by_flags(flags: Iterable[str]) -> set[str]:
    """The checks an entry's `ignore-<check>` flags silence, tolmach's names and Weblate's alike."""
    named = {f[len("ignore-"):] for f in flags if f.startswith("ignore-")}
    if not named:
        return named
    return named | {ours for ours, theirs in WEBLATE_CHECKS.items() if theirs in named}


def check(name: str, severity: Severity, category: Category, needs_translation: bool = True,
          skips_blank: bool = False, body: CheckFunction | None = None,
          sees_header: bool = False) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `name` (the rule id users see and disable with `#, ignore-<name>`).
    A check with `sees_header` is also given each catalog's header, as an entry whose msgid is empty and
    whose msgstr is the header ("Plural-Forms: ..." lines); no other check sees it."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in REGISTRY and REGISTRY[name].function is not function:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = Check(name, severity, category, function, needs_translation, skips_blank, body,
                                sees_header)
        return function

    return register
