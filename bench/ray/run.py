"""The Ray executor against the in-process path, in one run, on the same catalog and model.

    python bench/ray/run.py                                   # sentences from the repo's FLORES excerpt
    python bench/ray/run.py --data ../shared/data/flores200-dev/eng_Latn.txt --sentences 240 --rounds 2

Both paths draft the same catalog with the same argos-architecture model (6+6 layers, d_model 512, random
int8 weights, output capped at --cap tokens; see bench/mt/run.py), each with an empty draft cache, rounds
interleaved, beam 2 as `tolmach mt` defaults to (greedy search on random weights ends at
once). Ray runs locally (`--ray local`: one CPU actor per core). Reported: sentences/s of each, their
ratio, Ray's start-up, sentences/s per actor, and the cache hit rate of a re-run (every sentence from the
cache, nothing sent to an actor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
DEFAULT_DATA = REPO / "tests" / "data" / "flores" / "eng_Latn.txt"


def load_sentences(data: Path, n: int) -> list[str]:
    """Sentences without numbers, URLs or other masked spans: a random model loses masks, which would
    make every path translate twice."""
    from pipeline.mt.protect import mask

    lines = [x.strip() for x in data.read_text(encoding="utf-8").splitlines() if x.strip()]
    clean = [x for x in dict.fromkeys(lines) if mask(x, ()).text == x]
    return clean[:n]


def write_project(root: Path, sentences: list[str]) -> Path:
    from pipeline.po import write
    from pipeline.po.model import Catalog, Entry

    po_dir = root / "locales" / "pl" / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    (root / "tolmach.toml").write_text('languages = ["pl"]\n', encoding="utf-8")
    po = Catalog(wrapwidth=write.WRAP_WIDTH)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl"}
    for s in sentences:
        po.append(Entry(msgid=s, msgstr=""))
    po.save(str(po_dir / "bench.po"))
    return root


def draft(root: Path, packages_dir: Path, cache_dir: Path, cap: int, loader: Callable[..., object]
          ) -> tuple[float, int, int]:
    """Seconds, sentences translated, sentences found in the cache (every entry must get its draft)."""
    from pipeline.config import load_config
    from pipeline.mt.cache import DraftCache
    from pipeline.mt.drafts import run_mt
    from pipeline.mt.engines import EngineSettings
    from pipeline.workspace import workspace

    cache = DraftCache(cache_dir)
    t0 = time.perf_counter()
    try:
        with workspace(load_config(root)) as ws:
            [report] = run_mt(ws, ["pl"], packages_dir, cache, refresh=True,
                              settings=EngineSettings(beam_size=2, max_decoding_length=cap),
                              loader=loader)  # type: ignore[arg-type]
            ws.commit()
    finally:
        cache.close()
    assert report.failed == 0 and report.fallbacks == 0, report
    return time.perf_counter() - t0, report.translated, report.cached


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="English sentences, one per line")
    parser.add_argument("--sentences", type=int, default=240)
    parser.add_argument("--cap", type=int, default=40, help="output tokens per sentence")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import argosbuild
    import ray

    from pipeline.mt import packages
    from pipeline.mt.executors import RayExecutor, RaySettings, in_process

    sentences = load_sentences(args.data, args.sentences)
    work = Path(tempfile.mkdtemp(prefix="tolmach-bench-ray-"))
    try:
        archive = argosbuild.random_package(work / "build", extra_text=sentences)
        packages.install(archive, work / "pk")
        os.environ.setdefault("RAY_worker_niceness", "0")  # as `--ray local` does: workers at normal priority
        t0 = time.perf_counter()
        ray.init(include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                 configure_logging=False)
        startup = time.perf_counter() - t0
        executor = RayExecutor(RaySettings("auto"))
        best: dict[str, float] = {}
        for r in range(args.rounds):
            for name, loader in (("in-process", in_process), ("ray", executor)):
                root = write_project(work / f"{name}-{r}", sentences)
                seconds, translated, _ = draft(root, work / "pk", root / "cache", args.cap, loader)
                assert translated == len(sentences), (name, translated)
                best[name] = min(best.get(name, seconds), seconds)
        # a re-run of the last Ray project: every sentence is in its cache
        _, translated, cached = draft(work / f"ray-{args.rounds - 1}", work / "pk",
                                      work / f"ray-{args.rounds - 1}" / "cache", args.cap, executor)
        actors = sum(len(a) for a in executor.pools.values())
        executor.close()
        ray.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(sentences)
    rate = {k: n / v for k, v in best.items()}
    print(f"{n} sentences, output capped at {args.cap} tokens, best of {args.rounds} interleaved rounds")
    print(f"in-process      {rate['in-process']:7.1f} sentences/s")
    print(f"ray (local)     {rate['ray']:7.1f} sentences/s  = {rate['ray'] / rate['in-process']:.2f}x in-process; "
          f"{actors} actor(s), {rate['ray'] / max(actors, 1):.1f} sentences/s per actor")
    print(f"ray start-up    {startup:7.1f} s (once per run; with it: "
          f"{n / (best['ray'] + startup) / rate['in-process']:.2f}x in-process)")
    hit_rate = cached / max(cached + translated, 1)
    print(f"re-run          {cached}/{cached + translated} from the cache = hit rate {hit_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
