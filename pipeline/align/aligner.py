"""Sentence alignment: Gale-Church length costs plus lexical anchors, dynamic programming in a band.

The cost of a bead (a run of 0-2 source lines paired with a run of 0-3 target lines) is
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

Speed (docs/alignment.md): the costs of every bead in the band are computed at once per shape with numpy
(`_CostModel.band_costs`; the anchors two runs share as a product of count matrices), and the programme
goes row by row, each row's cells in one step but for the one shape that stays in its row (0-1), which a
short loop adds in order. `_CostModel.cost` is the same cost for one bead, the readable definition.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from pipeline.align.anchors import AnchorSource, texts_anchor_lists
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
SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3))
_IN_ROW = SHAPES.index((0, 1))  # the one shape whose bead starts in the row it ends in
_PAD = 3  # empty cells left and right of each row of the band: the farthest any shape reaches back
_BLOCK = 32  # rows of the band whose costs are computed together (bounded memory for long documents)
_SHAPE_SRC = np.array([ds for ds, _ in SHAPES])
_SHAPE_TGT = np.array([dt for _, dt in SHAPES])
_DROP, _ADD = SHAPES.index((1, 0)), SHAPES.index((0, 1))
_PAIRED = np.array([k for k, (ds, dt) in enumerate(SHAPES) if ds and dt])  # shapes with lines on both sides
_PAIRED_INDEX = np.arange(len(_PAIRED))[:, None, None]

FloatArray = Any  # numpy arrays; numpy ships no stubs precise enough to be worth the noise here


@dataclass
class _Side:
    """Per-line features of one side, and the same summed for every run of 1-3 adjacent lines a bead may take.

    `length[size, lo]` is the characters of lines lo..lo+size (with the joining spaces), `unmatched[size, lo]`
    what the anchors of those lines cost if none finds a partner; row 0 (no lines) is zeros. The anchors are
    kept as found (`anchor_lists`) for `_CostModel.cost`, and as key ids line after line (`line_of`: whose
    line each is) for `_CostModel.band_costs`.
    """

    anchor_lists: list[list[str]]
    length: FloatArray
    unmatched: FloatArray
    indptr: FloatArray  # line i's key ids are key_ids[indptr[i]:indptr[i + 1]]
    key_ids: FloatArray
    line_of: FloatArray

    @classmethod
    def of(cls, lines: Sequence[str], anchors: list[list[str]], key_id: dict[str, int],
           unmatched_weights: FloatArray) -> _Side:
        n = len(lines)
        found = np.fromiter(map(len, anchors), np.intp, n)
        indptr = np.zeros(n + 1, np.intp)
        np.cumsum(found, out=indptr[1:])
        key_ids = np.fromiter(map(key_id.__getitem__, chain.from_iterable(anchors)), np.intp, int(indptr[-1]))
        single_length = np.fromiter(map(len, lines), np.int64, n)
        single_unmatched = np.zeros(n)
        has = found > 0
        if has.any():
            single_unmatched[has] = np.add.reduceat(unmatched_weights[key_ids], indptr[:-1][has])
        length = np.zeros((len(GROUP_SIZES) + 1, n + 1), np.int64)
        unmatched = np.zeros((len(GROUP_SIZES) + 1, n + 1))
        for size in GROUP_SIZES:
            runs = max(n - size + 1, 0)
            length[size, :runs] = sum(single_length[i:i + runs] for i in range(size)) + size - 1
            unmatched[size, :runs] = sum((single_unmatched[i:i + runs] for i in range(1, size)),
                                         single_unmatched[:runs])
        return cls(anchors, length, unmatched, indptr, key_ids, np.repeat(np.arange(n), found))

    @property
    def lengths(self) -> list[int]:
        return self.length[1, :-1].tolist()

    def run_anchors(self, lo: int, size: int) -> Counter[str]:
        return Counter(chain.from_iterable(self.anchor_lists[lo:lo + size]))

    def count_matrix(self, lo: int, hi: int, column_of: FloatArray, columns: int) -> FloatArray:
        """Lines lo..hi x `columns` keys: how often each line holds each key (`column_of[key id]`, -1: not one)."""
        start, end = self.indptr[lo], self.indptr[hi]
        column = column_of[self.key_ids[start:end]]
        known = column >= 0
        cells = (self.line_of[start:end][known] - lo) * columns + column[known]
        return np.bincount(cells, minlength=(hi - lo) * columns).reshape(hi - lo, columns).astype(float)


class _CostModel:
    def __init__(self, src: Sequence[str], tgt: Sequence[str], params: AlignParams,
                 anchor_sources: tuple[Iterable[AnchorSource], Iterable[AnchorSource]],
                 similarity: Callable[[int, int, int, int], float] | None) -> None:
        self.params = params
        weights = {k: (a + 2 * b, b) for k, (a, b) in params.anchor_weights.items()}
        default = (params.punct_weights[0] + 2 * params.punct_weights[1], params.punct_weights[1])
        src_anchors, tgt_anchors = texts_anchor_lists([(src, anchor_sources[0]), (tgt, anchor_sources[1])])
        key_id = {key: i for i, key in enumerate(dict.fromkeys(chain.from_iterable((*src_anchors, *tgt_anchors))))}
        # the reward of each anchor this document has, looked up by the anchor itself (scalar cost) or its id
        weight_of = [weights.get(key[0], default) for key in key_id]
        self.match_weight = {key: w[0] for key, w in zip(key_id, weight_of, strict=True)}
        self.match_weights = np.array([w[0] for w in weight_of])
        unmatched_weights = np.array([w[1] for w in weight_of])
        self.src = _Side.of(src, src_anchors, key_id, unmatched_weights)
        self.tgt = _Side.of(tgt, tgt_anchors, key_id, unmatched_weights)
        self.n, self.m = len(src), len(tgt)
        self.empty_lines = not (all(src) and all(tgt))  # a bead with an empty line costs as a 1-0 or 0-1 one
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
        """The cost of the bead taking source lines i0..i1 and target lines j0..j1 (one bead at a time: the
        definition `band_costs` computes for the whole band)."""
        p = self.params
        ds, dt = i1 - i0, j1 - j0
        prior, null_factor = p.shape_prior[(ds, dt)], p.null_anchor_factor
        if not (ds and dt):
            return prior + null_factor * float(self.src.unmatched[ds, i0] if ds else self.tgt.unmatched[dt, j0])
        ls, lt = int(self.src.length[ds, i0]), int(self.tgt.length[dt, j0])
        unmatched = float(self.src.unmatched[ds, i0] + self.tgt.unmatched[dt, j0])
        if not (ls and lt):
            return prior + null_factor * unmatched
        scaled = lt / self.ratio
        delta = abs(scaled - ls) * self.norm / math.sqrt((ls + scaled) / 2)
        total = prior + p.length_weight * -math.log(max(math.erfc(delta / _SQRT2), 1e-12)) + unmatched
        a_s, a_t = self.src.run_anchors(i0, ds), self.tgt.run_anchors(j0, dt)
        if a_s and a_t:
            total -= self._reward(a_s, a_t)
        if self.similarity is not None:
            total -= p.similarity_weight * self.similarity(i0, i1, j0, j1)
        return total

    def band_costs(self, lo: FloatArray, hi: FloatArray, width: int) -> FloatArray:
        """The cost of every bead ending in the band: [shape, end row i, _PAD + j - lo[i]], inf where none
        (outside the band, or starting before the first line). `_BLOCK` rows at a time, the shapes with lines
        on both sides stacked: every array is [shape, row, column] of the block."""
        p, n = self.params, self.n
        out = np.full((len(SHAPES), n + 1, width + 2 * _PAD), np.inf)
        null_factor = p.null_anchor_factor
        ds, dt = _SHAPE_SRC[_PAIRED, None, None], _SHAPE_TGT[_PAIRED, None, None]
        prior = np.array([p.shape_prior[s] for s in SHAPES])
        paired_prior = prior[_PAIRED, None, None]
        band = slice(_PAD, _PAD + width)
        for a in range(0, n + 1, _BLOCK):
            b = min(n + 1, a + _BLOCK)
            rows = np.arange(a, b)[:, None]
            cols = lo[a:b, None] + np.arange(width)[None, :]
            in_band = cols <= hi[a:b, None]
            # 1-0 and 0-1: one line left without a partner
            drop = prior[_DROP] + null_factor * self.src.unmatched[1, np.maximum(rows - 1, 0)]
            out[_DROP, a:b, band] = np.where(in_band & (rows >= 1), drop, np.inf)
            add = prior[_ADD] + null_factor * self.tgt.unmatched[1, np.minimum(np.maximum(cols - 1, 0), self.m)]
            out[_ADD, a:b, band] = np.where(in_band & (cols >= 1), add, np.inf)
            # the rest, lines on both sides: computed for every source run x target run the block's cells start
            # at ([shape, run, run], outer operations), then read at each cell's start (a cell outside the band
            # or the lines reads some run, and is set to inf at the end)
            src_lo, src_hi = max(0, a - 2), min(n, b)
            tgt_lo, tgt_hi = max(0, int(lo[a:b].min()) - 3), int(hi[a:b].max())
            runs_s, runs_t = src_hi - src_lo + 1, tgt_hi - tgt_lo + 1
            i0, j0 = rows[None] - ds, cols[None] - dt
            valid = in_band & (i0 >= 0) & (j0 >= 0)
            at = ((_PAIRED_INDEX * runs_s + np.minimum(np.maximum(i0 - src_lo, 0), runs_s - 1)) * runs_t
                  + np.minimum(np.maximum(j0 - tgt_lo, 0), runs_t - 1))
            ls = self.src.length[_SHAPE_SRC[_PAIRED], src_lo:src_hi + 1][:, :, None]
            lt = self.tgt.length[_SHAPE_TGT[_PAIRED], tgt_lo:tgt_hi + 1][:, None, :]
            unmatched = (self.src.unmatched[_SHAPE_SRC[_PAIRED], src_lo:src_hi + 1][:, :, None]
                         + self.tgt.unmatched[_SHAPE_TGT[_PAIRED], tgt_lo:tgt_hi + 1][:, None, :]).ravel()[at]
            with np.errstate(divide="ignore", invalid="ignore"):
                scaled = lt / self.ratio
                delta = (np.abs(scaled - ls) * self.norm / np.sqrt((ls + scaled) / 2)).ravel()[at]
            # numpy has no erfc: math's, element by element (numpy's log may differ from math's in the last bit)
            tail = np.array(list(map(math.erfc, (delta / _SQRT2).ravel().tolist()))).reshape(delta.shape)
            length_cost = -np.log(np.maximum(tail, 1e-12))
            total = paired_prior + p.length_weight * length_cost + unmatched
            total -= self._rewards(src_lo, src_hi, tgt_lo, tgt_hi).ravel()[at]
            if self.similarity is not None:
                self._subtract_similarity(total, valid, i0, j0)
            if self.empty_lines:
                empty = ((ls == 0) | (lt == 0)).ravel()[at]
                total = np.where(empty, paired_prior + null_factor * unmatched, total)
            out[_PAIRED, a:b, band] = np.where(valid, total, np.inf)
        return out

    def _subtract_similarity(self, total: FloatArray, valid: FloatArray, i0: FloatArray, j0: FloatArray) -> None:
        """The MT similarity reward of each valid paired bead, taken off its cost in place."""
        assert self.similarity is not None
        similarity, weight = self.similarity, self.params.similarity_weight
        pair, row, col = np.nonzero(valid)
        ds, dt = _SHAPE_SRC[_PAIRED][pair].tolist(), _SHAPE_TGT[_PAIRED][pair].tolist()
        starts = zip(i0[pair, row, 0].tolist(), j0[pair, row, col].tolist(), ds, dt, strict=True)
        total[pair, row, col] -= weight * np.array([similarity(i, i + s, j, j + t) for i, j, s, t in starts])

    def _rewards(self, src_lo: int, src_hi: int, tgt_lo: int, tgt_hi: int) -> FloatArray:
        """What the anchors of two runs share, for runs starting at source lines src_lo..src_hi and target lines
        tgt_lo..tgt_hi: [paired shape (_PAIRED), source start - src_lo, target start - tgt_lo] ->
        sum over keys of weight * min(count in the source run, count in the target run); only keys found on
        both sides count. einsum, not the @ of a threaded BLAS, whose threads spin on CPU time that such
        small products do not repay."""
        tgt_hi = max(tgt_lo, tgt_hi)
        out = np.zeros((len(_PAIRED), src_hi - src_lo + 1, tgt_hi - tgt_lo + 1))
        column_of = np.zeros(len(self.match_weights), np.intp)
        column_of[self.src.key_ids[self.src.indptr[src_lo]:self.src.indptr[src_hi]]] = 1
        column_of[self.tgt.key_ids[self.tgt.indptr[tgt_lo]:self.tgt.indptr[tgt_hi]]] += 2
        keys = np.flatnonzero(column_of == 3)  # found on both sides
        if len(keys):
            column_of[:] = -1
            column_of[keys] = np.arange(len(keys))
            src = _runs_of(self.src.count_matrix(src_lo, src_hi, column_of, len(keys)), (1, 2))
            tgt = _runs_of(self.tgt.count_matrix(tgt_lo, tgt_hi, column_of, len(keys)), GROUP_SIZES)
            src, tgt = src[_SHAPE_SRC[_PAIRED] - 1], tgt[_SHAPE_TGT[_PAIRED] - 1]  # the paired shapes' run sizes
            shared = np.minimum(src[:, :, None, :], tgt[:, None, :, :])
            out[:, :src.shape[1], :tgt.shape[1]] = np.einsum("prqk,k->prq", shared, self.match_weights[keys])
        return out


def _runs_of(counts: FloatArray, sizes: Sequence[int]) -> FloatArray:
    """[size, r] -> the counts of rows r..r+size summed (zeros where the rows run out)."""
    out = np.zeros((len(sizes), *counts.shape))
    for x, size in enumerate(sizes):
        runs = max(len(counts) - size + 1, 0)
        out[x, :runs] = sum((counts[i:i + runs] for i in range(1, size)), counts[:runs])
    return out


_SQRT2 = math.sqrt(2)


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
    backward pass for posteriors reuses the costs instead of computing them again. Cell (i, j) of the band
    is column _PAD + j - lo[i] of row i; `forward` is flat, row by row."""

    limits: list[tuple[int, int]]
    lo: FloatArray
    costs: FloatArray  # [shape, end row, column]
    forward: FloatArray | None
    path: list[Cell]
    touched: bool  # the best path came within BAND_MARGIN of the band's edge

    def at(self, i: int, j: int) -> int:
        """Index of cell (i, j) in the flat row-by-row arrays."""
        return i * self.costs.shape[2] + _PAD + j - int(self.lo[i])


