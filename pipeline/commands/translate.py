from __future__ import annotations

import argparse
from pathlib import Path

from pipeline import catalog
from pipeline.commands.base import (
    Command,
    add_encoding_flag,
    add_lang_flag,
    add_mt_flags,
    progress_bar,
    report_mt,
    report_reading,
    say,
    summary,
    with_mt_flags,
)
from pipeline.config import Config
from pipeline.jobs import build_job, extract_job, update_catalogs


class TranslateCommand(Command):
    name = "translate"
    help = "the main job: extract -> update -> machine translation -> check -> build, for each language"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("documents", nargs="+", type=Path, metavar="DOC")
        add_lang_flag(parser, "--to")
        add_encoding_flag(parser)
        parser.add_argument("--strict", action="store_true",
                            help="fail if any sentence is not translated or a check finds an error")
        parser.add_argument("--use-fuzzy", action="store_true", help="build with fuzzy drafts")
        parser.add_argument("--no-mt", action="store_true", help="skip machine-translation drafts")
        add_mt_flags(parser)

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = self.languages(args, config)
        prepared_docs = []
        for path in args.documents:
            prepared, target, _ = extract_job(path, config, args.encoding)
            report_reading(prepared.ref, prepared.doc)
            prepared_docs.append((prepared, target))
        catalogs = update_catalogs([template for _, template in prepared_docs], langs, config)
        # Machine translation (issue 4): drafts, or a note on which models to install; checks (issue 3/6) after it.
        if not args.no_mt:
            from pipeline.mt.step import run_mt_step

            with progress_bar() as (on_total, step):
                reports = run_mt_step(with_mt_flags(args, config), langs, [p.doc.name for p, _ in prepared_docs],
                                      refresh=args.refresh_mt, use_glossary=not args.no_glossary, progress=step,
                                      on_total=on_total)
            report_mt(reports)
            catalogs = {key: (path, written, catalog.CatalogStats.of(catalog.load(path)))
                        for key, (path, written, _) in catalogs.items()}
        check_errors = check_catalogs([path for path, _, _ in catalogs.values()], config)
        totals = {lang: catalog.CatalogStats(0, 0, 0, 0) for lang in langs}
        for prepared, _ in prepared_docs:
            for lang in langs:
                _, _, stats = catalogs[(prepared.doc.name, lang)]
                out, _ = build_job(prepared, lang, config, args.use_fuzzy, args.strict)
                totals[lang] += stats
                say(f"{lang}: wrote {out}")
        summary(f"{'lang':<6}{'segments':>10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}")
        for lang, t in totals.items():
            summary(f"{lang:<6}{t.total:>10}{t.translated:>12}{t.fuzzy:>8}{t.untranslated:>14}")
        return 1 if args.strict and check_errors else 0


def check_catalogs(paths: list[Path], config: Config) -> int:
    """The check step: run every check (drafts included) and print the findings per language.

    Findings do not stop the run (drafts are for a translator to fix); `tolmach check` is the gate.
    Returns the number of errors.
    """
    from pipeline.checks.runner import project_setup, run

    context, settings = project_setup(config, include_fuzzy=True)
    report = run(paths, context, settings)
    for note in report.notes:
        say(note)
    by_lang: dict[str, list[int]] = {}
    for f in report.findings:
        counts = by_lang.setdefault(f.lang, [0, 0])
        counts[0 if f.severity == "error" else 1] += 1
    for lang, (errors, warnings) in sorted(by_lang.items()):
        say(f"{lang}: check: {errors} error(s), {warnings} warning(s) (tolmach check --include-fuzzy for details)")
    return report.errors
