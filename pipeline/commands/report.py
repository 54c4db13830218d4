from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_lang_flag, conclude, output_file, wrote
from pipeline.config import Config, override
from pipeline.errors import TolmachError
from pipeline.progress import Progress


class ReportCommand(Command):
    name = "report"
    help = "write a self-contained HTML review report: progress, entries side by side, findings"
    examples = ("tolmach report", "tolmach report --lang pl -o review-pl.html --title 'Pl review, 6 May'")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="catalogs or directories (default: the locales directory)")
        add_lang_flag(parser)
        parser.add_argument("-o", "--output", type=Path,
                            help="HTML file to write (default: [tool.tolmach.report] output, else "
                                 "<output_dir>/report.html)")
        parser.add_argument("--glossary", type=Path, help="glossary file or directory (default: glossary/)")
        parser.add_argument("--title", help="heading of the report (default: [tool.tolmach.report] title)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline import report
        from pipeline.checks.runner import find_catalogs, project_setup
        from pipeline.fileio import atomic_write_text
        from pipeline.po import layouts, read

        if args.title is not None:
            config = override(config, {"report.title": args.title}, "--title")
        langs = self.languages(args, config)
        found = find_catalogs(list(args.paths) or [config.path(config.locales_dir)])
        catalogs: report.LoadedCatalogs = {lang: [] for lang in langs}
        with Progress("report", len(found), unit="catalog") as bar:
            for path in found:
                po = read.load(path)
                lang = layouts.language_of(po, path)
                if lang in catalogs:
                    catalogs[lang].append((path, po))
                bar.update()
        catalogs = {lang: paths for lang, paths in catalogs.items() if paths}
        if not catalogs:
            raise TolmachError(f"no catalogs for {', '.join(langs)}", config.path(config.locales_dir),
                               hint="run `tolmach update` first")
        context, settings = project_setup(config, args.glossary, include_fuzzy=True)
        findings = report.run_checks(catalogs, context, settings)
        reports = report.collect(catalogs, config.source_lang, findings, report.glossary_highlighter(context.glossary),
                                 ci_counts_fuzzy=config.checks.include_fuzzy)
        wanted = config.report
        default = config.path(wanted.output) if wanted.output else config.path(config.output_dir) / "report.html"
        target = output_file(args.output or default, config)  # -o as given: relative to the working directory
        atomic_write_text(target, report.render_html(reports, wanted.title))
        for r in reports:
            wrote(target, f"{r.lang}: {r.count('translated')} translated, {r.count('fuzzy')} fuzzy, "
                  f"{r.count('untranslated')} untranslated")
        wrote(target, f"wrote {target}")
        conclude(f"report: {sum(len(r.entries) for r in reports)} entries in {len(reports)} language(s) into {target}")
        return 0
