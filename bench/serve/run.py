"""`tolmach serve` under 1, 8 and 32 concurrent clients against `tolmach mt` on the same model, in one run.

    python bench/serve/run.py                       # 240 FLORES sentences, 1, 8 and 32 clients
    python bench/serve/run.py --sentences 480 --rounds 3 --clients 1,4,16,64
    python bench/serve/run.py --per-request 8       # JSON lists of 8 strings, as Weblate 5 posts them

The model is built offline as bench/mt and bench/ray build theirs: the real argos architecture (6+6 layers,
d_model 512) with random int8 weights, output capped at --cap tokens, so the engines do a real model's work
(the 2-layer model the tests train knows 30 sentences only). The baseline is `tolmach mt`'s drafting stage
(`drafts.run_mt`: catalog in, masks, batches, cache, catalog out) with the model already loaded. The server
is `tolmach serve` in its own process (models loaded at start, not timed), each client a thread posting one
sentence per request as a form, as libretranslatepy and older Weblate do, one after the other; every
client's sentences are its share of the same list. Each run starts from an empty draft cache, rounds are
interleaved, the best round of each counts. Reported: sentences/s and the ratio to `tolmach mt`;
concurrent clients (8 and more) must reach 0.8x (the verdict is printed; the exit status is 0).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from bench.ray.run import DEFAULT_DATA, draft, load_sentences, write_project  # noqa: E402

# FLORES-200 dev beside the clone (as CI has it) for enough sentences without numbers; else the repo's excerpt
SHARED_DATA = REPO.parent / "shared" / "data" / "flores200-dev" / "eng_Latn.txt"

TARGET = 0.8  # concurrent clients against `tolmach mt`'s batch throughput


def warm_loader() -> Callable[..., Any]:
    """The in-process loader, keeping each engine once loaded: `tolmach mt` is timed without loading models,
    as the server is."""
    from pipeline.mt.backends import load_engine

    engines: dict[str, Any] = {}

    def load(step: Any, settings: Any) -> Any:
        if step.key not in engines:
            engines[step.key] = load_engine(step, settings)
            engines[step.key].translate(["Test."])
        return engines[step.key]

    return load


def start_server(project: Path, cache: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`tolmach serve` on a free loopback port with an empty cache; returns once it listens."""
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", "0", "--cache-dir",
                                    str(cache)], cwd=project, stderr=out, stdout=subprocess.DEVNULL,
                                   env={**os.environ, "PYTHONPATH": str(REPO)})
    while True:
        text = log.read_text(encoding="utf-8", errors="replace")
        if "listening on " in text:
            return process, text.split("listening on ")[1].split()[0]
        if process.poll() is not None:
            raise RuntimeError(f"tolmach serve ended (exit {process.returncode}):\n{text}")
        time.sleep(0.05)


def clients(url: str, sentences: Sequence[str], n: int, per_request: int = 1) -> float:
    """Seconds for `n` clients to have every sentence translated, each posting its share `per_request` texts
    at a time."""
    shares = [list(sentences[i::n]) for i in range(n)]
    failures: list[str] = []

    def client(share: list[str]) -> None:
        for start in range(0, len(share), per_request):
            texts = share[start:start + per_request]
            if per_request == 1:
                data, headers = urlencode({"q": texts[0], "source": "en", "target": "pl"}).encode(), {}
            else:
                data = json.dumps({"q": texts, "source": "en", "target": "pl"}).encode()
                headers = {"Content-Type": "application/json"}
            request = urllib.request.Request(f"{url}/translate", data=data, headers=headers)
            with urllib.request.urlopen(request, timeout=600) as r:
                answer = json.loads(r.read())["translatedText"]
            failures.extend(t for t, a in zip(texts, answer if per_request > 1 else [answer], strict=True) if not a)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    assert not failures, f"{len(failures)} sentence(s) without a translation"
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED_DATA if SHARED_DATA.is_file() else DEFAULT_DATA,
                        help="English sentences, one per line (default: ../shared's FLORES-200 dev, else the "
                        "repository's excerpt)")
    parser.add_argument("--sentences", type=int, default=240)
    parser.add_argument("--cap", type=int, default=40, help="output tokens per sentence")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, comma-separated")
    parser.add_argument("--vocab", type=int, default=32000, help="SentencePiece vocabulary of the model")
    parser.add_argument("--per-request", type=int, default=1,
                        help="texts per request: 1 posts forms (libretranslatepy, older Weblate), more posts JSON "
                        "lists (Weblate 5 sends a unit's strings, or a batch of units, as one list)")
    args = parser.parse_args()
    levels = [int(x) for x in args.clients.split(",")]

    import argosbuild

    from pipeline.mt import packages

    sentences = load_sentences(args.data, args.sentences)
    work = Path(tempfile.mkdtemp(prefix="tolmach-bench-serve-"))
    best: dict[str, float] = {}
    try:
        archive = argosbuild.random_package(work / "build", vocab_size=args.vocab, extra_text=sentences)
        packages.install(archive, work / "pk")
        project = write_project(work / "served", sentences)
        (project / "tolmach.toml").write_text(
            f'languages = ["pl"]\n[mt]\npackages_dir = "{work / "pk"}"\nbeam_size = 2\n'
            f"max_decoding_length = {args.cap}\n", encoding="utf-8")
        loader = warm_loader()
        for r in range(args.rounds):
            root = write_project(work / f"mt-{r}", sentences)
            seconds, translated, _ = draft(root, work / "pk", root / "cache", args.cap, loader)
            assert translated == len(sentences), translated
            best["mt"] = min(best.get("mt", seconds), seconds)
            for n in levels:
                process, url = start_server(project, work / f"cache-{r}-{n}", work / f"serve-{r}-{n}.log")
                try:
                    seconds = clients(url, sentences, n, args.per_request)
                finally:
                    process.send_signal(signal.SIGTERM)
                    code = process.wait(120)
                assert code == 0, f"tolmach serve exited {code}"
                best[f"serve-{n}"] = min(best.get(f"serve-{n}", seconds), seconds)
        batches = {n: (work / f"serve-{args.rounds - 1}-{n}.log").read_text().count(" done: ") for n in levels}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    count = len(sentences)
    rate = {k: count / v for k, v in best.items()}
    print(f"{count} sentences, argos-architecture model (random weights), output capped at {args.cap} tokens, "
          f"beam 2, best of {args.rounds} interleaved rounds; {args.per_request} text(s) per request")
    print(f"tolmach mt          {rate['mt']:7.1f} sentences/s  (one batch stage, model loaded)")
    for n in levels:
        ratio = rate[f"serve-{n}"] / rate["mt"]
        verdict = ""
        if n >= 8:
            verdict = f"(target {TARGET}x: {'met' if ratio >= TARGET else 'NOT MET'})"
        print(f"serve, {n:2d} client(s) {rate[f'serve-{n}']:7.1f} sentences/s  = {ratio:.2f}x mt; "
              f"{batches[n]} engine batch(es) for {-(-count // args.per_request)} requests {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
