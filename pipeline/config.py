"""Project settings: `[tool.tolmach]` in pyproject.toml or a tolmach.toml, validated once, overridable by flags.

Each section is a frozen dataclass; `load_config` turns the TOML tables into them by the fields' types, so
a typo (`beam = 9`), a wrong type (`languages = 5`) or a value outside its choices (`pivot = "apertum"`)
stops the run with the file, the line, the key and the nearest valid name. Stages receive these typed
objects, never raw dicts. Adding a setting is adding a field (with its type and default) to its section;
a check that types cannot express goes into the section's `validate`.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pipeline import languages as language_registry
from pipeline.errors import TolmachError

# The languages a project translates into when its settings name none: the newsroom's three.
DEFAULT_TARGETS = ("pl", "be", "ru")
STATE_DIR_NAME = ".tolmach"


@dataclass(frozen=True)
class Where:
    """Where a setting was written, for error messages: the file and the section as the user wrote it."""

    source: Path | None = None
    section: str = "tool.tolmach"  # "tool.tolmach.mt" in pyproject.toml, "mt" in tolmach.toml ("" = top)

    def child(self, name: str) -> Where:
        return Where(self.source, f"{self.section}.{name}" if self.section else name)

    def name(self, key: str) -> str:
        return f"[{self.section}] {key}" if self.section else key

    def error(self, key: str, message: str, hint: str | None = None) -> TolmachError:
        return TolmachError(f"{self.name(key)}: {message}", self.source, _line_of(self.source, self.section, key),
                            hint=hint)


def nearest(name: str, choices: typing.Iterable[str]) -> str | None:
    """The closest valid name for a typo (difflib), or None."""
    found = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, choices: typing.Iterable[str]) -> str:
    """`did you mean 'beam_size'?`, else the list of valid names."""
    choices = sorted(choices)
    close = nearest(name, choices)
    if close is not None:
        return f"did you mean {close!r}?"
    return "valid: " + (", ".join(choices) if choices else "none")


@dataclass(frozen=True)
class CleanupConfig:
    """How scraped text is cleaned before segmentation (see documents/cleanup.py)."""

    enabled: bool = True
    boilerplate: tuple[str, ...] = (r"^top of page$", r"^bottom of page$")
    collapse_repeated_lines: bool = True
    normalize_spaces: bool = True

    def validate(self, where: Where) -> None:
        """Each rule compiles and does not backtrack catastrophically (pipeline/regexguard.py)."""
        from pipeline.regexguard import Origin, compile_user_pattern

        origin = Origin(where.name("boilerplate"), where.source, _line_of(where.source, where.section, "boilerplate"))
        for pattern in self.boilerplate:
            compile_user_pattern(pattern, origin, ignore_case=True)


ComputeType = Literal["default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                      "float16", "bfloat16", "float32"]  # CTranslate2's compute types
Pivot = Literal["apertium", "neural", "argos"]  # "argos": the older name of "neural"
Prefer = Literal["direct", "pivot"]
Device = Literal["cpu", "cuda", "auto"]


@dataclass(frozen=True)
class EngineOptions:
    """CTranslate2's share of `[tool.tolmach.mt]`, with the only defaults these settings have: the fastest
    measured on 2 CPU cores (bench/mt). `pipeline.mt.engines.EngineSettings` is this plus what the engine
    derives from it, so a value travels from the settings file to the engine through one default."""

    device: Device = "cpu"  # CTranslate2's device; auto takes a CUDA GPU when there is one
    device_index: tuple[int, ...] = (0,)  # the GPUs batches are spread over
    inter_threads: int = 2
    intra_threads: int = 1
    compute_type: ComputeType | None = None  # else per device: int8 on the CPU, int8_float16 on a GPU
    beam_size: int = 2
    max_batch_size: int = 32
    max_decoding_length: int = 256


@dataclass(frozen=True)
class MTSettings(EngineOptions):
    """`[tool.tolmach.mt]`: where models and drafts live, the route preference and CTranslate2's settings
    (the fields of `EngineOptions`)."""

    packages_dir: Path | None = None  # else ARGOS_PACKAGES_DIR, else argos' own directory
    cache_dir: Path | None = None  # else TOLMACH_CACHE_DIR, else the project's state_dir (.tolmach/)
    pivot: Pivot = "apertium"  # which engine takes the last step when both could
    prefer: Prefer = "direct"  # a direct model over a pivot, or the Apertium pivot even when a direct one exists
    index_url: str | None = None  # the argos package index (JSON) `models install --from-index` reads
    ray: str | None = None  # run engines on Ray actors: "local", or a cluster address ("auto", "HOST:6379")
    ray_batch_size: int = 64  # sentences per actor call

    def validate(self, where: Where) -> None:
        for key in ("inter_threads", "intra_threads", "beam_size", "max_batch_size", "max_decoding_length",
                    "ray_batch_size"):
            if getattr(self, key) < 1:
                raise where.error(key, f"must be at least 1, not {getattr(self, key)}")
        if not self.device_index or any(i < 0 for i in self.device_index):
            raise where.error("device_index", f"must list GPU numbers such as [0] or [0, 1], not "
                              f"{list(self.device_index)}")


@dataclass(frozen=True)
class TMSettings:
    """`[tool.tolmach.tm]`: the translation memory file and the fuzzy-match threshold."""

    path: Path | None = None  # else tm.sqlite in the project's state_dir (.tolmach/)
    threshold: int = 75  # percent: matches below it are not offered

    def validate(self, where: Where) -> None:
        if not 1 <= self.threshold <= 100:
            raise where.error("threshold", f"must be a percentage 1-100, not {self.threshold}")


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ChecksSettings:
    """`[tool.tolmach.checks]`: rules switched off or re-graded for the whole project."""

    disable: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include_fuzzy: bool = False
    # the subtitle-fit check: what fits a cue (broadcast defaults: 2 lines of 42, 17 characters a second)
    subtitle_line_length: int = 42
    subtitle_lines: int = 2
    subtitle_chars_per_second: float = 17.0

    def validate(self, where: Where) -> None:
        for key in ("subtitle_line_length", "subtitle_lines", "subtitle_chars_per_second"):
            if getattr(self, key) <= 0:
                raise where.error(key, f"must be positive, not {getattr(self, key)}")
        if not self.disable and not self.severity:
            return
        known = rule_ids()
        for rule in self.disable:
            if rule not in known:
                raise where.error("disable", f"unknown rule {rule!r}", hint=did_you_mean(rule, known))
        for rule in self.severity:
            if rule not in known:
                raise where.error("severity", f"unknown rule {rule!r}", hint=did_you_mean(rule, known))


def rule_ids() -> set[str]:
    """Every check's rule id (the registry is imported only when a setting names rules)."""
    from pipeline.checks import load_checks

    return set(load_checks())


