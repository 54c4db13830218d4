"""CTranslate2 models in the packages directory: argos packages (SentencePiece or BPE) and the OPUS-MT,
NLLB-200 and M2M-100 directories `tolmach models add` converts; the engine is `engines.CTranslate2Engine`."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from pipeline.config import Config
from pipeline.mt.engines import CTranslate2Engine, Engine, EngineSettings
from pipeline.mt.model import PackageInfo
from pipeline.mt.packages import installed
from pipeline.mt.routes import Missing, Step, step_key

# what a neural step needs at run time (the [mt] extra); checked without importing them
NEURAL_MODULES = ("ctranslate2", "sentencepiece")


def step_for(package: PackageInfo) -> Step:
    """The step an installed model offers; the model reference is its `PackageInfo`."""
    return Step(NeuralBackend.name, package.from_code, package.to_code, package.version, package, package.label,
                step_key(package.kind, package.from_code, package.to_code, package.version, package.folder),
                NeuralBackend.family)


class NeuralBackend:
    """Every CTranslate2 model installed in the packages directory."""

    name: ClassVar[str] = "neural"
    family: ClassVar[str] = "neural"
    aliases: ClassVar[tuple[str, ...]] = ("argos",)  # the older name of the `pivot = "neural"` setting
    on_device: ClassVar[bool] = True

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> NeuralBackend:
        return cls(packages)

    def edges(self) -> list[Step]:
        return [step_for(p) for p in installed(self.directory)]

    def missing(self) -> str:
        absent = [m for m in NEURAL_MODULES if importlib.util.find_spec(m) is None]
        return f"the [mt] extra is not installed ({', '.join(absent)} missing)" if absent else ""

    def advice(self, source: str, target: str, steps: Sequence[Step]) -> Missing | None:
        have = ", ".join(f"{s.source}-{s.target}" for s in steps if s.backend == self.name) or "none"
        return Missing(target, f"no model for {source}→{target} (installed pairs: {have})",
                       f"tolmach models install translate-{source}_{target}-*.argosmodel, or on a connected "
                       f"machine `tolmach models install --from-index {source}-{target}`")

    def inventory(self) -> list[str]:
        models = installed(self.directory)
        return [f"packages directory: {self.directory}",
                *(f"  {p.pair:<8} {p.kind:<11} {p.version:<8} {p.folder}" for p in models),
                *([] if models else ["  (no models installed)"])]

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        assert isinstance(step.model, PackageInfo)
        return CTranslate2Engine(step.model, settings)
