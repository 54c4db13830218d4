"""msgmerge's fuzzy matching: the most similar old message for a new one."""

from __future__ import annotations

import difflib

import polib

FUZZY_MATCH_THRESHOLD = 0.6  # msgmerge's similarity threshold for carrying an old translation over


class FuzzyIndex:
    """Finds the most similar old msgid for a changed sentence (msgmerge's fuzzy matching)."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = entries

    def best(self, msgid: str, msgctxt: str | None = None) -> polib.POEntry | None:
        """The first most similar entry; in a tie one in the same context wins (msgmerge's small bonus), then
        one without a context (as msgmerge picks)."""
        best: tuple[float, polib.POEntry] | None = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        for entry in self.entries:
            matcher.set_seq1(entry.msgid)
            if matcher.real_quick_ratio() < FUZZY_MATCH_THRESHOLD or matcher.quick_ratio() < FUZZY_MATCH_THRESHOLD:
                continue
            score = matcher.ratio() + (0.00001 if entry.msgctxt == msgctxt else 0.000005 if entry.msgctxt is None
                                       else 0.0)
            if score >= FUZZY_MATCH_THRESHOLD and (best is None or score > best[0]):
                best = (score, entry)
        return best[1] if best else None
