"""Which models take a sentence from the source language to each target language: plain data and the
planning rule over the one-hop steps the back-ends offer (`pipeline.mt.backends`). Nothing here names a
back-end: each step carries its back-end's name, its label and key, and the facts the ranking needs.

A route is a chain of steps: a direct neural model (an argos package or a converted CTranslate2 model: NLLB,
M2M-100, OPUS-MT); a pivot through installed models (en→ru→be when a ru→be model exists); or a neural step
followed by an Apertium pair Debian ships (ru→be). With `prefer = "direct"` (the default) the fewest steps
win, so a direct en→be model beats any pivot and a pivot remains the fallback; `prefer = "pivot"` takes a
chain through a step its back-end marks as a pivot (`Step.pivot`: Apertium's close-language pairs) when there
is one. Among equals, the steps of the family `[mt] pivot` names win (`Step.family`: "apertium" by default,
since no argos model for Belarusian exists; "neural" otherwise). Languages with no chain get a `Missing`
that says what to install (the back-ends' `advice`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from pipeline.errors import TolmachError
from pipeline.mt import postedit

MAX_STEPS = 3
PREFER = ("direct", "pivot")


def step_key(engine: str, source: str, target: str, version: str, where: str) -> str:
    """The one format of a step's key (`argos:en-pl:1.9:translate-en_pl-1_9`): what its output depends on."""
    return f"{engine}:{source}-{target}:{version}:{where}"


@dataclass(frozen=True)
class Step:
    """One hop a back-end offers; the planner reads only the pair and the ranking facts."""

    backend: str  # the registry name of the back-end that runs it (`backends.BACKENDS`)
    source: str
    target: str
    version: str
    model: Hashable  # the back-end's reference to its model (a PackageInfo, an Apertium mode): opaque here
    label: str  # how drafts name it: `argos en→pl 1.9`, `apertium rus-bel 0.2.1`
    key: str  # what its output depends on (engine, pair, version, folder or mode): `step_key`
    family: str  # ranking: the `[mt] pivot` value whose steps win among routes of equal length
    pivot: bool = False  # ranking: `prefer = "pivot"` seeks a route through such a step


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


def check_preferences(prefer: str, pivot: str, families: Sequence[str]) -> None:
    """`prefer` and `pivot` (one of the back-ends' families) as `[tool.tolmach.mt]` allows them."""
    if prefer not in PREFER:
        raise TolmachError(f"[tool.tolmach.mt] prefer = {prefer!r}: use {' or '.join(map(repr, PREFER))}")
    if pivot not in families:
        raise TolmachError(f"[tool.tolmach.mt] pivot = {pivot!r}: use {' or '.join(map(repr, families))}")


def plan(source: str, targets: Sequence[str], edges: Sequence[Step], *, prefer: str = "direct",
         pivot: str = "apertium") -> dict[str, Route | None]:
    """The best route per target language over the steps the back-ends offer, or None (no chain)."""
    return {t: _best(source, t, edges, prefer, pivot) for t in targets}


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
        preferred = -sum(1 for s in path if s.family == pivot)
        if prefer == "direct":
            return (len(path), preferred, " ".join(s.key for s in path))
        return (-min(1, sum(1 for s in path if s.pivot)), len(path), " ".join(s.key for s in path))

    return Route(target, min(paths, key=rank))
