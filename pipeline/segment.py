"""Sentence segmentation: units -> segments with stable ids.

pySBD does en, ru and pl; Belarusian gets pySBD's Russian rules plus its own abbreviations.
Extract and build both call `segment_units`, so a document always splits the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

from pipeline.documents.base import PLACEHOLDER_RE, Document, Unit

WHITESPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    """One sentence of a unit, with its character span so build can put a translation in its place."""

    doc: str
    unit: int
    index: int  # sentence number within the unit
    text: str  # whitespace-normalised sentence: the msgid
    line: int  # line of the sentence in the original file
    start: int
    end: int

    @property
    def id(self) -> str:
        """Stable across edits elsewhere in the document: derived from the sentence itself."""
        return "s" + hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:10]


def segmenter_signature(lang: str) -> str:
    """Provenance of the split, written into PO headers."""
    return f"pysbd {version('pysbd')} lang={_pysbd_lang(lang)}"


def _pysbd_lang(lang: str) -> str:
    return {"be": "ru"}.get(lang, lang)


@lru_cache(maxsize=8)
def _segmenter(lang: str):  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language=_pysbd_lang(lang), clean=False, char_span=True)


def split_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, whitespace between sentences left out."""
    if not text.strip():
        return []
    # pySBD treats a newline as a hard break; a hard-wrapped paragraph is still one flow of text.
    flat = text.replace("\n", " ")
    spans: list[tuple[int, int]] = []
    for span in _segmenter(lang).segment(flat):
        start, end = span.start, span.end
        while start < end and flat[start].isspace():
            start += 1
        while end > start and flat[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return _keep_placeholder_pairs_together(flat, spans)


def _keep_placeholder_pairs_together(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Never split between <gN> and </gN>: a translator could not keep the pair intact."""
    merged: list[tuple[int, int]] = []
    open_tags: set[str] = set()
    for start, end in spans:
        if merged and open_tags:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        for m in PLACEHOLDER_RE.finditer(text, start, end):
            tag = m.group(0)
            if tag.startswith("</"):
                open_tags.discard(tag[2:-1])
            elif tag.startswith("<g"):
                open_tags.add(tag[1:-1])
    return merged


def normalize(text: str) -> str:
    return WHITESPACE_RE.sub(" ", text).strip()


def segment_unit(doc_name: str, unit: Unit, lang: str) -> list[Segment]:
    segments = []
    for i, (start, end) in enumerate(split_spans(unit.text, lang)):
        line = unit.line + unit.text.count("\n", 0, start)
        segments.append(Segment(doc_name, unit.index, i, normalize(unit.text[start:end]), line, start, end))
    return segments


def segment_units(doc: Document, lang: str) -> list[Segment]:
    """All segments of a document in reading order."""
    out: list[Segment] = []
    for unit in doc.units:
        out.extend(segment_unit(doc.name, unit, lang))
    return out


def split_sentences(text: str, lang: str) -> list[str]:
    """Plain sentence split, for alignment and checks."""
    return [normalize(text[s:e]) for s, e in split_spans(text, lang)]


def replace_spans(text: str, spans: Sequence[tuple[int, int]], replacements: Iterable[str]) -> str:
    """Put replacements in place of spans (sorted, non-overlapping), keeping the text between them."""
    out: list[str] = []
    pos = 0
    for (start, end), new in zip(spans, replacements, strict=True):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)
