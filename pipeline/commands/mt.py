from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.commands.base import Command, add_lang_flag, say, summary
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.progress import Progress


class MTCommand(Command):
    name = "mt"
    help = "machine-translation drafts into the catalogs (fuzzy, never over a translator's work)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_mt_flags(parser)
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        run_mt_step(args, config, self.languages(args, config), args.doc)
        return 0


def add_mt_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--refresh-mt", action="store_true",
                        help="replace earlier drafts the translator has not touched")
    parser.add_argument("--jobs", type=int, metavar="N", help="batches translated in parallel (default: 2)")
    add_mt_place_flags(parser)
    parser.add_argument("--no-glossary", action="store_true",
                        help="do not protect glossary names or repair forbidden variants in drafts")


def add_mt_place_flags(parser: argparse.ArgumentParser) -> None:
    """Where models and drafts live and run: shared by every command that may translate."""
    parser.add_argument("--packages-dir", type=Path, metavar="DIR", help="where argos packages are installed")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the draft cache lives")
    parser.add_argument("--device", choices=("cpu", "cuda", "auto"),
                        help="where neural models run (default: [tool.tolmach.mt] device, else cpu); auto takes "
                        "a CUDA GPU when there is one")


def engine_settings(config: Config, jobs: int | None, device: str | None = None) -> Any:
    """The CTranslate2 settings of `[tool.tolmach.mt]` and the flags, with a concrete device; a note goes to
    stderr when `auto` found no GPU."""
    from pipeline.mt.engines import EngineSettings, resolve_device

    mt = config.section("mt")
    known = set(EngineSettings.__dataclass_fields__)
    values = {k: mt[k] for k in known if k in mt}
    if isinstance(values.get("device_index"), int | list):
        index = values["device_index"]
        values["device_index"] = tuple(index) if isinstance(index, list) else (index,)
    if jobs is not None:
        if jobs < 1:
            raise TolmachError("--jobs must be at least 1")
        values["inter_threads"] = jobs
    if device is not None:
        values["device"] = device
    try:
        settings = EngineSettings(**values)
    except TypeError as exc:
        raise TolmachError(f"bad [tool.tolmach.mt] setting: {exc}") from exc
    settings, note = resolve_device(settings)
    if note:
        say(note)
    return settings


def run_mt_step(args: argparse.Namespace, config: Config, langs: Sequence[str], docs: Sequence[str] | None) -> None:
    """`tolmach mt` and the MT step of `tolmach translate`: drafts, or a note on what to install; never fails
    because a model is missing."""
    from pipeline.mt.cache import DraftCache, cache_dir
    from pipeline.mt.drafts import run_mt
    from pipeline.mt.packages import packages_dir

    settings = engine_settings(config, getattr(args, "jobs", None), getattr(args, "device", None))
    pdir = packages_dir(config, getattr(args, "packages_dir", None))
    cache = DraftCache(cache_dir(config, getattr(args, "cache_dir", None)))
    glossary = None
    if not getattr(args, "no_glossary", False):
        from pipeline.mt.glossary import load

        glossary = load(config.path(config.glossary), config.source_lang)
    bar = Progress("mt")
    try:
        reports = run_mt(config, langs, pdir, cache, refresh=getattr(args, "refresh_mt", False),
                         settings=settings, progress=bar.update, on_total=bar.set_total, docs=docs,
                         glossary=glossary)
    finally:
        bar.close()
        cache.close()
    for r in reports:
        if r.missing is not None:
            say(f"{r.lang}: no MT: {r.missing.reason}; to fix: {r.missing.hint}")
            continue
        if not r.catalogs:
            say(f"{r.lang}: no catalogs to draft into; run `tolmach extract` and `tolmach update` first")
            continue
        summary(f"{r.lang}: {r.route}: {r.drafted} drafted, {r.suggested} offered in comments, "
            f"{r.translated} sentences translated, {r.cached} from cache"
            + (f", {r.fallbacks} with protection lost" if r.fallbacks else "")
            + (f", {r.failed} left without a draft (unusable output)" if r.failed else ""))
