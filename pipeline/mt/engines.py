"""Translation engines: a CTranslate2 model (argos package or converted model directory) and Apertium.

`CTranslate2Engine` skips argostranslate's own sentence splitting (Stanza/MiniSBD need the network) and
hands the pipeline's sentences straight to the model's tokenizer (`tokenizers`) and a
`ctranslate2.Translator` tuned for throughput: all sentences in one call, int8 on CPU, `inter_threads`
batches in parallel. Decoding mirrors argostranslate's, so drafts equal what `argostranslate.translate`
gives with the same beam size. Converted Hugging Face models (OPUS-MT, NLLB-200, M2M-100) get what their
tokenizers add: an optional source-language token first and `</s>` last; multilingual models get a target
prefix token, stripped from the output.

`ApertiumEngine` runs `apertium -d pipeline/data/apertium rus-bel`: the project's mode file replaces the
stock tagger step, which crashes in Debian's apertium-bel-rus, with `cg-proc -1 -n`. Unknown words come
back marked `*word`; the marks are stripped and the words reported.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pipeline.config import EngineOptions, MTSettings
from pipeline.errors import TolmachError
from pipeline.mt.model import PackageInfo

APERTIUM_DATA = Path(__file__).resolve().parent.parent / "data" / "apertium"
# `*word` unknown to the analyser, `@word` missing from the bilingual dictionary, `#word` not generated
APERTIUM_MARK_RE = re.compile(r"(?<![\w*#@])([*@#])(?=\w)")
APERTIUM_UNKNOWN_RE = re.compile(r"(?<![\w*#@])[*@](\w[\w'’-]*)")
# the fastest type each device runs well: int8 on CPU, int8 weights with float16 activations on a GPU
DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "int8_float16"}
PROBE = "Test."


@dataclass(frozen=True)
class EngineSettings(EngineOptions):
    """CTranslate2 settings as an engine receives them: `[tool.tolmach.mt]`'s `EngineOptions` (whose
    defaults are the only ones) and what follows from them.

    `device` is cpu, cuda or auto until `resolve_device` makes it concrete; `compute_type` None means the
    device's default (`DEFAULT_COMPUTE`). `device_index` lists the GPUs to spread batches over."""

    @classmethod
    def of(cls, mt: MTSettings) -> EngineSettings:
        """CTranslate2's share of `[tool.tolmach.mt]` (validated there); the device is not resolved yet."""
        return cls(**{f.name: getattr(mt, f.name) for f in fields(EngineOptions)})

    @property
    def compute(self) -> str:
        return self.compute_type or DEFAULT_COMPUTE.get(self.device, "default")

    @property
    def device_name(self) -> str:
        """`cpu`, or `cuda:0,1`: the device field of the MT signature."""
        return self.device if self.device == "cpu" else f"{self.device}:{','.join(map(str, self.device_index))}"


def cuda_device_count() -> int:
    try:
        import ctranslate2
    except ImportError:
        return 0
    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:
        return 0


def resolve_device(device: str, index: tuple[int, ...], gpus: Callable[[], int] = cuda_device_count
                   ) -> tuple[str, tuple[int, ...], str]:
    """A concrete device and GPU list for the run, and a note when `auto` fell back to the CPU; `cuda`
    without the GPUs asked for is an error naming what is missing."""
    if device == "cpu":
        return device, index, ""
    count = gpus()
    if device == "auto":
        if count == 0:
            return "cpu", index, "device auto: no CUDA GPU found, drafting on the CPU"
        return "cuda", tuple(i for i in index if i < count) or (0,), ""
    if count == 0:
        raise TolmachError("--device cuda: CTranslate2 sees no CUDA GPU",
                           hint="install the NVIDIA driver and the CUDA 12 runtime (libcublas), or use "
                           "--device cpu or --device auto")
    absent = [i for i in index if i >= count]
    if absent:
        raise TolmachError(f"--device cuda: no GPU {', '.join(map(str, absent))} (this machine has {count})",
                           hint=f"set [tool.tolmach.mt] device_index to GPUs from 0 to {count - 1}")
    return device, index, ""


@dataclass(frozen=True)
class EngineOutput:
    text: str
    score: float | None = None
    unknown: tuple[str, ...] = field(default_factory=tuple)  # words the engine left untranslated
    error: str = ""  # the engine could not translate this sentence (the text is then empty)


class Engine(Protocol):
    def translate(self, sentences: list[str]) -> list[EngineOutput]: ...


Tick = Callable[[int], None]  # called with 1 as each sentence of a batch is done (progress)


