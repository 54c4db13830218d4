from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from pipeline import catalog
from pipeline.commands.base import (
    Command,
    add_document_args,
    add_encoding_flag,
    add_lang_flag,
    add_mt_flags,
    documents_of,
    progress_bar,
    report_mt,
    report_reading,
    say,
    summary,
    with_mt_flags,
)
from pipeline.config import Config
from pipeline.jobs import build_job, extract_job, update_catalogs

GROUP_SIZE = 200  # documents drafted, checked and built together


class TranslateCommand(Command):
    name = "translate"
    help = "the main job: extract -> update -> machine translation -> check -> build, for each language"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_document_args(parser)
        add_lang_flag(parser, "--to")
        add_encoding_flag(parser)
        parser.add_argument("--strict", action="store_true",
                            help="fail if any sentence is not translated or a check finds an error")
        parser.add_argument("--use-fuzzy", action="store_true", help="build with fuzzy drafts")
        parser.add_argument("--no-mt", action="store_true", help="skip machine-translation drafts")
        add_mt_flags(parser)

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = self.languages(args, config)
        documents = documents_of(args, config)
        totals = {lang: catalog.CatalogStats(0, 0, 0, 0) for lang in langs}
        check_errors = 0
        mt_config = with_mt_flags(args, config)
        with ExitStack() as stack:
            executor = None
            if not args.no_mt:
                from pipeline.mt.step import mt_executor

                executor = stack.enter_context(mt_executor(mt_config))
            # an archive goes through in groups: memory follows the group, never the whole archive, and the
            # draft cache carries what one group translated to the next
            for start in range(0, len(documents), GROUP_SIZE):
                check_errors += self._translate_group(documents[start:start + GROUP_SIZE], langs, args, config,
                                                      mt_config, executor, totals)
        summary(f"{'lang':<6}{'segments':>10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}")
        for lang, t in totals.items():
            summary(f"{lang:<6}{t.total:>10}{t.translated:>12}{t.fuzzy:>8}{t.untranslated:>14}")
        return 1 if args.strict and check_errors else 0

    @staticmethod
    def _translate_group(documents: list[Path], langs: tuple[str, ...], args: argparse.Namespace, config: Config,
                         mt_config: Config, executor: object,
                         totals: dict[str, catalog.CatalogStats]) -> int:
        prepared_docs = []
        for path in documents:
            prepared, target, _ = extract_job(path, config, args.encoding)
            report_reading(prepared.ref, prepared.doc)
            prepared_docs.append((prepared, target))
        catalogs = update_catalogs([template for _, template in prepared_docs], langs, config)
        # Machine translation (issue 4): drafts, or a note on which models to install; checks (issue 3/6) after it.
        if not args.no_mt:
            from pipeline.mt.step import run_mt_step

            with progress_bar() as (on_total, step):
                reports = run_mt_step(mt_config, langs, [p.doc.name for p, _ in prepared_docs],
                                      refresh=args.refresh_mt, use_glossary=not args.no_glossary, progress=step,
                                      on_total=on_total, executor=executor)
            report_mt(reports)
            catalogs = {key: (path, written, catalog.CatalogStats.of(catalog.load(path)))
                        for key, (path, written, _) in catalogs.items()}
        check_errors = check_catalogs([path for path, _, _ in catalogs.values()], config)
        for prepared, _ in prepared_docs:
            for lang in langs:
                _, _, stats = catalogs[(prepared.doc.name, lang)]
                out, _ = build_job(prepared, lang, config, args.use_fuzzy, args.strict)
                totals[lang] += stats
                say(f"{lang}: wrote {out}")
        return check_errors


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
