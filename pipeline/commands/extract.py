from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_encoding_flag, report_reading, say
from pipeline.config import Config
from pipeline.jobs import extract_job


class ExtractCommand(Command):
    name = "extract"
    help = "segment documents and write their templates (locales/templates/<doc>.pot)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("documents", nargs="+", type=Path, metavar="DOC")
        add_encoding_flag(parser)
        parser.add_argument("--no-cleanup", action="store_true", help="keep scraped text exactly as it is")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.no_cleanup:
            from dataclasses import replace

            config = replace(config, cleanup=replace(config.cleanup, enabled=False))
        for path in args.documents:
            prepared, target, written = extract_job(path, config, args.encoding)
            report_reading(prepared.ref, prepared.doc)
            state = "written" if written else "unchanged"
            say(f"{target}: {len(prepared.template)} entries from {len(prepared.segments)} sentences ({state})")
        return 0
