"""Where engines run does not change what they write: the drafts, the catalogs and the cache are the same
whether the batches ran in this process or on Ray actors, and a Ray actor that dies loses no batch.

A real local Ray instance (two CPUs, loopback only) is started once for the module; no mocks.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mt_fixtures import PAIRS

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.mt import packages
from pipeline.mt.cache import DraftCache
from pipeline.mt.drafts import run_mt
from pipeline.mt.engines import Engine, EngineOutput, EngineSettings, apertium_modes
from pipeline.mt.executors import EngineLoader, RayExecutor, RaySettings, in_process
from pipeline.mt.routes import Step
from pipeline.workspace import workspace

ray = pytest.importorskip("ray", reason="the [ray] extra is not installed")

pytestmark = [pytest.mark.ray, pytest.mark.enable_socket, pytest.mark.slow]

GREEDY = EngineSettings(beam_size=1)
SENTENCES = [PAIRS[i]["en"] for i in range(24)]
LANGS = ("pl", "ru", "be") if "rus-bel" in apertium_modes() else ("pl", "ru")
TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One local Ray instance for the module: 2 CPUs, bound to 127.0.0.1, workers that import this suite."""
    import pytest_socket

    pytest_socket.enable_socket()
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(TESTS.parent), str(TESTS), *([saved] if saved else [])])
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
             configure_logging=False, _temp_dir=str(tmp_path_factory.mktemp("ray")))
    try:
        yield
    finally:
        ray.shutdown()
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
        pytest_socket.disable_socket(allow_unix_socket=True)


def make_project(root: Path, archives: dict[str, Path]) -> Path:
    root.mkdir(parents=True)
    (root / "tolmach.toml").write_text(f'languages = {list(LANGS)!r}\n[mt]\npackages_dir = "pk"\ncache_dir = "cache"\n'
                                       'beam_size = 1\n'.replace("'", '"'), encoding="utf-8")
    (root / "news.txt").write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    for pair in ("en-pl", "en-ru"):
        packages.install(archives[pair], root / "pk")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert main(["extract", "news.txt"]) == 0
        assert main(["update", "--lang", ",".join(LANGS)]) == 0
    finally:
        os.chdir(cwd)
    return root


def draft(project: Path, loader: EngineLoader) -> dict[str, str]:
    """Run the MT stage with `loader`; the catalogs as text, the dates (the clock: two projects made a minute
    apart on a loaded machine) left out."""
    cache = DraftCache(project / "cache")
    try:
        with workspace(load_config(project)) as ws:
            run_mt(ws, LANGS, project / "pk", cache, settings=GREEDY, loader=loader)
            ws.commit()
    finally:
        cache.close()
    catalogs = {lang: project / "locales" / lang / "LC_MESSAGES" / "news.po" for lang in LANGS}
    return {lang: re.sub(r'"(PO-Revision|POT-Creation)-Date: [^"]*"', "", path.read_text(encoding="utf-8"))
            for lang, path in catalogs.items()}


@pytest.fixture(scope="module")
def twin_projects(tmp_path_factory: pytest.TempPathFactory, argos_packages: dict[str, Path]) -> tuple[Path, Path]:
    """Two copies of one project, made by one extract + update, so only the executor differs."""
    base = tmp_path_factory.mktemp("twins")
    one = make_project(base / "in-process", argos_packages)
    two = base / "ray"
    shutil.copytree(one, two)
    return one, two


