"""The registry of document formats: one module per format, looked up by file extension.

A format module has
    FORMAT: str                      the name stored in Document.format
    EXTENSIONS: tuple[str, ...]      the file extensions it reads (".docx")
    read(path, data: bytes, options: ReadOptions) -> Document
    write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes
Readers take bytes, because Word and LibreOffice files are zip packages and only text formats decode;
writers give bytes, the same container with only the text changed. Adding a format is one module here,
its name in FORMAT_MODULES, and its tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType

from pipeline.config import Config
from pipeline.documents.base import Document, ReadOptions, Removal, Unit
from pipeline.errors import TolmachError
from pipeline.fileio import read_bytes

__all__ = ["Document", "ReadOptions", "Removal", "Unit", "format_module", "read_document", "reader_for",
           "render_document", "supported_extensions"]

FORMAT_MODULES: tuple[str, ...] = ("text", "markdown", "html", "subtitles", "docx", "odt")


@cache
def format_module(name: str) -> ModuleType:
    """The module of one format, by its FORMAT name."""
    return importlib.import_module(f"pipeline.documents.{name}")


@lru_cache(maxsize=1)
def _by_extension() -> dict[str, ModuleType]:
    table: dict[str, ModuleType] = {}
    for name in FORMAT_MODULES:
        module = format_module(name)
        for ext in module.EXTENSIONS:
            table[ext] = module
    return table


def supported_extensions() -> list[str]:
    return sorted(_by_extension())


def reader_for(path: Path) -> ModuleType:
    """The format module that reads `path`, imported on first use: reading text files imports no HTML, Word or
    Markdown parser (start-up of every command)."""
    suffix = path.suffix.lower()
    for name in FORMAT_MODULES:
        module = format_module(name)
        if suffix in module.EXTENSIONS:
            return module
    raise TolmachError(f"unknown document type {path.suffix or '(no extension)'}", path,
                       hint="supported: " + ", ".join(supported_extensions()))


def read_document(path: Path, config: Config, encoding: str | None = None) -> Document:
    """Read and parse one source document; refuses empty documents with a clear error."""
    reader = reader_for(path)
    options = ReadOptions(config.source_lang, config.cleanup, config.languages, encoding)
    doc: Document = reader.read(path, read_bytes(path), options)
    if not doc.units:
        raise TolmachError("empty document: nothing to translate", path)
    return doc


def render_document(doc: Document, unit_texts: Sequence[str], lang: str | None = None) -> bytes:
    """The document with each unit's text replaced, as the bytes of a file of the same format."""
    if len(unit_texts) != len(doc.units):
        raise ValueError(f"{doc.name}: {len(unit_texts)} unit texts for {len(doc.units)} units")
    data: bytes = format_module(doc.format).write(doc, unit_texts, lang)
    return data
