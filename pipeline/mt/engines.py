"""Translation back-ends, looked up by name and imported only when a route uses them.

`ArgosEngine` skips argostranslate's own sentence splitting (Stanza/MiniSBD need the network) and hands
the pipeline's sentences straight to the package's SentencePiece model and a `ctranslate2.Translator`
tuned for throughput: all sentences in one call, int8, `inter_threads` batches in parallel. Decoding
mirrors argostranslate's (SentencePiece decode, `▁` and `_` to spaces) so drafts equal what
`argostranslate.translate` gives with the same beam size.

`ApertiumEngine` runs `apertium -d pipeline/data/apertium rus-bel`: the project's mode file replaces the
stock tagger step, which crashes in Debian's apertium-bel-rus, with `cg-proc -1 -n`. Unknown words come
back marked `*word`; the marks are stripped and the words reported.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pipeline.config import MTSettings
from pipeline.errors import TolmachError
from pipeline.mt.packages import PackageInfo

APERTIUM_DATA = Path(__file__).resolve().parent.parent / "data" / "apertium"
# `*word` unknown to the analyser, `@word` missing from the bilingual dictionary, `#word` not generated
APERTIUM_MARK_RE = re.compile(r"(?<![\w*#@])([*@#])(?=\w)")
APERTIUM_UNKNOWN_RE = re.compile(r"(?<![\w*#@])[*@](\w[\w'’-]*)")


@dataclass(frozen=True)
class EngineSettings:
    """CTranslate2 settings; the defaults are the fastest measured on 2 cores (see bench/mt)."""

    inter_threads: int = 2
    intra_threads: int = 1
    compute_type: str = "int8"
    beam_size: int = 2
    max_batch_size: int = 32
    max_decoding_length: int = 256
    device: str = "cpu"

    @classmethod
    def of(cls, mt: MTSettings) -> EngineSettings:
        """CTranslate2's share of `[tool.tolmach.mt]` (every field here is a setting there)."""
        return cls(**{f.name: getattr(mt, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class EngineOutput:
    text: str
    score: float | None = None
    unknown: tuple[str, ...] = field(default_factory=tuple)  # words the engine left untranslated
    error: str = ""  # the engine could not translate this sentence (the text is then empty)


class Engine(Protocol):
    def translate(self, sentences: list[str]) -> list[EngineOutput]: ...


class ArgosEngine:
    """One argos package, driven through CTranslate2 directly in large batches."""

    def __init__(self, package: PackageInfo, settings: EngineSettings) -> None:
        self.package = package
        self.settings = settings
        self._translator: Any = None
        self._sp: Any = None
        self.target_prefix = package.target_prefix

    def _load(self) -> None:
        if self._translator is not None:
            return
        import ctranslate2
        import sentencepiece

        sp_path = self.package.path / "sentencepiece.model"
        if not sp_path.is_file():
            raise TolmachError("package has no sentencepiece.model (BPE packages are not supported)",
                               self.package.path)
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        s = self.settings
        self._translator = ctranslate2.Translator(str(self.package.path / "model"), device=s.device,
                                                  inter_threads=s.inter_threads, intra_threads=s.intra_threads,
                                                  compute_type=s.compute_type)

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        if not sentences:
            return []
        self._load()
        tokens = [self._sp.encode(x, out_type=str) for x in sentences]
        try:
            return self._decode(self._batch(tokens))
        except RuntimeError:
            pass  # one sentence the model cannot take (too long for its positions) fails the batch
        out = []
        for t in tokens:
            try:
                out += self._decode(self._batch([t]))
            except RuntimeError as exc:
                out.append(EngineOutput("", None, (), f"{self.package.label} failed: {exc}"))
        return out

    def _batch(self, tokens: list[list[str]]) -> Any:
        s = self.settings
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        return self._translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=s.max_batch_size,
            batch_type="examples", beam_size=s.beam_size, num_hypotheses=1, length_penalty=0.2,
            return_scores=True, max_decoding_length=s.max_decoding_length)

    def _decode(self, results: Any) -> list[EngineOutput]:
        out = []
        for r in results:
            text = self._sp.decode_pieces(r.hypotheses[0]).replace("▁", " ").replace("_", " ")
            if self.target_prefix and text.startswith(self.target_prefix):
                text = text[len(self.target_prefix):]
            out.append(EngineOutput(text.removeprefix(" "), float(r.scores[0]) if r.scores else None))
        return out


class ApertiumEngine:
    """An Apertium pair through the project's own mode file; one process for the whole batch."""

    def __init__(self, mode: str, data_dir: Path = APERTIUM_DATA) -> None:
        self.mode = mode
        self.data_dir = data_dir

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        if not sentences:
            return []
        # one sentence per line; segments never contain newlines, and Apertium keeps line breaks
        lines = self._run("\n".join(sentences) + "\n").rstrip("\n").split("\n")
        if len(lines) != len(sentences):
            lines = [self._run(s + "\n").strip() for s in sentences]  # lines got merged: one by one
        return [parse_apertium(line.strip()) for line in lines]

    def _run(self, text: str) -> str:
        exe = shutil.which("apertium")
        if exe is None:
            raise TolmachError("apertium is not installed", hint="apt-get install apertium apertium-bel-rus cg3")
        try:
            done = subprocess.run([exe, "-d", str(self.data_dir), self.mode], input=text, capture_output=True,
                                  text=True, encoding="utf-8", timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TolmachError(f"apertium {self.mode} failed: {exc}") from exc
        if done.returncode != 0:
            raise TolmachError(f"apertium {self.mode} failed (exit {done.returncode}): {done.stderr.strip()[:200]}",
                               self.data_dir / "modes" / f"{self.mode}.mode")
        return done.stdout


def parse_apertium(line: str) -> EngineOutput:
    """Strip Apertium's unknown-word marks; report the words (`*Бяляцкому` → `Бяляцкому`)."""
    unknown = tuple(dict.fromkeys(APERTIUM_UNKNOWN_RE.findall(line)))
    return EngineOutput(APERTIUM_MARK_RE.sub("", line), None, unknown)


@lru_cache(maxsize=4)
def apertium_modes(data_dir: Path = APERTIUM_DATA) -> dict[str, str]:
    """Apertium modes usable here -> version of the language data: apertium on PATH and every file the
    shipped mode file names present."""
    if shutil.which("apertium") is None:
        return {}
    found = {}
    for mode_file in sorted((data_dir / "modes").glob("*.mode")):
        text = mode_file.read_text(encoding="utf-8")
        files = [Path(p) for p in re.findall(r"'(/[^']+)'", text)]
        tools = {cmd.split()[0] for cmd in text.split("|") if cmd.strip()}
        if all(f.is_file() for f in files) and all(shutil.which(t) for t in tools):
            found[mode_file.stem] = _debian_version(mode_file.stem)
    return found


def _debian_version(mode: str) -> str:
    package = {"rus-bel": "apertium-bel-rus"}.get(mode, f"apertium-{mode}")
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return done.stdout.strip() or "unknown"


# name -> "module:factory"; a factory takes the route step and the settings (sacrebleu-style registry)
ENGINES: dict[str, str] = {
    "argos": "pipeline.mt.engines:_argos_factory",
    "apertium": "pipeline.mt.engines:_apertium_factory",
}


def _argos_factory(step: Any, settings: EngineSettings) -> Engine:
    return ArgosEngine(step.package, settings)


def _apertium_factory(step: Any, settings: EngineSettings) -> Engine:
    return ApertiumEngine(step.mode)


def load_engine(step: Any, settings: EngineSettings) -> Engine:
    """The engine for one route step (a pipeline.mt.routes.Step)."""
    module, name = ENGINES[step.engine].split(":")
    factory = getattr(importlib.import_module(module), name)
    engine: Engine = factory(step, settings)
    return engine
