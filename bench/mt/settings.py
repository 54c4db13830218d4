"""Where CTranslate2 leaves speed on the table for drafting: tolmach's engine under other settings, same model.

    python bench/mt/settings.py                      # the argos-architecture model, 124 sentences, 2 rounds
    python bench/mt/settings.py --layers 1 --d-model 64 --vocab 400 --rounds 1    # a quick run

One model with the real argos architecture (6+6 layers, d_model 512; smaller with the flags) and random int8
weights, built in a temporary directory; the distinct sentences of bench/mt/run.py's data. Each setting runs
`CTranslate2Engine.translate` (what `tolmach mt` runs per route step) on every sentence, in alternating
rounds; the best round counts. Columns: sentences per second and per CPU second, against tolmach's
defaults (the first row) in the same run, and whether the drafts are the same as the defaults' (thread
and batch settings must not change a draft; greedy decoding, beam 1, may: a random model says nothing of
quality, so a beam change needs chrF on real models before it becomes a default).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(Path(__file__).parent)]

# name -> changes to EngineSettings; the first is tolmach's defaults
SETTINGS: dict[str, dict[str, int]] = {
    "defaults (inter 2, intra 1, batch 32, beam 2)": {},
    "inter 1, intra 2": {"inter_threads": 1, "intra_threads": 2},
    "inter 1, intra 1": {"inter_threads": 1, "intra_threads": 1},
    "batch 8": {"max_batch_size": 8},
    "batch 16": {"max_batch_size": 16},
    "batch 64": {"max_batch_size": 64},
    "greedy (beam 1)": {"beam_size": 1},
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=None, help="distinct sentences (default: all)")
    parser.add_argument("--cap", type=int, default=40, help="output length cap in tokens, the same for every row")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--d-model", type=int, default=512)
    parser.add_argument("--vocab", type=int, default=8000)
    args = parser.parse_args()

    import argosbuild
    import sentencepiece
    from run import DATA, load_sentences

    from pipeline.mt import packages
    from pipeline.mt.engines import CTranslate2Engine, EngineSettings

    sentences = load_sentences(DATA, args.sentences)
    with tempfile.TemporaryDirectory(prefix="tolmach-bench-settings-") as tmp:
        dims = argosbuild.Dims(layers=args.layers, d_model=args.d_model, heads=8 if args.d_model >= 256 else 4,
                               ffn=4 * args.d_model, max_len=256)
        work = Path(tmp)
        corpus = argosbuild._bench_corpus_lines(sentences)[: 20000 + len(sentences)]
        sp_model = argosbuild.train_sentencepiece(corpus, work / "sp", vocab_size=args.vocab)
        sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        argosbuild.save_model(argosbuild.random_weights(dims, len(vocab)), dims, vocab, work / "model",
                              quantization="int8")
        archive = argosbuild.pack(work / "model", sp_model, "en", "pl", "1.0", work / "en_pl.argosmodel")
        package = packages.install(archive, work / "packages")[0]
        base = EngineSettings(max_decoding_length=args.cap)
        best: dict[str, tuple[float, float]] = {}
        drafts: dict[str, list[str]] = {}
        for _ in range(args.rounds):
            for name, changes in SETTINGS.items():
                engine = CTranslate2Engine(package, replace(base, **changes))  # type: ignore[arg-type]
                engine.translate(sentences[:2])  # load the model outside the timing
                wall, cpu = time.perf_counter(), cpu_seconds()
                out = engine.translate(sentences)
                wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
                drafts[name] = [o.text for o in out]
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu)
        defaults = next(iter(SETTINGS))
        print(f"{len(sentences)} distinct sentences, output cap {args.cap} tokens, {args.layers}+{args.layers} layers "
              f"d{args.d_model} int8 random weights, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}, best of {args.rounds} rounds")
        print(f"{'setting':<48}{'sent/s':>8}{'vs defaults':>13}{'sent/CPU-s':>12}{'vs defaults':>13}"
              f"{'same drafts':>13}")
        base_wall, base_cpu = best[defaults]
        for name, (wall, cpu) in best.items():
            n = len(sentences)
            print(f"{name:<48}{n / wall:>8.1f}{base_wall / wall:>12.2f}x{n / cpu:>12.1f}{base_cpu / cpu:>12.2f}x"
                  f"{'yes' if drafts[name] == drafts[defaults] else 'no':>13}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
