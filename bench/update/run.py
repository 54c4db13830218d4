"""`tolmach update` against GNU `msgmerge --previous`: time and peak memory on real catalogs of 1x to 8x size.

    python bench/update/run.py                        # Wagtail admin, pl ru uk be, sizes 1,2,4,8, 3 rounds
    python bench/update/run.py --baseline 5d0c1e2     # also tolmach at that commit, in the same rounds
    python bench/update/run.py --sizes 1,2 --rounds 1 --project bleachbit   # a smoke run, offline

The input is a real template change (bench/update/cases.py): Wagtail 5.2's catalogs of its admin domain
(pl, ru, uk, be) and Wagtail 6.3's template. Size k repeats every message k times, the copy c with its
letters shifted by 3c (msgctxt, msgid, msgid_plural; translations kept): k catalogs of the same shape whose
messages do not resemble each other's, so the fuzzy matches of each copy stay in it and both tools' work can
grow linearly. One tolmach project holds the template and the four catalogs (tolmach's own layout);
`tolmach update` runs once over it, msgmerge once per catalog. Every run is a fresh process on a fresh copy
of the project (tolmach's time includes Python's start-up and imports); msgmerge's time is the sum of its
four runs and its memory the largest. Rounds interleave the tools; the best and the median of the rounds
are printed, and the ratios compare the best times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(Path(__file__).resolve().parent), str(REPO / "bench")]

from cases import CACHE, cases  # noqa: E402
from gitref import worktree  # noqa: E402

# project -> (the catalogs' domain, their languages)
SOURCES = {"wagtail": ("wagtail/admin/locale/{lang}/LC_MESSAGES/django.po", ("pl", "ru", "uk", "be")),
           "bleachbit": ("{lang}.po", ("pl", "ru", "be"))}


def shifted(text: str, by: int) -> str:
    """`text` with its ASCII letters shifted by `by` places (a Caesar cipher; 0 leaves it as it is)."""
    if not by:
        return text
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            ch = chr((ord(ch) - 97 + by) % 26 + 97)
        elif "A" <= ch <= "Z":
            ch = chr((ord(ch) - 65 + by) % 26 + 65)
        out.append(ch)
    return "".join(out)


def scaled(source: Path, copies: int, out: Path) -> None:
    """`source` with every message repeated `copies` times, copy c shifted by 3c (see the module docstring)."""
    po = polib.pofile(str(source), wrapwidth=79)
    big = polib.POFile(wrapwidth=79)
    big.header, big.metadata = po.header, po.metadata
    for c in range(copies):
        for e in po:
            if not e.msgid:
                continue
            s = 3 * c
            big.append(polib.POEntry(
                msgctxt=shifted(e.msgctxt, s) if e.msgctxt is not None else None, msgid=shifted(e.msgid, s),
                msgid_plural=shifted(e.msgid_plural, s), msgstr=e.msgstr, msgstr_plural=dict(e.msgstr_plural),
                flags=list(e.flags), comment=e.comment, tcomment=e.tcomment, occurrences=e.occurrences,
                obsolete=e.obsolete,
                previous_msgctxt=shifted(e.previous_msgctxt, s) if e.previous_msgctxt else None,
                previous_msgid=shifted(e.previous_msgid, s) if e.previous_msgid else None,
                previous_msgid_plural=shifted(e.previous_msgid_plural, s) if e.previous_msgid_plural else None))
    out.parent.mkdir(parents=True, exist_ok=True)
    big.save(str(out))


def make_project(root: Path, copies: int, source: str, cache: Path) -> Path:
    """A tolmach project with the scaled template and catalogs; returns its folder."""
    domain, langs = SOURCES[source]
    found = {c.lang: c for c in cases([source], langs, cache) if c.domain == domain}
    project = root / f"x{copies}"
    scaled(found[langs[0]].template, copies, project / "locales" / "templates" / "admin.pot")
    for lang in langs:
        scaled(found[lang].old, copies, project / "locales" / lang / "LC_MESSAGES" / "admin.po")
    (project / "tolmach.toml").write_text(f"languages = {list(langs)!r}\n".replace("'", '"'), encoding="utf-8")
    return project


Measure = tuple[float, float, int]  # wall time (s), CPU time (user + system, s), peak resident memory (KiB)


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Wall time, CPU time and peak memory of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}) in {cwd}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def time_msgmerge(project: Path) -> Measure:
    total, cpu, peak = 0.0, 0.0, 0
    pot = project / "locales" / "templates" / "admin.pot"
    for po in sorted(project.glob("locales/*/LC_MESSAGES/admin.po")):
        t, c, m = run(["msgmerge", "--quiet", "--previous", "-o", str(po), str(po), str(pot)], project)
        total, cpu, peak = total + t, cpu + c, max(peak, m)
    return total, cpu, peak


def time_tolmach(project: Path, code: Path, data_home: Path) -> Measure:
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_DATA_HOME": str(data_home)}  # no user memory
    return run([sys.executable, "-m", "pipeline", "update"], project, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REF", help="also time tolmach at this git commit")
    parser.add_argument("--project", choices=sorted(SOURCES), default="wagtail")
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp, worktree(args.baseline) as base:
        root = Path(tmp)
        sources = {k: make_project(root / "sources", k, args.project, args.cache) for k in sizes}
        tools = {"msgmerge": None, "tolmach": REPO, **({f"tolmach@{args.baseline}": base} if base else {})}
        times: dict[tuple[str, int], list[float]] = {}
        cpus: dict[tuple[str, int], list[float]] = {}
        memory: dict[tuple[str, int], int] = {}
        for r in range(args.rounds):
            for k in sizes:
                for tool, code in tools.items():
                    work = root / "work" / f"{tool}-{k}-{r}"
                    shutil.copytree(sources[k], work)
                    t, c, m = time_msgmerge(work) if code is None else time_tolmach(work, code, root / "data")
                    times.setdefault((tool, k), []).append(t)
                    cpus.setdefault((tool, k), []).append(c)
                    memory[(tool, k)] = max(memory.get((tool, k), 0), m)
                    shutil.rmtree(work)
        messages = {k: sum(1 for e in polib.pofile(str(sources[k] / "locales" / "templates" / "admin.pot")))
                    for k in sizes}
        print(f"{'size':>4} {'messages':>8}  " + "  ".join(f"{t:>33}" for t in tools) + "   tolmach/msgmerge")
        for k in sizes:
            cells = [f"{min(times[(t, k)]):6.2f} s ({min(cpus[(t, k)]):5.2f} s CPU) {memory[(t, k)] / 1024:4.0f} MB"
                     for t in tools]
            wall = min(times[("tolmach", k)]) / min(times[("msgmerge", k)])
            cpu = min(cpus[("tolmach", k)]) / min(cpus[("msgmerge", k)])
            print(f"{k:>3}x {messages[k]:>8}  " + "  ".join(f"{c:>33}" for c in cells)
                  + f"   {wall:.2f}x ({cpu:.2f}x CPU)")
        print("best of the rounds; medians of the wall times: " + "; ".join(
            f"{t} " + " ".join(f"{statistics.median(times[(t, k)]):.2f}" for k in sizes) for t in tools))
        first = sizes[0]
        for tool in tools:
            growth = ", ".join(f"{k}x: {min(times[(tool, k)]) / min(times[(tool, first)]):.1f}"
                               f" ({min(cpus[(tool, k)]) / min(cpus[(tool, first)]):.1f} CPU)" for k in sizes[1:])
            print(f"{tool} time relative to {first}x: {growth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
