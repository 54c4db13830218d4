"""Compare a catalog tolmach merged with the one GNU `msgmerge --previous` makes from the same inputs.

Used by tests/test_catalog_msgmerge.py and bench/gettext/msgmerge.py. A difference is anything msgmerge
keeps that tolmach does not keep the same way: a message (by msgctxt, msgid and whether it is obsolete),
its translation (every plural form), its fuzzy state, its previous msgctxt/msgid/msgid_plural, its format
flags. What tolmach adds on top (its own headers, origin notes, translators' `ignore-*` flags, the previous
source of a draft carried from another sentence) is not one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib

from pipeline.po import read

Key = tuple[str | None, str, bool]


def msgmerge(po: Path, pot: Path, out: Path) -> polib.POFile:
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(po), str(pot)], check=True)
    return read.load(out)


def _format_flags(entry: polib.POEntry) -> set[str]:
    return {f for f in entry.flags if f.endswith("-format")}


def differences(expected: polib.POFile, actual: polib.POFile) -> list[str]:
    """What `expected` (msgmerge's) has that `actual` (tolmach's) lost or changed, one line each."""
    have: dict[Key, polib.POEntry] = {(e.msgctxt, e.msgid, bool(e.obsolete)): e for e in actual if e.msgid}
    found: list[str] = []
    for want in expected:
        if not want.msgid:
            continue
        key = (want.msgctxt, want.msgid, bool(want.obsolete))
        label = f"{'obsolete ' if want.obsolete else ''}{want.msgctxt + '|' if want.msgctxt else ''}{want.msgid!r}"
        got = have.get(key)
        if got is None:
            found.append(f"{label}: missing")
            continue
        checks = {
            "msgid_plural": (want.msgid_plural or None, got.msgid_plural or None),
            "msgstr": (want.msgstr, got.msgstr),
            "msgstr[n]": (dict(want.msgstr_plural), dict(got.msgstr_plural)),
            "fuzzy": (want.fuzzy, got.fuzzy),
            # where msgmerge records no previous text tolmach may (the sentence a carried draft came from)
            "previous": ((want.previous_msgctxt, want.previous_msgid, want.previous_msgid_plural),
                         (got.previous_msgctxt, got.previous_msgid, got.previous_msgid_plural)
                         if want.previous_msgid is not None else (None, None, None)),
            "format flags": (_format_flags(want), _format_flags(got)),
            "translator comment": (want.tcomment, got.tcomment),
        }
        found += [f"{label}: {name} {w!r} vs {g!r}" for name, (w, g) in checks.items() if w != g]
    return found
