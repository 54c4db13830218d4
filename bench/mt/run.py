"""MT throughput: argostranslate's translate() per sentence with its defaults, the best raw CTranslate2 batch
on the same package, and `tolmach mt`'s path, in one process, on the same sentences.

    python bench/mt/run.py                   # 124 distinct sentences, output capped at 40 tokens, 3 rounds
    python bench/mt/run.py --data ../shared/data/flores200-dev/eng_Latn.txt --sentences 400 --default-sentences 100

The model has the real argos architecture (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k shared
SentencePiece vocabulary) with random int8 weights, built into a temporary directory (nothing is committed or
downloaded). Random weights rarely emit </s>, so every path gets the same output cap: argostranslate through
a thin wrapper that adds `max_decoding_length` to its translate_batch call.
Sentences: the distinct lines of a file with one English sentence per line (`--data`, default the 200
FLORES-200 dev sentences kept in bench/qa/data; the full dev file: `--data
../shared/data/flores200-dev/eng_Latn.txt`); only sentences without numbers or URLs (a random model loses
every mask, which would double tolmach's work).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
DATA = REPO / "bench" / "qa" / "data" / "flores200-dev-200.en.txt"


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@contextmanager
def peak_memory() -> Iterator[dict[str, float]]:
    """Peak resident memory while the block runs (sampled every 10 ms), what it was before, and the CPU
    seconds the process used (all threads): steadier than wall time on a shared machine."""
    result = {"before": rss_mib(), "peak": rss_mib(), "cpu": -cpu_seconds()}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            result["peak"] = max(result["peak"], rss_mib())
            stop.wait(0.01)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield result
    finally:
        stop.set()
        t.join()
        result["peak"] = max(result["peak"], rss_mib())
        result["cpu"] += cpu_seconds()


def load_sentences(path: Path, n: int | None = None) -> list[str]:
    """Up to `n` distinct sentences of `path` (all of them by default).

    Distinct: tolmach drafts a repeated sentence once and argostranslate every time, so repeats would
    flatter tolmach (the "17x" of an earlier README counted them).
    """
    from pipeline.mt.protect import mask

    # A random model never copies a mask back, so every sentence with a number would be translated twice
    # (masked, then plain): keep to sentences protection leaves alone, to compare like with like.
    lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines()]
    distinct = [x for x in dict.fromkeys(lines) if x and mask(x).text == x]
    if n is not None and n > len(distinct):
        raise SystemExit(f"{path} has {len(distinct)} distinct sentences without numbers or URLs, not {n}: "
                         "pass a smaller --sentences or a larger --data")
    return distinct[:n]


class CappedTranslator:
    """Delegates to a real ctranslate2.Translator and adds the benchmark's output cap."""

    def __init__(self, inner: Any, cap: int) -> None:
        self.inner = inner
        self.cap = cap

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("max_decoding_length", self.cap)
        return self.inner.translate_batch(*args, **kwargs)


class WholeText:
    def split_sentences(self, text: str) -> list[str]:
        return [text]


def result(seconds: float, first: float, mem: dict[str, float], beam: int) -> dict[str, float]:
    return {"seconds": seconds, "first": first, "beam": beam, **mem}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def bench_argos_default(sentences: list[str], cap: int) -> dict[str, float]:
    """translate() once per sentence, argostranslate's default settings (beam 4, inter_threads 1, auto)."""
    import ctranslate2
    from argostranslate import settings, translate

    translate.get_installed_languages.cache_clear()
    translation: Any = translate.get_translation_from_codes("en", "pl")
    package_translation = translation.underlying
    package_translation.sentencizer = WholeText()  # MiniSBD would download a model
    with peak_memory() as mem:
        t0 = time.perf_counter()
        package_translation.translator = CappedTranslator(ctranslate2.Translator(
            str(package_translation.pkg.package_path / "model"), device=settings.device,
            inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
            compute_type=settings.compute_type), cap)
        first = None
        for s in sentences:
            translation.translate(s)
            if first is None:
                first = time.perf_counter() - t0
        total = time.perf_counter() - t0
    return result(total, first or 0.0, mem, settings.beam_size)


def bench_raw_batch(sentences: list[str], package_dir: Path, cap: int, beam: int) -> dict[str, float]:
    """The ceiling: every sentence in one translate_batch, inter_threads=2, intra_threads=1, int8."""
    import ctranslate2
    import sentencepiece

    with peak_memory() as mem:
        t0 = time.perf_counter()
        sp = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
        tr = ctranslate2.Translator(str(package_dir / "model"), device="cpu", inter_threads=2, intra_threads=1,
                                    compute_type="int8")
        tokens = [sp.encode(s, out_type=str) for s in sentences]
        results = tr.translate_batch(tokens, beam_size=beam, max_batch_size=32, max_decoding_length=cap,
                                     replace_unknowns=True, length_penalty=0.2)
        [sp.decode_pieces(r.hypotheses[0]) for r in results]
        total = time.perf_counter() - t0
    return result(total, total, mem, beam)


def bench_project(project: Path, sentences: list[str], lang: str) -> Any:
    """A project with one catalog of the sentences, untranslated, into `lang`; its loaded settings."""
    from pipeline.config import load_config
    from pipeline.po import write
    from pipeline.po.model import Catalog, Entry

    po_dir = project / "locales" / lang / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    (project / "tolmach.toml").write_text(f'languages = ["{lang}"]\n', encoding="utf-8")
    po = Catalog(wrapwidth=write.WRAP_WIDTH)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for s in dict.fromkeys(sentences):
        po.append(Entry(msgid=s, msgstr=""))
    po.save(str(po_dir / "bench.po"))
    return load_config(project)