def cached_sources(project: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(project / "cache" / "mt-drafts.sqlite3") as db:
        return list(db.execute("SELECT route, source FROM drafts"))


def test_ray_writes_the_same_catalogs_and_caches_every_sentence_once(local_ray: None,
                                                                     twin_projects: tuple[Path, Path]) -> None:
    here, there = twin_projects
    expected = draft(here, in_process)
    executor = RayExecutor(RaySettings("auto", batch_size=5))
    try:
        assert draft(there, executor) == expected
        assert [len(actors) for actors in executor.pools.values()] == [2]  # one CPU actor per core, shared
    finally:
        executor.close()
    rows = cached_sources(there)
    assert len(rows) == len(set(rows))
    assert sorted(rows) == sorted(cached_sources(here))


class DiesOnce:
    """Delegates to the real engine, but the first batch to see the marker file kills its worker process."""

    def __init__(self, inner: Engine, marker: Path) -> None:
        self.inner = inner
        self.marker = marker

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        try:
            self.marker.unlink()
        except FileNotFoundError:
            return self.inner.translate(sentences)
        os._exit(1)  # as a crashed or OOM-killed worker would


class DyingLoader:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __call__(self, step: Step, settings: EngineSettings) -> Engine:
        return DiesOnce(in_process(step, settings), self.marker)


def test_a_killed_actor_loses_no_batch(local_ray: None, tmp_path: Path, argos_packages: dict[str, Path]) -> None:
    project = make_project(tmp_path / "p", argos_packages)
    expected = draft(make_project(tmp_path / "q", argos_packages), in_process)
    marker = tmp_path / "kill-the-next-batch"
    marker.touch()
    executor = RayExecutor(RaySettings("auto", batch_size=4), loader=DyingLoader(marker))
    try:
        assert draft(project, executor) == expected
    finally:
        executor.close()
    assert not marker.exists()  # a worker did die, and its batch was run again


def test_a_rerun_finds_every_sentence_in_the_cache(local_ray: None, tmp_path: Path,
                                                   argos_packages: dict[str, Path]) -> None:
    project = make_project(tmp_path / "p", argos_packages)
    seen: list[str] = []

    class Counting:
        def __init__(self, inner: Engine) -> None:
            self.inner = inner

        def translate(self, sentences: list[str]) -> list[EngineOutput]:
            seen.extend(sentences)
            return self.inner.translate(sentences)

    executor = RayExecutor(RaySettings("auto"))
    try:
        draft(project, executor)
    finally:
        executor.close()
    # the cache now holds every sentence: a second run (in any executor) sends nothing to a model
    cache = DraftCache(project / "cache")
    try:
        with workspace(load_config(project)) as ws:
            run_mt(ws, LANGS, project / "pk", cache, settings=GREEDY, refresh=True,
                   loader=lambda step, s: Counting(in_process(step, s)))
            ws.commit()
    finally:
        cache.close()
    assert seen == []


def test_translate_with_ray_drafts_like_the_default_path(local_ray: None, tmp_path: Path,
                                                         argos_packages: dict[str, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    here = make_project(tmp_path / "here", argos_packages)
    there = make_project(tmp_path / "there", argos_packages)
    catalogs = {}
    for project, extra in ((here, []), (there, ["--ray", "auto"])):
        monkeypatch.chdir(project)
        assert main(["translate", "news.txt", "--to", ",".join(LANGS), *extra]) == 0
        catalogs[project.name] = {lang: re.sub(r'"(PO-Revision|POT-Creation)-Date: [^"]*"', "", (
            project / "locales" / lang / "LC_MESSAGES" / "news.po").read_text(encoding="utf-8")) for lang in LANGS}
    assert catalogs["here"] == catalogs["there"]


def test_without_ray_installed_the_flag_says_what_to_install(project: Path) -> None:
    probe = ("import sys; sys.modules['ray'] = None; from pipeline.cli import main; "
             "raise SystemExit(main(['mt', '--lang', 'pl', '--ray', 'local']))")
    (project / "news.txt").write_text("One sentence.\n", encoding="utf-8")
    assert main(["extract", "news.txt"]) == 0 and main(["update", "--lang", "pl"]) == 0
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(TESTS.parent)})
    assert done.returncode == 2, done.stderr
    assert "--ray needs Ray, which is not installed" in done.stderr
    assert "pip install 'tolmach[ray]'" in done.stderr
