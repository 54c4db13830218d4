"""`tolmach completion bash|zsh|tcsh`: a shell completion script generated from the parser itself.

shtab writes the script once from the argparse parser (every command, action, flag and choice, the choices
of settings included), so a TAB costs nothing: argcomplete instead runs Python (and imports tolmach) on every
TAB, about 0.2 s here, and needs a hook evaluated in every shell. The price: completions are static (no
document or language names), and fish is not among shtab's shells."""

from __future__ import annotations

import argparse
import sys

from pipeline.commands.base import Command
from pipeline.config import Config

SHELLS = ("bash", "zsh", "tcsh")


class CompletionCommand(Command):
    name = "completion"
    help = "print a shell completion script (bash, zsh, tcsh)"
    examples = ("tolmach completion bash > ~/.local/share/bash-completion/completions/tolmach",
                "tolmach completion zsh > ~/.zfunc/_tolmach   # with fpath+=~/.zfunc before compinit")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("shell", choices=SHELLS)

    def run(self, args: argparse.Namespace, config: Config) -> int:
        import shtab

        from pipeline.cli import make_parser

        parser, _ = make_parser()
        _mark_paths(parser)
        script = shtab.complete(parser, args.shell)
        sys.stdout.write(script)  # the script is the result, with -q too (as xliff export's document is)
        return 0


def _mark_paths(parser: argparse.ArgumentParser) -> None:
    """Arguments typed Path complete file names (shtab's FILE), in every command and action."""
    import shtab

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_paths(sub)
        elif action.type is not None and getattr(action.type, "__name__", "") in ("Path", "PosixPath"):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