def _gather_index(lo: FloatArray, width: int, row_width: int, step: int) -> FloatArray:
    """For every shape, row i and column c of the band: the flat index of the cell `step` * (di, dj) away
    (step -1: where the bead ending at (i, lo[i] + c) starts; +1: where the bead starting there ends), or of
    an always-empty cell (a padding column, or the extra cell at the end) where that is outside the lattice
    (another row's cell for 0-1, which `_fill` and `_posteriors` add along the row themselves)."""
    rows = len(lo)
    there = np.arange(rows)[None, :] + step * _SHAPE_SRC[:, None]  # [shape, row]
    inside = (there >= 0) & (there < rows) & (_SHAPE_SRC[:, None] > 0)
    there = np.minimum(np.maximum(there, 0), rows - 1)
    column = np.arange(width)[None, None, :] + (_PAD + lo[None, :] + step * _SHAPE_TGT[:, None] - lo[there])[:, :, None]
    index = there[:, :, None] * row_width + np.minimum(np.maximum(column, 0), row_width - 1)
    return np.where(inside[:, :, None], index, rows * row_width)


def _fill(model: _CostModel, n: int, m: int, limits: list[tuple[int, int]], with_forward: bool,
          progress: Callable[[int], None] | None = None) -> _Lattice:
    lo = np.array([low for low, _ in limits], dtype=np.intp)
    widths = [high - low + 1 for low, high in limits]
    width = max(widths)
    costs = model.band_costs(lo, np.array([high for _, high in limits], dtype=np.intp), width)
    row_width = width + 2 * _PAD
    came_from = _gather_index(lo, width, row_width, -1)
    band_costs = costs[:, :, _PAD:_PAD + width]
    best = np.full((n + 1) * row_width + 1, INF)  # + the always-empty cell
    back: list[list[int]] = []  # per row, per column of the band: the shape of the best bead ending there
    fwd = np.full((n + 1) * row_width + 1, -INF) if with_forward else None
    in_rows = band_costs[_IN_ROW].tolist()
    for i in range(n + 1):
        w = widths[i]
        cost = band_costs[:, i, :w]
        candidates = best[came_from[:, i, :w]]  # 0-1 reads the empty cell: added below, in order
        candidates += cost
        arg = candidates.argmin(axis=0)  # the first of equals, as a strict < over SHAPES in order keeps
        values, args = candidates.min(axis=0).tolist(), arg.tolist()
        in_row = in_rows[i]
        left = INF  # best of the cell to the left (none left of the band)
        for c in range(w):
            if i == 0 and c == 0:  # the start (lo[0] is 0)
                values[0], args[0], left = 0.0, -1, 0.0
                continue
            v, a = values[c], args[c]
            x = left + in_row[c]
            if x < v or (x == v and a > _IN_ROW):
                v, a = x, _IN_ROW
            if v == INF:
                a = -1
            values[c], args[c], left = v, a, v
        start = i * row_width + _PAD
        best[start:start + w] = values
        back.append(args)
        if fwd is not None:
            fwd[start:start + w] = _forward_row(fwd[came_from[:, i, :w]] - cost, in_row, i == 0)
        if progress is not None:
            progress(i)
    path: list[Cell] = []
    i, j = n, m
    touched = False
    while i or j:
        low, high = limits[i]
        if (low > 0 and j - low < BAND_MARGIN) or (high < m and high - j < BAND_MARGIN):
            touched = True
        if back[i][j - low] < 0:  # the band does not connect the ends (a jump of the guide): widen it
            return _Lattice(limits, lo, costs, fwd, [], True)
        di, dj = SHAPES[back[i][j - low]]
        path.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    path.reverse()
    return _Lattice(limits, lo, costs, fwd, path, touched)


