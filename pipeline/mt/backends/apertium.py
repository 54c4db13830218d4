"""Apertium pairs Debian ships, run through the project's mode files (`engines.ApertiumEngine`): the
rule-based last step of a pivot between close languages (en→ru by a model, then ru→be here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from pipeline.config import Config
from pipeline.mt.engines import ApertiumEngine, Engine, EngineSettings, apertium_modes
from pipeline.mt.routes import Missing, Step, step_key

# Apertium pairs tolmach knows how to run (mode file shipped in pipeline/data/apertium/modes/).
APERTIUM_PAIRS: dict[tuple[str, str], str] = {("ru", "be"): "rus-bel"}


def step_for(mode: str, version: str) -> Step:
    """The step an Apertium mode offers; the model reference is the mode's name."""
    (source, target), = (pair for pair, m in APERTIUM_PAIRS.items() if m == mode)
    return Step(ApertiumBackend.name, source, target, version, mode, f"apertium {mode} {version}",
                step_key("apertium", source, target, version, mode), ApertiumBackend.family, pivot=True)


class ApertiumBackend:
    """The Apertium modes usable here (apertium on PATH and every file the mode names present)."""

    name: ClassVar[str] = "apertium"
    family: ClassVar[str] = "apertium"
    aliases: ClassVar[tuple[str, ...]] = ()
    on_device: ClassVar[bool] = False

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> ApertiumBackend:
        return cls()

    def edges(self) -> list[Step]:
        modes = apertium_modes()
        return [step_for(mode, modes[mode]) for mode in APERTIUM_PAIRS.values() if mode in modes]

    def missing(self) -> str:
        return ""

    def advice(self, source: str, target: str, steps: Sequence[Step]) -> Missing | None:
        """A language an Apertium pair reaches: the model into the pair's source language it lacks, or
        Apertium itself."""
        here = {s.model for s in steps if s.backend == self.name}
        have = ", ".join(f"{s.source}-{s.target}" for s in steps if s.backend != self.name) or "none"
        for (s, t), mode in APERTIUM_PAIRS.items():
            if t != target:
                continue
            if mode in here:
                return Missing(target, f"no model for {source}→{s} for the {source}→{s} → apertium {mode} "
                               f"route, nor a direct {source}→{t} one (installed pairs: {have})",
                               f"tolmach models install translate-{source}_{s}-*.argosmodel, on a "
                               f"connected machine `tolmach models install --from-index {source}-{s}`, or "
                               f"`tolmach models add DIR --pair {source}-{t}` with an NLLB or M2M-100 model")
            return Missing(target, f"no model for {source}→{target} and Apertium {mode} is not installed "
                           f"(installed pairs: {have})",
                           f"apt-get install apertium apertium-bel-rus cg3, and install an argos "
                           f"{source}→{s} package, or `tolmach models add DIR --pair {source}-{t}`")
        return None

    def inventory(self) -> list[str]:
        modes = [f"{s.model} {s.version}" for s in self.edges()]
        return ["apertium: " + (", ".join(modes) or "not available")]

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        assert isinstance(step.model, str)
        return ApertiumEngine(step.model)
