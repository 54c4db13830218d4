"""The MT stage as `tolmach mt` and `tolmach translate` run it: settings in, drafts into the catalogs, reports out.

Never fails because a model is missing: a language without a route gets a report saying what to install.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.config import Config
from pipeline.mt.drafts import LanguageReport


def run_mt_step(config: Config, langs: Sequence[str], docs: Sequence[str] | None = None, *, refresh: bool = False,
                use_glossary: bool = True, progress: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None) -> list[LanguageReport]:
    """Drafts for every catalog of `langs` (only `docs` when given), with the project's MT settings."""
    from pipeline.mt.backends import load_engine
    from pipeline.mt.cache import DraftCache, cache_dir
    from pipeline.mt.drafts import run_mt
    from pipeline.mt.engines import EngineSettings
    from pipeline.mt.packages import packages_dir

    glossary = None
    if use_glossary:
        from pipeline.mt.glossary import load

        glossary = load(config.path(config.glossary), config.source_lang)
    executor = None
    if config.mt.ray:
        from pipeline.mt.executors import RayExecutor, RaySettings

        RayExecutor.require()  # before any work: a missing extra is said at once
        executor = RayExecutor(RaySettings(config.mt.ray, batch_size=config.mt.ray_batch_size))
    cache = DraftCache(cache_dir(config))
    try:
        return run_mt(config, langs, packages_dir(config), cache, refresh=refresh,
                      settings=EngineSettings.of(config.mt), progress=progress, on_total=on_total, docs=docs,
                      glossary=glossary, loader=executor or load_engine)
    finally:
        cache.close()
        if executor is not None:
            executor.close()
