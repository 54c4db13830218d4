"""Extract + update + build over many example-size documents for pl, be, ru, through the `tolmach` commands;
and the catalog files a `translate` re-run opens.

    python bench/pipeline/run.py                          # 100, 1000 documents
    python bench/pipeline/run.py --sizes 100,1000,10000
    python bench/pipeline/run.py --baseline b68439c       # the same bench on another commit, in this run

Each document is the bundled example with its numbers changed, so every one is distinct but of the same
size. The report gives seconds, documents/s and the growth ratio against the smallest size (linear scaling:
time ratio ≈ size ratio). `--baseline REF` checks REF out into a temporary git worktree and runs this same
script against that checkout's `pipeline` right after this one, then prints the time ratios (it drives only
the `tolmach` command line, which both share).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "belarus-political-prisoners.en.txt"
LANGS = "pl,be,ru"


def make_documents(root: Path, count: int) -> list[Path]:
    text = EXAMPLE.read_text(encoding="utf-8")
    rng = random.Random(count)
    docs = []
    for i in range(count):
        variant = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 999)), text)
        path = root / f"story-{i:05d}.en.txt"
        path.write_text(f"Story {i}\n\n{variant}", encoding="utf-8")
        docs.append(path)
    return docs


@contextlib.contextmanager
def project(root: Path) -> Iterator[Path]:
    (root / "tolmach.toml").write_text(f"languages = {json.dumps(LANGS.split(','))}\n", encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(cwd)


def tolmach(*argv: str) -> None:
    from pipeline.cli import main

    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        status = main(list(argv))
    if status != 0:
        raise SystemExit(f"tolmach {' '.join(argv[:3])}… exited {status}")


def time_pipeline(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, project(Path(tmp)) as root:
        docs = [str(p.relative_to(root)) for p in make_documents(root, count)]
        start = time.perf_counter()
        tolmach("extract", *docs)
        tolmach("update", "--lang", LANGS)
        tolmach("build", "--lang", LANGS)
        return time.perf_counter() - start


def count_opens() -> dict[str, int]:
    """Opens of .po/.pot files during a re-run of `translate` on one document in three languages."""
    opened: Counter[str] = Counter()
    active = [False]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and active[0] and isinstance(args[0], str | os.PathLike):
            path = os.fspath(args[0])
            if isinstance(path, str) and path.endswith((".po", ".pot")):
                mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
                opened["write" if any(c in mode for c in "wax+") else "read"] += 1

    sys.addaudithook(hook)
    with tempfile.TemporaryDirectory() as tmp, project(Path(tmp)) as root:
        doc = make_documents(root, 1)[0].name
        tolmach("translate", doc, "--to", LANGS, "--no-mt")
        active[0] = True
        tolmach("translate", doc, "--to", LANGS, "--no-mt")
        active[0] = False
    return {"read": opened["read"], "write": opened["write"], "total": sum(opened.values())}


def measure(sizes: list[int]) -> dict[str, Any]:
    return {"opens": count_opens(), "times": [(n, time_pipeline(n)) for n in sizes]}


def report(label: str, result: dict[str, Any]) -> None:
    o = result["opens"]
    print(f"{label}: .po/.pot opens in a `translate` re-run (1 document, 3 languages): "
          f"{o['total']} ({o['read']} read, {o['write']} write)")
    print(f"{'documents':>10} {'seconds':>9} {'docs/s':>8} {'size ratio':>11} {'time ratio':>11}")
    base_n, base_s = result["times"][0]
    for n, seconds in result["times"]:
        print(f"{n:>10} {seconds:>9.1f} {n / seconds:>8.1f} {n / base_n:>11.1f} {seconds / base_s:>11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--baseline", metavar="REF", help="also run on this git commit, then print ratios")
    parser.add_argument("--repo", type=Path, default=REPO, help=argparse.SUPPRESS)  # whose `pipeline` to import
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # for the baseline subprocess
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo))
    sizes = [int(x) for x in args.sizes.split(",")]
    result = measure(sizes)
    if args.json:
        print(json.dumps(result))
        return
    report("this checkout", result)
    if args.baseline:
        sys.path.insert(0, str(REPO / "bench"))
        from gitref import worktree

        with worktree(args.baseline) as path:
            out = subprocess.run([sys.executable, __file__, "--sizes", args.sizes, "--repo", str(path), "--json"],
                                 check=True, capture_output=True, text=True).stdout
        base = json.loads(out)
        report(f"baseline {args.baseline}", base)
        print("this / baseline: " + ", ".join(
            f"{n} documents {s / b:.2f}× the time" for (n, s), (_, b) in zip(result["times"], base["times"],
                                                                              strict=True))
              + f"; opens {result['opens']['total']} vs {base['opens']['total']}")


if __name__ == "__main__":
    main()
