from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from pipeline.commands.base import Command, say, with_mt_flags
from pipeline.config import Config
from pipeline.errors import TolmachError

PAIR_RE = re.compile(r"^[a-z]{2,3}-[a-z]{2,3}$")


class ModelsCommand(Command):
    name = "models"
    help = "list, install, remove and verify MT models (argos packages) and show each language's route"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--packages-dir", type=Path, metavar="DIR", help="where argos packages are installed")
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        sub.add_parser("list", help="installed packages and the route each target language takes")
        inst = sub.add_parser("install", help="install .argosmodel files (or --from-index PAIR, downloads)")
        inst.add_argument("files", nargs="*", type=Path, metavar="FILE.argosmodel")
        inst.add_argument("--pair", metavar="SRC-TGT", help="refuse a package for another pair")
        inst.add_argument("--from-index", metavar="SRC-TGT", action="append",
                          help="download this pair from the argos package index (needs the network)")
        rm = sub.add_parser("remove", help="remove installed packages by pair (en-pl) or folder name")
        rm.add_argument("names", nargs="+", metavar="PAIR")
        sub.add_parser("verify", help="load every installed package and translate a probe sentence")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.mt import packages

        pdir = packages.packages_dir(with_mt_flags(args, config))
        if args.action == "list":
            return self.list(config, pdir)
        if args.action == "install":
            if not args.files and not args.from_index:
                raise TolmachError("nothing to install", hint="give .argosmodel files or --from-index en-pl")
            if args.pair and not PAIR_RE.match(args.pair):
                raise TolmachError(f"bad pair {args.pair!r}", hint="for example --pair en-pl")
            for f in args.files:
                info, what = packages.install(f, pdir, args.pair)
                say(f"{info.path}: {info.label} {what}")
            for pair in args.from_index or []:
                download_and_install(pair, pdir)
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
        from pipeline.mt.engines import apertium_modes
        from pipeline.mt.packages import installed
        from pipeline.mt.routes import Missing, plan

        found = installed(pdir)
        print(f"packages directory: {pdir}")
        for p in found:
            print(f"  {p.pair:<8} {p.version:<8} {p.folder}")
        if not found:
            print("  (no argos packages installed)")
        modes = apertium_modes()
        print("apertium: " + (", ".join(f"{m} {v}" for m, v in modes.items()) or "not available"))
        for lang, route in plan(config.source_lang, config.languages, found, modes,
                                config.mt.pivot).items():
            if isinstance(route, Missing):
                print(f"{lang}: MISSING: {route.reason}\n    install: {route.hint}")
            else:
                print(f"{lang}: {route.label}")
        return 0


def download_and_install(pair: str, pdir: Path) -> None:
    """The one place tolmach touches the network, and only on request: fetch a package from the argos index."""
    if not PAIR_RE.match(pair):
        raise TolmachError(f"bad pair {pair!r}", hint="for example --from-index en-pl")
    from argostranslate import package as argos_package

    from pipeline.mt.packages import install

    argos_package.update_package_index()
    src, tgt = pair.split("-")
    matches = [p for p in argos_package.get_available_packages() if (p.from_code, p.to_code) == (src, tgt)]
    if not matches:
        raise TolmachError(f"the argos index has no {src}→{tgt} package",
                           hint="see https://www.argosopentech.com/argospm/index/")
    with tempfile.TemporaryDirectory() as tmp:
        from argostranslate import networking

        data = networking.get_from(matches[0].links)
        if data is None:
            raise TolmachError(f"download of {src}→{tgt} failed", hint="check the network, or install a local file")
        archive = Path(tmp) / f"{pair}.argosmodel"
        archive.write_bytes(data)
        info, what = install(archive, pdir, pair)
    say(f"{info.path}: {info.label} {what}")
