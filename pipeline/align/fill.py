"""Put aligned human translations into a language catalog.

A confident bead (one source sentence, one or two target sentences, posterior >= CONFIDENT) becomes
a translated entry; any other bead with both sides becomes fuzzy, for a translator to confirm. When
two source sentences share one target sentence, the first gets the whole target (fuzzy) and the
second is left empty with a note, so the built document says everything exactly once.
An entry that already has a non-fuzzy msgstr is never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.align.beads import Bead
from pipeline.po import headers, merge
from pipeline.po.model import Catalog, Entry
from pipeline.po.notes import ALIGNED_PREFIX, ORIGIN_PREFIXES

if TYPE_CHECKING:
    from pipeline.jobs import Prepared
    from pipeline.workspace import Workspace

CONFIDENT = 0.9


@dataclass
class FillStats:
    translated: int = 0
    fuzzy: int = 0
    kept: int = 0  # already translated: left alone
    unaligned_src: list[int] = field(default_factory=list)
    unaligned_tgt: list[int] = field(default_factory=list)


def _origin(origin_file: str, bead: Bead, extra: str = "") -> str:
    return f"{ALIGNED_PREFIX} {origin_file}, score {bead.score:.2f}, {bead.shape}{extra}"


def _set(entry: Entry, msgstr: str, note: str, fuzzy: bool) -> None:
    entry.msgstr = msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if fuzzy else [])
    entry.previous_msgid = None
    # the new msgstr has a new origin: older origin notes (MT:, TM, aligned from, repairs) no longer apply
    kept = [x for x in entry.comment.splitlines() if not x.startswith(ORIGIN_PREFIXES)]
    entry.comment = "\n".join([*kept, note])


def fill_catalog(po: Catalog, src: Sequence[str], tgt: Sequence[str], beads: Sequence[Bead],
                 origin_file: str, confident: float = CONFIDENT) -> FillStats:
    """Write the aligned target sentences into `po` entries whose msgid is the source sentence."""
    stats = FillStats()
    entries = {e.msgid: e for e in po if not e.obsolete}
    done: set[str] = set()
    for bead in beads:
        if not bead.tgt:
            stats.unaligned_src.extend(bead.src)
            continue
        if not bead.src:
            stats.unaligned_tgt.extend(bead.tgt)
            continue
        target = " ".join(tgt[j] for j in bead.tgt)
        sure = len(bead.src) == 1 and bead.score >= confident
        for k, i in enumerate(bead.src):
            entry = entries.get(src[i])
            if entry is None or src[i] in done:
                continue
            done.add(src[i])
            if entry.msgstr and not entry.fuzzy:
                stats.kept += 1
                continue
            if k == 0:
                extra = "" if len(bead.src) == 1 else ", with the next sentence"
                _set(entry, target, _origin(origin_file, bead, extra), fuzzy=not sure)
                stats.translated += sure
                stats.fuzzy += not sure
            else:
                _set(entry, "", _origin(origin_file, bead, ", translated with the previous sentence"), True)
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
    return stats


def fill_document(ws: Workspace, prepared: Prepared, lang: str, tgt: Sequence[str], beads: Sequence[Bead],
                  origin_file: str) -> tuple[Path, bool, FillStats]:
    """The align stage's write side: the document's catalog for `lang` merged from its template and filled
    from the beads, put back into the workspace. Returns the catalog path, whether it changed, the counts."""
    cat_path = ws.paths.catalog(prepared.doc.name, lang)
    existing = ws.load(cat_path)
    if existing is not None:
        headers.check_document(existing, cat_path, prepared.ref)
    po = merge.update(prepared.template, existing, lang)
    stats = fill_catalog(po, [s.text for s in prepared.segments], tgt, beads, origin_file)
    return cat_path, ws.put(cat_path, po), stats
