from __future__ import annotations

import argparse

from pipeline.commands.base import (
    Command,
    add_lang_flag,
    add_mt_flags,
    conclude,
    drafted_nothing_possible,
    mt_outcome,
    progress_bar,
    report_mt,
    say,
    with_mt_flags,
)
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.workspace import workspace


class MTCommand(Command):
    name = "mt"
    help = "machine-translation drafts into the catalogs (fuzzy, never over a translator's work)"
    examples = ("tolmach mt --lang pl,be,ru", "tolmach mt --lang be --refresh-mt --device auto",
                "tolmach mt -q   # one line: what was drafted per language")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_mt_flags(parser)
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.mt.step import run_mt_step

        config = with_mt_flags(args, config)
        langs = self.languages(args, config)
        with workspace(config, say) as ws, progress_bar() as (on_total, step):
            reports = run_mt_step(ws, langs, args.doc, refresh=args.refresh_mt, use_glossary=not args.no_glossary,
                                  progress=step, on_total=on_total)
            ws.commit()
        report_mt(reports)
        if drafted_nothing_possible(reports):
            raise TolmachError(f"no language could be drafted: {mt_outcome(reports)}",
                               hint="`tolmach models list` says what to install; catalogs come from `tolmach update`")
        conclude(f"mt: {mt_outcome(reports)}")
        return 0
