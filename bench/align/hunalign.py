"""hunalign on the alignment benchmark's documents: its input files, its ladders read back as beads.

hunalign (https://github.com/danielvarga/hunalign, LGPL) is not packaged for Debian here and is not a
dependency: `bench/align/run.py --hunalign PATH` runs a binary the user built. It reads one sentence per line
(words split at whitespace) and writes a ladder: one rung "i<TAB>j<TAB>score" per line, from "0 0" to
"n m"; the lines between two consecutive rungs are one bead. No dictionary is given (an empty file), as the
shared README's reference figures had it; -batch is how a user aligns many documents in one run.
"""

from __future__ import annotations

import json
import resource
import subprocess
from itertools import pairwise
from pathlib import Path


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ladder_to_beads(ladder: str, n: int, m: int) -> list[list[list[int]]]:
    """hunalign's ladder as beads [[source lines], [target lines]]; no ladder (hunalign declines documents
    whose sizes differ more than fivefold) leaves every line unaligned."""
    rungs = [(int(i), int(j)) for i, j, *_ in (line.split("\t") for line in ladder.splitlines() if line.strip())]
    if not rungs:
        return [[[i], []] for i in range(n)] + [[[], [j]] for j in range(m)]
    if rungs[0] != (0, 0):
        rungs.insert(0, (0, 0))
    if rungs[-1] != (n, m):
        raise ValueError(f"ladder ends at {rungs[-1]}, not at ({n}, {m})")
    return [[list(range(i0, i1)), list(range(j0, j1))] for (i0, j0), (i1, j1) in pairwise(rungs)]


class HunalignRun:
    """One benchmark file laid out for hunalign: a source and a target file per document, a batch file."""

    def __init__(self, binary: Path, bench: Path, work: Path) -> None:
        self.binary = binary
        self.docs = [json.loads(line) for line in bench.read_text(encoding="utf-8").splitlines() if line.strip()]
        work.mkdir(parents=True, exist_ok=True)
        self.dictionary = work / "empty.dic"
        self.dictionary.write_text("", encoding="utf-8")
        self.files: list[tuple[Path, Path, Path]] = []
        for doc in self.docs:
            src, tgt, out = (work / f"{doc['doc']}.{ext}" for ext in ("src", "tgt", "ladder"))
            src.write_text("".join(s + "\n" for s in doc["src"]), encoding="utf-8")
            tgt.write_text("".join(t + "\n" for t in doc["tgt"]), encoding="utf-8")
            self.files.append((src, tgt, out))
        self.batch = work / "batch.txt"
        self.batch.write_text("".join(f"{s}\t{t}\t{o}\n" for s, t, o in self.files), encoding="utf-8")

    def batch_cpu(self) -> float:
        """All documents in one `hunalign -batch` process; its CPU seconds."""
        for _, _, out in self.files:
            out.unlink(missing_ok=True)
        before = children_cpu()
        subprocess.run([str(self.binary), "-batch", str(self.dictionary), str(self.batch)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return children_cpu() - before

    def per_document_cpu(self) -> float:
        """One hunalign process per document (ladder on stdout); their CPU seconds together."""
        before = children_cpu()
        for src, tgt, _ in self.files:
            subprocess.run([str(self.binary), str(self.dictionary), str(src), str(tgt)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return children_cpu() - before

    def write_predictions(self, pred: Path) -> None:
        """The beads of the last batch run, in the shared scorer's format."""
        with pred.open("w", encoding="utf-8") as w:
            for doc, (_, _, out) in zip(self.docs, self.files, strict=True):
                ladder = out.read_text(encoding="utf-8") if out.exists() else ""
                beads = ladder_to_beads(ladder, len(doc["src"]), len(doc["tgt"]))
                w.write(json.dumps({"doc": doc["doc"], "beads": beads}) + "\n")
