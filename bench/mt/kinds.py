"""Drafts per second for each model kind tolmach runs, against the raw CTranslate2 batch on the same model in
the same run, and the first-draft latency (from the start of `run_mt`, model loading included).

    python bench/mt/kinds.py                      # 124 distinct sentences, output capped at 32 tokens, best of 2
    python bench/mt/kinds.py --sentences 60 --rounds 3 --layers 6 --d-model 512

Kinds: an argos package with SentencePiece, an argos package with Moses + BPE (`bpe.model`), a converted
M2M-100/NLLB-style directory (source and target language tokens, `</s>` after the input,
`sentencepiece.bpe.model`) and a converted OPUS-MT-style directory (`source.spm`, `target.spm`). Each is a
transformer with random int8 weights of the size given (default 3+3 layers, d_model 256, FFN 1024, 8k
vocabulary), built in a temporary directory; random weights rarely emit </s>, so every path gets the same
output cap. Where CTranslate2 sees a CUDA GPU the table is repeated on it.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(Path(__file__).parent)]


def build_models(work: Path, sentences: list[str], dims: Any, vocab_size: int) -> dict[str, Any]:
    """One model per kind (en→pl), each installed through tolmach into its own packages directory, so its
    route is the model itself; returns kind -> PackageInfo."""
    import argosbuild
    import sentencepiece as spm
    from sacremoses import MosesPunctNormalizer, MosesTokenizer
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    from pipeline.mt import packages

    corpus = argosbuild._bench_corpus_lines(sentences)[: 20000 + len(sentences)]
    sp_model = argosbuild.train_sentencepiece(corpus, work / "sp", vocab_size=vocab_size)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    sp_vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    found: dict[str, Any] = {}

    def model_dir(name: str, vocab: list[str]) -> Path:
        out = work / name
        argosbuild.save_model(argosbuild.random_weights(dims, len(vocab)), dims, vocab, out, quantization="int8")
        return out

    archive = argosbuild.pack(model_dir("m-sp", sp_vocab), sp_model, "en", "pl", "1.0", work / "sp.argosmodel")
    found["argos, SentencePiece"] = packages.install(archive, work / "pk-sp")[0]

    norm, tok = MosesPunctNormalizer("en"), MosesTokenizer("en")
    tokenized = [" ".join(tok.tokenize(norm.normalize(line))) for line in corpus]
    codes = work / "bpe.codes"
    with codes.open("w", encoding="utf-8") as out:
        learn_bpe(io.StringIO("\n".join(tokenized) + "\n"), out, vocab_size, min_frequency=2)
    with codes.open(encoding="utf-8") as f:
        bpe = BPE(f)
    bpe_vocab = ["<unk>", "<s>", "</s>", *sorted({t for line in tokenized for t in bpe.segment_tokens(line.split())})]
    archive = argosbuild.pack(model_dir("m-bpe", bpe_vocab), codes, "en", "pl", "1.0", work / "bpe.argosmodel",
                              tokenizer_name="bpe.model")
    found["argos, Moses + BPE"] = packages.install(archive, work / "pk-bpe")[0]

    m2m = model_dir("m2m", [*sp_vocab, "__en__", "__pl__"])
    shutil.copy(sp_model, m2m / "sentencepiece.bpe.model")
    found["ctranslate2, M2M/NLLB-style"] = packages.add_directory(m2m, work / "pk-m2m", "en-pl", version="m2m",
                                                                  source_prefix="__en__", target_prefix="__pl__")[0]
    opus = model_dir("opus", sp_vocab)
    shutil.copy(sp_model, opus / "source.spm")
    shutil.copy(sp_model, opus / "target.spm")
    found["ctranslate2, OPUS-MT-style"] = packages.add_directory(opus, work / "pk-opus", "en-pl", version="opus")[0]
    return found


def raw_batch(info: Any, sentences: list[str], settings: Any) -> float:
    """The ceiling: the model's own tokenisation, every sentence in one translate_batch, decoding."""
    import ctranslate2

    from pipeline.mt.tokenizers import load_tokenizer

    t0 = time.perf_counter()
    source, target_model = info.tokenizer_files()
    tokenizer = load_tokenizer(source, target_model, info.from_code, info.to_code)
    tr = ctranslate2.Translator(str(info.path / "model"), device=settings.device, compute_type=settings.compute,
                                inter_threads=settings.inter_threads, intra_threads=settings.intra_threads)
    prefix = [info.source_prefix] if info.source_prefix else []
    suffix = ["</s>"] if info.kind == "ctranslate2" else []
    tokens = [[*prefix, *tokenizer.encode(s), *suffix] for s in sentences]
    target = [[info.target_prefix]] * len(tokens) if info.target_prefix else None
    results = tr.translate_batch(tokens, target_prefix=target, beam_size=settings.beam_size,
                                 max_batch_size=settings.max_batch_size,
                                 max_decoding_length=settings.max_decoding_length, replace_unknowns=True,
                                 length_penalty=0.2, return_scores=True)
    [tokenizer.decode(r.hypotheses[0]) for r in results]
    return time.perf_counter() - t0


