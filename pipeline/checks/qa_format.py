"""Checks on what gettext catalogs of software carry: format strings and plural forms.

The format checks follow msgfmt's `--check-format`: they run on entries flagged `c-format`,
`python-format` or `python-brace-format` (the flag comes from the template), compare every plural form
with msgid_plural (msgstr[0] with msgid in a catalog without plurals), and let a plural form that serves
one number only ("one" in Polish: n == 1) leave the number out, as msgfmt does. The placeholders are
read by pipeline/format_strings.py.
"""

from __future__ import annotations

from pipeline import format_strings
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check
from pipeline.po import headers


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
        babel = headers.babel_nplurals(entry.lang)
        reported = ctx.cache.setdefault("plural-forms:headers", set())
        if entry.nplurals is not None and babel is not None and entry.nplurals != babel \
                and entry.file not in reported:
            reported.add(entry.file)
            problems.append(Problem(f"the header says nplurals={entry.nplurals}, CLDR has {babel} for "
                                    f"{entry.lang}", found=str(entry.nplurals), expected=str(babel)))
    if not entry.msgstr and any(entry.plural_forms):
        problems.append(Problem(f"msgstr[{entry.plural_index}] is empty while other forms are translated"))
    return problems