def bench_tolmach(sentences: list[str], packages_dir: Path, work: Path, cap: int, beam: int) -> dict[str, float]:
    """`tolmach mt` end to end: catalogs in, masks, batch translation, cache, catalogs out."""
    from pipeline.mt.cache import DraftCache
    from pipeline.mt.drafts import run_mt
    from pipeline.mt.engines import EngineSettings
    from pipeline.workspace import workspace

    config = bench_project(work / "project", sentences, "pl")
    cache = DraftCache(work / "cache")
    first: list[float] = []
    with peak_memory() as mem:
        t0 = time.perf_counter()
        with workspace(config) as ws:
            reports = run_mt(ws, ["pl"], packages_dir, cache,
                             settings=EngineSettings(beam_size=beam, max_decoding_length=cap),
                             progress=lambda n: first.append(time.perf_counter() - t0))
            ws.commit()
        total = time.perf_counter() - t0
    cache.close()
    assert reports[0].translated == len(set(sentences)) and reports[0].fallbacks == 0, reports
    return result(total, first[0] if first else total, mem, beam)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=None,
                        help="how many distinct sentences of --data (default: all of them)")
    parser.add_argument("--data", type=Path, default=DATA, help="English sentences, one per line")
    parser.add_argument("--default-sentences", type=int, default=None,
                        help="how many of them the slow per-sentence path translates (default: all)")
    parser.add_argument("--cap", type=int, default=40, help="output length cap in tokens, same for every path")
    parser.add_argument("--beam", type=int, default=2, help="beam size for the batch paths (tolmach's default)")
    parser.add_argument("--work", type=Path, help="keep the built model here and reuse it on the next run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the two batch paths")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="tolmach-bench-mt-"))
    for stale in ("xdg", "xdg-cache", "xdg-config", "argos", "tolmach-packages", *(f"r{i}" for i in range(99))):
        shutil.rmtree(work / stale, ignore_errors=True)
    os.environ.update({"XDG_DATA_HOME": str(work / "xdg"), "XDG_CACHE_HOME": str(work / "xdg-cache"),
                       "XDG_CONFIG_HOME": str(work / "xdg-config"), "ARGOS_PACKAGES_DIR": str(work / "argos")})
    try:
        import argosbuild

        sentences = load_sentences(args.data, args.sentences)
        print(f"building the argos-architecture model in {work} ...", file=sys.stderr)
        archive = work / "build" / "en_pl-bench.argosmodel"
        build_s = 0.0
        if not archive.is_file():
            build_s, archive = timed(lambda: argosbuild.random_package(work / "build", extra_text=sentences))
        print(f"  built in {build_s:.0f}s", file=sys.stderr)
        from argostranslate import package

        package.install_from_path(archive)  # argostranslate's own installer, for its own translate()
        from pipeline.mt.packages import install, installed

        install(archive, work / "tolmach-packages")
        package_dir = installed(work / "tolmach-packages")[0].path

        n_default = args.default_sentences or len(sentences)
        # The machine is shared: alternate the two batch paths and keep each one's best round.
        rounds: dict[str, list[dict[str, float]]] = {"tolmach mt": [], "raw CTranslate2 batch (best)": []}
        for i in range(args.rounds):
            rounds["tolmach mt"].append(bench_tolmach(sentences, work / "tolmach-packages", work / f"r{i}",
                                                      args.cap, args.beam))
            rounds["raw CTranslate2 batch (best)"].append(bench_raw_batch(sentences, package_dir, args.cap,
                                                                          args.beam))
        runs = {k: min(v, key=lambda r: r["seconds"]) for k, v in rounds.items()}
        runs["argostranslate translate() defaults"] = bench_argos_default(sentences[:n_default], args.cap)
        counts = {"argostranslate translate() defaults": n_default}
        rate = {k: counts.get(k, len(sentences)) / v["seconds"] for k, v in runs.items()}
        print(f"\n{len(sentences)} sentences ({args.data.name}; "
              f"argos defaults on the first {n_default}), output cap {args.cap} tokens, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}; 6+6 layers d512 FFN2048 32k vocab int8; "
              f"best of {args.rounds} rounds for the batch paths")
        cpu_rate = {k: counts.get(k, len(sentences)) / v["cpu"] for k, v in runs.items()}
        print(f"{'path':<38}{'beam':>5}{'sent/s':>9}{'sent/cpu-s':>12}{'first draft s':>15}{'peak MiB':>10}"
              f"{'(+ over start)':>15}")
        for name, r in runs.items():
            print(f"{name:<38}{r['beam']:>5}{rate[name]:>9.2f}{cpu_rate[name]:>12.2f}{r['first']:>15.2f}"
                  f"{r['peak']:>10.0f}{r['peak'] - r['before']:>+15.0f}")
        for k, v in rounds.items():
            per_round = ", ".join(f"{len(sentences) / r['seconds']:.2f}" for r in v)
            print(f"  {k}: rounds {per_round} sent/s")
        base = rate["argostranslate translate() defaults"]
        best = rate["raw CTranslate2 batch (best)"]
        cbase = cpu_rate["argostranslate translate() defaults"]
        cbest = cpu_rate["raw CTranslate2 batch (best)"]
        print(f"\ntolmach mt / argos defaults: {rate['tolmach mt'] / base:.1f}x wall, "
              f"{cpu_rate['tolmach mt'] / cbase:.1f}x per CPU second (goal >= 10x)")
        print(f"tolmach mt / raw batch:      {rate['tolmach mt'] / best:.2f}x wall, "
              f"{cpu_rate['tolmach mt'] / cbest:.2f}x per CPU second (goal >= 0.9x)")
        print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