@dataclass(frozen=True)
class AlignSettings:
    """`[tool.tolmach.align]`: defaults for `tolmach align`'s flags."""

    language_check: bool = True  # refuse a translation that does not look like the target language
    tm: bool = True  # store aligned pairs in the translation memory


@dataclass(frozen=True)
class ReportSettings:
    """`[tool.tolmach.report]`: defaults for `tolmach report`'s flags."""

    title: str = "Translation review"
    output: Path | None = None  # else <output_dir>/report.html


@dataclass(frozen=True)
class DocumentsSettings:
    """`[tool.tolmach.documents]`: which files a folder given to `extract` or `translate` contributes.

    Patterns are fnmatch patterns over the path relative to that folder (`*` also crosses `/`):
    `include = ["news/*"]`, `exclude = ["*/drafts/*", "*.draft.md"]`. Every supported format is taken when
    `include` is empty."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class ServeSettings:
    """`[tool.tolmach.serve]`: `tolmach serve`, the LibreTranslate-compatible MT service (docs/serve.md).
    A limit of 0 means none."""

    host: str = "127.0.0.1"  # loopback: only this machine; another address needs api_keys (or a firewall)
    port: int = 5000  # 0: any free port (the log line says which)
    api_keys: tuple[str, ...] = ()  # else TOLMACH_SERVE_API_KEYS (comma-separated); none: no key asked
    rate_limit: int = 0  # requests per minute per client (its API key, else its address): 429 beyond
    char_limit: int = 20000  # characters of text per request: 400 beyond, as LibreTranslate's char_limit
    batch_limit: int = 0  # texts per request (q as a list): 400 beyond, as LibreTranslate's batch_limit
    body_limit: int = 1048576  # bytes of a request body: 413 beyond
    queue_limit: int = 256  # requests waiting for the engines: 503 beyond
    batch_sentences: int = 512  # sentences sent to the engines in one batch, at most
    shutdown_timeout: int = 60  # seconds SIGTERM waits for requests under way

    def validate(self, where: Where) -> None:
        if not self.host.strip():
            raise where.error("host", "must be an address such as 127.0.0.1 or 0.0.0.0")
        if not 0 <= self.port <= 65535:
            raise where.error("port", f"must be a port number 0-65535, not {self.port}")
        for key in ("rate_limit", "char_limit", "batch_limit", "body_limit"):
            if getattr(self, key) < 0:
                raise where.error(key, f"must be 0 (no limit) or more, not {getattr(self, key)}")
        for key in ("queue_limit", "batch_sentences"):
            if getattr(self, key) < 1:
                raise where.error(key, f"must be at least 1, not {getattr(self, key)}")
        if self.shutdown_timeout <= 0:
            raise where.error("shutdown_timeout", f"must be positive, not {self.shutdown_timeout}")
        bad = [k for k in self.api_keys if not k or k != k.strip() or len(k) < 8]
        if bad:
            raise where.error("api_keys", "every key must be at least 8 characters, without surrounding spaces",
                              hint="generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe())'`")


@dataclass(frozen=True)
class SegmentSettings:
    """`[tool.tolmach.segment]`: no settings yet (segmentation rules belong to each language)."""


@dataclass(frozen=True)
class Config:
    """Everything a command needs to know about the project it runs in."""

    root: Path = field(default_factory=Path.cwd)
    source_lang: str = "en"
    languages: tuple[str, ...] = DEFAULT_TARGETS
    locales_dir: Path = Path("locales")
    # How templates and catalogs are named in locales_dir: auto (found by what is on disk), tolmach
    # (= lc_messages), babel, flat (= gnu), django; see pipeline/po/layouts.py
    catalog_layout: Literal["auto", "tolmach", "lc_messages", "babel", "flat", "gnu", "django"] = "auto"
    glossary: Path = Path("glossary")
    output_dir: Path = Path("out")
    # The translation memory and MT cache: in the project, so one newsroom project's sentences never pre-fill
    # another's catalogs; point several projects' state_dir at one folder to share them on purpose.
    state_dir: Path = Path(STATE_DIR_NAME)
    cleanup: CleanupConfig = field(default_factory=CleanupConfig)
    mt: MTSettings = field(default_factory=MTSettings)
    tm: TMSettings = field(default_factory=TMSettings)
    checks: ChecksSettings = field(default_factory=ChecksSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    documents: DocumentsSettings = field(default_factory=DocumentsSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    source: Path | None = None  # the settings file, for messages about a setting
    # where each value that is not a default came from: dotted key ("mt.beam_size") -> FROM_FILE or the flag
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def path(self, p: Path) -> Path:
        """Resolve a configured path against the project root."""
        p = p.expanduser()
        return p if p.is_absolute() else self.root / p

    def state_path(self, name: str) -> Path:
        """A file of the project's own state (translation memory, MT cache) under `state_dir`."""
        return self.path(self.state_dir) / name

    def validate(self, where: Where) -> None:
        _languages(self.languages, where)
        _source_language(self.source_lang, where)

    def origin(self, key: str) -> str:
        """Where the value of a dotted key ("mt.beam_size") came from: `default`, `FILE:LINE` or the flag."""
        origin = self.origins.get(key)
        if origin is None:
            return "default"
        if origin != FROM_FILE:
            return origin
        section, _, name = key.rpartition(".")
        top = "" if self.source is not None and self.source.name == "tolmach.toml" else "tool.tolmach"
        line = _line_of(self.source, ".".join(p for p in (top, section) if p), name)
        return f"{self.source}:{line}" if line else str(self.source)


