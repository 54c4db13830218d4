from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.base import Command, say
from pipeline.config import Config
from pipeline.fileio import atomic_write_text


class CheckCommand(Command):
    """The CI gate: exit 0 without errors, 1 with at least one error, 2 on a usage or input error."""

    name = "check"
    help = "check catalogs (glossary rules and QA checks); exit 1 on errors"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="catalogs or directories (default: the locales directory)")
        parser.add_argument("--glossary", type=Path, help="glossary file or directory (default: glossary/)")
        parser.add_argument("--include-fuzzy", action="store_true", help="check fuzzy (draft) entries too")
        parser.add_argument("--format", choices=("text", "json", "github", "junit"), default="text")
        parser.add_argument("-o", "--output", type=Path, help="write the report to a file instead of stdout")
        parser.add_argument("--only", action="append", metavar="RULE", help="run only this rule (repeatable)")
        parser.add_argument("--list-checks", action="store_true", help="print the catalogue of checks and exit")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.checks import load_checks
        from pipeline.checks.output import list_checks, render
        from pipeline.checks.runner import project_setup, run

        if args.list_checks:
            sys.stdout.write(list_checks(load_checks(), "json" if args.format == "json" else "text"))
            return 0
        context, settings = project_setup(config, args.glossary, args.include_fuzzy, args.only)
        report = run(args.paths or [config.path(config.locales_dir)], context, settings)
        for note in report.notes:
            say(note)
        text = render(report, args.format)
        if args.output:
            atomic_write_text(args.output, text)
        else:
            sys.stdout.write(text)
        return 1 if report.errors else 0
