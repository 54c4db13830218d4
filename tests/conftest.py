"""Shared fixtures. The whole suite runs with network sockets disabled (see pyproject addopts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "belarus-political-prisoners.en.txt"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project directory with the example article and a tolmach.toml, as the cwd."""
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    (tmp_path / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default translation memory lives in the user's data dir, the dictionaries' lexicons in the user's
    cache: never read or fill the real ones."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


# MT fixtures (real argos packages built offline): see tests/mt_fixtures.py. That module imports only pytest;
# the fixture that trains the models imports numpy and torch, and skips its tests when they are missing, so
# `pytest --collect-only` (and every test that needs no model) works without the MT extra.
from mt_fixtures import argos_env, argos_installed, argos_packages  # noqa: E402, F401
