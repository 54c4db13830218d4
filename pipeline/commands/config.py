"""`tolmach config`: the effective settings, each with where its value came from."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pipeline.commands.base import (
    Command,
    add_lang_flag,
    add_mt_place_flags,
    conclude,
    summary,
    with_lang_flag,
    with_mt_flags,
)
from pipeline.config import Config, settings_of


class ConfigCommand(Command):
    name = "config"
    help = "print the effective settings and where each value came from (default, FILE:LINE or a flag)"
    examples = ("tolmach config", "tolmach config --lang uk --device auto   # what `tolmach mt` with these would use",
                "tolmach config --format json | jq '.\"mt.beam_size\"'")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_lang_flag(parser)
        add_mt_place_flags(parser)
        parser.add_argument("--format", choices=("toml", "json"), default="toml",
                            help="toml: the settings file's layout with the origin as a comment (default); "
                                 "json: {key: {value, origin}}")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        config = with_mt_flags(args, with_lang_flag(args, config))
        if self.quiet:
            conclude(f"settings: {config.source or 'none, every value is a default'} "
                     f"({len(config.origins)} value(s) set there or by flags)")
            return 0
        if args.format == "json":
            summary(json.dumps({key: {"value": _plain(value), "origin": config.origin(key)}
                                for key, value in settings_of(config)}, ensure_ascii=False, indent=2))
            return 0
        summary(f"# settings file: {config.source or 'none (every value is a default)'}; project: {config.root}")
        section = ""
        rows: list[tuple[str, str]] = []
        for key, value in settings_of(config):
            head, _, name = key.rpartition(".")
            if head != section:
                _print_rows(rows)
                rows = []
                section = head
                summary(f"\n[{section}]")
            rows.append((f"# {name} is not set" if value is None else f"{name} = {_toml(value)}",
                         config.origin(key)))
        _print_rows(rows)
        return 0


def _print_rows(rows: list[tuple[str, str]]) -> None:
    width = max((len(text) for text, _ in rows), default=0)
    for text, origin in rows:
        summary(f"{text:<{width}}  # {origin}")


def _plain(value: Any) -> Any:
    """A setting's value as JSON: paths as strings, tuples as lists."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _toml(value: Any) -> str:
    """A setting's value as it would be written in the settings file (an unset one as a comment)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)
