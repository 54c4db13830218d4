"""Fixtures for the MT tests: real argos packages built offline once per session, and an argostranslate
configured to live in a temporary home (it reads its settings from the environment on first import).

Importing this module needs nothing beyond pytest: the model builder (numpy, torch) is imported by the
fixture that trains, which skips its tests when those are missing, so the suite collects without the MT
extra."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from mt_pairs import load_pairs


@pytest.fixture(scope="session")
def argos_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """argostranslate with its data, config, cache and packages under a temporary directory."""
    home = tmp_path_factory.mktemp("argos-home")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                            "ARGOS_PACKAGES_DIR", "ARGOS_DEVICE_TYPE")}
    os.environ.update({"XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
                       "XDG_CACHE_HOME": str(home / "cache"), "ARGOS_PACKAGES_DIR": str(home / "packages"),
                       "ARGOS_DEVICE_TYPE": "cpu"})
    _import_urllib3_with_its_ipv6_probe()
    try:
        from argostranslate import settings  # reads the environment once, on first import
    finally:
        for k, v in saved.items():  # other tests must not see these packages through ARGOS_PACKAGES_DIR
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    # if another test imported argostranslate first, point it here anyway
    settings.package_data_dir = home / "packages"
    settings.package_data_dir.mkdir(parents=True, exist_ok=True)
    settings.package_dirs = [settings.package_data_dir]
    return home / "packages"


def _import_urllib3_with_its_ipv6_probe() -> None:
    """urllib3 (imported by argostranslate) binds a socket to ::1 at import to see whether IPv6 exists. That is
    not network use, but pytest-socket blocks it; import it once with sockets allowed so that every real
    attempt to connect still fails the tests."""
    import pytest_socket

    pytest_socket.enable_socket()
    try:
        import urllib3  # noqa: F401
    finally:
        pytest_socket.disable_socket(allow_unix_socket=True)


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`.argosmodel` files for en-pl, en-ru and ru-be that reproduce tests/data/mt/pairs.tsv exactly
    (skipped without the MT test tools: numpy, torch, CTranslate2 from the [mt] and [dev] extras)."""
    for module in ("numpy", "torch", "ctranslate2", "sentencepiece"):
        pytest.importorskip(module, reason="the MT test models need the [mt] and [dev] extras")
    import argosbuild

    return argosbuild.build_all(tmp_path_factory.mktemp("argos-build"))


class WholeText:
    """A sentence splitter for argostranslate that keeps the text whole: the pipeline has already split it,
    and argostranslate's own splitters (MiniSBD, Stanza) would download models."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


@pytest.fixture(scope="session")
def argos_installed(argos_env: Path, argos_packages: dict[str, Path]) -> Path:
    """The packages installed with argostranslate's own installer into its packages directory."""
    from argostranslate import package, translate

    for archive in argos_packages.values():
        package.install_from_path(archive)
    translate.get_installed_languages.cache_clear()
    for lang in translate.get_installed_languages():
        for t in lang.translations_from:
            underlying = getattr(t, "underlying", None)
            if underlying is not None and hasattr(underlying, "sentencizer"):
                underlying.sentencizer = WholeText()
    return argos_env


def argos_translate(text: str, src: str, tgt: str, beam_size: int = 1) -> str:
    """argostranslate's own translate(), with the given beam size."""
    from argostranslate import settings, translate

    saved = settings.beam_size
    settings.beam_size = beam_size
    try:
        translation: Any = translate.get_translation_from_codes(src, tgt)
        return str(translation.hypotheses(text, num_hypotheses=1)[0].value)
    finally:
        settings.beam_size = saved


PAIRS = load_pairs()
