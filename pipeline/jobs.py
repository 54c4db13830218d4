"""The stages wired together for the CLI: read files at the start, write them at the end.

Each job is what one subcommand does to one document or catalog; the commands loop and report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import catalog
from pipeline.build import BuildStats, build
from pipeline.config import Config
from pipeline.documents import Document, read_document
from pipeline.documents.cleanup import cleanup_signature
from pipeline.errors import TolmachError
from pipeline.segment import Segment, segment_units, segmenter_signature
from pipeline.signature import headers


@dataclass(frozen=True)
class Prepared:
    """A source document read, cleaned and segmented, with its template."""

    doc: Document
    ref: str  # the document's path as written in catalogs (relative to the project root)
    segments: list[Segment]
    template: polib.POFile


def document_ref(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def prepare(path: Path, config: Config, encoding: str | None = None) -> Prepared:
    doc = read_document(path, config, encoding)
    ref = document_ref(path, config)
    segments = segment_units(doc, config.source_lang)
    provenance = headers([segmenter_signature(config.source_lang), cleanup_signature(config.cleanup)])
    template = catalog.extract(doc.name, ref, segments, [u.text for u in doc.units], provenance)
    add_unit_notes(template, doc, segments)
    return Prepared(doc, ref, segments, template)


def add_unit_notes(template: polib.POFile, doc: Document, segments: list[Segment]) -> None:
    """A unit's note (a subtitle's time on screen) as an extracted comment on each of its sentences."""
    notes = {seg.text: doc.units[seg.unit].note for seg in segments if doc.units[seg.unit].note}
    for entry in template:
        note = notes.get(entry.msgid)
        if note:
            entry.comment = f"{entry.comment}\n{note}" if entry.comment else note


def paths(config: Config) -> catalog.Paths:
    return catalog.Paths.detect(config.path(config.locales_dir), config.catalog_layout)


def extract_job(path: Path, config: Config, encoding: str | None = None) -> tuple[Prepared, Path, bool]:
    prepared = prepare(path, config, encoding)
    target = paths(config).template(prepared.doc.name)
    existing = catalog.load_if_exists(target)
    if existing is not None:
        catalog.check_document(existing, target, prepared.ref)
    written = catalog.save(prepared.template, target, "POT-Creation-Date")
    return prepared, target, written


def update_job(template_path: Path, lang: str, config: Config,
               annotate: Callable[[str, str], list[str]] | None = None,
               provenance: dict[str, str] | None = None,
               prefill: Callable[[polib.POFile, str], object] | None = None
               ) -> tuple[Path, bool, catalog.CatalogStats]:
    """Create or merge one language catalog from its template; `prefill(po, lang)` fills empty entries."""
    template = catalog.load(template_path)
    doc = template_path.stem
    target = paths(config).catalog(doc, lang)
    existing = catalog.load_if_exists(target)
    ref = template.metadata.get(catalog.DOCUMENT_HEADER, "")
    if existing is not None and ref:
        catalog.check_document(existing, target, ref)
    lang_annotate = (lambda msgid: annotate(msgid, lang)) if annotate else None
    merged = catalog.update(template, existing, lang, lang_annotate, provenance)
    if prefill is not None:
        prefill(merged, lang)
    written = catalog.save(merged, target, "PO-Revision-Date")
    return target, written, catalog.CatalogStats.of(merged)


def update_catalogs(template_paths: list[Path], langs: tuple[str, ...], config: Config
                    ) -> dict[tuple[str, str], tuple[Path, bool, catalog.CatalogStats]]:
    """The update stage for `update` and `translate` alike: glossary comments and TM pre-fill included.

    Returns (catalog path, written?, stats) per (document name, language).
    """
    from pipeline.glossary import update_hooks
    from pipeline.tm import memory_prefill

    annotate, provenance = update_hooks(config.path(config.glossary), config.source_lang)
    results = {}
    with memory_prefill(config) as prefill:  # None when there is no translation memory yet
        for template in template_paths:
            for lang in langs:
                results[(template.stem, lang)] = update_job(template, lang, config, annotate, provenance,
                                                            prefill=prefill)
    return results


def templates(config: Config, docs: list[str] | None = None) -> list[Path]:
    tdir = paths(config).templates_dir
    found = sorted(tdir.glob("*.pot")) if tdir.is_dir() else []
    if docs:
        found = [p for p in found if p.stem in set(docs)]
    if not found:
        raise TolmachError("no templates found", tdir, hint="run `tolmach extract DOC...` first")
    if paths(config).layout == "flat" and len(found) > 1:
        raise TolmachError(f"{len(found)} templates in a flat layout (<lang>.po beside its template)", tdir,
                           hint="keep one template per folder, or set catalog_layout = \"lc_messages\"")
    return found


def build_job(prepared: Prepared, lang: str, config: Config, use_fuzzy: bool, strict: bool,
              output: Path | None = None) -> tuple[Path, BuildStats]:
    from pipeline.fileio import atomic_write_bytes

    cat_path = paths(config).catalog(prepared.doc.name, lang)
    po = catalog.load_if_exists(cat_path)
    if po is not None:
        catalog.check_document(po, cat_path, prepared.ref)
    data, stats = build(prepared.doc, prepared.segments, po, use_fuzzy=use_fuzzy, lang=lang)
    if strict and stats.fallbacks:
        raise TolmachError(f"{stats.fallbacks} sentence(s) not translated for {lang}", cat_path,
                           hint="translate them, or drop --strict to fall back to the source text")
    target = output or config.path(config.output_dir) / lang / f"{prepared.doc.name}.{prepared.doc.extension}"
    atomic_write_bytes(target, data)
    return target, stats
