"""Format strings in gettext catalogs: the arguments a c-format, python-format or python-brace-format string
takes, and whether a translation's agree with its source by msgfmt's rules.

Used by the format checks (checks/qa_format.py) and by `po.merge.update`, which marks an entry fuzzy when the
template newly declares it a format string that its translation does not satisfy, as msgmerge does.
Placeholders are read with Babel's `PYTHON_FORMAT` (python-format), the standard library's
`string.Formatter` (brace format) and a POSIX printf directive pattern for C.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from babel.messages.catalog import PYTHON_FORMAT

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


def compare(source: Directives, target: Directives, may_omit: bool) -> list[str]:
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


PARSERS: dict[str, Callable[[str], Directives | None]] = {
    "c-format": c_directives, "python-format": python_directives, "python-brace-format": brace_directives}


def problems(flag: str, source: str, translation: str, may_omit: bool = False) -> list[str] | None:
    """What is wrong with `translation` as a `flag` string for `source` (empty when they agree; None when
    the translation is not a valid format string at all). `may_omit`: a plural form for one number only."""
    parse = PARSERS[flag]
    want, have = parse(source), parse(translation)
    if have is None:
        return None
    if want is None:
        return []
    return compare(want, have, may_omit)
