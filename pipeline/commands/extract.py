from __future__ import annotations

import argparse

from pipeline.commands.base import (
    Command,
    add_document_args,
    add_encoding_flag,
    conclude,
    documents_of,
    report_reading,
    say,
    summary,
)
from pipeline.config import Config, override
from pipeline.jobs import extract, prepare
from pipeline.workspace import Workspace, groups, project_lock


class ExtractCommand(Command):
    name = "extract"
    help = "segment documents and write their templates (locales/templates/<doc>.pot)"
    examples = ("tolmach extract story.en.md", "tolmach extract archive/ --exclude '*/drafts/*'")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_document_args(parser)
        add_encoding_flag(parser)
        parser.add_argument("--no-cleanup", action="store_true", help="keep scraped text exactly as it is")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.no_cleanup:
            config = override(config, {"cleanup.enabled": False}, "--no-cleanup")
        lines = []
        written = 0
        with project_lock(config, say):
            for group in groups(documents_of(args, config)):
                ws = Workspace(config)
                for path in group:
                    prepared = prepare(path, config, args.encoding)
                    target, changed = extract(ws, prepared)
                    report_reading(prepared.ref, prepared.doc)
                    written += changed
                    lines.append(f"{target}: {len(prepared.template)} entries from {len(prepared.segments)} "
                                 f"sentences ({'written' if changed else 'unchanged'})")
                ws.commit()
        for line in lines:
            summary(line)
        conclude(f"extract: {len(lines)} template(s), {written} written")
        return 0
