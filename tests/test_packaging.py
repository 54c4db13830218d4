"""What is shipped runs: the sdist carries a test suite that collects, the suite collects without the MT
extra, and a project tolmach starts keeps editors' compiled catalogs out of git."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
# what the [mt] extra and the model-building dev tools bring: the suite must collect without any of them
# (numpy is a core dependency since the aligner uses it)
MT_MODULES = ("torch", "ctranslate2", "sentencepiece", "argostranslate", "sacremoses", "subword_nmt", "ray",
              "sacrebleu")
COLLECT_WITHOUT = """
import sys
BLOCKED = set(sys.argv[1].split(","))
class Block:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Block)
import pytest
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[2:]]))
"""


def collect(where: Path, blocked: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", COLLECT_WITHOUT, ",".join(blocked) or "-", "tests"], cwd=where,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_suite_collects_without_the_mt_extra() -> None:
    run = collect(REPO, MT_MODULES)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert " tests collected" in run.stdout and "error" not in run.stdout.lower().split("collected")[-1]


def _copy_of_the_sources(target: Path) -> Path:
    """The project as a fresh clone has it (no venv, caches or build output), to build from."""
    ignore = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", ".mypy_cache",
                                    ".ruff_cache", "build", "dist", ".tolmach", "out")
    return Path(shutil.copytree(REPO, target, ignore=ignore))


@pytest.mark.slow
def test_the_sdist_carries_a_test_suite_that_collects(tmp_path: Path) -> None:
    sources = _copy_of_the_sources(tmp_path / "src")
    build = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta; "
                            "print(build_meta.build_sdist(sys.argv[1]))", str(tmp_path / "dist")],
                           cwd=sources, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    archive = tmp_path / "dist" / build.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    unpacked = next((tmp_path / "unpacked").iterdir())
    for needed in ("tests/conftest.py", "tests/data/mt/pairs.tsv", "tests/mt_fixtures.py", "examples", "glossary",
                   "docs/checks.md", ".pre-commit-hooks.yaml"):
        assert (unpacked / needed).exists(), needed
    shipped = {p.name for p in (unpacked / "tests").glob("test_*.py")}
    assert shipped == {p.name for p in (REPO / "tests").glob("test_*.py")}
    assert not list(unpacked.rglob("__pycache__"))
    run = collect(unpacked)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def test_a_new_projects_locales_folder_ignores_compiled_catalogs(project: Path) -> None:
    assert main(["translate", "examples/belarus-political-prisoners.en.txt", "--lang", "pl", "--no-mt"]) == 0
    ignore = project / "locales" / ".gitignore"
    assert "*.mo" in ignore.read_text(encoding="utf-8").splitlines()


def test_an_existing_locales_folder_is_the_projects_own(project: Path) -> None:
    (project / "locales").mkdir()
    assert main(["translate", "examples/belarus-political-prisoners.en.txt", "--lang", "pl", "--no-mt"]) == 0
    assert not (project / "locales" / ".gitignore").exists()


def test_the_repositorys_own_gitignore_ignores_compiled_catalogs() -> None:
    assert "*.mo" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
