"""Sentence alignment: Gale-Church length costs plus lexical anchors, dynamic programming in a band.

The cost of a bead (a run of 0-2 source lines paired with a run of 0-2 target lines) is
  -log P(shape)                                 how often translators merge, split or drop sentences
  + length_weight * Gale-Church length cost      char lengths, ratio estimated from the document itself
  + anchor costs                                 shared numbers, names, cognates, punctuation reward
                                                 a pairing; anchors left without a partner cost a little
  + similarity reward (optional)                 machine translation of the source vs the target
The best path through the lines is found by dynamic programming that never crosses (order is kept).

Linear time: only cells within `band` lines of a guide path are filled, so the work is
O((n + m) * band). The guide pairs positions holding the same share of each side's characters, so
it follows drops and merges (see `_guide`). The band starts at `DEFAULT_BAND`; if the best path
comes within `BAND_MARGIN` of its edge, the true path may lie outside: the band is doubled, retried.
Bead confidence is the posterior probability of the bead (forward-backward over the same lattice).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.align.anchors import AnchorSource, sentence_anchors
from pipeline.align.beads import Bead

Translate = Callable[[list[str]], list[str]]  # an MT route: source sentences -> target-language drafts

DEFAULT_BAND = 24
BAND_MARGIN = 3
INF = float("inf")


@dataclass(frozen=True)
class AlignParams:
    """Weights of the cost model (tuned on benchmark seeds that are not reported, see docs/alignment.md)."""

    # -log prior of each bead shape (src lines, tgt lines)
    shape_prior: dict[tuple[int, int], float] = field(default_factory=lambda: {
        (1, 1): -math.log(0.89), (1, 0): -math.log(0.015), (0, 1): -math.log(0.015),
        (2, 1): -math.log(0.045), (1, 2): -math.log(0.045), (2, 2): -math.log(0.001),
        (1, 3): -math.log(0.002),  # one English sentence, three Belarusian ones
    })
    length_weight: float = 1.0
    variance: float = 6.8  # Gale-Church s^2 per character
    # anchor kind (first character of the anchor) -> (reward when matched, cost when unmatched)
    anchor_weights: dict[str, tuple[float, float]] = field(default_factory=lambda: {
        "#": (3.0, 1.5), "N": (2.0, 0.7), "W": (2.0, 0.5), "G": (2.0, 0.5), ".": (1.0, 1.0),
    })
    punct_weights: tuple[float, float] = (0.5, 0.3)
    similarity_weight: float = 6.0
    # unmatched anchors of a dropped/added sentence cost this fraction: a dropped sentence's names and
    # numbers are expected to be missing, a merged one's should appear in its partner
    null_anchor_factor: float = 0.5


GROUP_SIZES = (1, 2, 3)  # how many adjacent lines of one side a bead may take (see SHAPES)


@dataclass
class _Side:
    """Per-line features of one side, summed once for every run of 1-3 adjacent lines a bead may take.

    `length[size][lo]` is the characters of lines lo..lo+size (with the joining spaces), `anchors[size][lo]`
    their anchors, `unmatched[size][lo]` what those anchors cost if none finds a partner. The cost model
    reads these tables; nothing is summed per bead.
    """

    length: dict[int, list[int]]
    anchors: dict[int, list[Counter[str]]]
    unmatched: dict[int, list[float]]

    @classmethod
    def of(cls, lines: Sequence[str], extra: Iterable[AnchorSource],
           unmatched_weight: Callable[[str], float]) -> _Side:
        sources = list(extra)
        single = [sentence_anchors(x, sources) for x in lines]
        lengths = [len(x) for x in lines]
        length: dict[int, list[int]] = {}
        anchors: dict[int, list[Counter[str]]] = {}
        for size in GROUP_SIZES:
            starts = range(len(lines) - size + 1)
            length[size] = [sum(lengths[lo:lo + size]) + size - 1 for lo in starts]
            anchors[size] = single if size == 1 else [sum(single[lo:lo + size], Counter()) for lo in starts]
        unmatched = {size: [sum(unmatched_weight(k) * c for k, c in a.items()) for a in anchors[size]]
                     for size in GROUP_SIZES}
        return cls(length, anchors, unmatched)

    @property
    def lengths(self) -> list[int]:
        return self.length[1]


class _CostModel:
    def __init__(self, src: Sequence[str], tgt: Sequence[str], params: AlignParams,
                 anchor_sources: tuple[Iterable[AnchorSource], Iterable[AnchorSource]],
                 similarity: Callable[[int, int, int, int], float] | None) -> None:
        self.params = params
        weights = {k: (a + 2 * b, b) for k, (a, b) in params.anchor_weights.items()}
        default = (params.punct_weights[0] + 2 * params.punct_weights[1], params.punct_weights[1])
        self.src = _Side.of(src, anchor_sources[0], lambda key: weights.get(key[0], default)[1])
        self.tgt = _Side.of(tgt, anchor_sources[1], lambda key: weights.get(key[0], default)[1])
        # the reward of each anchor this document has, looked up by the anchor itself in the inner loop
        self.match_weight = {key: weights.get(key[0], default)[0]
                             for side in (self.src, self.tgt) for a in side.anchors[1] for key in a}
        total_s, total_t = sum(self.src.lengths), sum(self.tgt.lengths)
        self.ratio = total_t / total_s if total_s and total_t else 1.0
        self.similarity = similarity
        self.norm = 1 / math.sqrt(params.variance)

    def _reward(self, a_s: Counter[str], a_t: Counter[str]) -> float:
        """What the anchors two runs share take off the cost (each shared one at its kind's weight)."""
        weight = self.match_weight
        reward = 0.0
        for k in a_s.keys() & a_t.keys():
            c, other = a_s[k], a_t[k]
            reward += weight[k] * (c if c < other else other)
        return reward

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The cost of the bead taking source lines i0..i1 and target lines j0..j1."""
        return self.shape_cost(i1 - i0, j1 - j0)(i0, j0)

    def shape_cost(self, ds: int, dt: int) -> Callable[[int, int], float]:
        """`cost` for beads of one shape, as a function of where they start: the aligner calls it for every
        cell of the band, so everything that depends on the shape alone is looked up here, once."""
        p = self.params
        prior, null_factor = p.shape_prior[(ds, dt)], p.null_anchor_factor
        if not (ds and dt):
            unmatched_of = self.src.unmatched[ds] if ds else self.tgt.unmatched[dt]
            return lambda i0, j0: prior + null_factor * unmatched_of[i0 if ds else j0]
        src_length, tgt_length = self.src.length[ds], self.tgt.length[dt]
        src_unmatched, tgt_unmatched = self.src.unmatched[ds], self.tgt.unmatched[dt]
        src_anchors, tgt_anchors = self.src.anchors[ds], self.tgt.anchors[dt]
        ratio, norm, length_weight, reward, similarity = (self.ratio, self.norm, p.length_weight, self._reward,
                                                          self.similarity)
        log, erfc, sqrt = math.log, math.erfc, math.sqrt

        def cost(i0: int, j0: int) -> float:
            ls, lt = src_length[i0], tgt_length[j0]
            unmatched = src_unmatched[i0] + tgt_unmatched[j0]
            if not (ls and lt):
                return prior + null_factor * unmatched
            scaled = lt / ratio
            delta = abs(scaled - ls) * norm / sqrt((ls + scaled) / 2)
            total = prior + length_weight * -log(max(erfc(delta / _SQRT2), 1e-12)) + unmatched
            a_s, a_t = src_anchors[i0], tgt_anchors[j0]
            if a_s and a_t:
                total -= reward(a_s, a_t)
            if similarity is not None:
                total -= p.similarity_weight * similarity(i0, i0 + ds, j0, j0 + dt)
            return total

        return cost


_SQRT2 = math.sqrt(2)


SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3))


def _guide(src_lengths: Sequence[int], tgt_lengths: Sequence[int]) -> list[float]:
    """For each source position, the target position with the same share of the text's characters.

    Dropped and merged sentences move the true path away from the straight diagonal i * m / n, but
    hardly from this one: only the noise in translation lengths does, so a narrow band suffices.
    """
    total_s, total_t = sum(src_lengths) + len(src_lengths), sum(tgt_lengths) + len(tgt_lengths)
    cum_t = [0]
    for length in tgt_lengths:
        cum_t.append(cum_t[-1] + length + 1)
    guide, seen, j = [0.0], 0, 0
    for length in src_lengths:
        seen += length + 1
        want = seen / total_s * total_t
        while j < len(tgt_lengths) and cum_t[j + 1] < want:
            j += 1
        step = cum_t[j + 1] - cum_t[j] if j < len(tgt_lengths) else 1
        guide.append(j + min(1.0, (want - cum_t[j]) / step))
    return guide


def _band_limits(guide: Sequence[float], m: int, band: int) -> list[tuple[int, int]]:
    return [(max(0, math.floor(c - band)), min(m, math.ceil(c + band))) for c in guide]


Cell = tuple[int, int, int, int]  # a bead as (src start, src end, tgt start, tgt end)


@dataclass
class _Lattice:
    """One pass over the band: best path (Viterbi), log forward scores and every bead cost, so the
    backward pass for posteriors reuses the costs instead of computing them again."""

    limits: list[tuple[int, int]]
    costs: list[dict[int, float]]  # per end row i: j * len(SHAPES) + shape index -> cost (int keys: no GC load)
    forward: list[dict[int, float]]
    path: list[Cell]
    touched: bool  # the best path came within BAND_MARGIN of the band's edge


def _fill(model: _CostModel, n: int, m: int, limits: list[tuple[int, int]], with_forward: bool,
          progress: Callable[[int], None] | None = None) -> _Lattice:
    best: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, int]] = [{} for _ in range(n + 1)]
    fwd: list[dict[int, float]] = [{} for _ in range(n + 1)]
    costs: list[dict[int, float]] = [{} for _ in range(n + 1)]
    width = len(SHAPES)
    shapes = [(k, di, dj, model.shape_cost(di, dj)) for k, (di, dj) in enumerate(SHAPES)]
    best[0][0] = fwd[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = limits[i]
        row, brow, frow, crow = best[i], back[i], fwd[i], costs[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            top, arg, acc = INF, -1, -INF
            for k, di, dj, cost in shapes:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = best[pi].get(pj)
                if prev is None:
                    continue
                c = cost(pi, pj)
                if with_forward:
                    crow[j * width + k] = c
                    acc = _logaddexp(acc, fwd[pi][pj] - c)
                if prev + c < top:
                    top, arg = prev + c, k
            if arg >= 0:
                row[j], brow[j] = top, arg
                if with_forward:
                    frow[j] = acc
        if progress is not None:
            progress(i)
    path: list[Cell] = []
    i, j = n, m
    touched = False
    while i or j:
        lo, hi = limits[i]
        if (lo > 0 and j - lo < BAND_MARGIN) or (hi < m and hi - j < BAND_MARGIN):
            touched = True
        di, dj = SHAPES[back[i][j]]
        path.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    path.reverse()
    return _Lattice(limits, costs, fwd, path, touched)


def _logaddexp(a: float, b: float) -> float:
    if a == -INF:
        return b
    if b == -INF:
        return a
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


def _posteriors(lat: _Lattice, n: int, m: int) -> list[float]:
    """P(bead | lines) for each bead of the best path, with costs read as -log probabilities."""
    fwd, costs, width = lat.forward, lat.costs, len(SHAPES)
    bwd: list[dict[int, float]] = [{} for _ in range(n + 1)]
    bwd[n][m] = 0.0
    for i in range(n, -1, -1):
        lo, hi = lat.limits[i]
        for j in range(hi, lo - 1, -1):
            if i == n and j == m:
                continue
            acc = -INF
            for k, (di, dj) in enumerate(SHAPES):
                if i + di > n or j + dj > m:
                    continue
                nxt = bwd[i + di].get(j + dj)
                c = costs[i + di].get((j + dj) * width + k)
                if nxt is not None and c is not None:
                    acc = _logaddexp(acc, nxt - c)
            if acc > -INF:
                bwd[i][j] = acc
    total = fwd[n][m]
    probs = []
    for i0, i1, j0, j1 in lat.path:
        cost = costs[i1][j1 * width + SHAPES.index((i1 - i0, j1 - j0))]
        probs.append(min(1.0, math.exp(fwd[i0][j0] - cost + bwd[i1][j1] - total)))
    return probs


def align(src: Sequence[str], tgt: Sequence[str], *, params: AlignParams | None = None,
          src_anchors: Iterable[AnchorSource] = (), tgt_anchors: Iterable[AnchorSource] = (),
          translate: Translate | None = None, band: int = DEFAULT_BAND, scores: bool = True,
          progress: Callable[[int], None] | None = None) -> list[Bead]:
    """Align two lists of sentences; returns beads in order covering every line exactly once.

    `src_anchors` / `tgt_anchors` add anchors (e.g. glossary concepts found in a sentence);
    `translate` is an optional MT route whose output is compared with the target; `progress(i)` hears how
    many source sentences the programme has passed (it starts again from 0 when the band is widened).
    """
    params = params or AlignParams()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    similarity = _mt_similarity(src, tgt, translate) if translate else None
    model = _CostModel(src, tgt, params, (list(src_anchors), list(tgt_anchors)), similarity)
    band = max(band, 2 * BAND_MARGIN + 1)
    guide = _guide(model.src.lengths, model.tgt.lengths)
    while True:
        limits = _band_limits(guide, m, band)
        lattice = _fill(model, n, m, limits, with_forward=scores, progress=progress)
        if not lattice.touched or band >= max(n, m):
            break
        band *= 2
    probs = _posteriors(lattice, n, m) if scores else [1.0] * len(lattice.path)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(p, 4))
            for (i0, i1, j0, j1), p in zip(lattice.path, probs, strict=True)]


def _words(text: str) -> list[str]:
    from pipeline.align.anchors import WORD_RE, latin_key

    return [latin_key(w)[:5] for w in WORD_RE.findall(text) if len(w) > 2]


def _mt_similarity(src: Sequence[str], tgt: Sequence[str], translate: Translate
                   ) -> Callable[[int, int, int, int], float]:
    """Dice overlap of 5-letter word prefixes between the MT of the source run and the target run."""
    drafts = translate(list(src))
    if len(drafts) != len(src):
        raise ValueError(f"translate returned {len(drafts)} lines for {len(src)}")
    src_runs = _runs([Counter(_words(d)) for d in drafts])
    tgt_runs = _runs([Counter(_words(t)) for t in tgt])

    def similarity(i0: int, i1: int, j0: int, j1: int) -> float:
        (a, size_a), (b, size_b) = src_runs[i1 - i0][i0], tgt_runs[j1 - j0][j0]
        total = size_a + size_b
        if not total:
            return 0.0
        shared = 0
        for k in a.keys() & b.keys():
            shared += min(a[k], b[k])
        return 2 * shared / total

    return similarity


def _runs(words: list[Counter[str]]) -> dict[int, list[tuple[Counter[str], int]]]:
    """Each run of 1-3 adjacent lines' words and their count, summed once (see `_Side`)."""
    return {size: [(run, run.total()) for run in
                   (sum(words[lo:lo + size], Counter()) for lo in range(len(words) - size + 1))]
            for size in GROUP_SIZES}
