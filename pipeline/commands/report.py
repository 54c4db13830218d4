from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_lang_flag, output_file, say
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.progress import Progress


class ReportCommand(Command):
    name = "report"
    help = "write a self-contained HTML review report: progress, entries side by side, findings"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="catalogs or directories (default: the locales directory)")
        add_lang_flag(parser)
        parser.add_argument("-o", "--output", type=Path, help="HTML file to write (default: <output_dir>/report.html)")
        parser.add_argument("--glossary", type=Path, help="glossary file or directory (default: glossary/)")
        parser.add_argument("--title", default="Translation review", help="heading of the report")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline import report
        from pipeline.checks.runner import find_catalogs, project_setup
        from pipeline.fileio import atomic_write_text
        from pipeline.po import layouts, read

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
        reports = report.collect(catalogs, config.source_lang, findings, report.glossary_highlighter(context.glossary))
        target = output_file(args.output or config.path(config.output_dir) / "report.html", config)
        atomic_write_text(target, report.render_html(reports, args.title))
        for r in reports:
            say(f"{r.lang}: {r.count('translated')} translated, {r.count('fuzzy')} fuzzy, "
                f"{r.count('untranslated')} untranslated")
        say(f"wrote {target}")
        return 0
