from __future__ import annotations

import argparse
from dataclasses import replace

from pipeline.commands.base import Command, add_mt_place_flags, with_mt_flags
from pipeline.config import Config, Where


class ServeCommand(Command):
    name = "serve"
    help = "a LibreTranslate-compatible MT service for Weblate and other clients (docs/serve.md)"
    examples = ("tolmach serve   # http://127.0.0.1:5000, this machine only",
                "TOLMACH_SERVE_API_KEYS=$(cat /etc/tolmach/key) tolmach serve --host 0.0.0.0 --port 5000")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--host", help="address to listen on (default: [serve] host, else 127.0.0.1: this "
                            "machine only)")
        parser.add_argument("--port", type=int, help="port (default: [serve] port, else 5000; 0: any free port)")
        add_mt_place_flags(parser)
        parser.add_argument("--no-glossary", action="store_true",
                            help="do not protect glossary names or repair forbidden variants in drafts")

    def run(self, args: argparse.Namespace, config: Config) -> int:
        from pipeline.serve.server import serve

        config = with_mt_flags(args, config)
        changes = {k: getattr(args, k) for k in ("host", "port") if getattr(args, k) is not None}
        if changes:
            serve_settings = replace(config.serve, **changes)
            serve_settings.validate(Where(None, ""))  # a flag: named without a section
            config = replace(config, serve=serve_settings)
        return serve(config, use_glossary=not args.no_glossary)
