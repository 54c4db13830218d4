"""The stages of a run as functions over a Workspace: extract, update, build (MT: pipeline/mt/step.py).

Each stage takes the catalogs from the workspace and puts back what it changed; none opens a catalog or
writes a file itself. The command commits the workspace once at the end.
"""

from __future__ import annotations

import atexit
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.errors import GateFailed, TolmachError
from pipeline.paths import document_from_file
from pipeline.po import merge
from pipeline.po.headers import DOCUMENT_HEADER, check_document
from pipeline.po.model import Catalog, CatalogStats
from pipeline.progress import Progress
from pipeline.signature import headers
from pipeline.workspace import Workspace

if TYPE_CHECKING:  # imported where used: `update` needs no document reader, segmenter or builder (start-up)
    from pipeline.build import BuildStats
    from pipeline.documents import Document
    from pipeline.segment import Segment, SpanMemo


@dataclass(frozen=True)
class Prepared:
    """A source document read, cleaned and segmented, with its template (made when first asked for: `build`
    needs only the segments)."""

    doc: Document
    ref: str  # the document's path as written in catalogs (relative to the project root)
    segments: list[Segment]
    config: Config

    @functools.cached_property
    def template(self) -> Catalog:
        from pipeline.documents.cleanup import cleanup_signature
        from pipeline.po.template import extract as extract_template
        from pipeline.segment import segmenter_signature

        provenance = headers([segmenter_signature(self.config.source_lang), cleanup_signature(self.config.cleanup)])
        template = extract_template(self.doc.name, self.ref, self.segments, [u.text for u in self.doc.units],
                                    provenance)
        add_unit_notes(template, self.doc, self.segments)
        return template


@dataclass(frozen=True)
class Updated:
    """One catalog after `update`: where it lives, whether the run changed it, its counts."""

    path: Path
    changed: bool
    stats: CatalogStats


def document_ref(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def prepare(path: Path, config: Config, encoding: str | None = None) -> Prepared:
    from pipeline.documents import read_document
    from pipeline.segment import SpanMemo, segment_units

    doc = read_document(path, config, encoding)
    ref = document_ref(path, config)
    segments = segment_units(doc, config.source_lang, span_memo(config.state_path(SpanMemo.FILE)))
    return Prepared(doc, ref, segments, config)


@functools.cache
def span_memo(path: Path) -> SpanMemo:
    """The project's memo of sentence spans, one per run, saved when the run ends (extract fills it, build
    and translate read it)."""
    from pipeline.segment import SpanMemo

    memo = SpanMemo(path)
    atexit.register(memo.save)
    return memo


def add_unit_notes(template: Catalog, doc: Document, segments: list[Segment]) -> None:
    """A unit's note (a subtitle's time on screen) as an extracted comment on each of its sentences."""
    notes = {seg.text: doc.units[seg.unit].note for seg in segments if doc.units[seg.unit].note}
    for entry in template:
        note = notes.get(entry.msgid)
        if note:
            entry.comment = f"{entry.comment}\n{note}" if entry.comment else note


def extract(ws: Workspace, prepared: Prepared) -> tuple[Path, bool]:
    """The document's template into the workspace; refuses a template made from another document."""
    target = ws.paths.template(prepared.doc.name)
    existing = ws.load(target)
    if existing is not None:
        check_document(existing, target, prepared.ref)
    return target, ws.put(target, prepared.template)


def update(ws: Workspace, docs: list[str], langs: tuple[str, ...]) -> dict[tuple[str, str], Updated]:
    """Create or merge each document's catalog per language from its template (msgmerge semantics), with
    glossary comments and translation-memory pre-fill: the one update stage of `update` and `translate`."""
    from pipeline.glossary import update_hooks
    from pipeline.tm import memory_prefill

    config = ws.config
    annotate, provenance = update_hooks(config.path(config.glossary), config.source_lang)
    results = {}
    with memory_prefill(config) as prefill, Progress("update", len(docs) * len(langs), unit="catalog") as bar:
        for doc in docs:
            template = ws.template(doc)
            if template is None:
                raise TolmachError("no template", ws.paths.template(doc), hint="run `tolmach extract` first")
            ref = template.metadata.get(DOCUMENT_HEADER, "")
            for lang in langs:
                target = ws.paths.catalog(doc, lang)
                if target.absolute() == ws.paths.template(doc).absolute():
                    continue  # the reference catalog itself (a Django project's source language)
                existing = ws.load(target)
                if existing is not None and ref:
                    check_document(existing, target, ref)
                lang_annotate = (lambda msgid, lang=lang: annotate(msgid, lang)) if annotate else None
                merged = merge.update(template, existing, lang, lang_annotate, provenance)
                filled = prefill(merged, lang) if prefill is not None else None
                revised = filled is not None and filled.translated + filled.fuzzy > 0  # merging alone is no revision
                results[(doc, lang)] = Updated(target, ws.put(target, merged, revised=revised),
                                               CatalogStats.of(merged))
                bar.update(1)
    return results


def source_documents(ws: Workspace, docs: list[str] | None = None) -> list[Path]:
    """The documents the templates were extracted from (their X-Tolmach-Document header), each inside the
    project: a template is a file anyone can edit (a pull request, a vendor), and a header naming
    `/home/me/.ssh/id_rsa` or `../../secret.txt` must not make `build` read that file into out/. A document
    kept outside the project is built by naming it: `tolmach build /path/to/doc.txt`."""
    found = []
    for name in ws.template_names(docs):
        template = ws.read(ws.paths.template(name))
        ref = template.metadata.get(DOCUMENT_HEADER) if template is not None else None
        if not ref:
            raise TolmachError("template does not name its document", ws.paths.template(name),
                               hint="re-run `tolmach extract`")
        found.append(document_from_file(ref, ws.config.root, ws.paths.template(name)))
    return found


def build_document(ws: Workspace, prepared: Prepared, lang: str, use_fuzzy: bool, output: Path | None = None
                   ) -> tuple[Path, bytes, BuildStats]:
    """The translated document for `lang` (not written: the command decides, e.g. after --strict)."""
    from pipeline.build import build

    cat_path = ws.paths.catalog(prepared.doc.name, lang)
    po = ws.read(cat_path)
    if po is not None:
        check_document(po, cat_path, prepared.ref)
    data, stats = build(prepared.doc, prepared.segments, po, use_fuzzy=use_fuzzy, lang=lang)
    config = ws.config
    target = output or config.path(config.output_dir) / lang / f"{prepared.doc.name}.{prepared.doc.extension}"
    return target, data, stats


def refuse_fallbacks(ws: Workspace, prepared: Prepared, lang: str, stats: BuildStats) -> None:
    """--strict: a sentence left in the source language is an error."""
    if stats.fallbacks:
        raise GateFailed(f"{stats.fallbacks} sentence(s) not translated for {lang}",
                           ws.paths.catalog(prepared.doc.name, lang),
                           hint="translate them, or drop --strict to fall back to the source text")
