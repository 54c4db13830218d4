"""The registry of MT back-ends, and the one planner `tolmach mt`, `tolmach align`'s MT anchor,
`tolmach models list` and `tolmach serve` share.

A back-end is a module of this package with one class following `Backend`: it offers one-hop steps (`edges`:
each `Step` carries its model reference, label, key and ranking facts, so nothing else needs to know the
back-end), says what is missing for it to run (`missing`) or what to install for a language it could serve
(`advice`), describes what is installed (`inventory`, for `models list`) and creates an engine for one of its
steps (`create`). The step's key is the back-end's signature of its model (engine, pair, version, folder or
mode); the settings that change output (device, compute type, beam) sit beside it in the MT signature.

`BACKENDS` lists them by name, from the most general to the most specific; each module is imported only
when a planner or an engine needs it (sacrebleu's lazy registries), so `tolmach check` imports none.
Adding a back-end is its module and one line here.

Where engines run is not decided here: an executor (`pipeline/mt/executors.py`) calls `load_engine` in this
process or on Ray actors, and the draft cache (keyed by the MT signature, `drafts.route_signature`) is where
every executor's results meet.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar, Protocol, Self

from pipeline.config import Config
from pipeline.mt.engines import Engine, EngineSettings
from pipeline.mt.routes import Missing, Route, Step, check_preferences, plan

# name -> "module:Class"; the order is the order of advice: the most specific back-end that has some wins
BACKENDS: dict[str, str] = {
    "neural": "pipeline.mt.backends.neural:NeuralBackend",
    "apertium": "pipeline.mt.backends.apertium:ApertiumBackend",
}


class Backend(Protocol):
    name: ClassVar[str]  # its key in BACKENDS, and every one of its steps' `backend`
    family: ClassVar[str]  # what `[mt] pivot` names to prefer its steps among routes of equal length
    aliases: ClassVar[tuple[str, ...]]  # older `pivot` values meaning the same family
    on_device: ClassVar[bool]  # its engines run on the configured device: worth a GPU each (Ray executor)

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> Self:
        """The back-end as this project has it (`packages`: the resolved packages directory)."""

    def edges(self) -> list[Step]:
        """The one-hop steps this back-end can take here."""

    def missing(self) -> str:
        """What must be installed before its steps run ("" when nothing)."""

    def advice(self, source: str, target: str, steps: Sequence[Step]) -> Missing | None:
        """What to install for source→target when no route exists (`steps`: every back-end's), or None."""

    def inventory(self) -> list[str]:
        """Lines for `tolmach models list`: what is installed for this back-end."""

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        """An engine for one of its steps (a static method: Ray actors call it with the step alone)."""


@cache
def backend_class(name: str) -> type[Backend]:
    """The class registered under `name`, its module imported on first use."""
    try:
        module, cls = BACKENDS[name].split(":")
    except KeyError:
        raise KeyError(f"no MT back-end {name!r} (registered: {', '.join(BACKENDS)})") from None
    found: type[Backend] = getattr(importlib.import_module(module), cls)
    return found


@dataclass
class Planner:
    """Routes over every back-end's steps; engines for the steps of those routes."""

    backends: Sequence[Backend]
    prefer: str = "direct"
    pivot: str = "apertium"

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> Planner:
        """Every registered back-end as the project has it: `packages` is the resolved packages directory."""
        return cls([backend_class(name).for_project(config, packages) for name in BACKENDS],
                   config.mt.prefer, config.mt.pivot)

    def edges(self) -> list[Step]:
        return [e for b in self.backends for e in b.edges()]

    def plan(self, source: str, targets: Sequence[str]) -> dict[str, Route | Missing]:
        """A route per target language, or what to install; a route whose back-end cannot run here is
        reported as missing that."""
        routes = self.plan_over(source, targets, self.edges())
        for lang, route in routes.items():
            if isinstance(route, Route):
                by_name = {b.name: b for b in self.backends}
                absent = [m for m in dict.fromkeys(by_name[s.backend].missing() for s in route.steps) if m]
                if absent:
                    routes[lang] = Missing(lang, "; ".join(absent), "pip install 'tolmach[mt]'")
        return routes

    def plan_over(self, source: str, targets: Sequence[str], edges: Sequence[Step]) -> dict[str, Route | Missing]:
        """The planning rule (`routes.plan`) over given steps; where no chain exists, the advice of the most
        specific back-end that has some."""
        families = [f for b in self.backends for f in (b.family, *b.aliases)]
        check_preferences(self.prefer, self.pivot, families)
        pivot = next(b.family for b in self.backends if self.pivot in (b.family, *b.aliases))
        found = plan(source, targets, edges, prefer=self.prefer, pivot=pivot)
        return {t: route or self._advice(source, t, edges) for t, route in found.items()}

    def _advice(self, source: str, target: str, edges: Sequence[Step]) -> Missing:
        for backend in reversed(self.backends):
            advice = backend.advice(source, target, edges)
            if advice is not None:
                return advice
        return Missing(target, f"no route from {source} to {target}", "install a model for the pair")

    def inventory(self) -> list[str]:
        return [line for b in self.backends for line in b.inventory()]


def load_engine(step: Step, settings: EngineSettings) -> Engine:
    """The engine for one route step, from the back-end that runs it (the executors' default loader)."""
    return backend_class(step.backend).create(step, settings)


def model_signatures(route: Route) -> str:
    """Every step's model as its back-end names it (the step's key): the `models` field of the MT signature."""
    return ", ".join(s.key for s in route.steps)
