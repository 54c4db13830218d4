"""Alignment benchmark: F1 on FLORES-200 dev documents (with dropped and merged sentences), and timing.

    python bench/align/run.py [--shared ../shared] [--seeds 1,2,3,4,5] [--hunalign PATH [--rounds 3]]

Builds the benchmark with the shared `bench/align/gen_bench.py`, aligns each document with tolmach's
aligner (exactly what `tolmach align --jsonl` does), scores with the shared `score_align.py`, and prints
all-bead and 1-1 F1 per language pair and seed, next to a length-only (Gale-Church) run of the same
aligner in the same process as the baseline. Then times one document of 100, 1,000 and 10,000
sentences (the corpus repeated) to show the cost per sentence stays flat (linear time).

With `--hunalign PATH` (a hunalign binary, see bench/align/hunalign.py) hunalign aligns the same documents
too: its all-bead F1 is measured instead of quoted, and a speed table compares, on the first seed's 49
documents per pair, CPU seconds of tolmach's aligner in this process (word caches emptied each round, as in
a first run), of the `tolmach align --jsonl` command in a fresh process (start-up and the language check
included), of one `hunalign -batch` process and of one hunalign process per document; rounds interleaved,
best and median. The shared scripts and data are not copied into the repository: pass where they are.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hunalign import HunalignRun, children_cpu

from pipeline.align import AlignParams, align
from pipeline.align.anchors import clear_caches

REPO = Path(__file__).resolve().parents[2]
PAIRS = {"pl": "pol_Latn", "ru": "rus_Cyrl", "be": "bel_Cyrl", "uk": "ukr_Cyrl"}
HUNALIGN = {"pl": 0.93, "ru": 0.92, "be": 0.92}  # all-bead F1, no dictionary (shared bench README; no uk)


def length_only() -> AlignParams:
    return AlignParams(anchor_weights={}, punct_weights=(0.0, 0.0))


def gen(
    shared: Path, corpus: Path, lang: str, seed: int, out: Path, ndocs: int = 49, doclen: int = 20
) -> None:
    subprocess.run(
        [
            sys.executable,
            str(shared / "bench/align/gen_bench.py"),
            str(corpus / "eng_Latn.txt"),
            str(corpus / f"{PAIRS[lang]}.txt"),
            str(out),
            "--seed",
            str(seed),
            "--ndocs",
            str(ndocs),
            "--doclen",
            str(doclen),
        ],
        check=True,
        capture_output=True,
    )


def predict(bench: Path, out: Path, params: AlignParams | None) -> float:
    start = time.process_time()
    with bench.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as w:
        for line in fh:
            doc = json.loads(line)
            beads = align(doc["src"], doc["tgt"], params=params, scores=False)
            w.write(json.dumps({"doc": doc["doc"], "beads": [b.as_json() for b in beads]}) + "\n")
    return time.process_time() - start


def command_cpu(bench: Path, lang: str, pred: Path, cwd: Path) -> float:
    """`tolmach align --jsonl` as a user runs it, in a fresh process; its CPU seconds."""
    script = Path(sys.executable).with_name("tolmach")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = children_cpu()
    with pred.open("w", encoding="utf-8") as out:
        subprocess.run([*command, "align", "--jsonl", str(bench), "--lang", lang, "--no-mt"], stdout=out,
                       stderr=subprocess.DEVNULL, cwd=cwd, env=env, check=True)
    return children_cpu() - before


def cold_predict(bench: Path, out: Path) -> float:
    """`predict` as a first run pays it: the anchors' per-word caches emptied."""
    clear_caches()
    return predict(bench, out, None)


