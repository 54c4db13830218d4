"""The MT stage as `tolmach mt` and `tolmach translate` run it: settings in, drafts into the workspace's
catalogs, reports out.

Never fails because a model is missing: a language without a route gets a report saying what to install.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pipeline.config import Config
from pipeline.mt.drafts import LanguageReport
from pipeline.workspace import Workspace


@contextmanager
def mt_executor(config: Config) -> Iterator[Any]:
    """Where engines run for the whole command: Ray actors when `[mt] ray`/`--ray` says so (started or joined
    once, released at the end), else None (in this process). Opened once around several MT steps, an
    archive translated in groups starts Ray once and keeps every actor's models loaded."""
    if not config.mt.ray:
        yield None
        return
    from pipeline.mt.executors import RayExecutor, RaySettings

    RayExecutor.require()  # before any work: a missing extra is said at once
    executor = RayExecutor(RaySettings(config.mt.ray, batch_size=config.mt.ray_batch_size))
    try:
        yield executor
    finally:
        executor.close()


def run_mt_step(ws: Workspace, langs: Sequence[str], docs: Sequence[str] | None = None, *, refresh: bool = False,
                use_glossary: bool = True, progress: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None, executor: Any = None) -> list[LanguageReport]:
    """Drafts for every catalog of `langs` (only `docs` when given), with the project's MT settings."""
    from pipeline.mt.backends import load_engine
    from pipeline.mt.cache import DraftCache, cache_dir
    from pipeline.mt.drafts import run_mt
    from pipeline.mt.engines import EngineSettings
    from pipeline.mt.packages import packages_dir

    config = ws.config
    if executor is None and config.mt.ray:
        with mt_executor(config) as own:
            return run_mt_step(ws, langs, docs, refresh=refresh, use_glossary=use_glossary, progress=progress,
                               on_total=on_total, executor=own)
    glossary = None
    if use_glossary:
        from pipeline.mt.glossary import load

        glossary = load(config.path(config.glossary), config.source_lang)
    cache = DraftCache(cache_dir(config))
    try:
        return run_mt(ws, langs, packages_dir(config), cache, refresh=refresh,
                      settings=EngineSettings.of(config.mt), progress=progress, on_total=on_total, docs=docs,
                      glossary=glossary, loader=executor or load_engine)
    finally:
        cache.close()
