"""`tolmach translate DIR` on archives of growing size: peak memory should stay flat (documents go through in
groups) and time should grow linearly.

    python bench/archive/run.py                       # 100, 400, 1600 documents, Polish, no MT
    python bench/archive/run.py --sizes 200,2000 --langs pl,ru

Each archive holds copies of the example article (each with its own document number, so every sentence is
new) in nested folders; each size runs in a fresh project, as its own process, and its peak resident memory
is read from the kernel (`ru_maxrss` of the finished child).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "belarus-political-prisoners.en.txt"


def make_archive(root: Path, count: int, text: str) -> None:
    for i in range(count):
        folder = root / "archive" / f"{2000 + i % 25}" / f"{i % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story-{i:05d}.en.txt").write_text(text.replace("Belarus", f"Belarus (no. {i})"), encoding="utf-8")


def run(count: int, langs: str, work: Path, text: str) -> tuple[float, float]:
    """Seconds and peak MiB of one `translate archive` in a fresh project."""
    project = work / f"p{count}"
    project.mkdir()
    (project / "tolmach.toml").write_text(f'languages = ["{langs.split(",")[0]}"]\n', encoding="utf-8")
    make_archive(project, count, text)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "translate", "archive", "--to", langs, "--no-mt"],
                   cwd=project, check=True, capture_output=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    shutil.rmtree(project)
    # ru_maxrss of children is the largest so far: sizes run in increasing order, so a flat line shows as equal
    return seconds, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,400,1600")
    parser.add_argument("--langs", default="pl")
    args = parser.parse_args()
    text = EXAMPLE.read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="tolmach-bench-archive-"))
    rows = []
    try:
        for n in sorted(int(x) for x in args.sizes.split(",")):
            rows.append((n, *run(n, args.langs, work, text)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base_n, base_s, _ = rows[0]
    print(f"{'documents':>10}{'seconds':>10}{'ms/doc':>9}{'time ratio':>12}{'size ratio':>12}{'peak MiB':>10}")
    for n, s, mib in rows:
        print(f"{n:>10}{s:>10.1f}{1000 * s / n:>9.1f}{s / base_s:>12.1f}{n / base_n:>12.1f}{mib:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
