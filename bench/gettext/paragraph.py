"""Extract time and template size for one long paragraph against the same sentences as paragraphs.

    python bench/gettext/paragraph.py                      # 500, 1000, 1500 sentences
    python bench/gettext/paragraph.py --sizes 1500 --repo PATH   # PATH: another checkout (before/after)

Each `#.` comment carries the entry's paragraph context. With the whole paragraph in every comment a
paragraph of n sentences costs n² (issue 16: 45 s and 124 MB for 1,500 sentences); bounded to the
neighbouring sentences it is linear. The baseline, in the same run, is the same sentences one paragraph
each; the ratio long/split should stay flat as the size grows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Minsk", "Brest", "Hrodna", "Vitebsk", "Mogilev", "Gomel", "Pinsk", "Lida", "Barysau", "Orsha"]


def sentences(n: int) -> list[str]:
    return [f"Report {i} says that {3 + i % 17} people were detained in {PLACES[i % len(PLACES)]} on day {i}."
            for i in range(n)]


def extract_once(root: Path, name: str, text: str) -> tuple[float, float, int]:
    """(seconds reading and segmenting, seconds making and writing the template, template bytes)."""
    from pipeline.config import Config
    from pipeline.jobs import prepare
    from pipeline.po import read, template
    from pipeline.workspace import Workspace, save_catalog

    doc = root / f"{name}.en.txt"
    doc.write_text(text, encoding="utf-8")
    config = Config(root=root)
    start = time.perf_counter()
    prepared = prepare(doc, config)
    segmented = time.perf_counter()
    pot = template.extract(prepared.doc.name, prepared.ref, prepared.segments, [u.text for u in prepared.doc.units],
                          {})
    target = Workspace(config).paths.template(prepared.doc.name)
    save_catalog(pot, target)
    done = time.perf_counter()
    assert read.load(target)
    return segmented - start, done - segmented, target.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,1500")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    print("one paragraph vs one paragraph per sentence; segment = read + pySBD, template = extract + write")
    print(f"{'sentences':>9} | {'segment':>8} {'template':>8} {'size':>8} | {'segment':>8} {'template':>8} "
          f"{'size':>8} | {'template time':>13} {'size':>6}")
    for n in (int(x) for x in args.sizes.split(",")):
        parts = sentences(n)
        with tempfile.TemporaryDirectory() as tmp:
            long_s, long_t, long_b = extract_once(Path(tmp), "long", " ".join(parts) + "\n")
            split_s, split_t, split_b = extract_once(Path(tmp), "split", "\n\n".join(parts) + "\n")
        print(f"{n:>9} | {long_s:>7.2f}s {long_t:>7.3f}s {long_b / 1e6:>6.2f}MB | {split_s:>7.2f}s {split_t:>7.3f}s "
              f"{split_b / 1e6:>6.2f}MB | {long_t / split_t:>12.2f}x {long_b / split_b:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
