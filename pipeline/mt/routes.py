"""Which models take a sentence from the source language to each target language.

A route is a chain of steps: a direct argos pair; a pivot through installed argos pairs (en→ru→be when a
ru→be package exists); or an argos step followed by an Apertium pair Debian ships (ru→be). Among the
shortest chains, Apertium is preferred for the last step when `[tool.tolmach.mt] pivot = "apertium"` (the
default: no argos model for Belarusian exists), argos otherwise. Languages with no chain get a `Missing`
that says what to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pipeline.mt import postedit
from pipeline.mt.packages import PackageInfo

EngineName = Literal["argos", "apertium"]
# Apertium pairs tolmach knows how to run (mode file shipped in pipeline/data/apertium/modes/).
APERTIUM_PAIRS: dict[tuple[str, str], str] = {("ru", "be"): "rus-bel"}
MAX_STEPS = 3


@dataclass(frozen=True)
class Step:
    engine: EngineName
    source: str
    target: str
    version: str
    package: PackageInfo | None = None  # argos steps
    mode: str | None = None  # apertium steps

    @property
    def label(self) -> str:
        if self.engine == "argos" and self.package is not None:
            return self.package.label
        return f"apertium {self.mode} {self.version}"

    @property
    def key(self) -> str:
        """What the output depends on: engine, pair, model version and installed folder."""
        where = self.package.folder if self.package else self.mode
        return f"{self.engine}:{self.source}-{self.target}:{self.version}:{where}"


@dataclass(frozen=True)
class Route:
    target_lang: str
    steps: tuple[Step, ...]

    @property
    def postedit(self) -> str:
        """The version of the post-editor run after the last step (`be-2`), or ""."""
        return postedit.version(self.target_lang)

    @property
    def label(self) -> str:
        """`argos en→ru 1.9 → apertium rus-bel 0.2.1 → postedit be-2`"""
        return " → ".join([*(s.label for s in self.steps), *([f"postedit {self.postedit}"] if self.postedit else [])])

    @property
    def key(self) -> str:
        return " | ".join([*(s.key for s in self.steps), *([f"postedit:{self.postedit}"] if self.postedit else [])])


@dataclass(frozen=True)
class Missing:
    target_lang: str
    reason: str
    hint: str


def plan(source: str, targets: Sequence[str], packages: Sequence[PackageInfo],
         apertium: dict[str, str], prefer: str = "apertium") -> dict[str, Route | Missing]:
    """Route per target language. `apertium` maps available Apertium modes to their data version."""
    edges: list[Step] = [Step("argos", p.from_code, p.to_code, p.version, package=p) for p in packages]
    for (s, t), mode in APERTIUM_PAIRS.items():
        if mode in apertium:
            edges.append(Step("apertium", s, t, apertium[mode], mode=mode))
    return {t: _best(source, t, edges, prefer) or _missing(source, t, packages, apertium) for t in targets}


def _best(source: str, target: str, edges: list[Step], prefer: str) -> Route | None:
    paths: list[tuple[Step, ...]] = []
    frontier: list[tuple[Step, ...]] = [()]
    for _ in range(MAX_STEPS):
        grown: list[tuple[Step, ...]] = []
        for path in frontier:
            here = path[-1].target if path else source
            seen = {source, *(s.target for s in path)}
            for e in edges:
                if e.source == here and e.target not in seen:
                    grown.append((*path, e))
        paths = [p for p in grown if p[-1].target == target]
        if paths:
            break
        frontier = grown
    if not paths:
        return None

    def rank(path: tuple[Step, ...]) -> tuple[int, int, str]:
        apertium_steps = sum(1 for s in path if s.engine == "apertium")
        return (apertium_steps if prefer == "argos" else -apertium_steps, 0, " ".join(s.key for s in path))

    return Route(target, min(paths, key=rank))


def _missing(source: str, target: str, packages: Sequence[PackageInfo], apertium: dict[str, str]) -> Missing:
    have = ", ".join(p.pair for p in packages) or "none"
    install = f"tolmach models install translate-{source}_{target}-*.argosmodel"
    for (s, t), mode in APERTIUM_PAIRS.items():
        if t == target:
            if mode in apertium:
                return Missing(target, f"no argos {source}→{s} package for the {source}→{s} → apertium {mode} "
                               f"route (installed argos pairs: {have})",
                               f"tolmach models install translate-{source}_{s}-*.argosmodel, or on a "
                               f"connected machine `tolmach models install --from-index {source}-{s}`")
            return Missing(target, f"no model for {source}→{target} and Apertium {mode} is not installed "
                           f"(installed argos pairs: {have})",
                           f"apt-get install apertium apertium-bel-rus cg3, and install an argos "
                           f"{source}→{s} package")
    return Missing(target, f"no argos package for {source}→{target} (installed argos pairs: {have})",
                   f"{install}, or on a connected machine `tolmach models install --from-index {source}-{target}`")
