from __future__ import annotations

import argparse

from pipeline.commands.base import Command, add_document_args, add_encoding_flag, documents_of, report_reading, say
from pipeline.config import Config
from pipeline.jobs import extract_job


class ExtractCommand(Command):
    name = "extract"
    help = "segment documents and write their templates (locales/templates/<doc>.pot)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_document_args(parser)
        add_encoding_flag(parser)
        parser.add_argument("--no-cleanup", action="store_true", help="keep scraped text exactly as it is")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.no_cleanup:
            from dataclasses import replace

            config = replace(config, cleanup=replace(config.cleanup, enabled=False))
        for path in documents_of(args, config):
            prepared, target, written = extract_job(path, config, args.encoding)
            report_reading(prepared.ref, prepared.doc)
            state = "written" if written else "unchanged"
            say(f"{target}: {len(prepared.template)} entries from {len(prepared.segments)} sentences ({state})")
        return 0
