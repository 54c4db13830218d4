from __future__ import annotations

import argparse
import gc
import io
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from pipeline.commands.base import EXIT_FAILED, EXIT_OK, Command, bounded_jobs, output_file, say
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.fileio import AtomicFile
from pipeline.progress import Progress


class CheckCommand(Command):
    """The CI gate: exit 0 without errors, 1 with at least one error, 2 on a usage or input error."""

    name = "check"
    help = "check catalogs (glossary rules and QA checks); exit 1 on errors"
    examples = ("tolmach check", "tolmach check locales/pl --include-fuzzy --only glossary-forbidden",
                "tolmach check --format github   # annotations on a pull request",
                "tolmach check -q                # only the totals line")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="catalogs or directories (default: the locales directory)")
        parser.add_argument("--glossary", type=Path, help="glossary file or directory (default: glossary/)")
        parser.add_argument("--include-fuzzy", action="store_true", help="check fuzzy (draft) entries too")
        parser.add_argument("--format", choices=("text", "json", "github", "junit"), default="text",
                            help="text (default; with -q only its totals line), json, github (annotations), junit")
        parser.add_argument("-o", "--output", type=Path, help="write the report to a file instead of stdout")
        parser.add_argument("--only", action="append", metavar="RULE", help="run only this rule (repeatable)")
        parser.add_argument("--list-checks", action="store_true", help="print the catalogue of checks and exit")
        parser.add_argument("--jobs", type=int, metavar="N",
                            help="worker processes (default: one per core for several small catalogs, else one)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.checks import load_checks
        from pipeline.checks.output import LINE_RENDERERS, ReportWriter, list_checks
        from pipeline.checks.runner import CheckReport, check_paths, default_jobs, project_setup
        from pipeline.checks.runner import unreadable as unreadable_result

        if args.list_checks:
            sys.stdout.write(list_checks(load_checks(), "json" if args.format == "json" else "text"))
            return 0
        jobs = bounded_jobs(args.jobs) if args.jobs is not None else None
        # The checks make many small objects that live for the run (memos of words and verdicts, matchers)
        # and few reference cycles: at the default thresholds the cyclic GC, walking them over and over,
        # took 18% of a glossary-heavy run (bench/check); a 70× larger first generation runs it far less.
        gc.set_threshold(50_000, 20, 100)
        context, settings = project_setup(config, args.glossary, args.include_fuzzy, args.only)
        paths = args.paths or [config.path(config.locales_dir)]
        # Findings are written as each catalog is done and not kept (JUnit excepted: its totals come first).
        # Text and GitHub lines go straight to the terminal; a JSON or JUnit document, and any -o FILE, is
        # spooled and appears whole at the end. A catalog that cannot be read is a finding in every format
        # (rule "unreadable"), and the run exits 2.
        streams = args.output is None and args.format in LINE_RENDERERS
        spool = None if streams or args.output else tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        out: TextIO | AtomicFile = spool or (AtomicFile(output_file(args.output, config)) if args.output
                                             else sys.stdout)
        writer = ReportWriter(args.format, out)
        report = CheckReport()
        unreadable = 0
        done = False  # a run that stops half way leaves no half report
        # a bar only where it cannot tangle with findings streamed to the same terminal
        bar = Progress("check", unit="catalog", stream=io.StringIO() if streams and sys.stdout.isatty() else None)
        try:
            for result in check_paths(paths, context, settings, jobs=jobs or default_jobs(paths)):
                bar.update(1)
                if result.error is not None:
                    print(f"tolmach: {result.error}", file=sys.stderr)
                    unreadable += 1
                    result = unreadable_result(result)
                if result.note and result.note not in report.notes:
                    say(result.note)
                report.add(result, keep=writer.keeps)
                if not (self.quiet and args.format == "text"):
                    writer.add(result.findings)
                if streams:
                    sys.stdout.flush()
            bar.close()
            writer.close(report)
            done = True
        finally:
            _finish(out, keep=done)
        if unreadable:
            return TolmachError.exit_code
        return EXIT_FAILED if report.errors else EXIT_OK


def _finish(out: TextIO | AtomicFile, keep: bool) -> None:
    """Put a written report in place (an -o file) or on stdout (a spooled document), or let it go."""
    if isinstance(out, AtomicFile):
        out.commit() if keep else out.discard()
    elif out is not sys.stdout:
        if keep:
            out.seek(0)
            shutil.copyfileobj(out, sys.stdout)
        out.close()
