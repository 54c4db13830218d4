from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_encoding_flag, add_lang_flag, conclude, output_file, say, wrote
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.jobs import build_document, prepare, refuse_fallbacks, source_documents
from pipeline.paths import refuse_output_dir_over_sources
from pipeline.workspace import Workspace, groups, project_lock


class BuildCommand(Command):
    name = "build"
    help = "write translated documents from the catalogs (out/<lang>/<doc>.<ext>)"
    examples = ("tolmach build --lang pl", "tolmach build story.en.md --lang pl -o story.pl.md --use-fuzzy",
                "tolmach build --strict   # exit 1 if a sentence would stay in the source language")

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
        lines: list[tuple[Path, str]] = []
        totals = [0, 0, 0]
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
                        totals = [totals[0] + stats.translated, totals[1] + stats.fuzzy_used,
                                  totals[2] + stats.fallbacks]
                        lines.append((target, f"{target}: {stats.translated} translated, {stats.fuzzy_used} fuzzy "
                                              f"used, {stats.fallbacks} left in the source language"))
                ws.commit()
        for target, line in lines:
            wrote(target, line)
        conclude(f"build: {len(lines)} document(s) written; {totals[0]} sentences translated, {totals[1]} fuzzy "
                 f"used, {totals[2]} left in the source language")
        return 0