def tolmach(info: Any, sentences: list[str], settings: Any, work: Path) -> tuple[float, float]:
    """`tolmach mt` end to end on a catalog of the sentences: (seconds, seconds to the first drafts)."""
    from run import bench_project

    from pipeline.mt.cache import DraftCache
    from pipeline.mt.drafts import run_mt
    from pipeline.workspace import workspace

    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    config = bench_project(project, sentences, info.to_code)
    cache = DraftCache(project / "cache")
    first: list[float] = []
    t0 = time.perf_counter()
    with workspace(config) as ws:
        reports = run_mt(ws, [info.to_code], info.path.parent, cache, settings=settings,
                         progress=lambda n: first.append(time.perf_counter() - t0))
        ws.commit()
    total = time.perf_counter() - t0
    cache.close()
    assert reports[0].route.startswith(info.label) and reports[0].translated == len(set(sentences)), reports
    if reports[0].fallbacks:  # a random model garbles masks: those sentences are translated twice
        print(f"  {info.label}: {reports[0].fallbacks} sentence(s) translated again without masks", file=sys.stderr)
    return total, first[0] if first else total


def table(models: dict[str, Any], sentences: list[str], settings: Any, rounds: int, work: Path,
          out: Callable[[str], None]) -> None:
    out(f"{'model kind':<30}{'tolmach sent/s':>16}{'raw sent/s':>12}{'ratio':>8}{'first draft s':>15}")
    for kind, info in models.items():
        best_t, best_raw, best_first = float("inf"), float("inf"), float("inf")
        for _ in range(rounds):  # alternate the two paths on a shared machine; keep each one's best
            t, first = tolmach(info, sentences, settings, work)
            best_t, best_first = min(best_t, t), min(best_first, first)
            best_raw = min(best_raw, raw_batch(info, sentences, settings))
        n = len(sentences)
        out(f"{kind:<30}{n / best_t:>16.1f}{n / best_raw:>12.1f}{best_raw / best_t:>8.2f}{best_first:>15.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=None,
                        help="how many distinct sentences (default: all of bench/mt/run.py's data)")
    parser.add_argument("--cap", type=int, default=32, help="output length cap in tokens, same for every path")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--vocab", type=int, default=8000)
    args = parser.parse_args()

    import argosbuild
    from run import DATA, load_sentences

    from pipeline.mt.engines import EngineSettings, cuda_device_count

    work = Path(tempfile.mkdtemp(prefix="tolmach-bench-kinds-"))
    try:
        sentences = load_sentences(DATA, args.sentences)
        dims = argosbuild.Dims(layers=args.layers, d_model=args.d_model, heads=4, ffn=4 * args.d_model, max_len=256)
        t0 = time.perf_counter()
        models = build_models(work, sentences, dims, args.vocab)
        print(f"built {len(models)} models in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        settings = EngineSettings(max_decoding_length=args.cap)
        print(f"{len(sentences)} sentences, output cap {args.cap} tokens, beam {settings.beam_size}, "
              f"{args.layers}+{args.layers} layers d{args.d_model} {args.vocab} vocab int8 random weights, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, best of {args.rounds} rounds")
        print("CPU (int8, inter_threads 2):")
        table(models, sentences, settings, args.rounds, work, print)
        if cuda_device_count():
            print("GPU (cuda:0, int8_float16):")
            table(models, sentences, replace(settings, device="cuda"), args.rounds, work, print)
        else:
            print("GPU: none here (CTranslate2 sees no CUDA device)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
