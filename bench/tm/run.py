"""Translation-memory benchmark: build time and lookups per second with 1,000,000 synthetic entries.

    /work/venv/bin/python bench/tm/run.py [--entries 1000000] [--queries 500]

Sentences are 8-24 words drawn from a Zipf-distributed vocabulary of 60,000 made-up words (so word
frequencies look like a language's). Queries: stored sentences (exact), stored sentences with one or
two words changed (fuzzy, should be found at >= 75%), and unseen sentences (misses). The baseline,
run in the same process, is a plain scan with difflib over a 10,000-entry slice, extrapolated.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.tm import TMUnit, TranslationMemory

DATE = "2026-01-01T00:00:00Z"
SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["str", "pl", "kr", "sh", "th"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class SentenceMaker:
    def __init__(self, rng: random.Random, vocab: list[str]) -> None:
        self.rng, self.vocab = rng, vocab
        weights = [1 / (rank + 1) for rank in range(len(vocab))]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def word(self) -> str:
        import bisect

        return self.vocab[min(bisect.bisect(self.cum, self.rng.random()), len(self.vocab) - 1)]

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(8, 24))]
        return " ".join(words).capitalize() + "."

    def edit(self, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        for _ in range(self.rng.randint(1, 2)):
            words[self.rng.randrange(len(words))] = self.word()
        return " ".join(words) + "."


def rate(fn, queries: list[str]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    found = sum(1 for q in queries if fn(q) is not None)
    return len(queries) / (time.perf_counter() - start), found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=500)
    a = ap.parse_args()
    rng = random.Random(5)
    maker = SentenceMaker(rng, vocabulary(rng, 60_000))
    with tempfile.TemporaryDirectory(prefix="tolmach-tm-bench-") as tmp:
        path = Path(tmp) / "tm.sqlite"
        stored: list[str] = []
        start = time.perf_counter()
        with TranslationMemory(path) as tm:
            batch = 20_000
            for lo in range(0, a.entries, batch):
                units = []
                for _ in range(min(batch, a.entries - lo)):
                    s = maker.sentence()
                    stored.append(s)
                    units.append(TMUnit(s, s.upper(), "en", "pl", "human", True, "bench", DATE))
                tm.add(units)
                tm.db.commit()
        build = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        print(f"{a.entries:,} entries built in {build:.1f} s ({a.entries / build:,.0f} entries/s), "
              f"{size_mb:,.0f} MB on disk")
        exact_q = rng.sample(stored, a.queries)
        fuzzy_q = [maker.edit(s) for s in rng.sample(stored, a.queries)]
        miss_q = [maker.sentence() for _ in range(a.queries)]
        with TranslationMemory(path, create=False) as tm:
            print(f"{'query':<26}{'lookups/s':>11}{'found':>8}")
            for name, fn, qs in (
                ("exact (hash index)", lambda q: tm.exact(q, "en", "pl"), exact_q),
                ("fuzzy, edited sentence", lambda q: tm.fuzzy(q, "en", "pl"), fuzzy_q),
                ("fuzzy, unseen sentence", lambda q: tm.fuzzy(q, "en", "pl"), miss_q),
            ):
                per_s, found = rate(fn, qs)
                print(f"{name:<26}{per_s:>11,.0f}{found:>5}/{len(qs)}")
            fuzzy_rate, _ = rate(lambda q: tm.fuzzy(q, "en", "pl"), fuzzy_q[:50])
        slice_ = stored[:10_000]

        def scan(q: str) -> str | None:
            m = SequenceMatcher(None, autojunk=False)
            m.set_seq2(q)
            best = None
            for s in slice_:
                m.set_seq1(s)
                if m.real_quick_ratio() >= 0.75 and m.quick_ratio() >= 0.75 and m.ratio() >= 0.75:
                    best = s
            return best

        scan_rate, _ = rate(scan, fuzzy_q[:20])
        scan_full = scan_rate * len(slice_) / a.entries
        print(f"baseline: difflib scan of 10,000 entries {scan_rate:,.1f} lookups/s -> "
              f"{scan_full:,.3f}/s at {a.entries:,}; the index is {fuzzy_rate / scan_full:,.0f}x faster")


if __name__ == "__main__":
    main()
