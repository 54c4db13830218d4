"""Checks on what gettext catalogs of software carry: format strings and plural forms.

The format checks follow msgfmt's `--check-format`: they run on entries flagged `c-format`,
`python-format` or `python-brace-format` (the flag comes from the template), compare every plural form
with msgid_plural (msgstr[0] with msgid in a catalog without plurals), and let a plural form that serves
one number only ("one" in Polish: n == 1) leave the number out, as msgfmt does. Placeholders are read
with Babel's `PYTHON_FORMAT` (python-format), the standard library's `string.Formatter` (brace format)
and a printf directive pattern for C.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from babel.messages.catalog import PYTHON_FORMAT

from pipeline import catalog
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check

# C printf directives: %[argnum$][flags][width][.precision][length]conversion (POSIX, with %'d and %I).
C_FORMAT_RE = re.compile(r"%(?:(\d+)\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?"
                         r"(?:hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcspnm%])")


@dataclass(frozen=True)
class Directives:
    """The arguments a format string takes: in order (positional) or by name."""

    positional: tuple[str, ...] = ()  # conversion types in argument order
    named: frozenset[tuple[str, str]] = frozenset()  # (name, conversion type)

    def describe(self) -> str:
        parts = [f"%{t}" for t in self.positional] + sorted(f"%({n}){t}" for n, t in self.named)
        return ", ".join(parts) or "none"


def c_directives(text: str) -> Directives:
    """C printf: numbered arguments (`%2$s`) are placed by number, the others in order."""
    numbered: dict[int, str] = {}
    ordered: list[str] = []
    for m in C_FORMAT_RE.finditer(text):
        number, conversion = m.group(1), m.group(2)
        if conversion == "%":
            continue
        conversion = "d" if conversion in "iu" else conversion
        if number:
            numbered[int(number)] = conversion
        else:
            ordered.append(conversion)
    if numbered:
        ordered = [numbered[k] for k in sorted(numbered)]
    return Directives(tuple(ordered))


def python_directives(text: str) -> Directives:
    """Python %-format: `%(name)s` by name, `%s` in order (Babel's pattern, as its python_format checker)."""
    ordered: list[str] = []
    named: set[tuple[str, str]] = set()
    for m in PYTHON_FORMAT.finditer(text):
        name, conversion = m.group(1), m.group(3)
        if conversion == "%":
            continue
        conversion = "d" if conversion in "iu" else conversion
        if name is not None:
            named.add((name, conversion))
        else:
            ordered.append(conversion)
    return Directives(tuple(ordered), frozenset(named))


def brace_directives(text: str) -> Directives | None:
    """str.format fields by name or index (`{}` counts in order); None when the text is not valid."""
    ordered: list[str] = []
    named: set[tuple[str, str]] = set()
    try:
        for _, field, spec, conversion in string.Formatter().parse(text):
            if field is None:
                continue
            base = re.split(r"[.\[]", field, maxsplit=1)[0]
            kind = f"{spec or ''}!{conversion or ''}"
            if base == "":
                ordered.append(kind)
            else:
                named.add((base, ""))
    except ValueError:
        return None
    return Directives(tuple(ordered), frozenset(named))


def _compare(source: Directives, target: Directives, may_omit: bool) -> list[str]:
    """What is wrong with the translation's directives, as msgfmt words it (empty when they agree)."""
    problems = []
    src_names = {n for n, _ in source.named}
    for name, _kind in sorted(target.named - source.named):
        problems.append(f"'{name}' is not in the source" if name not in src_names
                        else f"'{name}' has another type than in the source")
    missing = sorted(n for n, _ in source.named - target.named if n not in {m for m, _ in target.named})
    if missing and not may_omit:
        problems.append(f"{', '.join(repr(n) for n in missing)} missing")
    want, have = source.positional, target.positional
    if len(have) > len(want) or (len(have) < len(want) and not may_omit):
        problems.append(f"{len(have)} positional argument(s), the source has {len(want)}")
    elif have != want[: len(have)]:
        problems.append(f"argument types {', '.join(have)} where the source has {', '.join(want[: len(have)])}")
    return problems


def _run(entry: EntryUnderCheck, flag: str) -> list[Problem]:
    if flag not in entry.flags or f"no-{flag}" in entry.flags:
        return []
    source_text = entry.msgid_plural if entry.msgid_plural else entry.msgid
    parse = {"c-format": c_directives, "python-format": python_directives,
             "python-brace-format": brace_directives}[flag]
    source, target = parse(source_text), parse(entry.msgstr)
    if target is None:
        return [Problem(f"not a valid {flag} string (unbalanced braces)", found=entry.msgstr)]
    if source is None:
        return []
    may_omit = entry.plural_index is not None and entry.one_number
    problems = _compare(source, target, may_omit)
    if not problems:
        return []
    return [Problem(f"{flag}: {'; '.join(problems)}", found=target.describe(), expected=source.describe())]


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


@check("plural-forms", "error", "critical", needs_translation=False)
def plural_forms(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """A plural entry has as many msgstr[n] as the header's nplurals, which is CLDR's (Babel) for the language.

    msgfmt refuses a catalog whose entries have another number of forms than its header; a header that
    disagrees with CLDR (nplurals=2 for Polish) makes readers see the wrong form. A form left empty while
    others are translated shows the English text for those numbers.
    """
    if entry.plural_index is None:
        return []
    problems = []
    if entry.plural_index == 0:
        if entry.nplurals is not None and len(entry.plural_forms) != entry.nplurals and any(entry.plural_forms):
            problems.append(Problem(f"{len(entry.plural_forms)} plural form(s), the header says "
                                    f"nplurals={entry.nplurals}", found=str(len(entry.plural_forms)),
                                    expected=str(entry.nplurals)))
        babel = catalog.babel_nplurals(entry.lang)
        reported = ctx.cache.setdefault("plural-forms:headers", set())
        if entry.nplurals is not None and babel is not None and entry.nplurals != babel \
                and entry.file not in reported:
            reported.add(entry.file)
            problems.append(Problem(f"the header says nplurals={entry.nplurals}, CLDR has {babel} for "
                                    f"{entry.lang}", found=str(entry.nplurals), expected=str(babel)))
    if not entry.msgstr and any(entry.plural_forms):
        problems.append(Problem(f"msgstr[{entry.plural_index}] is empty while other forms are translated"))
    return problems
