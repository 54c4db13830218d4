from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_encoding_flag, add_lang_flag, output_file, say, summary
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.jobs import build_document, prepare, refuse_fallbacks, source_documents
from pipeline.paths import refuse_output_dir_over_sources
from pipeline.workspace import Workspace, groups, project_lock


class BuildCommand(Command):
    name = "build"
    help = "write translated documents from the catalogs (out/<lang>/<doc>.<ext>)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("documents", nargs="*", type=Path, metavar="DOC",
                            help="source documents (default: every document with a template)")
        add_lang_flag(parser)
        add_encoding_flag(parser)
        parser.add_argument("-o", "--output", type=Path, help="output file (one document and one language)")
        parser.add_argument("--strict", action="store_true", help="fail if any sentence is not translated")
        parser.add_argument("--use-fuzzy", action="store_true", help="use fuzzy drafts instead of the source")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = self.languages(args, config)
        lines = []
        with project_lock(config, say):
            docs = list(args.documents) or source_documents(Workspace(config))
            if args.output and (len(docs) != 1 or len(langs) != 1):
                raise TolmachError("--output needs exactly one document and one language")
            if args.output:
                output_file(args.output, config, docs)
            else:
                refuse_output_dir_over_sources(config, docs)
            for group in groups(docs):
                ws = Workspace(config)
                for path in group:
                    prepared = prepare(path, config, args.encoding)
                    for lang in langs:
                        target, data, stats = build_document(ws, prepared, lang, args.use_fuzzy, args.output)
                        if args.strict:
                            refuse_fallbacks(ws, prepared, lang, stats)
                        ws.put_output(target, data)
                        lines.append(f"{target}: {stats.translated} translated, {stats.fuzzy_used} fuzzy used, "
                                     f"{stats.fallbacks} left in the source language")
                ws.commit()
        for line in lines:
            summary(line)
        return 0
