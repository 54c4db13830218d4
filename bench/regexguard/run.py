"""User regexes: Python's re (the baseline, what tolmach used before) against the guard, in CPU seconds.

    /work/venv/bin/python bench/regexguard/run.py [--max-n 24]

For each hostile pattern of issue 16, re is timed on n a's and a mismatch for growing n (each step shows
the growth factor; the time at 34 characters is extrapolated from the last factor, since running it takes
minutes), then the guard: how long compile_user_pattern takes to refuse or accept it, and one guarded
search on 34 a's. Last, the guard's cost on the patterns the project really uses (glossary excludes,
cleanup rules) against re.compile, per pattern, uncached.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.errors import TolmachError
from pipeline.regexguard import Origin, UserPattern, compile_user_pattern

HOSTILE = [r"(a+)+$", r"^(a+)+$", r"(a|aa)+$", r"(a*)*$", r"(\w+\s?)*$"]
EVERYDAY = [r"\d{1,2}[:.]\d{2}\s*UTC", r"UTC\s*[+−-]\s*\d", r"^top of page$", r"^bottom of page$",
            r"^\s*(Source|Photo):.*$", r"\w+\s+\w+\s+\w+"]


def cpu(fn: Callable[..., object], *args: object) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def guarded(pattern: str) -> tuple[str, float]:
    start = time.process_time()
    try:
        compile_user_pattern.__wrapped__(pattern, Origin("bench"), ignore_case=True)
        verdict = "accepted"
    except TolmachError:
        verdict = "refused"
    return verdict, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-n", type=int, default=24, help="longest run of a's to give re (time doubles+)")
    args = parser.parse_args()
    sizes = list(range(args.max_n - 4, args.max_n + 1, 2))
    print(f"{'pattern':<14}" + "".join(f"{'re n=' + str(n):>12}" for n in sizes)
          + f"{'re n=34 (est.)':>16}{'guard load':>20}{'guard n=34':>12}")
    for pattern in HOSTILE:
        compiled = re.compile(pattern, re.IGNORECASE)
        times = [cpu(compiled.search, "a" * n + "!") for n in sizes]
        factor = times[-1] / times[-2] if times[-2] > 0 else 1.0
        estimate = times[-1] * factor ** ((34 - sizes[-1]) / 2)
        verdict, load = guarded(pattern)
        try:
            search = f"{cpu(UserPattern(pattern, Origin('bench'), ignore_case=True).search, 'a' * 34 + '!'):.5f}"
        except TolmachError:
            search = "timeout"
        print(f"{pattern:<14}" + "".join(f"{t:>12.4f}" for t in times) + f"{estimate:>16.1f}"
              + f"{verdict + f' {load:.3f}':>20}{search:>12}")
    print()
    print(f"{'everyday pattern':<26}{'re.compile':>12}{'guard':>10}{'ratio':>8}")
    for pattern in EVERYDAY:
        base = min(cpu(re.compile, f"(?:{pattern})|x{i}") for i in range(3))  # distinct: re caches compiles
        verdict, load = guarded(pattern)
        print(f"{pattern:<26}{base:>12.6f}{load:>10.6f}{load / max(base, 1e-6):>8.0f}  {verdict}")


if __name__ == "__main__":
    main()
