"""The result of sentence alignment: beads, each a run of source lines paired with a run of target lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    """Source and target line indices (0-based, consecutive) that translate each other.

    An empty side means a sentence the translator dropped (1-0) or added (0-1). `score` is the
    aligner's confidence in [0, 1]: how much better this bead was than its best local alternative.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def shape(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def as_json(self) -> list[list[int]]:
        return [list(self.src), list(self.tgt)]


def check_cover(beads: Sequence[Bead], n_src: int, n_tgt: int) -> None:
    """Raise ValueError unless the beads are in order and cover every line on both sides exactly once."""
    i = j = 0
    for bead in beads:
        if bead.src != tuple(range(i, i + len(bead.src))) or bead.tgt != tuple(range(j, j + len(bead.tgt))):
            raise ValueError(f"bead {bead} does not continue at ({i}, {j})")
        if not bead.src and not bead.tgt:
            raise ValueError("empty bead")
        i += len(bead.src)
        j += len(bead.tgt)
    if (i, j) != (n_src, n_tgt):
        raise ValueError(f"beads cover ({i}, {j}) of ({n_src}, {n_tgt}) lines")