FROM_FILE = "file"  # Config.origins: the value was set in the settings file
# the Config fields that are sections ([mt], [report], ...)
_SECTIONS = frozenset(name for name, kind in typing.get_type_hints(Config).items()
                      if isinstance(kind, type) and is_dataclass(kind))


def override(config: Config, values: Mapping[str, Any], flag: str) -> Config:
    """`config` with settings a flag sets, by dotted key (`{"mt.device": "cuda"}`), remembered as coming from
    `flag` (`tolmach config` shows it). Commands apply every flag that stands for a setting through this, so
    stages see one `Config` and never a flag."""
    sections: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for key, value in values.items():
        section, _, name = key.rpartition(".")
        (sections.setdefault(section, {}) if section else top)[name] = value
    changes: dict[str, Any] = dict(top)
    for section, section_values in sections.items():
        changes[section] = replace(getattr(config, section), **section_values)
    return replace(config, **changes, origins={**config.origins, **dict.fromkeys(values, flag)})


def choices(section: type[Any], name: str) -> tuple[str, ...]:
    """The values a setting's `Literal` type allows: a flag for the setting offers exactly these."""
    kind = typing.get_type_hints(section)[name]
    if typing.get_origin(kind) in (types.UnionType, typing.Union):
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
    if typing.get_origin(kind) is not Literal:
        raise TypeError(f"{section.__name__}.{name} is not a Literal")  # a programming error
    return tuple(str(c) for c in typing.get_args(kind))


