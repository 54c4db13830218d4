"""Plain text: paragraphs separated by blank lines; scraped pages go through cleanup first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.config import CleanupConfig
from pipeline.documents.base import Document, ReadOptions, Unit, document_name, read_decoded, write_rendered
from pipeline.documents.cleanup import CleanLine, clean_lines

FORMAT = "text"
EXTENSIONS = (".txt", ".text")


def escape(text: str) -> str:
    return text


def read(path: Path, data: bytes, options: ReadOptions) -> Document:
    return read_decoded(parse, path, data, options)


def write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes:
    return write_rendered(doc, unit_texts, escape, lang)


def parse(path: Path, text: str, source_lang: str, cleanup: CleanupConfig) -> Document:
    lines, removed = clean_lines(text, cleanup)
    units: list[Unit] = []
    skeleton: list[str | int] = []
    for block in _blocks(lines):
        body = "\n".join(line.text for line in block)
        if not body.strip():
            skeleton.append(body + "\n")
            continue
        core = body.strip()
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()):]
        if lead:
            skeleton.append(lead)
        units.append(Unit(len(units), core, block[0].number, _kind(core)))
        skeleton.append(len(units) - 1)
        skeleton.append(trail + "\n")
    return Document(path, document_name(path, source_lang), FORMAT, tuple(units), tuple(skeleton),
                    tuple(removed))


def _blocks(lines: list[CleanLine]) -> list[list[CleanLine]]:
    """Runs of non-blank lines (paragraphs) and single blank lines, in order."""
    blocks: list[list[CleanLine]] = []
    for line in lines:
        if line.text.strip() and blocks and blocks[-1][-1].text.strip():
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _kind(text: str) -> str:
    """A short line with no closing punctuation reads as a headline."""
    if "\n" not in text and len(text) < 120 and not text.endswith((".", "!", "?", "”", '"', "»", ":")):
        return "heading"
    return "paragraph"
