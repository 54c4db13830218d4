"""Catalogs -> translated documents: each sentence replaced by its msgstr, structure kept by the skeleton."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.documents import Document, render_document
from pipeline.po.model import Catalog, ReadCatalog
from pipeline.segment import Segment, replace_spans


@dataclass
class BuildStats:
    """What a build used for each sentence occurrence."""

    translated: int = 0
    fuzzy_used: int = 0
    fuzzy_fallback: int = 0
    untranslated: int = 0
    missing: list[str] = field(default_factory=list)  # sentences that fell back to the source

    @property
    def fallbacks(self) -> int:
        return self.fuzzy_fallback + self.untranslated


def build(doc: Document, segments: Sequence[Segment], po: Catalog | ReadCatalog | None,
          use_fuzzy: bool = False, lang: str | None = None) -> tuple[bytes, BuildStats]:
    """Render `doc` with translations from `po` into the bytes of the built file; untranslated sentences
    keep the source text.

    `lang` (the catalog's language) replaces the document's own language declaration, if it has one.
    """
    entries = {e.msgid: e for e in po if not e.obsolete} if po is not None else {}
    stats = BuildStats()
    by_unit: dict[int, list[Segment]] = {}
    for seg in segments:
        by_unit.setdefault(seg.unit, []).append(seg)
    unit_texts: list[str] = []
    for unit in doc.units:
        segs = by_unit.get(unit.index, [])
        replacements = []
        for seg in segs:
            original = unit.text[seg.start:seg.end]
            entry = entries.get(seg.text)
            if entry is not None and entry.msgstr and not entry.fuzzy:
                stats.translated += 1
                replacements.append(entry.msgstr)
            elif entry is not None and entry.msgstr and use_fuzzy:
                stats.fuzzy_used += 1
                replacements.append(entry.msgstr)
            else:
                if entry is not None and entry.msgstr:
                    stats.fuzzy_fallback += 1
                else:
                    stats.untranslated += 1
                stats.missing.append(seg.text)
                replacements.append(original)
        unit_texts.append(replace_spans(unit.text, [(s.start, s.end) for s in segs], replacements))
    return render_document(doc, unit_texts, lang), stats
