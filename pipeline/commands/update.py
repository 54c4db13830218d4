from __future__ import annotations

import argparse

from pipeline.commands.base import Command, add_lang_flag, conclude, say, summary
from pipeline.config import Config
from pipeline.jobs import Updated, update
from pipeline.workspace import Workspace, groups, project_lock


class UpdateCommand(Command):
    name = "update"
    help = "create or merge the catalogs (<lang>/LC_MESSAGES/<doc>.po or <lang>.po) from the templates, as msgmerge"
    examples = ("tolmach update --lang pl,be,ru", "tolmach update --lang uk --doc story")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = self.languages(args, config)
        results: dict[tuple[str, str], Updated] = {}
        with project_lock(config, say):
            for group in groups(Workspace(config).template_names(args.doc)):
                ws = Workspace(config)
                results |= update(ws, group, langs)
                ws.commit()
        for r in results.values():
            summary(f"{r.path}: {r.stats.translated} translated, {r.stats.fuzzy} fuzzy, "
                    f"{r.stats.untranslated} untranslated ({'written' if r.changed else 'unchanged'})")
        written = sum(r.changed for r in results.values())
        fuzzy = sum(r.stats.fuzzy for r in results.values())
        untranslated = sum(r.stats.untranslated for r in results.values())
        conclude(f"update: {len(results)} catalog(s), {written} written; {fuzzy} fuzzy, {untranslated} untranslated")
        return 0
