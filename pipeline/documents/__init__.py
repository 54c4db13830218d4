"""Readers: one module per format, each with `read(path, text, source_lang, cleanup) -> Document`
and `escape(text) -> str` for writing prose back into that format."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from pipeline.config import Config
from pipeline.documents.base import Document, Removal, Unit, render
from pipeline.errors import TolmachError
from pipeline.fileio import read_text

__all__ = ["Document", "Removal", "Unit", "read_document", "reader_for", "render_document"]

READERS: dict[str, str] = {
    ".txt": "pipeline.documents.text",
    ".text": "pipeline.documents.text",
    ".md": "pipeline.documents.markdown",
    ".markdown": "pipeline.documents.markdown",
    ".html": "pipeline.documents.html",
    ".htm": "pipeline.documents.html",
}
FORMAT_MODULES = {"text": "pipeline.documents.text", "markdown": "pipeline.documents.markdown",
                  "html": "pipeline.documents.html"}


def reader_for(path: Path) -> ModuleType:
    module = READERS.get(path.suffix.lower())
    if module is None:
        raise TolmachError(f"unknown document type {path.suffix or '(no extension)'}", path,
                           hint="supported: " + ", ".join(sorted(READERS)))
    return importlib.import_module(module)


def read_document(path: Path, config: Config) -> Document:
    """Read and parse one source document; refuses empty documents with a clear error."""
    reader = reader_for(path)
    source = read_text(path)
    doc: Document = reader.read(path, source.text, config.source_lang, config.cleanup)
    if source.guessed:
        from dataclasses import replace

        doc = replace(doc, encoding=source.encoding)
    if not doc.units:
        raise TolmachError("empty document: nothing to translate", path)
    return doc


def render_document(doc: Document, unit_texts: Sequence[str], lang: str | None = None) -> str:
    module = importlib.import_module(FORMAT_MODULES[doc.format])
    return render(doc, unit_texts, module.escape, lang)
