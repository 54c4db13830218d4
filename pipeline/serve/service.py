"""What the service translates and how: the routes the project's back-ends can plan, and drafts made the way
`tolmach mt` makes them.

`Offer` plans once, at start, a route from every language a back-end translates from to every language it
can reach (the same `Planner` as `tolmach mt`, `align` and `models list`). `DraftService` turns distinct
sentences into drafts through `drafts.cached_drafts`, the one path `tolmach mt` and `align` take: the draft
cache first (same key: the MT signature), then masks, the engines, post-editing and the glossary's repair,
and the new drafts are cached for `tolmach mt` to find. It keeps one `Translator`, so one engine per model
stays loaded for the life of the server. It is used from one thread only (the batcher's): SQLite
connections and CTranslate2 translators stay in the thread that made them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import languages
from pipeline.config import Config
from pipeline.mt.backends import Planner, load_engine
from pipeline.mt.cache import DraftCache, cache_dir
from pipeline.mt.drafts import EngineLoader, GlossaryHooks, LanguageReport, Translator, cached_drafts, route_signature
from pipeline.mt.engines import EngineSettings
from pipeline.mt.routes import Route

WARM_UP = "Test."  # one short sentence per step at start: every model loaded before the first request


@dataclass(frozen=True)
class Offer:
    """Routes by (source, target) language, planned once."""

    routes: dict[tuple[str, str], Route]

    @classmethod
    def plan(cls, planner: Planner) -> Offer:
        """A route from each language some step leaves to each language the steps reach."""
        edges = planner.edges()
        reachable = sorted({e.target for e in edges} | {e.source for e in edges})
        routes: dict[tuple[str, str], Route] = {}
        for source in sorted({e.source for e in edges}):
            for target, route in planner.plan(source, [t for t in reachable if t != source]).items():
                if isinstance(route, Route):
                    routes[source, target] = route
        return cls(routes)

    @property
    def sources(self) -> list[str]:
        return sorted({s for s, _ in self.routes})

    def targets(self, source: str) -> list[str]:
        return sorted(t for s, t in self.routes if s == source)

    def languages(self) -> list[dict[str, Any]]:
        """LibreTranslate's /languages: every language with the targets it can be translated into."""
        codes = sorted({c for pair in self.routes for c in pair})
        return [{"code": c, "name": language_name(c), "targets": self.targets(c)} for c in codes]

    def route(self, source: str, target: str) -> Route | None:
        return self.routes.get((source, target))


def language_name(code: str) -> str:
    try:
        return languages.get(code).name
    except Exception:  # a code a model names that the registry does not know: show the code
        return code


@dataclass(frozen=True)
class Drafted:
    """Drafts for one batch of distinct sentences and what it cost."""

    drafts: dict[str, str]  # source sentence -> draft; a sentence the engines failed on is absent
    translated: int  # sentences sent to the engines
    cached: int  # sentences answered by the draft cache
    seconds: float


class DraftService:
    """Drafts as `tolmach mt` makes them, for any route of the offer; one thread only."""

    def __init__(self, config: Config, offer: Offer, loader: EngineLoader = load_engine,
                 use_glossary: bool = True) -> None:
        self.config = config
        self.offer = offer
        self.translator = Translator(EngineSettings.of(config.mt), loader)
        self.cache = DraftCache(cache_dir(config))
        self.use_glossary = use_glossary
        self._hooks: dict[str, GlossaryHooks | None] = {}

    def glossary(self, source: str) -> GlossaryHooks | None:
        """The project glossary's hooks for texts in `source` (loaded once per source language)."""
        if not self.use_glossary:
            return None
        if source not in self._hooks:
            from pipeline.mt.glossary import load

            self._hooks[source] = load(self.config.path(self.config.glossary), source)
        return self._hooks[source]

    def signature(self, route: Route) -> str:
        """The MT signature of drafts on this route: the value `tolmach mt` writes into the X-Tolmach-MT
        header of a catalog (and the draft cache's key)."""
        return str(route_signature(route, self.translator.settings, self.glossary(route.steps[0].source)))

    def warm_up(self) -> int:
        """Load every model of every route now (one short sentence each) and the glossary for every source
        language; the number of models."""
        steps = {s.key: s for route in self.offer.routes.values() for s in route.steps}
        for step in steps.values():
            self.translator.step(step, [WARM_UP])
        self._forget()
        for source in self.offer.sources:  # loaded here, so that requests only read them
            self.glossary(source)
        return len(steps)

    def draft(self, route: Route, sentences: Sequence[str]) -> Drafted:
        """Drafts for distinct sentences: the cache first, then the engines (new drafts are cached)."""
        started = time.perf_counter()
        report = LanguageReport(route.target_lang, route=route.label)
        try:
            found = cached_drafts(route, sentences, report, self.cache, self.translator,
                                  self.glossary(route.steps[0].source))
        finally:
            self._forget()
        return Drafted({s: d.text for s, d in found.items()}, report.translated, report.cached,
                       time.perf_counter() - started)

    def _forget(self) -> None:
        """The translator's per-run memo would grow for ever in a server; the draft cache remembers instead."""
        self.translator.memo.clear()
        self.translator.respelled.clear()

    def close(self) -> None:
        self.cache.close()
