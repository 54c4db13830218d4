"""Project settings: `[tool.tolmach]` in pyproject.toml or a tolmach.toml, validated once, overridable by flags.

Stages receive a `Config`; none of them reads configuration files themselves.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline import languages
from pipeline.errors import TolmachError

# The languages a project translates into when its settings name none: the newsroom's three.
DEFAULT_TARGETS = ("pl", "be", "ru")


@dataclass(frozen=True)
class CleanupConfig:
    """How scraped text is cleaned before segmentation (see documents/cleanup.py)."""

    enabled: bool = True
    boilerplate: tuple[str, ...] = (r"^top of page$", r"^bottom of page$")
    collapse_repeated_lines: bool = True
    normalize_spaces: bool = True


@dataclass(frozen=True)
class Config:
    """Everything a command needs to know about the project it runs in."""

    root: Path = field(default_factory=Path.cwd)
    source_lang: str = "en"
    languages: tuple[str, ...] = DEFAULT_TARGETS
    locales_dir: Path = Path("locales")
    glossary: Path = Path("glossary")
    output_dir: Path = Path("out")
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)
    # Free-form sections owned by later stages (mt, tm, checks); each stage validates its own.
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def path(self, p: Path) -> Path:
        """Resolve a configured path against the project root."""
        return p if p.is_absolute() else self.root / p

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.get(name, {})

    def setting_path(self, section: str, key: str, *, flag: Path | None = None, env: str | None = None,
                     default: Callable[[], Path]) -> Path:
        """Where a stage keeps its files: the flag, else `[tool.tolmach.<section>] <key>`, else the
        environment variable, else the default (computed only when needed: platformdirs is lazy)."""
        if flag is not None:
            return flag.expanduser()
        configured = self.section(section).get(key)
        if configured:
            return self.path(Path(str(configured)).expanduser())
        if env and os.environ.get(env):
            return Path(os.environ[env]).expanduser()
        return default()


_TOP_KEYS = {"source_lang", "languages", "locales_dir", "glossary", "output_dir", "cleanup"}
_SECTION_KEYS = {"mt", "tm", "checks", "segment", "align", "report"}


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest tolmach.toml or pyproject.toml with a [tool.tolmach] table, walking up from `start`."""
    for d in [start, *start.parents]:
        own = d / "tolmach.toml"
        if own.is_file():
            return own, _load_toml(own)
        py = d / "pyproject.toml"
        if py.is_file():
            data = _load_toml(py)
            table = data.get("tool", {}).get("tolmach")
            if table is not None:
                return py, table
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise TolmachError(f"invalid TOML: {exc}", path, line) from exc


def load_config(start: Path | None = None) -> Config:
    """Load settings for the project around `start` (default: the current directory)."""
    start = (start or Path.cwd()).resolve()
    found = find_config_file(start)
    if found is None:
        return Config(root=start)
    path, table = found
    return config_from_table(table, root=path.parent, source=path)


def config_from_table(table: dict[str, Any], root: Path, source: Path | None = None) -> Config:
    unknown = set(table) - _TOP_KEYS - _SECTION_KEYS
    if unknown:
        raise TolmachError(f"unknown setting(s) in [tool.tolmach]: {', '.join(sorted(unknown))}", source)
    kwargs: dict[str, Any] = {"root": root}
    if "source_lang" in table:
        kwargs["source_lang"] = str(table["source_lang"])
    if "languages" in table:
        kwargs["languages"] = parse_languages(table["languages"], source)
    for key in ("locales_dir", "glossary", "output_dir"):
        if key in table:
            kwargs[key] = Path(table[key])
    if "cleanup" in table:
        kwargs["cleanup"] = _cleanup_from_table(table["cleanup"], source)
    kwargs["sections"] = {k: dict(v) for k, v in table.items() if k in _SECTION_KEYS}
    return Config(**kwargs)


def _cleanup_from_table(table: dict[str, Any], source: Path | None) -> CleanupConfig:
    names = {f.name for f in fields(CleanupConfig)}
    unknown = set(table) - names
    if unknown:
        raise TolmachError(f"unknown cleanup setting(s): {', '.join(sorted(unknown))}", source)
    values = dict(table)
    if "boilerplate" in values:
        values["boilerplate"] = tuple(values["boilerplate"])
        from pipeline.regexguard import Origin, compile_user_pattern

        key = "cleanup.boilerplate" if source is None or source.name != "pyproject.toml" else \
            "[tool.tolmach.cleanup] boilerplate"
        for pattern in values["boilerplate"]:
            compile_user_pattern(str(pattern), Origin(key, source), ignore_case=True)
    return CleanupConfig(**values)


def parse_languages(value: str | list[str] | tuple[str, ...], source: Path | None = None) -> tuple[str, ...]:
    """'pl,be,ru' or ['pl', 'be'] -> ('pl', 'be'); refuses a code the language registry does not know
    (neither a module of pipeline.languages nor a Babel locale), naming the nearest valid one."""
    items = value.split(",") if isinstance(value, str) else list(value)
    langs = tuple(dict.fromkeys(x.strip() for x in items if x.strip()))
    if not langs:
        raise TolmachError("no target language given", source, hint="for example --lang pl,be,ru")
    for lang in langs:
        try:
            languages.get(lang)
        except TolmachError as exc:
            raise TolmachError(f"unsupported target language: {exc.message}", source, hint=exc.hint) from None
    return langs
