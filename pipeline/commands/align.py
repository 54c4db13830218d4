"""`tolmach align`: bring an existing human translation into the catalog and the translation memory."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands.base import Command, add_lang_flag, add_mt_place_flags, conclude, say, summary, with_mt_flags
from pipeline.config import Config, override, parse_languages
from pipeline.errors import TolmachError
from pipeline.progress import Progress

if TYPE_CHECKING:
    from pipeline.align import Translate
    from pipeline.align.beads import Bead


class AlignCommand(Command):
    name = "align"
    help = "align a source document with its human translation; fill the catalog and the translation memory"
    examples = ("tolmach align story.en.md story.pl.md --lang pl",
                "tolmach align src.txt tgt.txt --lang be --presegmented --format text",
                "tolmach align --jsonl bench.jsonl --lang ru --no-mt")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            metavar="FILE",
            help="SOURCE TRANSLATION (documents, or one sentence per line with --presegmented)",
        )
        add_lang_flag(parser, required=True, one=True)
        parser.add_argument(
            "--presegmented",
            action="store_true",
            help="both files hold one sentence per line: print the beads, write nothing",
        )
        parser.add_argument(
            "--jsonl",
            type=Path,
            metavar="BENCH.jsonl",
            help="align every document of a benchmark file ({'src': [...], 'tgt': [...]} per line)",
        )
        parser.add_argument(
            "--format",
            choices=("json", "text"),
            default="json",
            help="output of --presegmented (default: json)",
        )
        parser.add_argument(
            "--tm", type=Path, metavar="PATH", help="translation memory file (default: from config)"
        )
        parser.add_argument(
            "--no-tm", action="store_true",
            help="do not store the aligned pairs in the memory (default: [tool.tolmach.align] tm, else store)",
        )
        parser.add_argument(
            "--language-check",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="refuse a translation that does not look like LANG (default: [tool.tolmach.align] "
            "language_check, else on)",
        )
        parser.add_argument(
            "--mt",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="compare a machine translation of the source with the translation "
            "(default: when a route to LANG is installed, drafts shared with `tolmach mt`)",
        )
        add_mt_place_flags(parser)

    def run(self, args: argparse.Namespace, config: Config) -> int:
        if args.language_check is not None:
            flag = "--language-check" if args.language_check else "--no-language-check"
            config = override(config, {"align.language_check": args.language_check}, flag)
        if args.no_tm:
            config = override(config, {"align.tm": False}, "--no-tm")
        langs = parse_languages(args.lang)
        if len(langs) != 1:
            raise TolmachError("align takes one --lang, the language of the translation")
        lang = langs[0]
        if args.jsonl:
            if args.files:
                raise TolmachError(
                    "--jsonl takes no other files", hint="tolmach align --jsonl BENCH.jsonl --lang pl"
                )
            return align_jsonl(args.jsonl, lang, config.align.language_check, config, args)
        if len(args.files) != 2:
            raise TolmachError(
                "align needs SOURCE and TRANSLATION", hint="tolmach align SOURCE TRANSLATION --lang pl"
            )
        source, translation = args.files
        if args.presegmented:
            return align_presegmented(
                source, translation, lang, args.format, config.align.language_check, config, args
            )
        return align_documents(source, translation, lang, config, args)


def _lines(path: Path) -> list[str]:
    from pipeline.fileio import read_text

    text = read_text(path).text
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


@contextmanager
def mt_anchor(config: Config, lang: str, args: argparse.Namespace) -> Iterator[Translate | None]:
    """`--mt/--no-mt` and the MT place flags on top of the settings, for the MT anchor stage."""
    if args.mt is False:  # said here: the MT stack is not imported for nothing (a fifth of the start-up)
        say("align: MT anchor off (--no-mt)")
        yield None
        return
    from pipeline.mt.sentences import mt_anchor as anchor

    with anchor(with_mt_flags(args, config), lang, args.mt, say) as translate:
        yield translate


def align_presegmented(
    source: Path,
    translation: Path,
    lang: str,
    fmt: str,
    check: bool,
    config: Config,
    args: argparse.Namespace,
) -> int:
    from pipeline.align import align
    from pipeline.align.langid import require_language

    src, tgt = _lines(source), _lines(translation)
    if check:
        require_language(tgt, lang, translation)
    with mt_anchor(config, lang, args) as translate, Progress("align", len(src)) as bar:
        beads = align(src, tgt, translate=translate, progress=bar.at)
    if fmt == "json":
        print(json.dumps({"beads": [b.as_json() for b in beads]}))
    else:
        for b in beads:
            s = " ".join(src[i] for i in b.src) or "-"
            t = " ".join(tgt[j] for j in b.tgt) or "-"
            print(f"{b.shape}\t{b.score:.2f}\t{s}\t{t}")
    return 0


def align_jsonl(bench: Path, lang: str, check: bool, config: Config, args: argparse.Namespace) -> int:
    """Every document is read and checked before any output, and all source sentences go to MT in one
    batch (CTranslate2 is much faster on one large batch than on fifty small ones)."""
    from pipeline.align import align
    from pipeline.align.langid import require_language
    from pipeline.fileio import read_text

    docs: list[tuple[object, list[str], list[str]]] = []
    for number, line in enumerate(read_text(bench).text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            src, tgt = list(map(str, doc["src"])), list(map(str, doc["tgt"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise TolmachError(
                f"expected a JSON object with 'src' and 'tgt' lists: {exc}", bench, number
            ) from exc
        if check:
            require_language(tgt, lang, f"{bench}:{number}")
        docs.append((doc.get("doc", number - 1), src, tgt))
    out = sys.stdout
    with mt_anchor(config, lang, args) as translate:
        if translate is not None:
            translate([s for _, src, _ in docs for s in src])
        with Progress("align", sum(len(src) for _, src, _ in docs)) as bar:
            done = 0  # source sentences of the documents before this one
            for key, src, tgt in docs:
                beads = align(src, tgt, scores=False, translate=translate, progress=partial(_shifted, bar, done))
                done += len(src)
                bar.at(done)
                out.write(json.dumps({"doc": key, "beads": [b.as_json() for b in beads]}) + "\n")
    return 0


def _shifted(bar: Progress, before: int, i: int) -> None:
    """A document's own progress, placed after the documents before it."""
    bar.at(before + i)


