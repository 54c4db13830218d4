from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from pipeline.commands.base import (
    EXIT_FAILED,
    EXIT_OK,
    Command,
    add_document_args,
    add_encoding_flag,
    add_lang_flag,
    add_mt_flags,
    conclude,
    documents_of,
    progress_bar,
    report_mt,
    report_reading,
    say,
    summary,
    with_mt_flags,
)
from pipeline.config import Config
from pipeline.jobs import build_document, extract, prepare, refuse_fallbacks, update
from pipeline.paths import refuse_output_dir_over_sources
from pipeline.po import model
from pipeline.workspace import Workspace, groups, project_lock


class TranslateCommand(Command):
    name = "translate"
    help = "the main job: extract -> update -> machine translation -> check -> build, for each language"
    examples = ("tolmach translate examples/belarus-political-prisoners.en.txt --lang pl,be,ru",
                "tolmach translate archive/ --lang uk --include 'news/*' --no-mt",
                "tolmach translate story.en.docx --lang pl --strict   # exit 1 if anything is left untranslated")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_document_args(parser)
        add_lang_flag(parser)
        add_encoding_flag(parser)
        parser.add_argument("--strict", action="store_true",
                            help="fail if any sentence is not translated or a check finds an error")
        parser.add_argument("--use-fuzzy", action="store_true", help="build with fuzzy drafts")
        parser.add_argument("--no-mt", action="store_true", help="skip machine-translation drafts")
        add_mt_flags(parser)

    def run(self, args: argparse.Namespace, config: Config) -> int:
        """Every stage over a workspace, under the project lock for the whole run: each template and catalog
        is read once and written once. An archive goes through in groups (`workspace.groups`), one
        workspace (and commit) each: memory follows the group, never the whole archive, and the draft cache
        carries what one group translated to the next. With --strict, a sentence left untranslated stops the
        run after its group's catalogs are written (the drafts are the translator's next work) and before
        that group's documents are."""
        langs = self.languages(args, config)
        documents = documents_of(args, config)
        refuse_output_dir_over_sources(config, documents)
        config = with_mt_flags(args, config)
        totals = {lang: model.CatalogStats(0, 0, 0, 0) for lang in langs}
        check_errors = 0
        with ExitStack() as stack:
            stack.enter_context(project_lock(config, say))
            executor = None
            if not args.no_mt:
                from pipeline.mt.step import mt_executor

                executor = stack.enter_context(mt_executor(config))
            for group in groups(documents):
                check_errors += self._translate_group(Workspace(config), group, langs, args, executor, totals)
        summary(f"{'lang':<6}{'segments':>10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}")
        for lang, t in totals.items():
            summary(f"{lang:<6}{t.total:>10}{t.translated:>12}{t.fuzzy:>8}{t.untranslated:>14}")
        conclude(f"translate: {len(documents)} document(s); " + "; ".join(
            f"{lang} {t.translated}/{t.total} translated, {t.fuzzy} fuzzy" for lang, t in totals.items()))
        return EXIT_FAILED if args.strict and check_errors else EXIT_OK

    @staticmethod
    def _translate_group(ws: Workspace, documents: list[Path], langs: tuple[str, ...], args: argparse.Namespace,
                         executor: object, totals: dict[str, model.CatalogStats]) -> int:
        prepared_docs = []
        for path in documents:
            prepared = prepare(path, ws.config, args.encoding)
            extract(ws, prepared)
            report_reading(prepared.ref, prepared.doc)
            prepared_docs.append(prepared)
        names = [p.doc.name for p in prepared_docs]
        updated = update(ws, names, langs)
        if not args.no_mt:
            from pipeline.mt.step import run_mt_step

            with progress_bar() as (on_total, step):
                reports = run_mt_step(ws, langs, names, refresh=args.refresh_mt, use_glossary=not args.no_glossary,
                                      progress=step, on_total=on_total, executor=executor)
            report_mt(reports)
        check_errors = check_catalogs(ws, [u.path for u in updated.values()])
        built = []
        for prepared in prepared_docs:
            for lang in langs:
                po = ws.catalog(prepared.doc.name, lang)
                assert po is not None  # update made it
                totals[lang] += model.CatalogStats.of(po)
                target, data, stats = build_document(ws, prepared, lang, args.use_fuzzy)
                built.append((prepared, lang, target, data, stats))
        if args.strict:
            for prepared, lang, _, _, stats in built:
                if stats.fallbacks:
                    ws.commit()
                    refuse_fallbacks(ws, prepared, lang, stats)
        for _, _, target, data, _ in built:
            ws.put_output(target, data)
        ws.commit()
        for _, lang, target, _, _ in built:
            summary(f"{lang}: wrote {target}")
        return check_errors


def check_catalogs(ws: Workspace, paths: list[Path]) -> int:
    """The check step over the workspace's catalogs (drafts included): findings per language.

    Findings do not stop the run (drafts are for a translator to fix); `tolmach check` is the gate.
    Returns the number of errors.
    """
    from pipeline.checks.runner import project_setup, run_loaded

    context, settings = project_setup(ws.config, include_fuzzy=True)
    loaded = [(path, po) for path in paths if (po := ws.load(path)) is not None]
    report = run_loaded(loaded, context, settings)
    for note in report.notes:
        say(note)
    by_lang: dict[str, list[int]] = {}
    for f in report.findings:
        counts = by_lang.setdefault(f.lang, [0, 0])
        counts[0 if f.severity == "error" else 1] += 1
    for lang, (errors, warnings) in sorted(by_lang.items()):
        say(f"{lang}: check: {errors} error(s), {warnings} warning(s) (tolmach check --include-fuzzy for details)")
    return report.errors
