from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, say
from pipeline.commands.extract import report_reading
from pipeline.config import Config, parse_languages
from pipeline.jobs import build_job, extract_job, update_job


class TranslateCommand(Command):
    name = "translate"
    help = "the main job: extract -> update -> machine translation -> check -> build, for each language"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("documents", nargs="+", type=Path, metavar="DOC")
        parser.add_argument("--to", dest="lang", metavar="LANGS", help="target languages, e.g. pl,be,ru")
        parser.add_argument("--strict", action="store_true", help="fail if any sentence is not translated")
        parser.add_argument("--use-fuzzy", action="store_true", help="build with fuzzy drafts")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = parse_languages(args.lang) if args.lang else config.languages
        prepared_docs = []
        for path in args.documents:
            prepared, target, _ = extract_job(path, config)
            report_reading(prepared.ref, prepared.doc)
            prepared_docs.append((prepared, target))
        catalogs = {}
        for prepared, template in prepared_docs:
            for lang in langs:
                catalogs[(prepared.doc.name, lang)] = update_job(template, lang, config)
        # Machine translation plugs in here (issue 4); checks (issue 3/6) after it.
        totals: dict[str, list[int]] = {lang: [0, 0, 0, 0] for lang in langs}
        for prepared, _ in prepared_docs:
            for lang in langs:
                _, _, stats = catalogs[(prepared.doc.name, lang)]
                out, _ = build_job(prepared, lang, config, args.use_fuzzy, args.strict)
                t = totals[lang]
                t[0] += stats.total
                t[1] += stats.translated
                t[2] += stats.fuzzy
                t[3] += stats.untranslated
                say(f"{lang}: wrote {out}")
        say(f"{'lang':<6}{'segments':>10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}")
        for lang, (total, tr, fz, un) in totals.items():
            say(f"{lang:<6}{total:>10}{tr:>12}{fz:>8}{un:>14}")
        return 0