def align_documents(
    source: Path, translation: Path, lang: str, config: Config, args: argparse.Namespace
) -> int:
    from pipeline.align import align, glossary_anchors
    from pipeline.align.fill import fill_document
    from pipeline.align.langid import require_language
    from pipeline.documents import read_document
    from pipeline.jobs import document_ref, extract, prepare
    from pipeline.segment import segment_units
    from pipeline.workspace import workspace

    target_doc = read_document(translation, config)
    target_segments = segment_units(target_doc, lang)
    tgt = [s.text for s in target_segments]
    if config.align.language_check:
        require_language(tgt, lang, translation)
    prepared = prepare(source, config)
    src = [s.text for s in prepared.segments]
    src_anchors, tgt_anchors = glossary_anchors(config, lang)
    origin_file = document_ref(translation, config)
    with workspace(config, say) as ws:
        extract(ws, prepared)
        with mt_anchor(config, lang, args) as translate, Progress("align", len(src)) as bar:
            beads = align(src, tgt, src_anchors=src_anchors, tgt_anchors=tgt_anchors, translate=translate,
                          progress=bar.at)
        cat_path, written, stats = fill_document(ws, prepared, lang, tgt, beads, origin_file)
        ws.commit()

    for i in stats.unaligned_src:
        say(f"{prepared.ref}:{prepared.segments[i].line}: not in the translation: {src[i]}")
    for j in stats.unaligned_tgt:
        say(f"{origin_file}:{target_segments[j].line}: no source sentence: {tgt[j]}")
    summary(
        f"{cat_path}: {stats.translated} translated, {stats.fuzzy} fuzzy (doubtful), {stats.kept} kept "
        f"(already translated), {len(stats.unaligned_src)} source and {len(stats.unaligned_tgt)} "
        f"translation sentence(s) unaligned ({'written' if written else 'unchanged'})"
    )
    stored = 0
    if config.align.tm:
        stored = store_pairs(config, args.tm, src, tgt, beads, lang, prepared.ref)
        summary(f"translation memory: {stored} aligned pair(s) added")
    conclude(f"align: {stats.translated} translated, {stats.fuzzy} fuzzy into {cat_path}; {stored} pair(s) into the "
             "memory")
    return 0


def store_pairs(
    config: Config,
    tm_path: Path | None,
    src: list[str],
    tgt: list[str],
    beads: Sequence[Bead],
    lang: str,
    document: str,
) -> int:
    """Every bead with both sides goes into the memory as an unreviewed aligned pair."""
    from pipeline.tm import TMUnit, TranslationMemory, default_path

    units = [
        TMUnit(
            " ".join(src[i] for i in b.src),
            " ".join(tgt[j] for j in b.tgt),
            config.source_lang,
            lang,
            origin="aligned",
            reviewed=False,
            document=document,
        )
        for b in beads
        if b.src and b.tgt
    ]
    with TranslationMemory(tm_path or default_path(config)) as memory:
        return memory.add(units)
