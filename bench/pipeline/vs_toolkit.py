"""The per-document pipeline against Translate Toolkit's same steps, in fresh processes, in one run.

    python bench/pipeline/vs_toolkit.py                      # 400 short news documents, 3 rounds
    python bench/pipeline/vs_toolkit.py --documents 800 --rounds 5
    python bench/pipeline/vs_toolkit.py --baseline 7beee58   # also tolmach at that commit, in the same rounds

tolmach: `extract` of every document, `update --lang pl,ru`, `build --lang pl`.
Translate Toolkit: `txt2po -P` (templates), `pot2po` twice (pl, ru), `po2txt` (pl) on the same folder.
Each command is a fresh process (interpreter start-up included), as a user or a CI job runs them; the two
pipelines alternate round by round on a shared machine, and the best and the median round of each count,
in wall-clock seconds and in CPU seconds (user + system of the commands: steadier when other work shares
the machine; the wall clock also counts waiting for the disk, e.g. to sync each catalog before its rename).

The documents are short news items made from the 200 FLORES-200 dev sentences in bench/qa/data (a title
line and two paragraphs of two or three sentences, each document a different combination), so that no two
documents are the same while the sentences are real news text.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from gitref import worktree  # noqa: E402

SENTENCES = REPO / "bench" / "qa" / "data" / "flores200-dev-200.en.txt"


def make_documents(folder: Path, count: int) -> None:
    lines = [x.strip() for x in SENTENCES.read_text(encoding="utf-8").splitlines() if x.strip()]
    folder.mkdir(parents=True)
    for i in range(count):
        picked = [lines[(i * 7 + k * 13) % len(lines)] for k in range(5)]
        text = f"Story {i + 1}\n\n{' '.join(picked[:2])}\n\n{' '.join(picked[2:])}\n"
        (folder / f"story-{i:04d}.txt").write_text(text, encoding="utf-8")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(commands: list[list[str]], cwd: Path, code: Path = REPO) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, of the finished child processes) of the commands."""
    env = {**os.environ, "PYTHONPATH": str(code)}  # this checkout's `pipeline` (or the baseline's), not the installed
    start, cpu = time.perf_counter(), children_cpu()
    for argv in commands:
        subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, children_cpu() - cpu


def tolmach_round(root: Path, count: int, code: Path = REPO) -> tuple[float, float]:
    project = root / f"tolmach-{code.name}"
    make_documents(project / "docs", count)
    (project / "tolmach.toml").write_text('languages = ["pl", "ru"]\n', encoding="utf-8")
    tolmach = [sys.executable, "-m", "pipeline"]
    docs = sorted(str(p.relative_to(project)) for p in (project / "docs").iterdir())
    return timed([[*tolmach, "extract", *docs], [*tolmach, "update", "--lang", "pl,ru"],
                  [*tolmach, "build", "--lang", "pl"]], project, code)


def toolkit_round(root: Path, count: int) -> tuple[float, float]:
    project = root / "toolkit"
    make_documents(project / "docs", count)
    def convert(tool: str, *args: str) -> list[str]:
        return [sys.executable, "-m", f"translate.convert.{tool}", *args]

    return timed([convert("txt2po", "-P", "-i", "docs", "-o", "pot"), convert("pot2po", "-i", "pot", "-o", "po-pl"),
                  convert("pot2po", "-i", "pot", "-o", "po-ru"),
                  convert("po2txt", "-i", "po-pl", "-t", "docs", "-o", "out-pl")], project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REF", help="also time tolmach at this git commit")
    args = parser.parse_args()
    with worktree(args.baseline) as base:
        runs: dict[str, Callable[[Path, int], tuple[float, float]]] = {"tolmach": tolmach_round}
        if base is not None:
            runs[f"tolmach@{args.baseline}"] = functools.partial(tolmach_round, code=base)
        runs["Translate Toolkit"] = toolkit_round
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="tolmach-bench-vs-toolkit-") as tmp:
                for name, run in runs.items():
                    wall, seconds = run(Path(tmp), args.documents)
                    times[name].append(wall)
                    cpu[name].append(seconds)
    print(f"{args.documents} documents; extract + update pl,ru + build pl; {args.rounds} interleaved rounds")
    print(f"{'pipeline':<20}{'best s':>9}{'median s':>10}{'ms/document':>13}{'CPU best s':>12}{'CPU median s':>14}")
    for name, values in times.items():
        print(f"{name:<20}{min(values):>9.2f}{statistics.median(values):>10.2f}"
              f"{1000 * min(values) / args.documents:>13.1f}"
              f"{min(cpu[name]):>12.2f}{statistics.median(cpu[name]):>14.2f}")
    for name in (n for n in runs if n.startswith("tolmach")):
        for label, table in (("wall-clock", times), ("CPU", cpu)):
            best = min(table[name]) / min(table["Translate Toolkit"])
            median = statistics.median(table[name]) / statistics.median(table["Translate Toolkit"])
            print(f"{name} / Translate Toolkit, {label}: {best:.2f}x (best), {median:.2f}x (median)")


if __name__ == "__main__":
    main()
