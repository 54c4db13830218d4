"""Keep MT away from what it must not change: numbers, URLs, the readers' inline placeholders and glossary
names are replaced by masks before translation and put back afterwards.

A mask is `ZX<n>Z`: letters and digits only (decoders turn `_` into spaces), split by SentencePiece into
ordinary pieces, and copied through by NMT models and by Apertium (as an unknown word). Restoring is
tolerant of the spaces a decoder may put inside a mask, and strict about the rest: every mask must come back
exactly once. If not, the caller falls back to the plain draft and says so in the entry.

Other stages add spans through one small interface: a `Span(start, end, kind, restore)` where `restore`
is the text to put back (for a glossary name: the pinned target form) and `inflect` optionally adapts it to
the translated sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.documents.base import PLACEHOLDER_RE

MASK = "ZX{n}Z"
MASK_RE = re.compile(r"Z ?X ?(\d+) ?Z")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,:/-]\d+)*(?![\w])")

# (translated text, position of the mask in it) -> the form to put there
Inflect = Callable[[str, int], str]


@dataclass(frozen=True)
class Span:
    """A stretch of the source MT must not touch, and what to put in its place in the translation."""

    start: int
    end: int
    kind: str  # "placeholder", "url", "number", "glossary", ...
    restore: str
    concept: str | None = None  # glossary concept id
    inflect: Inflect | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Masked:
    source: str
    text: str  # what the engine sees
    spans: tuple[Span, ...]  # spans[n-1] is mask n


@dataclass(frozen=True)
class Restored:
    text: str
    ok: bool
    problem: str = ""  # why restoration failed (masks lost, doubled, garbled)


def builtin_spans(text: str) -> list[Span]:
    """Placeholders, URLs, e-mail addresses and numbers: put back exactly as in the source."""
    spans = [Span(m.start(), m.end(), "placeholder", m.group()) for m in PLACEHOLDER_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), "url", m.group()) for m in URL_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), "url", m.group()) for m in EMAIL_RE.finditer(text)]
    spans += [Span(m.start(), m.end(), "number", m.group()) for m in NUMBER_RE.finditer(text)]
    return spans


_PRIORITY = {"placeholder": 0, "url": 1, "glossary": 2, "number": 3}


def choose(spans: Sequence[Span]) -> list[Span]:
    """Non-overlapping spans in text order; on overlap, placeholders beat URLs beat glossary names beat
    numbers, then the longer span wins."""
    ranked = sorted(spans, key=lambda s: (_PRIORITY.get(s.kind, 9), -(s.end - s.start), s.start))
    taken: list[Span] = []
    for s in ranked:
        if s.end > s.start and all(s.end <= t.start or s.start >= t.end for t in taken):
            taken.append(s)
    return sorted(taken, key=lambda s: s.start)


def mask(text: str, extra: Sequence[Span] = ()) -> Masked:
    """Replace protected spans by masks ZX1Z, ZX2Z, … in text order."""
    spans = choose([*builtin_spans(text), *extra])
    out: list[str] = []
    pos = 0
    for n, s in enumerate(spans, 1):
        out.append(text[pos:s.start])
        out.append(MASK.format(n=n))
        pos = s.end
    out.append(text[pos:])
    return Masked(text, "".join(out), tuple(spans))


def restore(translated: str, masked: Masked) -> Restored:
    """Put every span back; `ok` is False if a mask is missing, doubled or unknown."""
    if not masked.spans:
        return Restored(translated, True)
    found = [(m, int(m.group(1))) for m in MASK_RE.finditer(translated)]
    numbers = [n for _, n in found]
    expected = set(range(1, len(masked.spans) + 1))
    lost = sorted(expected - set(numbers))
    doubled = sorted({n for n in numbers if numbers.count(n) > 1 and n in expected})
    unknown = sorted(set(numbers) - expected)
    if lost or doubled or unknown:
        parts = []
        if lost:
            parts.append("lost " + ", ".join(masked.spans[n - 1].restore for n in lost))
        if doubled:
            parts.append("doubled " + ", ".join(masked.spans[n - 1].restore for n in doubled))
        if unknown:
            parts.append("invented mask(s) " + ", ".join(str(n) for n in unknown))
        return Restored(translated, False, "; ".join(parts))
    out: list[str] = []
    pos = 0
    for m, n in found:
        span = masked.spans[n - 1]
        out.append(translated[pos:m.start()])
        out.append(span.inflect(translated, m.start()) if span.inflect else span.restore)
        pos = m.end()
    out.append(translated[pos:])
    return Restored("".join(out), True)


def leftover_masks(text: str) -> bool:
    """A draft that still shows a mask must never reach a catalog."""
    return MASK_RE.search(text) is not None
