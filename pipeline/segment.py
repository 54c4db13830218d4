"""Sentence segmentation: units -> segments with stable ids.

pySBD (Pragmatic Segmenter rules) does en, ru and pl; Belarusian runs on pySBD's Russian machinery with a
Belarusian abbreviation list; `pipeline.segment_rules` adds news abbreviations and small post-rules and
explains each. Extract and build both call `segment_units`, so a document always splits the same way.

Quotations are never split inside: “A. B,” he said. is ONE segment, as pySBD keeps it (and as it keeps
«A. B», — сказал он. and, with our rule, „A. B“, — сказаў ён.). Why, for translators and alignment:
- The attribution governs the whole quotation. In pl/ru/be the quote and its attribution are one
  construction («…», — заявил он. / „…” – powiedział.) whose marks and dash the translator can only
  place right when the whole quotation is in one entry; split, each half has an unbalanced quote mark
  and QA checks for paired quotes would fire on every such entry.
- The speaker is named only in the attribution, and Slavic past-tense verbs in a first-person quote
  agree with the speaker's gender ("я был/была", "byłem/byłam"): MT and translators need it in view.
- Human translations keep the quotation with its attribution and often reorder the attribution to
  the front ("He said: …"); splitting the source at the inner full stop would force 2:1 alignments.
A quotation followed by a new sentence (“A. B.” He left.) still ends at the closing quote.
The cost is a longer segment for long quotations; we accept it for the reasons above.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pipeline import languages
from pipeline.documents.base import PLACEHOLDER_RE, Document, Unit
from pipeline.fileio import make_dir
from pipeline.memo import Memo
from pipeline.segment_rules import RULES_VERSION, language_module, refine_spans
from pipeline.signature import Signature

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


@cache
def segmenter_signature(lang: str) -> Signature:
    """Provenance of the split, written into PO headers: a change of rules shows up in the catalogs.

    Once per run and language. The version is pySBD's own `__version__` (the one its package metadata
    gives): importlib.metadata would pull in the email package, 40 ms of every extract and build."""
    import pysbd

    return Signature.of("Segmenter", pysbd=pysbd.__version__, lang=lang, rules=f"tolmach-{RULES_VERSION}")


@lru_cache(maxsize=8)
def _segmenter(lang: str):  # type: ignore[no-untyped-def]
    """One pySBD Segmenter per language, running our language class (news lists, Belarusian, Ukrainian)."""
    import pysbd

    segmenter = pysbd.Segmenter(language=languages.get(lang).segmentation.pysbd or "en", clean=False)
    segmenter.language_module = language_module(lang)
    return segmenter


def split_spans(text: str, lang: str, memo: SpanMemo | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, whitespace between sentences left out.

    Memoised: extract, update and build segment the same source paragraphs again and again, and a
    scraped page repeats captions; pySBD costs ~0.1-1 ms per paragraph, a cache hit microseconds.
    `memo` keeps them across commands (`extract` splits a document, `build` finds its split there).
    """
    if not text.strip():
        return []
    if memo is None:
        return list(_cached_spans(text, lang))
    key = memo.key(text, lang)
    found = memo.spans(key)
    if found is None:
        found = _cached_spans(text, lang)
        memo.put_spans(key, found)
    return list(found)


class SpanMemo(Memo):
    """Paragraph -> sentence spans, kept between commands in the project's state folder.

    `extract` splits every document and `build` needs the same split of the same paragraphs: without the
    memo build ran pySBD again (a fifth of its time on short news documents). Keyed by the segmenter's
    signature (rules version, pySBD version, language) and a hash of the paragraph, so new rules split
    again; new spans are written when the run ends (`jobs.span_memo`).
    """

    FILE = "segments.sqlite3"

    def __init__(self, path: Path) -> None:
        super().__init__(path, make_folder=make_dir)  # the state folder keeps itself out of git

    @staticmethod
    def key(text: str, lang: str) -> str:
        return hashlib.sha256(f"{segmenter_signature(lang)}\x00{text}".encode()).hexdigest()

    def spans(self, key: str) -> tuple[tuple[int, int], ...] | None:
        found = self.get(key)
        if found is None:
            return None
        numbers = [int(x) for x in found.split()]
        return tuple(zip(numbers[::2], numbers[1::2], strict=True))

    def put_spans(self, key: str, spans: Sequence[tuple[int, int]]) -> None:
        self.put(key, " ".join(f"{start} {end}" for start, end in spans))


@lru_cache(maxsize=32768)
def _cached_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    # pySBD treats a newline as a hard break; a hard-wrapped paragraph is still one flow of text.
    flat = text.replace("\n", " ")
    start, end = _trimmed(flat, 0, len(flat))
    if not _may_have_inner_boundary(flat[start:end]):
        return ((start, end),)  # most news sentences: nothing pySBD could split on, skip its regexes
    spans = _locate(flat, _segmenter(lang).processor(flat).process(), start, end)
    spans = refine_spans(flat, spans, lang)
    return tuple(_keep_placeholder_pairs_together(flat, spans))


# A boundary needs terminal punctuation, a list marker or a bullet somewhere before the text's final run
# of closing punctuation; without one, pySBD (and our rules) return the text whole.
BOUNDARY_CANDIDATE_RE = re.compile(r"[.!?…。．！？)•⁃]")
FINAL_PUNCTUATION = ".!?…。．！？\"'”“»’)] \t"


def _may_have_inner_boundary(text: str) -> bool:
    return BOUNDARY_CANDIDATE_RE.search(text.rstrip(FINAL_PUNCTUATION)) is not None


def _locate(text: str, sentences: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Spans of pySBD's sentences in `text`, found in order with str.find.

    pySBD's own char_span mode compiles one regex per sentence (re.escape(sentence)), which thrashes
    the regex cache and was half of its run time. The spans are then made to tile the text: a piece
    pySBD failed to return (it can drop stray text it cannot place) stays attached to its neighbour
    instead of vanishing from the catalog.
    """
    starts: list[int] = []
    pos = start
    for sentence in sentences:
        sentence = sentence.strip()
        found = text.find(sentence, pos, end) if sentence else -1
        if found >= 0:
            starts.append(found)
            pos = found + len(sentence)
    if not starts:
        return [(start, end)]
    starts[0] = start
    bounds = [*starts, end]
    spans = [_trimmed(text, a, b) for a, b in itertools.pairwise(bounds)]
    return [(a, b) for a, b in spans if a < b]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


def segment_unit(doc_name: str, unit: Unit, lang: str, memo: SpanMemo | None = None) -> list[Segment]:
    segments = []
    for i, (start, end) in enumerate(split_spans(unit.text, lang, memo)):
        line = unit.line + unit.text.count("\n", 0, start)
        segments.append(Segment(doc_name, unit.index, i, normalize(unit.text[start:end]), line, start, end))
    return segments


def segment_units(doc: Document, lang: str, memo: SpanMemo | None = None) -> list[Segment]:
    """All segments of a document in reading order."""
    out: list[Segment] = []
    for unit in doc.units:
        out.extend(segment_unit(doc.name, unit, lang, memo))
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
