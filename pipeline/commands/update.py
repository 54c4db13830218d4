from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, add_lang_flag, conclude, say, summary
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.jobs import Updated, update
from pipeline.workspace import Workspace, groups, project_lock


class UpdateCommand(Command):
    name = "update"
    help = "create or merge the catalogs (<lang>/LC_MESSAGES/<doc>.po or <lang>.po) from the templates, as msgmerge"
    examples = ("tolmach update --lang pl,be,ru", "tolmach update --lang uk --doc story")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_lang_flag(parser)
        parser.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")
        parser.add_argument("--template", type=Path, metavar="PATH",
                            help="a .pot or reference catalog to update from instead of the project's templates "
                                 "(Django: locale/en/LC_MESSAGES/django.po); its domain is its file name")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        langs = self.languages(args, config)
        results: dict[tuple[str, str], Updated] = {}
        reference = config.path(args.template) if args.template else None
        if reference is not None and not reference.is_file():
            raise TolmachError("no such template or reference catalog", reference)
        if reference is not None:
            _check_domain(Workspace(config, reference), reference, langs)
        with project_lock(config, say):
            for group in groups(Workspace(config, reference).template_names(args.doc)):
                ws = Workspace(config, reference)
                results |= update(ws, group, langs)
                ws.commit()
        for r in results.values():
            summary(f"{r.path}: {r.stats.translated} translated, {r.stats.fuzzy} fuzzy, "
                    f"{r.stats.untranslated} untranslated ({'written' if r.changed else 'unchanged'})")
        written = sum(r.changed for r in results.values())
        fuzzy = sum(r.stats.fuzzy for r in results.values())
        untranslated = sum(r.stats.untranslated for r in results.values())
        conclude(f"update: {len(results)} catalog(s), {written} written; {fuzzy} fuzzy, {untranslated} untranslated")
        return 0


def _check_domain(ws: Workspace, reference: Path, langs: tuple[str, ...]) -> None:
    """A reference updates the catalogs named after it (its domain, as with msgmerge): when the project has
    catalogs but none of that name, it would only make second catalogs, so it is refused."""
    domain = reference.stem
    existing = sorted({p.name for lang in langs for p in ws.paths.catalogs_of(lang)})
    if existing and f"{domain}.po" not in existing:
        raise TolmachError(f"no catalog is named after the template ({domain}.po); the catalogs here are "
                           f"{', '.join(existing)}", reference,
                           hint="use the reference catalog of that domain, e.g. locale/en/LC_MESSAGES/"
                                f"{existing[0]}")