def settings_of(config: Config) -> list[tuple[str, Any]]:
    """Every setting as (dotted key, value), top-level keys first, then each section's in its order."""
    top: list[tuple[str, Any]] = []
    nested: list[tuple[str, Any]] = []
    for f in fields(config):
        if f.name in _META:
            continue
        value = getattr(config, f.name)
        if is_dataclass(value):
            nested += [(f"{f.name}.{g.name}", getattr(value, g.name)) for g in fields(value)]
        else:
            top.append((f.name, value))
    return top + nested


_META = frozenset({"root", "source", "origins"})  # Config fields that are not settings


def setting_path(configured: Path | None, config: Config, *, env: str | None = None,
                 default: Callable[[], Path]) -> Path:
    """Where a stage keeps its files: the setting (flags are applied to settings), else the environment
    variable, else the default (computed only when needed: platformdirs is imported lazily)."""
    if configured is not None:
        return config.path(configured)
    if env and os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    return default()


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
                if not isinstance(table, dict):
                    raise TolmachError("[tool.tolmach] must be a table", py)
                return py, table
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise TolmachError(f"invalid TOML: {exc}", path, line) from exc
    except RecursionError as exc:  # tomllib recurses into nested arrays and inline tables
        raise TolmachError("invalid TOML: arrays or tables nested too deep to read", path) from exc
    except OSError as exc:
        raise TolmachError(f"cannot read: {exc.strerror}", path) from exc


def load_config(start: Path | None = None) -> Config:
    """Load settings for the project around `start` (default: the current directory)."""
    start = (start or Path.cwd()).resolve()
    found = find_config_file(start)
    if found is None:
        return Config(root=start)
    path, table = found
    return config_from_table(table, root=path.parent, source=path)


def config_from_table(table: Mapping[str, Any], root: Path, source: Path | None = None) -> Config:
    """Typed settings from a `[tool.tolmach]` table (or a tolmach.toml's top level)."""
    where = Where(source, "" if source is not None and source.name == "tolmach.toml" else "tool.tolmach")
    config = _typed(Config, table, where, skip=_META)
    config = replace(config, root=root, source=source,
                     languages=_languages(config.languages, where, source_lang=config.source_lang),
                     origins=dict.fromkeys(_keys_set(table), FROM_FILE))
    _own_folders(config, where)
    if "glossary" in table and not config.path(config.glossary).exists():
        # the default folder may be absent (a project without a glossary); a named one may not
        raise where.error("glossary", f"no such file or directory: {config.path(config.glossary)}",
                          hint=_sibling_hint(config.path(config.glossary)))
    return config


