"""Checks on what gettext catalogs of software carry: format strings and plural forms.

The format checks follow msgfmt's `--check-format`: they run on entries flagged `c-format`,
`python-format` or `python-brace-format` (the flag comes from the template), compare every plural form
with msgid_plural (msgstr[0] with msgid in a catalog without plurals), and let a plural form that serves
one number only ("one" in Polish: n == 1) leave the number out, as msgfmt does. The placeholders are
read by pipeline/format_strings.py.
"""

from __future__ import annotations

import functools
import gettext
import re
from typing import Any

from pipeline import format_strings
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check


def _run(entry: EntryUnderCheck, flag: str) -> list[Problem]:
    if flag not in entry.flags or f"no-{flag}" in entry.flags:
        return []
    source_text = entry.msgid_plural if entry.msgid_plural else entry.msgid
    may_omit = entry.plural_index is not None and entry.one_number
    found = format_strings.problems(flag, source_text, entry.msgstr, may_omit)
    if found is None:
        return [Problem(f"not a valid {flag} string (unbalanced braces)", found=entry.msgstr)]
    if not found:
        return []
    parse = format_strings.PARSERS[flag]
    want, have = parse(source_text), parse(entry.msgstr)
    return [Problem(f"{flag}: {'; '.join(found)}", found=have.describe() if have else None,
                    expected=want.describe() if want else None)]


@check("c-format", "error", "critical")
def c_format(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """A `c-format` entry's translation takes the source's printf arguments (`%d`, `%s`, `%2$s`).

    The same number and types, in order (numbered arguments may be reordered). As msgfmt: each plural form
    is compared with msgid_plural, and a form used for one number only may leave out the number.
    """
    return _run(entry, "c-format")


@check("python-format", "error", "critical")
def python_format(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """A `python-format` entry keeps the source's %-placeholders: every `%(name)s`, and `%s`/`%d` in order.

    A renamed `%(uid)d` → `%(id)d` raises KeyError at run time (and fails msgfmt); plural forms as
    for `c-format`.
    """
    return _run(entry, "python-format")


@check("python-brace-format", "error", "critical")
def python_brace_format(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """A `python-brace-format` entry keeps the source's `{name}` fields and has no unbalanced braces.

    A field that is not in the source raises at run time; a missing one loses information (plural forms
    as for `c-format`).
    """
    return _run(entry, "python-brace-format")


@check("plural-forms", "error", "critical", needs_translation=False, sees_header=True)
def plural_forms(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Plural-Forms is a valid rule for the language and every plural entry has its nplurals msgstr[n].

    As `msgfmt --check`: an expression msgfmt cannot read, an nplurals that is not a number or is smaller
    than the values the expression gives, a plural entry in a catalog without Plural-Forms, or an entry
    with another number of forms than nplurals is an error. The rule must also tell whole numbers apart as
    the language does (Babel's CLDR data): gettext's table (ru: 3 forms) and CLDR's categories (ru: 4, the
    fourth for fractions) are both right, `nplurals=2; plural=(n != 1)` for Polish is not: a rule may give
    numbers the language writes alike forms of their own (GNU's Ukrainian catalogs give 1 its own form,
    apart from 21), never one form to numbers it writes differently (in a catalog with no plural entry yet
    too: the first one added would be wrong). A form left empty while others are translated shows the
    English text for those numbers.
    """
    if not entry.msgid:  # the header; its msgid_plural is the catalog's first plural entry's, if any
        if entry.nplurals is None and entry.msgid_plural is not None:
            return [Problem("plural entries need a Plural-Forms header (msgfmt refuses the catalog)",
                            expected=_suggested(entry.lang))]
        return header_problems(entry.msgstr, entry.lang)
    if entry.plural_index is None:
        return []
    problems = []
    if entry.plural_index == 0 and entry.nplurals is not None and len(entry.plural_forms) != entry.nplurals \
            and any(entry.plural_forms):
        problems.append(Problem(f"{len(entry.plural_forms)} plural form(s), the header says "
                                f"nplurals={entry.nplurals}", found=str(len(entry.plural_forms)),
                                expected=str(entry.nplurals)))
    if not entry.msgstr and any(entry.plural_forms):
        problems.append(Problem(f"msgstr[{entry.plural_index}] is empty while other forms are translated"))
    return problems


PLURAL_FORMS_RE = re.compile(r"^Plural-Forms:[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)
NPLURALS_RE = re.compile(r"nplurals\s*=\s*([^;]*);?")
PLURAL_RE = re.compile(r"plural\s*=\s*([^;]*)")
SAMPLE = range(1000)  # the whole numbers a rule is judged on (every CLDR integer rule repeats within them)


def header_problems(header: str, lang: str) -> list[Problem]:
    """What msgfmt --check and the language's plural rule say of a header's Plural-Forms."""
    m = PLURAL_FORMS_RE.search(header)
    if m is None:
        return []
    value = m.group(1).strip()
    count = NPLURALS_RE.search(value)
    if count is None or not count.group(1).strip().isdigit() or int(count.group(1)) == 0:
        return [Problem(f"Plural-Forms has no valid nplurals: {value!r}", expected=_suggested(lang))]
    nplurals = int(count.group(1))
    expression = PLURAL_RE.search(value[count.end():]) or PLURAL_RE.search(value.replace(count.group(0), ""))
    if expression is None:
        return [Problem(f"Plural-Forms has no plural expression: {value!r}", expected=_suggested(lang))]
    try:
        choose = gettext.c2py(expression.group(1).strip())
        forms = [choose(n) for n in SAMPLE]
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, OverflowError) as exc:
        return [Problem(f"invalid plural expression {expression.group(1).strip()!r} ({exc})",
                        expected=_suggested(lang))]
    if max(forms) >= nplurals:
        return [Problem(f"nplurals={nplurals}, but the plural expression gives form {max(forms)}",
                        expected=_suggested(lang))]
    expected = _integer_rule(lang)
    if expected is None:
        return []
    merged = _first_merge(forms, expected)
    if merged is None:
        return []
    a, b = merged
    return [Problem(f"the plural expression gives {a} and {b} the same form, which {lang} writes differently",
                    expected=_suggested(lang))]


def _first_merge(forms: list[int], expected: list[int]) -> tuple[int, int] | None:
    """Two numbers `forms` puts in one form while the language's rule keeps them apart, or None when every
    form of `forms` holds numbers of one group of the language's (a finer split is no error)."""
    group_of: dict[int, tuple[int, int]] = {}  # form -> (the language's group, its first number)
    for n, (form, want) in enumerate(zip(forms, expected, strict=True)):
        group, first = group_of.setdefault(form, (want, n))
        if group != want:
            return (first, n)
    return None


@functools.cache
def _plural(lang: str) -> Any:
    """Babel's plural rule (its gettext table, from CLDR) for a code or, failing that, its base language."""
    from babel.messages.plurals import get_plural

    for code in (lang, re.split(r"[@_-]", lang)[0]):
        try:
            return get_plural(code.replace("-", "_"))
        except (ValueError, LookupError):
            continue
    return None


@functools.cache
def _integer_rule(lang: str) -> list[int] | None:
    rule = _plural(lang)
    if rule is None:
        return None
    choose = gettext.c2py(rule.plural_expr)
    return [choose(n) for n in SAMPLE]


def _suggested(lang: str) -> str | None:
    rule = _plural(lang)
    return None if rule is None else str(rule.plural_forms)