def versus_hunalign(a: argparse.Namespace, corpus: Path, t: Path, hunalign: Path) -> None:
    seed = int(a.seeds.split(",")[0])
    print(f"\nSpeed against hunalign: the same 49 documents per pair (seed {seed}), CPU seconds, best and median "
          f"of {a.rounds} interleaved rounds")
    print(f"{'pair':<6}{'align()':>16}{'tolmach align':>16}{'hunalign -batch':>17}{'hunalign/doc':>16}"
          f"{'align()/batch':>15}{'command/batch':>15}{'command/per-doc':>17}{'F1':>8}{'F1 hun':>8}")
    for lang in PAIRS:
        bench = t / f"vs-{lang}.jsonl"
        gen(a.shared, corpus, lang, seed, bench)
        run = HunalignRun(hunalign, bench, t / f"hunalign-{lang}")
        times: dict[str, list[float]] = {"align": [], "command": [], "batch": [], "per_doc": []}
        for _ in range(a.rounds):
            times["align"].append(cold_predict(bench, t / "vs-ours.jsonl"))
            times["batch"].append(run.batch_cpu())
            times["per_doc"].append(run.per_document_cpu())
            times["command"].append(command_cpu(bench, lang, t / "vs-command.jsonl", t))
        run.write_predictions(t / "vs-hunalign.jsonl")
        ours = score(a.shared, bench, t / "vs-ours.jsonl")["all_beads"]["F1"]
        if score(a.shared, bench, t / "vs-command.jsonl")["all_beads"]["F1"] != ours:
            raise SystemExit(f"en-{lang}: the command's beads differ from align()'s")
        theirs = score(a.shared, bench, t / "vs-hunalign.jsonl")["all_beads"]["F1"]
        best = {k: min(v) for k, v in times.items()}
        median = {k: statistics.median(v) for k, v in times.items()}
        cells = [f"{best[k]:.3f} / {median[k]:.3f}" for k in ("align", "command", "batch", "per_doc")]
        ratios = [f"{best[o] / best[h]:.1f}x / {median[o] / median[h]:.1f}x"
                  for o, h in (("align", "batch"), ("command", "batch"), ("command", "per_doc"))]
        print(f"en-{lang:<3}{cells[0]:>16}{cells[1]:>16}{cells[2]:>17}{cells[3]:>16}"
              f"{ratios[0]:>15}{ratios[1]:>15}{ratios[2]:>17}{ours:>8.4f}{theirs:>8.4f}")


