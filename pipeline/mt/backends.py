"""Back-ends behind one protocol, and the one planner `tolmach mt`, `tolmach align`'s MT anchor and
`tolmach models list` share.

A `Backend` offers one-hop steps (`edges`), says what is missing for it to run (`missing`), creates an
engine for a step (`create`) and gives the step's signature (`signature`: the exact model, version and the
settings that change its output, such as device, compute type and beam). Two exist: `NeuralBackend` (every
CTranslate2 model in the packages directory: argos packages with SentencePiece or BPE, converted OPUS-MT,
NLLB-200 and M2M-100 directories) and `ApertiumBackend`. Adding one is a class here and its engine.

Where engines run is not decided here: an executor (`pipeline/mt/executors.py`) calls `load_engine` in this
process or on Ray actors, and the draft cache (keyed by the MT signature, `drafts.route_signature`) is where
every executor's results meet.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.config import Config
from pipeline.mt.engines import ApertiumEngine, CTranslate2Engine, Engine, EngineSettings, apertium_modes
from pipeline.mt.packages import installed
from pipeline.mt.routes import APERTIUM_PAIRS, Missing, Route, Step, plan

# what a neural step needs at run time (the [mt] extra); checked without importing them
NEURAL_MODULES = ("ctranslate2", "sentencepiece")


class Backend(Protocol):
    names: tuple[str, ...]  # the Step.engine values this back-end runs

    def edges(self) -> list[Step]:
        """The one-hop steps this back-end can take here."""

    def missing(self) -> str:
        """What must be installed before its steps run ("" when nothing)."""

    def create(self, step: Step, settings: EngineSettings) -> Engine:
        """An engine for one of its steps."""

    def signature(self, step: Step) -> str:
        """The exact model behind a step (engine, pair, version, installed folder); the settings that change
        output (device, compute type, beam) are fields of the MT signature beside it."""


class NeuralBackend:
    """CTranslate2 models in the packages directory (argos packages and `models add` directories)."""

    names: tuple[str, ...] = ("argos", "ctranslate2")

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def edges(self) -> list[Step]:
        return [Step(p.kind, p.from_code, p.to_code, p.version, package=p) for p in installed(self.directory)]

    def missing(self) -> str:
        absent = [m for m in NEURAL_MODULES if importlib.util.find_spec(m) is None]
        return f"the [mt] extra is not installed ({', '.join(absent)} missing)" if absent else ""

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        assert step.package is not None
        return CTranslate2Engine(step.package, settings)

    @staticmethod
    def signature(step: Step) -> str:
        return step.key


class ApertiumBackend:
    """Apertium pairs Debian ships, run through the project's mode files."""

    names: tuple[str, ...] = ("apertium",)

    def edges(self) -> list[Step]:
        modes = apertium_modes()
        return [Step("apertium", s, t, modes[mode], mode=mode) for (s, t), mode in APERTIUM_PAIRS.items()
                if mode in modes]

    def missing(self) -> str:
        return ""

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        assert step.mode is not None
        return ApertiumEngine(step.mode)

    @staticmethod
    def signature(step: Step) -> str:
        return step.key  # the mode and the Debian package's version


@dataclass
class Planner:
    """Routes over every back-end's steps; engines and signatures for the steps of those routes."""

    backends: Sequence[Backend]
    prefer: str = "direct"
    pivot: str = "apertium"

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> Planner:
        """The project's back-ends: `packages` is the resolved packages directory (`packages.packages_dir`)."""
        return cls([NeuralBackend(packages), ApertiumBackend()], config.mt.prefer, config.mt.pivot)

    def edges(self) -> list[Step]:
        return [e for b in self.backends for e in b.edges()]

    def plan(self, source: str, targets: Sequence[str]) -> dict[str, Route | Missing]:
        """A route per target language, or what to install; a route whose back-end cannot run here is
        reported as missing that."""
        routes = plan(source, targets, self.edges(), prefer=self.prefer, pivot=self.pivot)
        for lang, route in routes.items():
            if isinstance(route, Route):
                absent = [m for m in dict.fromkeys(_backend(self.backends, s).missing() for s in route.steps) if m]
                if absent:
                    routes[lang] = Missing(lang, "; ".join(absent), "pip install 'tolmach[mt]'")
        return routes



BACKENDS: tuple[type[NeuralBackend] | type[ApertiumBackend], ...] = (NeuralBackend, ApertiumBackend)


def _backend(backends: Sequence[Backend], step: Step) -> Backend:
    return next(b for b in backends if step.engine in b.names)


def load_engine(step: Step, settings: EngineSettings) -> Engine:
    """The engine for one route step, from the back-end that runs it (the executors' default loader)."""
    return next(b for b in BACKENDS if step.engine in b.names).create(step, settings)


def model_signatures(route: Route) -> str:
    """Every step's model as its back-end names it: the `models` field of the MT signature."""
    return ", ".join(next(b for b in BACKENDS if s.engine in b.names).signature(s) for s in route.steps)
