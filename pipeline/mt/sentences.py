"""Machine translation of a plain list of sentences (not a catalog), for `tolmach align`'s MT anchor.

Same route plan, engine settings, glossary protection and draft cache as `tolmach mt`
(`drafts.cached_drafts`): a sentence translated while aligning is a cache hit when its catalog is
drafted later, and the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.config import Config
from pipeline.mt.backends import Planner, load_engine
from pipeline.mt.cache import DraftCache
from pipeline.mt.drafts import EngineLoader, GlossaryHooks, LanguageReport, Translator, cached_drafts
from pipeline.mt.engines import EngineSettings
from pipeline.mt.routes import Missing, Route


def route_for(config: Config, lang: str, packages_dir: Path) -> Route | Missing:
    """The route `tolmach mt` would take to `lang`, or why there is none (no package, or no [mt] extra)."""
    return Planner.for_project(config, packages_dir).plan(config.source_lang, [lang])[lang]


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


@contextmanager
def mt_anchor(config: Config, lang: str, want: bool | None, note: Callable[[str], None]
              ) -> Iterator[SentenceTranslator | None]:
    """The MT route to `lang` as an alignment anchor, or None; `note` hears which route, or why none.

    `want=True` insists (no route is an error), False declines, None uses a route when one is installed.
    Drafts go through the same cache as `tolmach mt`, with the same key.
    """
    from pipeline.errors import TolmachError

    if want is False:
        note("align: MT anchor off (--no-mt)")
        yield None
        return
    from pipeline.mt.packages import packages_dir

    route = route_for(config, lang, packages_dir(config))
    if isinstance(route, Missing):
        if want:
            raise TolmachError(f"--mt: {route.reason}", hint=route.hint)
        note(f"align: no MT anchor: {route.reason}")
        yield None
        return
    from pipeline.mt.cache import cache_dir
    from pipeline.mt.glossary import load

    cache = DraftCache(cache_dir(config))
    try:
        glossary = load(config.path(config.glossary), config.source_lang)
        translate = SentenceTranslator(route, lang, cache, EngineSettings.of(config.mt), glossary)
        yield translate
    finally:
        cache.close()
    note(f"align: MT anchor: {route.label} ({translate.summary()})")