class CTranslate2Engine:
    """One neural model, driven through CTranslate2 directly in large batches."""

    def __init__(self, package: PackageInfo, settings: EngineSettings) -> None:
        self.package = package
        self.settings = settings
        self._translator: Any = None
        self._tokenizer: Any = None
        self.target_prefix = package.target_prefix
        # converted Hugging Face models end every source with </s>, as their tokenizers do; argos ones do not
        self._suffix = ["</s>"] if package.kind == "ctranslate2" else []
        self._prefix = [package.source_prefix] if package.source_prefix else []

    def _load(self) -> None:
        if self._translator is not None:
            return
        from pipeline.mt.tokenizers import load_tokenizer

        files = self.package.tokenizer_files()
        if files is None:
            raise TolmachError(f"{self.package.label} has no tokenizer", self.package.path,
                               hint="run `tolmach models verify`; install the package again")
        s = self.settings
        try:
            import ctranslate2

            self._tokenizer = load_tokenizer(*files, self.package.from_code, self.package.to_code)
            self._translator = ctranslate2.Translator(
                str(self.package.path / "model"), device=s.device, device_index=list(s.device_index),
                inter_threads=s.inter_threads, intra_threads=s.intra_threads, compute_type=s.compute)
        except ImportError as exc:
            raise TolmachError(f"{self.package.label} needs the [mt] extra ({exc.name} is missing)",
                               hint="pip install 'tolmach[mt]'") from exc
        except (RuntimeError, ValueError, OSError) as exc:
            raise TolmachError(f"{self.package.label} does not load: {str(exc).splitlines()[0][:200]}",
                               self.package.path, hint="run `tolmach models verify`; install the package again, "
                               "or remove it with `tolmach models remove`") from exc

    streams = True  # `translate` can report each sentence as it is done (see Translator.step)

    def translate(self, sentences: list[str], on_done: Tick | None = None) -> list[EngineOutput]:
        if not sentences:
            return []
        self._load()
        tokens = [[*self._prefix, *self._tokenizer.encode(x), *self._suffix] for x in sentences]
        try:
            return self._decode(self._batch(tokens, on_done))
        except RuntimeError:
            pass  # one sentence the model cannot take (too long for its positions) fails the batch
        out = []
        for t in tokens:
            try:
                out += self._decode(self._batch([t]))
            except RuntimeError as exc:
                out.append(EngineOutput("", None, (), f"{self.package.label} failed: {exc}"))
        return out

    def _batch(self, tokens: list[list[str]], on_done: Tick | None = None) -> Any:
        """One call for every sentence; with `on_done`, asynchronous, so each result is counted as its
        batch finishes (the sentences come sorted by length, so in about the order CTranslate2 runs them)."""
        s = self.settings
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        # a call smaller than inter_threads full batches is cut so that every translator thread gets a share:
        # 8 sentences as one batch kept one of two cores idle (tolmach serve's small batches, bench/serve)
        size = max(1, min(s.max_batch_size, -(-len(tokens) // s.inter_threads)))
        results = self._translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=size,
            batch_type="examples", beam_size=s.beam_size, num_hypotheses=1, length_penalty=0.2,
            return_scores=True, max_decoding_length=s.max_decoding_length, asynchronous=on_done is not None)
        if on_done is None:
            return results
        done = []
        for r in results:
            done.append(r.result())
            on_done(1)
        return done

    def _decode(self, results: Any) -> list[EngineOutput]:
        out = []
        for r in results:
            pieces = list(r.hypotheses[0])
            if self.target_prefix and pieces[:1] == [self.target_prefix]:
                pieces = pieces[1:]
            text = self._tokenizer.decode(pieces)
            if self.target_prefix and text.startswith(self.target_prefix):
                text = text[len(self.target_prefix):]
            out.append(EngineOutput(text.removeprefix(" "), float(r.scores[0]) if r.scores else None))
        return out


def probe(package: PackageInfo, settings: EngineSettings | None = None) -> list[str]:
    """Load a model and translate one short sentence, as `models verify` and every install do; the problems
    found (none when it works). Without the [mt] extra only the files could be checked, which is said."""
    engine = CTranslate2Engine(package, settings or EngineSettings(beam_size=1, max_decoding_length=8,
                                                                   inter_threads=1))
    try:
        [out] = engine.translate([PROBE])
    except TolmachError as exc:
        if "needs the [mt] extra" in exc.message:
            return []
        return [exc.message.removeprefix(f"{package.label} ")]
    except (RuntimeError, ValueError, OSError, UnicodeError) as exc:
        return [f"translating a probe sentence fails: {str(exc).splitlines()[0][:200]}"]
    return [out.error] if out.error else []


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


