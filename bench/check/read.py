"""Reading catalogs for `tolmach check`: `read.read_for_check` against `read.load` (polib).

    python bench/check/read.py FILE.po...        # e.g. bench/results/check/real/locales/*/LC_MESSAGES/real.po

Per file and reader: the best of --repeat reads (CPU time of this process, so other load on a shared machine
counts less), the peak of Python allocations while reading and what the catalog holds after it (tracemalloc),
and the growth of peak resident memory (RSS) for one read in a fresh process.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.po import read  # noqa: E402

READERS: dict[str, Callable[[Path], Any]] = {"load": read.load, "read_for_check": read.read_for_check}


def seconds(reader: Callable[[Path], Any], path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        cat = reader(path)
        best = min(best, time.process_time() - start)
        del cat
    return best


def traced(reader: Callable[[Path], Any], path: Path) -> tuple[int, int]:
    """Peak bytes allocated while reading, and bytes still held by the catalog."""
    gc.collect()
    tracemalloc.start()
    cat = reader(path)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del cat
    return peak, held


def rss_growth(reader: str, path: Path) -> int:
    """Peak RSS growth (bytes) of one read in a fresh process, after the imports (Linux)."""
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak on Linux.
    code = ("import re, sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
            "from pipeline.po import read; "
            "hwm = lambda: int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)); "
            f"before = hwm(); cat = read.{reader}(Path(sys.argv[2])); print(hwm() - before)")
    out = subprocess.run([sys.executable, "-c", code, str(REPO), str(path)], capture_output=True, text=True,
                         check=True)
    return int(out.stdout) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    mib = 1024 * 1024
    print(f"{'file':<48}{'reader':<16}{'cpu s':>7}{'peak MiB':>10}{'held MiB':>10}{'RSS+ MiB':>10}")
    totals = {name: [0.0, 0.0, 0.0, 0.0] for name in READERS}
    for path in args.files:
        for name, reader in READERS.items():
            took = seconds(reader, path, args.repeat)
            peak, held = traced(reader, path)
            rss = rss_growth(name, path)
            for i, value in enumerate((took, peak / mib, held / mib, rss / mib)):
                totals[name][i] += value
            print(f"{'/'.join(path.parts[-3:])[-47:]:<48}{name:<16}{took:>7.3f}{peak / mib:>10.1f}{held / mib:>10.1f}"
                  f"{rss / mib:>10.1f}")
    for name, sums in totals.items():
        print(f"{'total':<48}{name:<16}{sums[0]:>7.3f}{sums[1]:>10.1f}{sums[2]:>10.1f}{sums[3]:>10.1f}")
    load, fast = totals["load"], totals["read_for_check"]
    print(f"read_for_check: {load[0] / fast[0]:.1f}x faster, peak {fast[1] / load[1]:.2f}x, "
          f"held {fast[2] / load[2]:.2f}x, RSS growth {fast[3] / load[3]:.2f}x of load's")


if __name__ == "__main__":
    main()
