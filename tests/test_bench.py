"""Every benchmark runs as its docstring says, with small flags: a figure in the README is only as good as the
command that reproduces it, and a bench nobody runs stops running (bench/mt/kinds.py crashed for a release).

Each case is one command line of a bench, run in a fresh process from the repository, with sizes cut down so
the whole file stays within a few minutes; the check is that it exits 0 and prints its table, not what the
numbers are (no wall-clock thresholds in tests). A bench that needs ../shared (the FLORES-200 data and the
alignment generator) is skipped where it is absent: a user's clone has no ../shared.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# bench script, its arguments (small), and what its output must contain
CASES: list[tuple[str, list[str], str]] = [
    ("bench/align/run.py", ["--shared", str(SHARED), "--seeds", "1", "--sizes", "100,200", "--repeat", "1"],
     "all-bead F1"),
    ("bench/check/run.py", ["--sections", "startup", "--repeat", "1"], "Start-up"),
    ("bench/gettext/msgmerge.py", [], "msgmerge entries"),
    ("bench/gettext/paragraph.py", ["--sizes", "10"], "paragraph"),
    ("bench/mt/kinds.py", ["--sentences", "4", "--rounds", "1", "--layers", "1", "--d-model", "64",
                           "--vocab", "400", "--cap", "8"], "raw"),
    ("bench/mt/settings.py", ["--sentences", "6", "--rounds", "1", "--layers", "1", "--d-model", "64",
                              "--vocab", "400", "--cap", "8"], "same drafts"),
    ("bench/pipeline/run.py", ["--sizes", "2,4"], "documents"),
    ("bench/pipeline/vs_toolkit.py", ["--documents", "5", "--rounds", "1"], "Translate Toolkit"),
    ("bench/qa/run.py", ["--entries", "200", "--pofilter-sample", "50"], "entries"),
    ("bench/precision/run.py", ["--projects", "django_import_export,sphinx", "--sentences", "30",
                                "--domains", "sed"], "precision"),
    ("bench/regexguard/run.py", ["--max-n", "16"], "re"),
    ("bench/segment/run.py", ["--docs", "2", "--flores", "tests/data/flores"], "pySBD"),
    ("bench/tm/run.py", ["--entries", "500", "--queries", "20"], "lookups"),
    ("bench/documents/run.py", ["--documents", "2"], "coverage"),
    ("bench/archive/run.py", ["--sizes", "2,4", "--langs", "pl"], "documents"),
    ("bench/update/run.py", ["--sizes", "1,2", "--rounds", "1", "--project", "bleachbit"], "tolmach/msgmerge"),
    ("bench/update/fuzzy.py", ["--projects", "bleachbit", "--langs", "pl,ru,be"], "missing"),
]
SHARED_BENCHES = {"bench/align/run.py"}


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bench_runs_with_its_documented_flags(script: str, args: list[str], expected: str, tmp_path: Path) -> None:
    if script in SHARED_BENCHES and not (SHARED / "bench" / "align" / "gen_bench.py").is_file():
        pytest.skip("needs ../shared (FLORES-200 dev and the alignment generator)")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, str(REPO / script), *args], cwd=REPO, capture_output=True, text=True,
                          env=env, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert expected.lower() in done.stdout.lower(), done.stdout[-2000:]


def _bench_module(path: str, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hunalign_ladders_are_read_back_as_beads() -> None:
    """bench/align/run.py --hunalign scores hunalign's ladders: consecutive rungs bound one bead; a document
    hunalign declined (no ladder) leaves every line unaligned."""
    hunalign = _bench_module("bench/align/hunalign.py", "bench_align_hunalign")
    ladder = "0\t0\t0.3\n2\t1\t0.8\n3\t1\t-0.3\n4\t3\t0.1\n"
    assert hunalign.ladder_to_beads(ladder, 4, 3) == [[[0, 1], [0]], [[2], []], [[3], [1, 2]]]
    assert hunalign.ladder_to_beads("", 2, 1) == [[[0], []], [[1], []], [[], [0]]]
    with pytest.raises(ValueError, match="ends at"):
        hunalign.ladder_to_beads("0\t0\t0\n1\t1\t0\n", 2, 2)
