"""Differences between `tolmach update` and GNU `msgmerge --previous` on real catalogs, per catalog.

    python bench/gettext/msgmerge.py            # BleachBit pl/ru/be subset in tests/data/gettext/bleachbit

For each catalog: the messages msgmerge writes (active, fuzzy, obsolete), and each one tolmach loses or
keeps differently (translation, plural forms, context, fuzzy state, previous msgid, format flags).
Whether tolmach's output passes `msgfmt --check`, and whether a second update changes a byte.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
DATA = REPO / "tests" / "data" / "gettext" / "bleachbit"

from msgmerge_diff import differences, msgmerge  # noqa: E402

from pipeline.po import merge, read  # noqa: E402
from pipeline.workspace import save_catalog as save  # noqa: E402


def main() -> int:
    pot = read.load(DATA / "bleachbit.pot")
    print(f"{'catalog':8} {'msgmerge entries':>16} {'differences':>11}  msgfmt  stable")
    for lang in ("pl", "ru", "be"):
        with tempfile.TemporaryDirectory() as tmp:
            expected = msgmerge(DATA / f"{lang}.po", DATA / "bleachbit.pot", Path(tmp) / "msgmerge.po")
            merged = merge.update(pot, read.load(DATA / f"{lang}.po"), lang)
            diffs = differences(expected, merged)
            try:
                out = Path(tmp) / "tolmach.po"
                save(merged, out)
                ok = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)],
                                    capture_output=True).returncode == 0
                first = out.read_bytes()
                save(merge.update(pot, read.load(out), lang), out)
                stable = out.read_bytes() == first
            except Exception as exc:  # an older update wrote catalogs it then refused
                diffs.append(f"second update failed: {exc}")
                ok = stable = False
        print(f"{lang:8} {sum(1 for e in expected if e.msgid):>16} {len(diffs):>11}  {'ok' if ok else 'FAIL':6}  "
              f"{'yes' if stable else 'no'}")
        for line in diffs[:40]:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
