"""The `tolmach` command: parses flags, loads the configuration once, runs one Command.

Errors users can fix (bad input, bad flags) print one line `path:line: error: ...` and exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sqlite3
import sys
from collections.abc import Sequence

from pipeline import __version__
from pipeline.commands.base import Command, add_global_flags, command_parser, set_quiet
from pipeline.config import load_config
from pipeline.errors import TolmachError, from_os_error

# name -> "module:Class"; each subcommand lives in pipeline/commands/<module>.py
COMMANDS: dict[str, str] = {
    "extract": "pipeline.commands.extract:ExtractCommand",
    "update": "pipeline.commands.update:UpdateCommand",
    "build": "pipeline.commands.build:BuildCommand",
    "translate": "pipeline.commands.translate:TranslateCommand",
    "check": "pipeline.commands.check:CheckCommand",
    "glossary": "pipeline.commands.glossary:GlossaryCommand",
    "align": "pipeline.commands.align:AlignCommand",
    "tm": "pipeline.commands.tm:TmCommand",
    "xliff": "pipeline.commands.xliff:XliffCommand",
    "report": "pipeline.commands.report:ReportCommand",
    "mt": "pipeline.commands.mt:MTCommand",
    "models": "pipeline.commands.models:ModelsCommand",
    "serve": "pipeline.commands.serve:ServeCommand",
    "config": "pipeline.commands.config:ConfigCommand",
    "completion": "pipeline.commands.completion:CompletionCommand",
}


def load_command(spec: str) -> Command:
    module, cls = spec.split(":")
    command: Command = getattr(importlib.import_module(module), cls)()
    return command


def make_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """The parser of every command, or with `only` the parser of that one command and the others listed by
    name: a run imports its own command module, not all of them (`check` in CI starts 0.1 s sooner)."""
    parser = argparse.ArgumentParser(
        prog="tolmach", description="Offline translation pipeline: documents -> gettext catalogs -> MT drafts -> "
        "checks -> translated documents.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"tolmach {__version__}")
    add_global_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: dict[str, Command] = {}
    for name, spec in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        command = load_command(spec)
        commands[name] = command
        command.add_arguments(command_parser(sub, name, command.help, command.examples))
    return parser, commands


EPILOG = """examples:
  tolmach translate story.en.md --lang pl,be,ru    # the main job: catalogs, MT drafts, checks, documents
  tolmach check --format github                   # the CI gate
  tolmach mt --help                               # a command's flags and examples

exit status: 0 done; 1 done, but the result fails its gate (check errors, --strict, a broken model);
2 nothing could be done (bad input, flags or settings, nothing to work on); 130 interrupted."""


def command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, read past the global options; None for --help, --version or no command."""
    args = iter(argv)
    for arg in args:
        if arg in ("-C", "--project"):
            next(args, None)
        elif arg.startswith("-") and arg not in ("-h", "--help", "--version"):  # -q, --project=DIR
            continue
        else:
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser, commands = make_parser(command_named(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    set_quiet(args.quiet)
    _tolerant_streams()
    try:
        if args.project is not None and not args.project.is_dir():
            raise TolmachError("no such project directory", args.project, hint="-C takes the folder of the project")
        config = load_config(args.project)
        status = commands[args.command].run(args, config)
        sys.stdout.flush()  # a closed pipe shows here, inside the guard, not at interpreter exit
        return status
    except TolmachError as exc:
        print(f"tolmach: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as exc:
        error = from_os_error(exc)
        print(f"tolmach: {error}", file=sys.stderr)
        return error.exit_code
    except sqlite3.Error as exc:  # the MT cache or a memory used outside its context manager
        print(f"tolmach: error: SQLite: {exc} (the translation memory or MT cache in the project's .tolmach/ "
              "or its configured place is damaged or not writable: move it away to start afresh)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tolmach: interrupted; files already written are complete, the rest were not touched",
              file=sys.stderr)
        return 130


def _tolerant_streams() -> None:
    """An ASCII-only stdout (`LC_ALL=C`, `PYTHONIOENCODING=ascii`) prints "→" as `\u2192` instead of
    stopping the run with a UnicodeEncodeError once its files are written."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if isinstance(stream, io.TextIOWrapper) and not encoding.startswith("utf-"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def _quiet_broken_pipe() -> int:
    """`tolmach models list | head -1`: the reader has gone, which is not an error worth a traceback.

    Python's advice (library/signal, "Note on SIGPIPE"): point stdout at devnull so the final flush at exit
    does not raise again, and exit as a process killed by SIGPIPE would (128 + 13).
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141


if __name__ == "__main__":
    raise SystemExit(main())
