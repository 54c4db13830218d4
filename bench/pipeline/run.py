"""Extract + update + build over many example-size documents for pl, be, ru; shows how time grows.

    python bench/pipeline/run.py                 # 100, 1000 documents
    python bench/pipeline/run.py --sizes 100,1000,10000

Each document is the bundled example with its numbers changed, so every one is distinct but of the
same size. The report gives seconds, documents/s, and the growth ratio against the smallest size run in
the same process: linear scaling means time ratio ≈ size ratio.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.config import Config  # noqa: E402
from pipeline.jobs import build_job, extract_job, update_job  # noqa: E402

LANGS = ("pl", "be", "ru")


def make_documents(root: Path, count: int) -> list[Path]:
    text = (REPO / "examples" / "belarus-political-prisoners.en.txt").read_text(encoding="utf-8")
    rng = random.Random(count)
    docs = []
    for i in range(count):
        variant = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 999)), text)
        path = root / f"story-{i:05d}.en.txt"
        path.write_text(f"Story {i}\n\n{variant}", encoding="utf-8")
        docs.append(path)
    return docs


def run(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docs = make_documents(root, count)
        config = Config(root=root, languages=LANGS)
        start = time.perf_counter()
        for path in docs:
            prepared, template, _ = extract_job(path, config)
            for lang in LANGS:
                update_job(template, lang, config)
                build_job(prepared, lang, config, use_fuzzy=False, strict=False)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000")
    sizes = [int(x) for x in parser.parse_args().sizes.split(",")]
    results = []
    print(f"{'documents':>10} {'seconds':>9} {'docs/s':>8} {'size ratio':>11} {'time ratio':>11}")
    for n in sizes:
        seconds = run(n)
        results.append((n, seconds))
        base_n, base_s = results[0]
        print(f"{n:>10} {seconds:>9.1f} {n / seconds:>8.1f} {n / base_n:>11.1f} {seconds / base_s:>11.2f}",
              flush=True)


if __name__ == "__main__":
    main()
