"""What every subcommand shares: its argparse wiring, flags that several commands take, typed options built
from flags on top of the settings, and the reports several commands print. Commands never import each other."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from pipeline import progress
from pipeline.config import Config, MTSettings, choices, override, parse_languages
from pipeline.errors import TolmachError

if TYPE_CHECKING:
    from pipeline.documents import Document
    from pipeline.mt.drafts import LanguageReport


class Command:
    """A subcommand: declares its flags, then runs against a loaded Config; returns the exit status
    (`EXIT_OK`, `EXIT_FAILED` when the result fails its gate, a TolmachError's 2 when nothing could be done)."""

    name: ClassVar[str]
    help: ClassVar[str]
    examples: ClassVar[tuple[str, ...]] = ()  # shown under "examples:" in the command's --help

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare flags; the default has none."""

    def run(self, args: argparse.Namespace, config: Config) -> int:
        raise NotImplementedError

    @property
    def quiet(self) -> bool:
        """`-q`: the command prints its one `conclude` line and nothing else (errors excepted)."""
        return _quiet

    @staticmethod
    def languages(args: argparse.Namespace, config: Config) -> tuple[str, ...]:
        """The languages of `add_lang_flag`'s flag when given, else the project's."""
        value = getattr(args, "lang", None)
        return parse_languages(value, source_lang=config.source_lang) if value else config.languages


EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and its result fails the gate: check errors, --strict, a broken model
# 2 (TolmachError.exit_code): nothing could be done: bad input, flags or settings, or nothing to work on


def examples_epilog(examples: Sequence[str]) -> str | None:
    return "examples:\n" + "\n".join(f"  {e}" for e in examples) if examples else None


def add_global_flags(parser: argparse.ArgumentParser, after_command: bool = False) -> None:
    """-q and -C, which every command also accepts after its name (`tolmach mt -q`): there their default is
    SUPPRESS, so a flag given before the command is not reset by the subcommand's parser."""
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if after_command else {}
    parser.add_argument("-C", "--project", type=Path, metavar="DIR", **({"default": None} | default),
                        help="run in this project directory (default: the current one)")
    parser.add_argument("-q", "--quiet", action="store_true", **default,
                        help="print one summary line and nothing else (errors excepted); no progress bars")


def command_parser(sub: Any, name: str, help: str, examples: Sequence[str] = ()) -> argparse.ArgumentParser:
    """A subcommand's (or a subcommand action's: `glossary lint`) parser: its help, its examples and the
    global flags."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help,
                                                     epilog=examples_epilog(examples),
                                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_global_flags(parser, after_command=True)
    return parser


def add_lang_flag(parser: argparse.ArgumentParser, required: bool = False, one: bool = False) -> None:
    """The target-language flag, `--lang` (`--to` is the same flag, as `translate` first named it). Read it
    back with `with_lang_flag` or `Command.languages`."""
    if one:
        help = "the target language, e.g. pl"
    else:
        help = "target languages, comma separated, e.g. pl,be (default: the setting languages)"
    parser.add_argument("--lang", "--to", dest="lang", metavar="LANG" if one else "LANGS", required=required,
                        help=help)


def with_lang_flag(args: argparse.Namespace, config: Config) -> Config:
    """The settings with `--lang` on top (`tolmach config` shows it as the origin)."""
    value = getattr(args, "lang", None)
    if not value:
        return config
    return override(config, {"languages": parse_languages(value, source_lang=config.source_lang)}, "--lang")


def add_encoding_flag(parser: argparse.ArgumentParser) -> None:
    """--encoding for source documents that are not UTF-8 and whose legacy encoding cannot be told."""
    parser.add_argument("--encoding", metavar="ENC",
                        help="decode text documents with this encoding (e.g. cp1250, iso-8859-2, cp1251, koi8-r) "
                             "instead of detecting it")


_quiet = False


def set_quiet(quiet: bool) -> None:
    """`-q` for the whole run: no progress bars, no messages, no detail lines; one `conclude` line."""
    global _quiet
    _quiet = quiet
    progress.set_quiet(quiet)


def output_file(path: Path, config: Config, sources: Sequence[Path] = (), *, glossary: bool = False) -> Path:
    """An `-o` file or configured output, checked by the rule for outputs (pipeline/paths.py): never a source
    document (this run's or one a template names), a template or catalog, or the project's state."""
    from pipeline.paths import refuse_project_file, template_documents
    from pipeline.po.layouts import Paths

    templates = Paths.detect(config.path(config.locales_dir), config.catalog_layout).templates_dir
    return refuse_project_file(path, config, [*sources, *template_documents(templates, config.root)],
                               glossary=glossary)


def say(message: str, stream: TextIO | None = None) -> None:
    """Progress, notes and warnings go to stderr, so stdout carries only a command's result (silent with -q)."""
    if not _quiet:
        print(message, file=stream or sys.stderr)


def summary(message: str) -> None:
    """A line of a command's result (its counts per catalog, the summary table, a file it wrote) goes to
    stdout, so `> log` keeps it; with -q the command's `conclude` line stands for all of them."""
    if not _quiet:
        print(message, file=sys.stdout)


def wrote(target: Path, message: str) -> None:
    """The result line of an output written to `target`: on stdout, unless the output went to a stream (`-o
    /dev/stdout`, a pipe, a device), where it would land inside the document; then on stderr."""
    import os
    import stat

    from pipeline.fileio import FD_PATH, STREAM_PATHS

    text = str(target)
    try:
        stream = (text in STREAM_PATHS or FD_PATH.fullmatch(text) is not None
                  or not stat.S_ISREG(os.stat(target).st_mode))
    except OSError:
        stream = False
    (say if stream else summary)(message)


def conclude(message: str) -> None:
    """The one line a command prints with -q: what it did, in numbers (nothing without -q, where the
    detail lines say it)."""
    if _quiet:
        print(message, file=sys.stdout)


# --- machine translation: flags shared by `mt`, `translate` and `align` ------------------------------------

def add_mt_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--refresh-mt", action="store_true",
                        help="replace earlier drafts the translator has not touched")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="batches translated in parallel (default: [tool.tolmach.mt] inter_threads, else 2)")
    add_mt_place_flags(parser)
    parser.add_argument("--no-glossary", action="store_true",
                        help="do not protect glossary names or repair forbidden variants in drafts")
    parser.add_argument("--ray", metavar="ADDRESS",
                        help="run the engines on Ray actors: `local` starts Ray on this machine for the run, "
                             "an address (auto, HOST:6379) joins a cluster (docs/ray.md); needs the [ray] extra")


