from __future__ import annotations

import argparse

from pipeline.commands.base import Command, add_lang_flag, say
from pipeline.config import Config
from pipeline.jobs import templates, update_job


class UpdateCommand(Command):
    name = "update"
    help = "create or merge locales/<lang>/LC_MESSAGES/<doc>.po from the templates (msgmerge semantics)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.glossary import update_hooks
        from pipeline.tm import memory_prefill

        annotate, provenance = update_hooks(config.path(config.glossary), config.source_lang)
        with memory_prefill(config) as prefill:  # None when there is no translation memory yet
            for template in templates(config, args.doc):
                for lang in self.languages(args, config):
                    target, written, stats = update_job(template, lang, config, annotate, provenance,
                                                        prefill=prefill)
                    state = "written" if written else "unchanged"
                    say(f"{target}: {stats.translated} translated, {stats.fuzzy} fuzzy, "
                        f"{stats.untranslated} untranslated ({state})")
        return 0
