"""`passes()` / `fails()` for QA check specifications: one entry, one check, one target language."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks import load_checks
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem

LANGS = ("pl", "be", "ru", "uk")
# One context for the whole test session, as one `tolmach check` run: the Polish dictionary loads once.
SHARED_CONTEXT = CheckContext()


def problems(check: str, msgid: str, msgstr: str, lang: str, fuzzy: bool = False, comment: str = "") -> list[Problem]:
    """The check's problems on one entry; a format check (`c-format`, ...) sees the entry flagged for it."""
    flags = (check,) if check.endswith("-format") else ()
    entry = EntryUnderCheck(Path("test.po"), 1, lang, "en", msgid, msgstr, fuzzy=fuzzy, flags=flags, comment=comment)
    return list(load_checks()[check].function(entry, SHARED_CONTEXT))


def passes(check: str, msgid: str, msgstr: str, lang: str, fuzzy: bool = False, comment: str = "") -> bool:
    return not problems(check, msgid, msgstr, lang, fuzzy, comment)


def fails(check: str, msgid: str, msgstr: str, lang: str, fuzzy: bool = False, comment: str = "") -> bool:
    return bool(problems(check, msgid, msgstr, lang, fuzzy, comment))