def add_mt_place_flags(parser: argparse.ArgumentParser) -> None:
    """Where models and drafts live and run: shared by every command that may translate."""
    parser.add_argument("--packages-dir", type=Path, metavar="DIR", help="where MT models are installed")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the draft cache lives")
    parser.add_argument("--device", choices=choices(MTSettings, "device"),
                        help="where neural models run (default: [tool.tolmach.mt] device, else cpu); auto takes a "
                        "CUDA GPU when there is one and says when there is none")


# flag (argparse dest) -> the [mt] setting it sets
MT_FLAGS = {"packages_dir": "--packages-dir", "cache_dir": "--cache-dir", "jobs": "--jobs", "device": "--device",
            "ray": "--ray"}


def bounded_jobs(jobs: int) -> int:
    """`--jobs N` as a number of workers: at least 1, at most one per core this process may run on (more buy
    nothing for work bound by the processor, and `--jobs 100000` would fork until the machine stops)."""
    import os

    if jobs < 1:
        raise TolmachError("--jobs must be at least 1")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(jobs, max(1, cores))


def with_mt_flags(args: argparse.Namespace, config: Config) -> Config:
    """The settings with the MT flags on top (paths given on the command line are relative to the cwd)."""
    for key in ("packages_dir", "cache_dir"):
        flag = getattr(args, key, None)
        if flag is not None:
            config = override(config, {f"mt.{key}": flag.expanduser().resolve()}, MT_FLAGS[key])
    jobs = getattr(args, "jobs", None)
    if jobs is not None:
        config = override(config, {"mt.inter_threads": bounded_jobs(jobs)}, "--jobs")
    device = getattr(args, "device", None) or config.mt.device
    if device != config.mt.device or device != "cpu":
        from pipeline.mt.engines import resolve_device

        resolved, index, note = resolve_device(device, config.mt.device_index)
        if note:
            say(note)
        origin = "--device" if getattr(args, "device", None) else f"{config.origin('mt.device')}, resolved"
        config = override(config, {"mt.device": resolved, "mt.device_index": index}, origin)
    if getattr(args, "ray", None):
        config = override(config, {"mt.ray": args.ray}, "--ray")
    return config


