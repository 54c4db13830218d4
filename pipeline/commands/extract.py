from __future__ import annotations

import argparse
from dataclasses import replace

from pipeline.commands.base import Command, add_document_args, add_encoding_flag, documents_of, report_reading, say
from pipeline.config import Config
from pipeline.jobs import extract, prepare
from pipeline.workspace import Workspace, groups, project_lock


class ExtractCommand(Command):
    name = "extract"
    help = "segment documents and write their templates (locales/templates/<doc>.pot)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_document_args(parser)
        add_encoding_flag(parser)
        parser.add_argument("--no-cleanup", action="store_true", help="keep scraped text exactly as it is")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.no_cleanup:
            config = replace(config, cleanup=replace(config.cleanup, enabled=False))
        lines = []
        with project_lock(config, say):
            for group in groups(documents_of(args, config)):
                ws = Workspace(config)
                for path in group:
                    prepared = prepare(path, config, args.encoding)
                    target, changed = extract(ws, prepared)
                    report_reading(prepared.ref, prepared.doc)
                    lines.append(f"{target}: {len(prepared.template)} entries from {len(prepared.segments)} "
                                 f"sentences ({'written' if changed else 'unchanged'})")
                ws.commit()
        for line in lines:
            say(line)
        return 0
