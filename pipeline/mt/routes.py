"""Which models take a sentence from the source language to each target language: plain data and the
planner over the one-hop steps the back-ends offer (`pipeline.mt.backends`).

A route is a chain of steps: a direct neural model (an argos package or a converted CTranslate2 model: NLLB,
M2M-100, OPUS-MT); a pivot through installed models (en→ru→be when a ru→be model exists); or a neural step
followed by an Apertium pair Debian ships (ru→be). With `prefer = "direct"` (the default) the fewest steps
win, so a direct en→be model beats any pivot and the Apertium pivot remains the fallback when it is absent;
`prefer = "pivot"` takes a chain through Apertium when there is one. Among equals, Apertium is preferred for
the last step when `pivot = "apertium"` (the default: no argos model for Belarusian exists), neural models
otherwise. Languages with no chain get a `Missing` that says what to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.errors import TolmachError
from pipeline.mt import postedit
from pipeline.mt.model import PackageInfo

# Apertium pairs tolmach knows how to run (mode file shipped in pipeline/data/apertium/modes/).
APERTIUM_PAIRS: dict[tuple[str, str], str] = {("ru", "be"): "rus-bel"}
MAX_STEPS = 3
PREFER = ("direct", "pivot")
PIVOT = ("apertium", "neural", "argos")  # "argos" is the older name of "neural"


@dataclass(frozen=True)
class Step:
    engine: str  # argos, ctranslate2 (a model kind) or apertium: names the back-end and goes into the key
    source: str
    target: str
    version: str
    package: PackageInfo | None = None  # neural steps
    mode: str | None = None  # apertium steps

    @property
    def label(self) -> str:
        if self.package is not None:
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


def check_preferences(prefer: str, pivot: str) -> None:
    if prefer not in PREFER:
        raise TolmachError(f"[tool.tolmach.mt] prefer = {prefer!r}: use {' or '.join(map(repr, PREFER))}")
    if pivot not in PIVOT:
        raise TolmachError(f"[tool.tolmach.mt] pivot = {pivot!r}: use {' or '.join(map(repr, PIVOT[:2]))}")


def plan(source: str, targets: Sequence[str], edges: Sequence[Step], *, prefer: str = "direct",
         pivot: str = "apertium") -> dict[str, Route | Missing]:
    """Route per target language over the steps the back-ends offer."""
    check_preferences(prefer, pivot)
    return {t: _best(source, t, edges, prefer, pivot) or _missing(source, t, edges) for t in targets}


def _paths(source: str, target: str, edges: Sequence[Step]) -> list[tuple[Step, ...]]:
    """Every chain of at most MAX_STEPS steps from source to target that visits no language twice."""
    found: list[tuple[Step, ...]] = []
    frontier: list[tuple[Step, ...]] = [()]
    for _ in range(MAX_STEPS):
        grown: list[tuple[Step, ...]] = []
        for path in frontier:
            here = path[-1].target if path else source
            seen = {source, *(s.target for s in path)}
            grown += [(*path, e) for e in edges if e.source == here and e.target not in seen]
        found += [p for p in grown if p[-1].target == target]
        frontier = [p for p in grown if p[-1].target != target]
    return found


def _best(source: str, target: str, edges: Sequence[Step], prefer: str, pivot: str) -> Route | None:
    paths = _paths(source, target, edges)
    if not paths:
        return None

    def rank(path: tuple[Step, ...]) -> tuple[int, int, str]:
        apertium_steps = sum(1 for s in path if s.engine == "apertium")
        by_pivot = -apertium_steps if pivot == "apertium" else apertium_steps
        first = len(path) if prefer == "direct" else -min(apertium_steps, 1)
        return (first, by_pivot if prefer == "direct" else len(path), " ".join(s.key for s in path))

    return Route(target, min(paths, key=rank))


def _missing(source: str, target: str, edges: Sequence[Step]) -> Missing:
    models = [e for e in edges if e.package is not None]
    have = ", ".join(e.package.pair for e in models if e.package is not None) or "none"
    apertium = {e.mode for e in edges if e.engine == "apertium"}
    install = f"tolmach models install translate-{source}_{target}-*.argosmodel"
    for (s, t), mode in APERTIUM_PAIRS.items():
        if t == target:
            if mode in apertium:
                return Missing(target, f"no model for {source}→{s} for the {source}→{s} → apertium {mode} "
                               f"route, nor a direct {source}→{t} one (installed pairs: {have})",
                               f"tolmach models install translate-{source}_{s}-*.argosmodel, on a "
                               f"connected machine `tolmach models install --from-index {source}-{s}`, or "
                               f"`tolmach models add DIR --pair {source}-{t}` with an NLLB or M2M-100 model")
            return Missing(target, f"no model for {source}→{target} and Apertium {mode} is not installed "
                           f"(installed pairs: {have})",
                           f"apt-get install apertium apertium-bel-rus cg3, and install an argos "
                           f"{source}→{s} package, or `tolmach models add DIR --pair {source}-{t}`")
    return Missing(target, f"no model for {source}→{target} (installed pairs: {have})",
                   f"{install}, or on a connected machine `tolmach models install --from-index {source}-{target}`")
