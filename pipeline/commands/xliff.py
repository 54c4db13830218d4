"""`tolmach xliff export|import`: the catalogs of a language to and from XLIFF 1.2 / 2.0 for CAT tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.base import Command, add_lang_flag, command_parser, conclude, output_file, say, summary, wrote
from pipeline.config import Config
from pipeline.errors import TolmachError


class XliffCommand(Command):
    name = "xliff"
    help = "exchange a language's catalogs with CAT tools (Trados, memoQ, OmegaT) as XLIFF 1.2 or 2.0"
    examples = ("tolmach xliff export --lang pl -o pl.xlf", "tolmach xliff import pl.xlf")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="xliff_action", metavar="ACTION", required=True)
        exp = command_parser(sub, "export", "write one language's catalogs as one XLIFF file",
                             ("tolmach xliff export --lang pl -o pl.xlf",
                              "tolmach xliff export --lang pl --version 2.0 --doc story > story.pl.xlf"))
        add_lang_flag(exp, required=True, one=True)
        exp.add_argument("-o", "--output", type=Path, metavar="FILE",
                         help="the XLIFF file (default: standard output)")
        exp.add_argument("--version", dest="xliff_version", choices=("1.2", "2.0"), default="1.2",
                         help="XLIFF version (default 1.2, which every CAT tool reads)")
        exp.add_argument("--doc", action="append", metavar="NAME", help="only this document (repeatable)")
        exp.add_argument("--untranslated", choices=("empty", "source"), default="empty",
                         help="the target of an untranslated unit: empty (default) or a copy of the source, "
                              "as some CAT tools want; either way in a not-translated state")
        imp = command_parser(sub, "import", "take translations and review states from XLIFF files into the catalogs",
                             ("tolmach xliff import pl.xlf", "tolmach xliff import returned/*.xlf"))
        imp.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.xliff_action == "export":
            return export(args, config)
        return import_files(args.files, config)


def export(args: argparse.Namespace, config: Config) -> int:
    from pipeline import xliff
    from pipeline.fileio import atomic_write_bytes
    from pipeline.workspace import Workspace

    lang = args.lang.strip()
    ws = Workspace(config)
    layout = ws.paths
    found = layout.catalogs_of(lang)
    if args.doc:
        found = [p for p in found if p.stem in set(args.doc)]
    if not found:
        raise TolmachError(f"no catalogs for {lang}", layout.locales_dir,
                           hint=f"run `tolmach update --lang {lang}` first")
    catalogs = [xliff.Catalog(p.stem, po, p) for p in found if (po := ws.load(p)) is not None]
    data = xliff.export(catalogs, config.source_lang, lang, args.xliff_version, args.untranslated)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        atomic_write_bytes(output_file(args.output, config), data)
        wrote(args.output, f"{args.output}: {len(catalogs)} document(s), XLIFF {args.xliff_version}")
        conclude(f"xliff export: {len(catalogs)} document(s) into {args.output}")
    return 0


def import_files(files: list[Path], config: Config) -> int:
    """Every file is read and applied in one workspace under the project lock; a bad file stops the import
    before any catalog is written, and a catalog a translator saved meanwhile is re-merged, not overwritten."""
    from pipeline import xliff
    from pipeline.fileio import read_bytes
    from pipeline.paths import catalog_from_file
    from pipeline.workspace import workspace

    results: list[tuple[Path, int]] = []
    with workspace(config, say) as ws:
        for path in files:
            lang, units = xliff.read(path, read_bytes(path))
            by_file: dict[str, list[xliff.Imported]] = {}
            for unit in units:
                by_file.setdefault(unit.file, []).append(unit)
            for name, file_units in by_file.items():
                target = catalog_from_file(ws.paths, name, lang, path)
                po = ws.load(target)
                if po is None:
                    raise TolmachError(f"no catalog for document {name!r} in {lang}", path,
                                       hint=f"expected {target}; run `tolmach update --lang {lang}`")
                changed, unknown = xliff.apply(po, file_units, path)
                if unknown:
                    say(f"{path}: warning: {len(unknown)} unit(s) of {name!r} are not in {target} (source "
                        "changed since the export?); they were skipped")
                if changed:
                    ws.put(target, po)
                results.append((target, changed))
        written = set(ws.commit())
    for target, changed in results:
        state = "written" if target in written else "unchanged"
        summary(f"{target}: {changed} entr{'y' if changed == 1 else 'ies'} updated ({state})")
    conclude(f"xliff import: {sum(changed for _, changed in results)} entries updated, {len(written)} catalog(s) "
             "written")
    return 0
