"""`tolmach tm import|export|stats|learn`: the translation memory from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.base import Command, command_parser, conclude, output_file, summary, wrote
from pipeline.config import Config


class TmCommand(Command):
    name = "tm"
    help = "translation memory: import/export TMX, show stats, learn from reviewed catalogs"
    examples = ("tolmach tm import agency.tmx --reviewed", "tolmach tm learn", "tolmach tm stats")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--tm",
            type=Path,
            metavar="PATH",
            help="memory file (default: [tool.tolmach.tm] path, else .tolmach/tm.sqlite in the project)",
        )
        sub = parser.add_subparsers(dest="tm_action", metavar="ACTION", required=True)
        imp = command_parser(sub, "import", "add the units of a TMX 1.4b file",
                             ("tolmach tm import agency.tmx", "tolmach tm import ours.tmx --reviewed"))
        imp.add_argument("tmx", type=Path, metavar="FILE.tmx")
        imp.add_argument(
            "--reviewed",
            action="store_true",
            help="trust the file's translations as reviewed (exact matches fill catalogs unflagged)",
        )
        exp = command_parser(sub, "export", "write the whole memory as TMX 1.4b (sorted, reproducible)",
                             ("tolmach tm export -o memory.tmx",))
        exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.tmx")
        command_parser(sub, "stats", "units per language pair and origin", ("tolmach tm stats",))
        learn = command_parser(sub, "learn", "add every translated, non-fuzzy catalog entry as reviewed human work",
                               ("tolmach tm learn", "tolmach tm learn ../other-project/locales"))
        learn.add_argument(
            "locales", type=Path, nargs="?", metavar="DIR", help="default: the project's locales dir"
        )

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.tm import TranslationMemory, default_path, learn_catalogs

        path = args.tm or default_path(config)
        action = args.tm_action
        units = []
        if action == "import":  # the whole file first: a TMX that fails to parse must not create a memory
            from pipeline.tmx import parse_tmx

            units = list(parse_tmx(args.tmx, reviewed=args.reviewed))
        elif action == "export":
            output_file(args.output, config)
        with TranslationMemory(path, create=action in ("import", "learn")) as memory:
            if action == "import":
                added = memory.add(units)
                summary(f"{path}: {added} of {len(units)} unit(s) from {args.tmx} added or upgraded")
                conclude(f"tm import: {added} of {len(units)} unit(s) added or upgraded")
            elif action == "export":
                from pipeline.fileio import atomic_write_bytes
                from pipeline.tmx import export_tmx

                atomic_write_bytes(args.output, export_tmx(memory.units()))
                wrote(args.output, f"{args.output}: {len(memory)} unit(s) exported")
                conclude(f"tm export: {len(memory)} unit(s) into {args.output}")
            elif action == "stats":
                summary(f"{path}: {len(memory)} unit(s)")
                for sl, tl, origin, count, reviewed in memory.stats():
                    summary(f"  {sl}->{tl}  {origin:<12} {count:>8} ({reviewed} reviewed)")
                conclude(f"tm: {len(memory)} unit(s) in {path}")
            else:
                locales = args.locales or config.path(config.locales_dir)
                added, catalogs = learn_catalogs(memory, locales, config.source_lang)
                summary(f"{path}: {added} reviewed pair(s) learnt from {catalogs} catalog(s) in {locales}")
                conclude(f"tm learn: {added} reviewed pair(s) from {catalogs} catalog(s)")
        return 0
