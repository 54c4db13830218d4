from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, command_parser, conclude, output_file, summary, wrote
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.glossary import Concept


class GlossaryCommand(Command):
    name = "glossary"
    help = "validate the glossary, or import/export it as TBX (Weblate, OmegaT, memoQ)"

    examples = ("tolmach glossary lint", "tolmach glossary export -o terms.tbx   # TBX v2, as Weblate reads it",
                "tolmach glossary import partner.tbx -o glossary/partner.yaml")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        lint = command_parser(sub, "lint", "validate the glossary; print its concept count and version",
                              ("tolmach glossary lint", "tolmach glossary lint glossary/people.yaml"))
        lint.add_argument("path", nargs="?", type=Path, help="file or directory (default: glossary/)")
        imp = command_parser(sub, "import", "convert a TBX file (v2 or v3) into a glossary YAML file",
                             ("tolmach glossary import partner.tbx -o glossary/partner.yaml",))
        imp.add_argument("tbx", type=Path, metavar="FILE.tbx")
        imp.add_argument("-o", "--output", type=Path, required=True, metavar="glossary/NAME.yaml")
        imp.add_argument("--force", action="store_true",
                         help="replace the output file if it exists (its comments and layout are lost)")
        exp = command_parser(sub, "export", "write the glossary as TBX (v2 by default: Translate Toolkit and "
                             "Weblate read it; v3 on request)",
                             ("tolmach glossary export -o terms.tbx", "tolmach glossary export -o terms.tbx "
                              "--tbx-version 3   # ISO 30042:2019"))
        exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.tbx")
        exp.add_argument("--tbx-version", type=int, choices=(2, 3), default=2,
                         help="2: TBX-Basic martif, which Translate Toolkit (Weblate) and most CAT tools read "
                              "(default); 3: ISO 30042:2019")
        exp.add_argument("--glossary", type=Path, help="file or directory (default: glossary/)")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.fileio import atomic_write_text
        from pipeline.glossary import load_glossary, make_glossary
        from pipeline.glossary.load import GLOSSARY_SUFFIXES
        from pipeline.glossary.tbx import read_tbx, write_tbx, write_yaml

        if args.action == "lint":
            path = args.path or config.path(config.glossary)
            glossary = load_glossary(path)
            langs = sorted(glossary.languages())
            summary(f"{path}: {len(glossary.concepts)} concepts, languages {', '.join(langs) or 'none'}, "
                    f"version {glossary.version}")
            conclude(f"glossary: {len(glossary.concepts)} concepts, version {glossary.version}")
            return 0
        if args.action == "import":
            if args.output.suffix.lower() not in (".yaml", ".yml"):
                raise TolmachError("output must be a .yaml file", args.output)
            output_file(args.output, config, glossary=True)
            if args.output.exists() and not args.force:
                raise TolmachError("already exists; importing would replace it and lose its comments", args.output,
                                   hint="pass --force to replace it, or choose another -o")
            concepts = read_tbx(args.tbx)
            glossary = make_glossary(concepts)
            refuse_clashes(concepts, args.tbx, args.output, config.path(config.glossary))
            text = write_yaml(glossary.concepts)
            atomic_write_text(args.output, text)
            summary(f"{args.output}: {len(concepts)} concepts imported from {args.tbx} (version {glossary.version})")
            conclude(f"glossary import: {len(concepts)} concepts into {args.output}")
            return 0
        source = args.glossary or config.path(config.glossary)
        if (source.is_dir() and args.output.resolve().parent == source.resolve()
                and args.output.suffix.lower() in GLOSSARY_SUFFIXES):
            raise TolmachError("would write the export into the glossary folder, which would then define every "
                               "concept twice", args.output, hint="write it outside the glossary folder")
        glossary = load_glossary(source)
        output_file(args.output, config)
        atomic_write_text(args.output, write_tbx(glossary, args.tbx_version, config.source_lang))
        wrote(args.output, f"{args.output}: {len(glossary.concepts)} concepts as TBX v{args.tbx_version}")
        conclude(f"glossary export: {len(glossary.concepts)} concepts into {args.output} (TBX v{args.tbx_version})")
        return 0


def refuse_clashes(concepts: list[Concept], tbx: Path, output: Path, glossary_dir: Path) -> None:
    """An import into the project's glossary folder must not define a concept another file there defines:
    the whole glossary would then fail to load (exporting the glossary and importing it back is the
    classic way to get there)."""
    from pipeline.glossary.load import glossary_files, read_file

    if not glossary_dir.is_dir() or output.resolve().parent != glossary_dir.resolve():
        return
    defined = {c.id: c.origin for f in glossary_files(glossary_dir) if f.resolve() != output.resolve()
               for c in read_file(f)}
    clashes = [c.id for c in concepts if c.id in defined]
    if clashes:
        raise TolmachError(f"{len(clashes)} concept id(s) of this file are already in the glossary, e.g. "
                           f"{clashes[0]!r} at {defined[clashes[0]]}", tbx,
                           hint=f"import into a file outside {glossary_dir} to compare, or remove those concepts "
                                "first; the glossary cannot define one id twice")