def _forward_row(terms: FloatArray, in_row: list[float], first: bool) -> list[float]:
    """Log forward scores of one row: the terms from earlier rows summed, then the 0-1 beads left to right."""
    with np.errstate(invalid="ignore"):
        acc = np.logaddexp.reduce(terms, axis=0).tolist()
    left = -INF
    for c in range(len(acc)):
        if first and c == 0:
            acc[0] = left = 0.0
            continue
        left = acc[c] = _logaddexp(acc[c], left - in_row[c])
    return acc


def _logaddexp(a: float, b: float) -> float:
    if a == -INF:
        return b
    if b == -INF:
        return a
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


def _posteriors(lat: _Lattice, n: int, m: int) -> list[float]:
    """P(bead | lines) for each bead of the best path, with costs read as -log probabilities."""
    assert lat.forward is not None
    costs, row_width = lat.costs, lat.costs.shape[2]
    width = row_width - 2 * _PAD
    goes_to = _gather_index(lat.lo, width, row_width, +1)
    flat_costs = np.concatenate([costs.reshape(len(SHAPES), -1), np.full((len(SHAPES), 1), INF)], axis=1)
    next_costs = np.take_along_axis(flat_costs, goes_to.reshape(len(SHAPES), -1), axis=1).reshape(goes_to.shape)
    bwd = np.full((n + 1) * row_width + 1, -INF)
    for i in range(n, -1, -1):
        low, high = lat.limits[i]
        w = high - low + 1
        with np.errstate(invalid="ignore"):
            acc = np.logaddexp.reduce(bwd[goes_to[:, i, :w]] - next_costs[:, i, :w], axis=0).tolist()
        in_row = costs[_IN_ROW, i, _PAD + 1:_PAD + w + 1].tolist()  # the 0-1 bead to the next cell of the row
        right = -INF
        for c in range(w - 1, -1, -1):
            if i == n and low + c == m:
                acc[c] = right = 0.0
                continue
            right = acc[c] = _logaddexp(acc[c], right - in_row[c]) if c + 1 < w else acc[c]
        start = i * row_width + _PAD
        bwd[start:start + w] = acc
    fwd = lat.forward
    total = fwd[lat.at(n, m)]
    probs = []
    for i0, i1, j0, j1 in lat.path:
        cost = costs[SHAPES.index((i1 - i0, j1 - j0)), i1, _PAD + j1 - int(lat.lo[i1])]
        probs.append(min(1.0, math.exp(fwd[lat.at(i0, j0)] - cost + bwd[lat.at(i1, j1)] - total)))
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
