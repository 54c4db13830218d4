"""A document's template (.pot) from its segments: xgettext's part of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polib

from pipeline.po.headers import DOCUMENT_HEADER, babel_headers
from pipeline.po.notes import safe_comment, safe_reference
from pipeline.po.write import WRAP_WIDTH
from pipeline.segment import Segment

CONTEXT_NEIGHBOURS = 1  # sentences either side of an entry in its `#.` context: bounded, so extract stays linear


def _context_comments(segments: Sequence[Segment]) -> dict[int, str]:
    """The `#.` paragraph context of each segment (by position): its paragraph and sentence number, and
    for a paragraph of several sentences the neighbouring sentences — never the whole paragraph, whose
    size would make the template grow with the square of the paragraph."""
    by_unit: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        by_unit.setdefault(seg.unit, []).append(i)
    comments: dict[int, str] = {}
    for unit, positions in by_unit.items():
        count = len(positions)
        for k, i in enumerate(positions):
            label = f"¶{unit + 1}"
            if count == 1:
                comments[i] = label
                continue
            low, high = max(0, k - CONTEXT_NEIGHBOURS), min(count, k + CONTEXT_NEIGHBOURS + 1)
            window = " ".join(" ".join(segments[positions[j]].text.split()) for j in range(low, high))
            window = ("… " if low > 0 else "") + window + (" …" if high < count else "")
            comments[i] = safe_comment(f"{label}, sentence {k + 1} of {count}: {window}")
    return comments


def extract(doc_name: str, doc_ref: str, segments: Sequence[Segment], unit_texts: Sequence[str],
            provenance: Mapping[str, str]) -> polib.POFile:
    """The template (.pot) for one document: one entry per distinct sentence, in reading order."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    ref = safe_comment(doc_ref)
    pot.metadata = babel_headers(None, {DOCUMENT_HEADER: ref, **provenance})
    pot.header = f"Template for {ref}, made by tolmach extract; do not edit, it is regenerated."
    reference = safe_reference(doc_ref)
    comments = _context_comments(segments)
    by_msgid: dict[str, polib.POEntry] = {}
    for i, seg in enumerate(segments):
        entry = by_msgid.get(seg.text)
        if entry is None:
            entry = polib.POEntry(msgid=seg.text, msgstr="", occurrences=[], comment=comments[i])
            by_msgid[seg.text] = entry
            pot.append(entry)
        entry.occurrences.append((reference, str(seg.line)))
    return pot
