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
from typing import Any, Literal

Severity = Literal["error", "warning"]
Category = Literal["glossary", "critical", "functional", "cosmetic"]


@dataclass(frozen=True)
class EntryUnderCheck:
    """One catalog entry as the checks see it."""

    file: Path
    line: int  # line of the msgid in the .po file
    lang: str  # target language
    source_lang: str
    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    flags: tuple[str, ...] = ()
    comment: str = ""  # extracted comments


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


CheckFunction = Callable[[EntryUnderCheck, CheckContext], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    name: str
    severity: Severity
    category: Category
    function: CheckFunction
    needs_translation: bool = True  # skip entries with an empty msgstr

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")


@dataclass(frozen=True)
class Finding:
    """One problem in one entry; the fields are the JSON output contract of `tolmach check`."""

    file: str
    line: int
    context: str | None
    msgid: str
    lang: str
    rule: str
    term: str | None
    severity: Severity
    message: str
    found: str | None
    expected: str | None


REGISTRY: dict[str, Check] = {}


def check(name: str, severity: Severity, category: Category,
          needs_translation: bool = True) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `name` (the rule id users see and disable with `#, ignore-<name>`)."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in REGISTRY and REGISTRY[name].function is not function:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = Check(name, severity, category, function, needs_translation)
        return function

    return register
