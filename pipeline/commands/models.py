from __future__ import annotations

import argparse
import re
from pathlib import Path

from pipeline.commands.base import EXIT_FAILED, EXIT_OK, Command, command_parser, conclude, summary, with_mt_flags
from pipeline.config import Config
from pipeline.errors import TolmachError

PAIR_RE = re.compile(r"^[a-z]{2,3}-[a-z]{2,3}$")


class ModelsCommand(Command):
    name = "models"
    help = "list, install, add, remove and verify MT models and show each language's route"
    examples = ("tolmach models list", "tolmach models install translate-en_pl-1_9.argosmodel",
                "tolmach models add nllb-200-ct2/ --pair en-be --source-prefix eng_Latn --target-prefix bel_Cyrl")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--packages-dir", type=Path, metavar="DIR", help="where models are installed")
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        command_parser(sub, "list", "installed models and the route each target language takes",
                       ("tolmach models list", "tolmach models list | grep MISSING"))
        inst = command_parser(sub, "install", "install .argosmodel files (or --from-index PAIR, downloads)",
                              ("tolmach models install translate-en_pl-1_9.argosmodel",
                               "tolmach models install --from-index en-pl   # the only command that downloads"))
        inst.add_argument("files", nargs="*", type=Path, metavar="FILE.argosmodel")
        inst.add_argument("--pair", metavar="SRC-TGT", help="refuse a package for another pair")
        inst.add_argument("--from-index", metavar="SRC-TGT", action="append",
                          help="download this pair from the argos package index (needs the network; the index "
                          "URL is [tool.tolmach.mt] index_url or TOLMACH_PACKAGE_INDEX)")
        add = command_parser(sub, "add", "add a CTranslate2 model directory converted from OPUS-MT (Marian), "
                             "NLLB-200 or M2M-100, with its tokenizer files",
                             ("tolmach models add opus-mt-en-uk-ct2/ --pair en-uk",
                              "tolmach models add nllb-200-ct2/ --pair en-be --source-prefix eng_Latn "
                              "--target-prefix bel_Cyrl"))
        add.add_argument("directory", type=Path, metavar="DIR")
        add.add_argument("--pair", required=True, metavar="SRC-TGT", help="the pair it translates, e.g. en-be")
        add.add_argument("--target-prefix", default="", metavar="TOKEN",
                         help="token the output must start with (NLLB: bel_Cyrl, M2M-100: __be__)")
        add.add_argument("--source-prefix", default="", metavar="TOKEN",
                         help="token put before every input (NLLB: eng_Latn, M2M-100: __en__, "
                         "multilingual OPUS-MT: >>bel<<)")
        add.add_argument("--version", dest="model_version", metavar="NAME",
                         help="how drafts name the model (default: the directory's name)")
        rm = command_parser(sub, "remove", "remove installed models by pair (en-pl) or folder name",
                            ("tolmach models remove en-pl",))
        rm.add_argument("names", nargs="+", metavar="PAIR")
        command_parser(sub, "verify", "load every installed model and translate a probe sentence; exit 1 if one "
                       "fails", ("tolmach models verify",))

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.mt import packages

        pdir = packages.packages_dir(with_mt_flags(args, config))
        if args.action == "list":
            return self.list(config, pdir)
        if args.action == "install":
            if not args.files and not args.from_index:
                raise TolmachError("nothing to install", hint="give .argosmodel files or --from-index en-pl")
            pair_flag(args.pair)
            done = []
            for f in args.files:
                info, what = packages.install(f, pdir, args.pair)
                summary(f"{info.path}: {info.label} {what}")
                done.append(info.label)
            for pair in args.from_index or []:
                from pipeline.mt.index import install_from_index

                info, what = install_from_index(config, pair_flag(pair), pdir)
                summary(f"{info.path}: {info.label} {what}")
                done.append(info.label)
            conclude(f"models install: {', '.join(done)}")
            return 0
        if args.action == "add":
            info, what = packages.add_directory(args.directory, pdir, pair_flag(args.pair),
                                                version=args.model_version, target_prefix=args.target_prefix,
                                                source_prefix=args.source_prefix)
            summary(f"{info.path}: {info.label} {what}")
            conclude(f"models add: {info.label} {what}")
            return 0
        if args.action == "remove":
            removed = [p for name in args.names for p in packages.remove(pdir, name)]
            for p in removed:
                summary(f"removed {p.label} ({p.folder})")
            conclude(f"models remove: {len(removed)} removed")
            return 0
        failures = 0
        found = packages.installed(pdir)
        if not found:
            raise TolmachError("no models installed, nothing to verify", pdir,
                               hint="tolmach models install FILE.argosmodel, or --packages-dir")
        for p in found:
            problems = packages.verify(p)
            failures += bool(problems)
            summary(f"{p.label} ({p.folder}): " + ("ok" if not problems else "; ".join(problems)))
        conclude(f"models verify: {len(found) - failures} of {len(found)} model(s) ok")
        return EXIT_FAILED if failures else EXIT_OK

    @staticmethod
    def list(config: Config, pdir: Path) -> int:
        from pipeline.mt.backends import Planner
        from pipeline.mt.routes import Missing

        planner = Planner.for_project(config, pdir)
        for line in planner.inventory():
            summary(line)
        routes = planner.plan(config.source_lang, config.languages)
        for lang, route in routes.items():
            if isinstance(route, Missing):
                summary(f"{lang}: MISSING: {route.reason}\n    install: {route.hint}")
            else:
                summary(f"{lang}: {route.label}")
        conclude("models: " + ", ".join(
            f"{lang} {'MISSING' if isinstance(route, Missing) else route.label}" for lang, route in routes.items()))
        return 0


def pair_flag(pair: str | None) -> str:
    if pair is not None and not PAIR_RE.match(pair):
        raise TolmachError(f"bad pair {pair!r}", hint="a pair of language codes, for example en-pl")
    return pair or ""
