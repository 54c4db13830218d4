"""How fast each reader turns the bundled example into units and back, relative to the plain-text reader.

Run: python bench/readers.py [ROUNDS]. Reports per-document times for read and for render (a build with
every unit kept as is), and the ratio against the text reader measured in the same process.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.documents import ReadOptions, reader_for, render_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILES = {"text": "belarus-political-prisoners.en.txt", "markdown": "belarus-political-prisoners-md.en.md",
         "html": "belarus-political-prisoners-html.en.html"}


def measure(path: Path, rounds: int) -> tuple[float, float, int]:
    source = path.read_bytes()
    reader = reader_for(path)
    start = time.perf_counter()
    for _ in range(rounds):
        doc = reader.read(path, source, ReadOptions())
    read_s = (time.perf_counter() - start) / rounds
    texts = [u.text for u in doc.units]
    start = time.perf_counter()
    for _ in range(rounds):
        render_document(doc, texts)
    return read_s, (time.perf_counter() - start) / rounds, len(doc.units)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    results = {fmt: measure(EXAMPLES / name, rounds) for fmt, name in FILES.items()}
    base_read, base_render, _ = results["text"]
    print(f"{'format':<10}{'units':>6}{'read ms':>10}{'x text':>8}{'render ms':>11}{'x text':>8}")
    for fmt, (read_s, render_s, units) in results.items():
        print(f"{fmt:<10}{units:>6}{read_s * 1e3:>10.2f}{read_s / base_read:>8.1f}"
              f"{render_s * 1e3:>11.3f}{render_s / base_render:>8.1f}")


if __name__ == "__main__":
    main()
