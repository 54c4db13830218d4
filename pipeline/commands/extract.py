from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_encoding_flag, say
from pipeline.config import Config
from pipeline.documents import Document
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


def report_reading(ref: str, doc: Document) -> None:
    """Say how the document was decoded when it was not UTF-8, and what cleanup removed.

    Cleanup never loses text silently: every removed line is listed, space fixes are counted.
    """
    if doc.encoding != "utf-8":
        say(f"{ref}: warning: not UTF-8; read as {doc.encoding} (guessed). Convert it to UTF-8 to be sure.")
    spaces = 0
    for r in doc.removed:
        if r.kind in ("nbsp", "trailing-space"):
            spaces += 1
        else:
            say(f"{ref}:{r.line}: cleanup: removed {r.kind}: {r.text}")
    if spaces:
        say(f"{ref}: cleanup: normalised spaces on {spaces} line(s)")
