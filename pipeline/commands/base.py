"""What every subcommand shares: its argparse wiring and the project configuration."""

from __future__ import annotations

import argparse
import sys
from typing import ClassVar, TextIO

from pipeline.config import Config, parse_languages


class Command:
    """A subcommand: declares its flags, then runs against a loaded Config; returns the exit status."""

    name: ClassVar[str]
    help: ClassVar[str]

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare flags; the default has none."""

    def run(self, args: argparse.Namespace, config: Config) -> int:
        raise NotImplementedError

    @staticmethod
    def languages(args: argparse.Namespace, config: Config) -> tuple[str, ...]:
        """The languages of `add_lang_flag`'s flag when given, else the project's."""
        value = getattr(args, "lang", None)
        return parse_languages(value) if value else config.languages


def add_lang_flag(parser: argparse.ArgumentParser, name: str = "--lang") -> None:
    """The target-language flag; `translate` calls it --to. Read it back with `Command.languages`."""
    parser.add_argument(name, dest="lang", metavar="LANGS",
                        help="target languages, comma separated, e.g. pl,be (default: from configuration)")


def say(message: str, stream: TextIO | None = None) -> None:
    """Progress, notes and warnings go to stderr, so stdout carries only a command's result."""
    print(message, file=stream or sys.stderr)


def summary(message: str) -> None:
    """A command's result (its counts per catalog, the summary table) goes to stdout: `> log` keeps it."""
    print(message, file=sys.stdout)
