"""Machine translation of a plain list of sentences (not a catalog), for `tolmach align`'s MT anchor.

Same route plan, engine settings, glossary protection and draft cache as `tolmach mt`
(`drafts.cached_drafts`): a sentence translated while aligning is a cache hit when its catalog is
drafted later, and the other way round.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pipeline.config import Config
from pipeline.mt.cache import DraftCache
from pipeline.mt.drafts import EngineLoader, GlossaryHooks, LanguageReport, Translator, cached_drafts
from pipeline.mt.engines import EngineSettings, apertium_modes, load_engine
from pipeline.mt.packages import installed
from pipeline.mt.routes import Missing, Route, plan

# what an argos step needs at run time (the [mt] extra); checked without importing them
ARGOS_MODULES = ("ctranslate2", "sentencepiece")


def route_for(config: Config, lang: str, packages_dir: Path) -> Route | Missing:
    """The route `tolmach mt` would take to `lang`, or why there is none (no package, or no [mt] extra)."""
    route = plan(config.source_lang, [lang], installed(packages_dir), apertium_modes(),
                 config.mt.pivot)[lang]
    if isinstance(route, Route) and any(s.engine == "argos" for s in route.steps):
        absent = [m for m in ARGOS_MODULES if importlib.util.find_spec(m) is None]
        if absent:
            return Missing(lang, f"the [mt] extra is not installed ({', '.join(absent)} missing)",
                           "pip install 'tolmach[mt]'")
    return route


class SentenceTranslator:
    """A `translate(list[str]) -> list[str]` for `pipeline.align.align`: one draft per sentence, "" where the
    engine gave none. Sentences seen earlier in this run are not looked up again."""

    def __init__(self, route: Route, lang: str, cache: DraftCache, settings: EngineSettings,
                 glossary: GlossaryHooks | None = None, loader: EngineLoader = load_engine) -> None:
        self.route = route
        self.cache = cache
        self.glossary = glossary
        self.translator = Translator(settings, loader)
        self.report = LanguageReport(lang, route=route.label)
        self.known: dict[str, str] = {}

    def __call__(self, sentences: list[str]) -> list[str]:
        todo = [s for s in dict.fromkeys(sentences) if s.strip() and s not in self.known]
        if todo:
            drafts = cached_drafts(self.route, todo, self.report, self.cache, self.translator, self.glossary)
            self.known.update((s, drafts[s].text if s in drafts else "") for s in todo)
        return [self.known.get(s, "") for s in sentences]

    def summary(self) -> str:
        r = self.report
        return (f"{r.translated} sentence(s) translated, {r.cached} from the MT cache"
                + (f", {r.fallbacks} with protection lost" if r.fallbacks else ""))

