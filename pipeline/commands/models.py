from __future__ import annotations

import argparse
import re
from pathlib import Path

from pipeline.commands.base import Command, say, with_mt_flags
from pipeline.config import Config
from pipeline.errors import TolmachError

PAIR_RE = re.compile(r"^[a-z]{2,3}-[a-z]{2,3}$")


class ModelsCommand(Command):
    name = "models"
    help = "list, install, add, remove and verify MT models and show each language's route"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--packages-dir", type=Path, metavar="DIR", help="where models are installed")
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        sub.add_parser("list", help="installed models and the route each target language takes")
        inst = sub.add_parser("install", help="install .argosmodel files (or --from-index PAIR, downloads)")
        inst.add_argument("files", nargs="*", type=Path, metavar="FILE.argosmodel")
        inst.add_argument("--pair", metavar="SRC-TGT", help="refuse a package for another pair")
        inst.add_argument("--from-index", metavar="SRC-TGT", action="append",
                          help="download this pair from the argos package index (needs the network; the index "
                          "URL is [tool.tolmach.mt] index_url or TOLMACH_PACKAGE_INDEX)")
        add = sub.add_parser("add", help="add a CTranslate2 model directory converted from OPUS-MT (Marian), "
                             "NLLB-200 or M2M-100, with its tokenizer files")
        add.add_argument("directory", type=Path, metavar="DIR")
        add.add_argument("--pair", required=True, metavar="SRC-TGT", help="the pair it translates, e.g. en-be")
        add.add_argument("--target-prefix", default="", metavar="TOKEN",
                         help="token the output must start with (NLLB: bel_Cyrl, M2M-100: __be__)")
        add.add_argument("--source-prefix", default="", metavar="TOKEN",
                         help="token put before every input (NLLB: eng_Latn, M2M-100: __en__, "
                         "multilingual OPUS-MT: >>bel<<)")
        add.add_argument("--version", dest="model_version", metavar="NAME",
                         help="how drafts name the model (default: the directory's name)")
        rm = sub.add_parser("remove", help="remove installed models by pair (en-pl) or folder name")
        rm.add_argument("names", nargs="+", metavar="PAIR")
        sub.add_parser("verify", help="load every installed model and translate a probe sentence")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.mt import packages

        pdir = packages.packages_dir(with_mt_flags(args, config))
        if args.action == "list":
            return self.list(config, pdir)
        if args.action == "install":
            if not args.files and not args.from_index:
                raise TolmachError("nothing to install", hint="give .argosmodel files or --from-index en-pl")
            pair_flag(args.pair)
            for f in args.files:
                info, what = packages.install(f, pdir, args.pair)
                say(f"{info.path}: {info.label} {what}")
            for pair in args.from_index or []:
                from pipeline.mt.index import install_from_index

                info, what = install_from_index(config, pair_flag(pair), pdir)
                say(f"{info.path}: {info.label} {what}")
            return 0
        if args.action == "add":
            info, what = packages.add_directory(args.directory, pdir, pair_flag(args.pair),
                                                version=args.model_version, target_prefix=args.target_prefix,
                                                source_prefix=args.source_prefix)
            say(f"{info.path}: {info.label} {what}")
            return 0
        if args.action == "remove":
            for name in args.names:
                for p in packages.remove(pdir, name):
                    say(f"removed {p.label} ({p.folder})")
            return 0
        failures = 0
        found = packages.installed(pdir)
        if not found:
            say(f"{pdir}: no packages installed")
        for p in found:
            problems = packages.verify(p)
            failures += bool(problems)
            say(f"{p.label} ({p.folder}): " + ("ok" if not problems else "; ".join(problems)))
        return 1 if failures else 0

    @staticmethod
    def list(config: Config, pdir: Path) -> int:
        from pipeline.mt.backends import Planner
        from pipeline.mt.routes import Missing

        planner = Planner.for_project(config, pdir)
        print("\n".join(planner.inventory()))
        for lang, route in planner.plan(config.source_lang, config.languages).items():
            if isinstance(route, Missing):
                print(f"{lang}: MISSING: {route.reason}\n    install: {route.hint}")
            else:
                print(f"{lang}: {route.label}")
        return 0


def pair_flag(pair: str | None) -> str:
    if pair is not None and not PAIR_RE.match(pair):
        raise TolmachError(f"bad pair {pair!r}", hint="a pair of language codes, for example en-pl")
    return pair or ""
