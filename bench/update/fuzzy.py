"""Fuzzy suggestions of `tolmach update` against GNU `msgmerge --previous` on real template changes.

    python bench/update/fuzzy.py                          # django, sphinx, wagtail, allauth; pl ru uk be de fr
    python bench/update/fuzzy.py --projects django --langs pl,ru
    python bench/update/fuzzy.py --projects bleachbit       # offline: tests/data/gettext/bleachbit

Each case is a catalog of one release merged with the template of a later release (bench/update/cases.py).
A fuzzy suggestion is a message of the new template with no exact match in the old catalog that the merge
fills with an old translation (fuzzy). Per project: msgmerge's suggestions, tolmach's that are the same
(same translation offered), that differ (another old translation offered), tolmach's extra ones and the
ones it misses; and the translations lost against msgmerge (one msgmerge keeps that appears nowhere in
tolmach's catalog), which must stay 0.
`-v` prints every disagreement.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench" / "update")]

from cases import CACHE, LANGS, PROJECTS, cases  # noqa: E402

from pipeline.po import merge, read  # noqa: E402

Key = tuple[str | None, str]


def suggestions(merged: polib.POFile, old: polib.POFile) -> dict[Key, str]:
    """Messages new in the template that the merge filled from another old message: key -> translation."""
    before = {(e.msgctxt, e.msgid) for e in old}
    found = {}
    for e in merged:
        key = (e.msgctxt, e.msgid)
        if e.obsolete or not e.msgid or key in before or not e.fuzzy:
            continue
        text = e.msgstr or e.msgstr_plural.get(0, "")
        if text:
            found[key] = text
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", default=",".join(PROJECTS))
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    totals: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "msgmerge.po"
        for case in cases(args.projects.split(","), tuple(args.langs.split(",")), args.cache):
            subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(case.old), str(case.template)],
                           check=True)
            expected_po, old = read.load(out), read.load(case.old)
            merged = merge.update(read.load(case.template), old, case.lang)
            want, got = suggestions(expected_po, old), suggestions(merged, old)
            count = totals.setdefault(case.project, Counter())
            count["cases"] += 1
            count["msgmerge"] += len(want)
            count["same"] += sum(1 for k in want if got.get(k) == want[k])
            count["different"] += sum(1 for k in want if k in got and got[k] != want[k])
            count["extra"] += sum(1 for k in got if k not in want)
            count["missing"] += sum(1 for k in want if k not in got)
            count["lost"] += len(_translations(expected_po) - _translations(merged))
            if args.verbose:
                where = f"{case.project} {case.domain.format(lang=case.lang)}"
                for k in sorted(set(want) | set(got), key=str):
                    if want.get(k) != got.get(k):
                        print(f"  {where}: {k[1]!r}: msgmerge {want.get(k)!r} / tolmach {got.get(k)!r}")
    print(f"{'project':8} {'cases':>5} {'msgmerge':>8} {'same':>6} {'different':>9} {'extra':>6} {'missing':>7} "
          f"{'lost':>5}")
    total: Counter[str] = Counter()
    for name, c in [*totals.items(), ("total", None)]:
        if c is None:
            c = total
        else:
            total.update(c)
        print(f"{name:8} {c['cases']:>5} {c['msgmerge']:>8} {c['same']:>6} {c['different']:>9} {c['extra']:>6} "
              f"{c['missing']:>7} {c['lost']:>5}")
    return 0


def _translations(po: polib.POFile) -> set[str]:
    """Every translated string a catalog holds anywhere (live, fuzzy or obsolete, any plural form): one kept
    anywhere is not lost (a singular translation carried into a plural message fills each of its forms)."""
    return {text for e in po if e.msgid for text in (e.msgstr, *e.msgstr_plural.values()) if text}


if __name__ == "__main__":
    sys.exit(main())
