"""msgmerge's fuzzy matching: for a message new in the template, the old message whose translation to offer.

The same candidates, measure, threshold and tie-breaking as GNU msgmerge (gettext-tools/src/msgmerge.c
`definitions_search_fuzzy`, msgl-fsearch.c `message_fuzzy_index_search`, message.c
`fuzzy_search_goal_function`, gnulib's fstrcmp.c):

- candidates are the old catalog's messages, live, fuzzy or obsolete, whose msgstr (the first plural form)
  is not empty;
- a msgid of 4 characters or more is compared only with the old msgids that share at least one 4-gram of
  characters with it (so `Monday` is never offered `Today`'s translation: they share none); a shorter one
  with every old msgid whose length in bytes lets the similarity reach the threshold (l / (2/0.6 - 1) to
  l · (2/0.6 - 1));
- the similarity is fstrcmp's 2·M / (len1 + len2), M the longest common subsequence of the two msgids'
  bytes (UTF-8): the Indel similarity, computed here by rapidfuzz (bit-parallel, in C++; its cut-off skips a
  pair that cannot reach the threshold, as fstrcmp_bounded does), then exactly from the integer distance;
- an old message without a context or with the same context gets a bonus of 0.00001;
- the highest weight strictly above 0.6 wins; of equal weights the candidate sharing more 4-grams with the
  msgid, then the earlier one in the old catalog (for short msgids: the shorter, then the earlier), which is
  the order msgmerge visits them in.

The index is built on the first search, so an update whose template changed nothing costs nothing here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import polib

THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
CONTEXT_BONUS = 0.00001  # for a candidate valid in any context or in the one looked up
GRAM = 4  # characters per n-gram of msgmerge's index
_LENGTH_FACTOR = 2 / THRESHOLD - 1  # lengths l1 <= l2 can reach THRESHOLD only if l2 <= l1 * this
# Short msgids (under GRAM characters, at most 4 bytes each) are compared with old msgids up to this many bytes.
SHORT_MSG_MAX = int((GRAM - 1) * 4 * _LENGTH_FACTOR)


def _first_form(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def similarity(a: str, b: str) -> float:
    """fstrcmp(a, b): 2·M / (len(a) + len(b)) over the UTF-8 bytes, M their longest common subsequence."""
    from rapidfuzz.distance import Indel

    x, y = a.encode("utf-8"), b.encode("utf-8")
    total = len(x) + len(y)
    return (total - Indel.distance(x, y)) / total if total else 1.0


class FuzzyIndex:
    """The old messages a new msgid may take a fuzzy translation from, searched as msgmerge searches them."""

    def __init__(self, entries: Iterable[polib.POEntry]) -> None:
        self.entries = [e for e in entries if e.msgid and _first_form(e)]
        self._encoded: list[bytes] = []
        self._postings: dict[str, list[int]] | None = None
        self._short: dict[int, list[int]] = {}

    def _build(self) -> dict[str, list[int]]:
        postings: defaultdict[str, list[int]] = defaultdict(list)
        encoded = self._encoded
        for i, entry in enumerate(self.entries):
            text = entry.msgid
            data = text.encode("utf-8")
            encoded.append(data)
            for gram in {text[j:j + GRAM] for j in range(len(text) - GRAM + 1)}:
                postings[gram].append(i)
            if len(data) <= SHORT_MSG_MAX:
                self._short.setdefault(len(data), []).append(i)
        self._postings = dict(postings)
        return self._postings

    def best(self, msgid: str, msgctxt: str | None = None) -> polib.POEntry | None:
        """The old message whose translation msgmerge would offer for (msgctxt, msgid), or None."""
        if not self.entries or not msgid:
            return None
        postings = self._postings if self._postings is not None else self._build()
        query = msgid.encode("utf-8")
        if len(msgid) >= GRAM:
            lists = [found for gram in {msgid[j:j + GRAM] for j in range(len(msgid) - GRAM + 1)}
                     if (found := postings.get(gram))]
            candidates = list(set().union(*lists)) if lists else []
        else:
            low, high = math.ceil(len(query) / _LENGTH_FACTOR), int(len(query) * _LENGTH_FACTOR)
            candidates = [i for n in range(low, high + 1) for i in self._short.get(n, ())]
        if not candidates:
            return None
        from rapidfuzz import process  # imported on the first search: an update with nothing new never needs it
        from rapidfuzz.distance import Indel

        encoded = self._encoded
        hits = process.extract(query, [encoded[i] for i in candidates], scorer=Indel.normalized_similarity,
                               score_cutoff=THRESHOLD - 2 * CONTEXT_BONUS, limit=None)
        best: list[tuple[float, int]] = []  # (weight, index) of the best weight so far, all of them
        for _, score, k in hits:
            i = candidates[k]
            entry = self.entries[i]
            total = len(query) + len(encoded[i])
            # fstrcmp's value exactly as msgmerge computes it, from the integer distance behind rapidfuzz's score
            weight = (total - round((1.0 - score) * total)) / total
            if entry.msgctxt is None or entry.msgctxt == msgctxt:
                weight += CONTEXT_BONUS
            if weight <= THRESHOLD or (best and weight < best[0][0]):
                continue
            if best and weight > best[0][0]:
                best.clear()
            best.append((weight, i))
        if not best:
            return None
        if len(best) == 1:
            return self.entries[best[0][1]]
        return self.entries[min((i for _, i in best), key=lambda i: self._order(msgid, i))]

    def _order(self, msgid: str, i: int) -> tuple[int, int]:
        """msgmerge's order among equally similar candidates: more 4-grams shared with the msgid first (each
        of the msgid's 4-grams counted as often as it occurs), then earlier in the catalog; among candidates
        for a short msgid, the shorter first, then the earlier."""
        if len(msgid) < GRAM:
            return len(self._encoded[i]), i
        own = self.entries[i].msgid
        grams = {own[j:j + GRAM] for j in range(len(own) - GRAM + 1)}
        return -sum(1 for j in range(len(msgid) - GRAM + 1) if msgid[j:j + GRAM] in grams), i
