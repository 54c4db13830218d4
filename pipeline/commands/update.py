from __future__ import annotations

import argparse

from pipeline.commands.base import Command, add_lang_flag, summary
from pipeline.config import Config
from pipeline.jobs import templates, update_catalogs


class UpdateCommand(Command):
    name = "update"
    help = "create or merge the catalogs (<lang>/LC_MESSAGES/<doc>.po or <lang>.po) from the templates, as msgmerge"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        results = update_catalogs(templates(config, args.doc), self.languages(args, config), config)
        for target, written, stats in results.values():
            state = "written" if written else "unchanged"
            summary(f"{target}: {stats.translated} translated, {stats.fuzzy} fuzzy, "
                f"{stats.untranslated} untranslated ({state})")
        return 0