def _keys_set(table: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted keys of the settings a (validated) table sets: a section's keys, not the section."""
    keys = []
    for key, value in table.items():
        if isinstance(value, Mapping) and key in _SECTIONS:
            keys += _keys_set(value, f"{key}.")
        else:
            keys.append(prefix + key)
    return keys


def _own_folders(config: Config, where: Where) -> None:
    """output_dir is a folder of its own: not the project, not its locales, glossary or state (pipeline/paths.py)."""
    from pipeline.paths import refuse_overlapping_folders

    folders = {"output_dir": config.output_dir, "locales_dir": config.locales_dir, "glossary": config.glossary,
               "state_dir": config.state_dir}
    overlap = refuse_overlapping_folders(config.root, folders)
    if overlap is not None:
        raise where.error(*overlap, hint='point output_dir at a folder of its own, e.g. output_dir = "out"')


def parse_languages(value: object, source: Path | None = None, source_lang: str | None = None) -> tuple[str, ...]:
    """'pl,be,ru' (a flag) -> ('pl', 'be', 'ru'); refuses languages the pipeline cannot serve."""
    if isinstance(value, str):
        value = value.split(",")
    return _languages(value, Where(source, ""), flag=True, source_lang=source_lang)


def _languages(value: object, where: Where, flag: bool = False, source_lang: str | None = None) -> tuple[str, ...]:
    """Target codes as gettext writes them (be-tarask -> be@tarask, sr-Latn -> sr@latin), deduplicated; a
    code the language registry does not know (neither a module of pipeline.languages nor a Babel locale),
    or the source language itself, is refused with the registry's suggestion."""
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
        raise where.error("languages", f"must be a list of language codes, not {value!r}",
                          hint='for example languages = ["pl", "be", "ru"]')
    langs = tuple(dict.fromkeys(language_registry.canonical(x) for x in value if x.strip()))
    if not langs:
        raise TolmachError("no target language given", where.source, hint="for example --lang pl,be,ru")
    try:
        source_language = language_registry.get(source_lang) if source_lang is not None else None
    except TolmachError:  # refused where the source language is read
        source_language = None
    for lang in langs:
        try:
            language = language_registry.get(lang)
            if language is source_language:
                raise TolmachError(f"{lang} is the source language ({source_lang}): nothing to translate into",
                                   hint="name the languages to translate into, for example pl,be,ru")
        except TolmachError as exc:
            message = f"unsupported target language: {exc.message}"
            if flag:
                raise TolmachError(message, where.source, hint=exc.hint) from None
            raise where.error("languages", message, hint=exc.hint) from None
    return langs


def _source_language(code: str, where: Where) -> None:
    try:
        language_registry.get(code)
    except TolmachError as exc:
        raise where.error("source_lang", exc.message, hint=exc.hint) from None


def _sibling_hint(path: Path) -> str | None:
    parent = path.parent
    if not parent.is_dir():
        return None
    siblings = [p.name for p in parent.iterdir() if not p.name.startswith(".")]
    close = nearest(path.name, siblings)
    return f"did you mean {close!r}?" if close else None


# --- turning TOML values into typed fields ---------------------------------------------------------------

def _typed(cls: type[Any], table: Mapping[str, Any], where: Where, skip: frozenset[str] | set[str] = frozenset()
           ) -> Any:
    if not isinstance(table, Mapping):
        section = where.section.rsplit(".", 1)[-1]
        raise TolmachError(f"[{where.section}] must be a table, not {table!r}", where.source,
                           _line_of(where.source, where.section.rpartition(".")[0], section))
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls) if f.name not in skip]
    unknown = [k for k in table if k not in names]
    if unknown:
        key = unknown[0]
        raise where.error(key, "unknown setting", hint=did_you_mean(key, names))
    values: dict[str, Any] = {}
    for name in names:
        if name not in table:
            continue
        kind = hints[name]
        if isinstance(kind, type) and is_dataclass(kind):
            values[name] = _typed(kind, table[name], where.child(name))
        else:
            values[name] = _convert(table[name], kind, where, name)
    obj = cls(**values)
    validate = getattr(obj, "validate", None)
    if validate is not None:
        validate(where)
    return obj


def _type_name(kind: Any) -> str:
    origin = typing.get_origin(kind)
    if origin is Literal:
        return " or ".join(repr(x) for x in typing.get_args(kind))
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type_name(a) for a in typing.get_args(kind) if a is not type(None))
    if origin is tuple:
        return f"a list of {_type_name(typing.get_args(kind)[0])}"
    if origin in (dict, Mapping) or kind is dict:
        return "a table"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string",
            Path: "a path (string)"}.get(kind, str(kind))


def _convert(value: Any, kind: Any, where: Where, key: str) -> Any:
    """`value` as `kind`, or a TolmachError naming the key and what it should be."""

    def bad(hint: str | None = None) -> TolmachError:
        return where.error(key, f"must be {_type_name(kind)}, not {value!r}", hint=hint)

    origin = typing.get_origin(kind)
    if origin is Literal:
        choices = typing.get_args(kind)
        if value not in choices:
            raise bad(did_you_mean(str(value), [str(c) for c in choices]) if isinstance(value, str) else None)
        return value
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return _convert(value, args[0], where, key)
    if origin is tuple:
        if not isinstance(value, list):
            raise bad()
        return tuple(_convert(v, typing.get_args(kind)[0], where, key) for v in value)
    if origin in (dict, Mapping):
        if not isinstance(value, dict):
            raise bad()
        value_kind = typing.get_args(kind)[1]
        return {str(k): _convert(v, value_kind, where, f"{key}.{k}") for k, v in value.items()}
    if kind is bool:
        if not isinstance(value, bool):
            raise bad()
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad()
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad()
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise bad()
        return value
    if kind is Path:
        if not isinstance(value, str) or not value.strip():
            raise bad()
        return Path(value)
    raise TypeError(f"config field {key} has a type the loader does not know: {kind!r}")  # a programming error


_HEADER_RE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _line_of(source: Path | None, section: str, key: str) -> int | None:
    """The line where `key` is set in `[section]` (tomllib gives no positions); None if not found."""
    if source is None:
        return None
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    first = key.split(".")[0]
    key_re = re.compile(rf"^\s*[\"']?{re.escape(first)}[\"']?\s*=")
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER_RE.match(line)
        if header:
            current = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "")
            continue
        if current == section and key_re.match(line):
            return number
    return None