def score(shared: Path, bench: Path, pred: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(shared / "bench/align/score_align.py"), str(bench), str(pred)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--shared",
        type=Path,
        default=Path(__file__).resolve().parents[3] / "shared",
        help="the shared directory holding bench/align/ and data/flores200-dev/ (default: ../shared)",
    )
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--sizes", default="100,1000,10000", help="document sizes for the timing run")
    ap.add_argument("--repeat", type=int, default=3, help="timing: best of this many runs per size")
    ap.add_argument("--hunalign", type=Path, metavar="PATH",
                    help="a hunalign binary: measure its F1 and compare speed on the same documents")
    ap.add_argument("--rounds", type=int, default=3, help="speed against hunalign: interleaved rounds")
    a = ap.parse_args()
    if not (a.shared / "bench/align/gen_bench.py").is_file():
        a.shared = Path("/work/shared")
    corpus = a.shared / "data/flores200-dev"
    seeds = [int(s) for s in a.seeds.split(",")]
    with tempfile.TemporaryDirectory(prefix="tolmach-align-bench-") as tmp:
        t = Path(tmp)
        source = "measured (no dictionary)" if a.hunalign else "quoted from the shared README (--hunalign measures it)"
        print(f"FLORES-200 dev, 49 documents x 20 sentences per seed, merge 0.10, drop 0.03; hunalign F1 {source}")
        print(
            f"{'pair':<6}{'seed':>5}{'all-bead F1':>13}{'1-1 F1':>9}{'1-0 R':>8}{'2-1 R':>8}"
            f"{'length-only all F1':>20}{'hunalign':>10}{'docs/CPU-s':>11}"
        )
        for lang in PAIRS:
            totals = [0.0, 0.0, 0.0, 0.0]
            for seed in seeds:
                bench, pred = t / f"b-{lang}-{seed}.jsonl", t / f"p-{lang}-{seed}.jsonl"
                gen(a.shared, corpus, lang, seed, bench)
                elapsed = predict(bench, pred, None)
                ours = score(a.shared, bench, pred)
                predict(bench, pred, length_only())
                base = score(a.shared, bench, pred)
                hunalign_f1 = HUNALIGN.get(lang, float("nan"))
                if a.hunalign:
                    run = HunalignRun(a.hunalign, bench, t / f"hunalign-{lang}-{seed}")
                    run.batch_cpu()
                    run.write_predictions(pred)
                    hunalign_f1 = score(a.shared, bench, pred)["all_beads"]["F1"]
                by = ours["recall_by_gold_type"]
                row = (ours["all_beads"]["F1"], ours["one_to_one"]["F1"], base["all_beads"]["F1"], hunalign_f1)
                totals = [x + y for x, y in zip(totals, row, strict=True)]
                print(
                    f"en-{lang:<3}{seed:>5}{row[0]:>13.4f}{row[1]:>9.4f}{by['1-0']['R']:>8.3f}"
                    f"{by['2-1']['R']:>8.3f}{row[2]:>20.4f}{hunalign_f1:>10.{4 if a.hunalign else 2}f}"
                    f"{49 / elapsed:>11.0f}"
                )
            n = len(seeds)
            print(
                f"en-{lang:<3}{'mean':>5}{totals[0] / n:>13.4f}{totals[1] / n:>9.4f}"
                f"{'':>16}{totals[2] / n:>20.4f}{totals[3] / n:>10.{4 if a.hunalign else 2}f}"
            )
        if a.hunalign:
            versus_hunalign(a, corpus, t, a.hunalign.resolve())
        print(f"\nTiming: one document of N sentences (FLORES en-pl repeated), seed 1, best of {a.repeat}; CPU "
              "seconds of this process (a shared machine's load does not count)")
        big_src, big_tgt = t / "en.txt", t / "pl.txt"
        src_lines = (corpus / "eng_Latn.txt").read_text(encoding="utf-8").splitlines()
        tgt_lines = (corpus / "pol_Latn.txt").read_text(encoding="utf-8").splitlines()
        sizes = [int(s) for s in a.sizes.split(",")]
        reps = max(sizes) // len(src_lines) + 1
        big_src.write_text("\n".join(src_lines * reps) + "\n", encoding="utf-8")
        big_tgt.write_text("\n".join(tgt_lines * reps) + "\n", encoding="utf-8")
        baseline = None
        print(f"{'sentences':>10}{'CPU s':>9}{'ms/sentence':>13}{'vs 100':>8}{'all-bead F1':>13}")
        for size in sizes:
            shared_dir = t / "timing"
            bench, pred = t / f"big-{size}.jsonl", t / f"big-{size}.pred.jsonl"
            subprocess.run(
                [
                    sys.executable,
                    str(a.shared / "bench/align/gen_bench.py"),
                    str(big_src),
                    str(big_tgt),
                    str(bench),
                    "--seed",
                    "1",
                    "--ndocs",
                    "1",
                    "--doclen",
                    str(size),
                ],
                check=True,
                capture_output=True,
            )
            shared_dir.mkdir(exist_ok=True)
            doc = json.loads(bench.read_text(encoding="utf-8"))
            elapsed = float("inf")
            for _ in range(a.repeat):  # best of N: the machine is shared, the minimum is the least disturbed
                start = time.process_time()
                beads = align(doc["src"], doc["tgt"])
                elapsed = min(elapsed, time.process_time() - start)
            pred.write_text(
                json.dumps({"doc": 0, "beads": [b.as_json() for b in beads]}) + "\n", encoding="utf-8"
            )
            per = elapsed / size * 1000
            baseline = baseline or per
            f1 = score(a.shared, bench, pred)["all_beads"]["F1"]
            print(f"{size:>10}{elapsed:>9.2f}{per:>13.3f}{per / baseline:>8.2f}{f1:>13.4f}")


if __name__ == "__main__":
    main()