@contextmanager
def progress_bar(desc: str = "mt") -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(on_total, step) callbacks drawing a bar (pipeline/progress.py: off with --quiet, in CI, or when stderr
    is not a terminal)."""
    from pipeline.progress import Progress

    with Progress(desc) as bar:
        yield bar.set_total, bar.update


def report_mt(reports: Sequence[LanguageReport]) -> None:
    """One line per language: what MT drafted (stdout), or what to install (stderr)."""
    for r in reports:
        if r.missing is not None:
            say(f"{r.lang}: no MT: {r.missing.reason}; to fix: {r.missing.hint}")
            continue
        if not r.catalogs:
            say(f"{r.lang}: no catalogs to draft into; run `tolmach extract` and `tolmach update` first")
            continue
        summary(f"{r.lang}: {r.route}: {r.drafted} drafted, {r.suggested} offered in comments, "
            f"{r.translated} sentences translated, {r.cached} from cache"
            + (f", {r.fallbacks} with protection lost" if r.fallbacks else "")
            + (f", {r.failed} left without a draft (unusable output)" if r.failed else ""))


def mt_outcome(reports: Sequence[LanguageReport]) -> str:
    """The MT step in a few words per language, for a command's one -q line."""
    return "; ".join(f"{r.lang} no model" if r.missing is not None else f"{r.lang} no catalogs" if not r.catalogs
                     else f"{r.lang} {r.drafted} drafted" for r in reports)


def drafted_nothing_possible(reports: Sequence[LanguageReport]) -> bool:
    """No language asked for had both a route and catalogs: `tolmach mt` could do nothing (exit 2)."""
    return all(r.missing is not None or not r.catalogs for r in reports)


def report_reading(ref: str, doc: Document) -> None:
    """Say how the document was decoded when it was not UTF-8, and what cleanup removed.

    Cleanup never loses text silently: every removed line is listed, space fixes are counted.
    """
    if doc.encoding_guessed:
        say(f"{ref}: warning: not UTF-8; read as {doc.encoding} (guessed). Convert it to UTF-8 to be sure.")
    spaces = 0
    for r in doc.removed:
        if r.kind in ("nbsp", "trailing-space"):
            spaces += 1
        else:
            say(f"{ref}:{r.line}: cleanup: removed {r.kind}: {r.text}")
    if spaces:
        say(f"{ref}: cleanup: normalised spaces on {spaces} line(s)")


def add_document_args(parser: argparse.ArgumentParser) -> None:
    """Documents or folders of documents; read them back with `documents_of`."""
    parser.add_argument("documents", nargs="+", type=Path, metavar="DOC|DIR",
                        help="documents, or folders searched recursively for every supported format")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="in folders, only paths matching this pattern (repeatable; adds to "
                             "[tool.tolmach.documents] include)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="in folders, skip paths matching this pattern (repeatable)")


def documents_of(args: argparse.Namespace, config: Config) -> list[Path]:
    from pipeline.documents.discover import find_documents

    return find_documents(args.documents, config, args.include, args.exclude)

