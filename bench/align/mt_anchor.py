"""How much the MT anchor can help: alignment with no MT, with the reference translation standing in for a
perfect MT, and with a poor MT (40% of the reference words, shuffled), on the same benchmark documents.

    /work/venv/bin/python bench/align/mt_anchor.py [--shared ../shared] [--seeds 1,2,3]

No real argos package is needed (none is shipped), so this bounds the effect from above and from a crude
below; `tolmach align` with an installed route lies somewhere between, depending on the model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PAIRS, gen, score

from pipeline.align import align

Translate = Callable[[list[str]], list[str]]


def stand_ins(reference: dict[str, str], seed: int) -> dict[str, Translate | None]:
    rng = random.Random(seed)

    def poor(sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            words = reference[s].split()
            rng.shuffle(words)
            out.append(" ".join(words[: max(1, int(len(words) * 0.4))]))
        return out

    return {"no MT": None, "reference as MT": lambda xs: [reference[x] for x in xs], "poor MT": poor}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3] / "shared")
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    if not (a.shared / "bench/align/gen_bench.py").is_file():
        a.shared = Path("/work/shared")
    corpus = a.shared / "data/flores200-dev"
    english = (corpus / "eng_Latn.txt").read_text(encoding="utf-8").splitlines()
    print("all-bead F1 / recall of dropped sentences (1-0), 49 documents x 20 sentences per seed")
    print(f"{'pair':<6}{'seed':>5}" + "".join(f"{name:>22}" for name in stand_ins({}, 0)))
    with tempfile.TemporaryDirectory(prefix="tolmach-align-mt-") as tmp:
        for lang, corpus_name in PAIRS.items():
            target = (corpus / f"{corpus_name}.txt").read_text(encoding="utf-8").splitlines()
            reference = dict(zip(english, target, strict=True))
            for seed in (int(s) for s in a.seeds.split(",")):
                bench = Path(tmp) / f"b-{lang}-{seed}.jsonl"
                gen(a.shared, corpus, lang, seed, bench)
                docs = [json.loads(line) for line in bench.read_text(encoding="utf-8").splitlines()]
                cells = []
                for translate in stand_ins(reference, seed).values():
                    pred = Path(tmp) / f"p-{lang}-{seed}.jsonl"
                    with pred.open("w", encoding="utf-8") as w:
                        for d in docs:
                            beads = align(d["src"], d["tgt"], scores=False, translate=translate)
                            w.write(json.dumps({"doc": d["doc"], "beads": [b.as_json() for b in beads]}) + "\n")
                    s = score(a.shared, bench, pred)
                    cells.append(f"{s['all_beads']['F1']:.4f} / {s['recall_by_gold_type']['1-0']['R']:.2f}")
                print(f"en-{lang:<3}{seed:>5}" + "".join(f"{c:>22}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
