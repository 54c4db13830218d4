"""Segmentation benchmark: pass rates per language and speed, pySBD alone vs tolmach, same process.

    python bench/segment/run.py [--flores DIR] [--docs N]

1. Golden cases (tests/data/segment/golden_*.json) and news cases (news_cases.json): cases whose split
   equals `expected` exactly.
2. FLORES-200 dev (optional, read from ../shared; never copied into the repo): consecutive lines of one
   article are joined with spaces and split again. A FLORES line may hold several sentences, so splits
   inside a line are not all errors; a lost line boundary always is.
3. Speed in sentences per second on the same texts: distinct texts with tolmach's cache cold, and N
   copies of the example article (what `tolmach translate` over many similar documents sees).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import pysbd  # noqa: E402

from pipeline import languages, segment  # noqa: E402

LANGS = ["en", "pl", "ru", "be", "uk"]
FLORES_FILES = {"en": "eng_Latn", "pl": "pol_Latn", "ru": "rus_Cyrl", "be": "bel_Cyrl", "uk": "ukr_Cyrl"}
DATA = REPO / "tests" / "data" / "segment"
EXAMPLE = REPO / "examples" / "belarus-political-prisoners.en.txt"

Splitter = Callable[[str], list[tuple[int, int]]]


def pysbd_alone(lang: str) -> Splitter:
    """pySBD as it comes (Russian rules for Belarusian and Ukrainian), spans trimmed like tolmach's."""
    seg = pysbd.Segmenter(language=languages.get(lang).segmentation.pysbd, clean=False, char_span=True)

    def split(text: str) -> list[tuple[int, int]]:
        out = []
        for span in seg.segment(text):
            chunk = span.sent
            start = span.start + len(chunk) - len(chunk.lstrip())
            end = span.end - (len(chunk) - len(chunk.rstrip()))
            if start < end:
                out.append((start, end))
        return out

    return split


def tolmach(lang: str) -> Splitter:
    return lambda text: segment.split_spans(text, lang)


def golden_passes(lang: str, split: Splitter) -> tuple[int, int]:
    cases = json.loads((DATA / f"golden_{lang}.json").read_text(encoding="utf-8"))["cases"]
    passed = sum([c["text"][s:e] for s, e in split(c["text"])] == c["expected"] for c in cases)
    return passed, len(cases)


def flores_articles(flores: Path, lang: str) -> list[list[str]]:
    urls = [row.split("\t")[0] for row in (flores / "metadata_dev.tsv").read_text().splitlines()[1:]]
    lines = (flores / f"{FLORES_FILES[lang]}.txt").read_text(encoding="utf-8").splitlines()
    rows = itertools.groupby(zip(urls, lines, strict=True), key=lambda row: row[0])
    return [[line.strip() for _, line in group] for _, group in rows]


def flores_check(articles: list[list[str]], split: Splitter) -> dict[str, int]:
    """Line boundaries kept, articles reproduced exactly, extra splits inside lines."""
    kept = total = exact = extra = 0
    for lines in articles:
        text = " ".join(lines)
        bounds = set(itertools.accumulate(len(line) + 1 for line in lines[:-1]))
        bounds = {b - 1 for b in bounds}  # end of each line but the last
        found = {end for _, end in split(text)[:-1]}
        kept += len(bounds & found)
        total += len(bounds)
        extra += len(found - bounds)
        exact += found == bounds
    return {"kept": kept, "boundaries": total, "exact": exact, "articles": len(articles), "extra": extra}


def compare_speed(baseline: Splitter, ours: Splitter, texts: Sequence[str], runs: int = 3,
                  before_ours: Callable[[], None] = lambda: None) -> tuple[float, float, int]:
    """Sentences/second of both, best of `runs`, runs interleaved so that load on the shared machine
    hits both alike."""
    best = [float("inf"), float("inf")]
    count = 0
    for _ in range(runs):
        for i, split in enumerate((baseline, ours)):
            if i == 1:
                before_ours()
            start = time.perf_counter()
            count = sum(len(split(t)) for t in texts)
            best[i] = min(best[i], time.perf_counter() - start)
    return count / best[0], count / best[1], count


def find_flores(given: str | None) -> Path | None:
    candidates = [Path(given)] if given else [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for base in candidates:
        for path in (base, base / "data" / "flores200-dev"):
            if (path / "metadata_dev.tsv").exists():
                return path
    return None


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flores", help="FLORES-200 dev directory (default: ../shared/data/flores200-dev)")
    parser.add_argument("--docs", type=int, default=1000, help="copies of the example article to segment")
    args = parser.parse_args(argv)

    print("Golden cases (exact list equality per case)")
    print(f"  {'lang':5} {'pySBD alone':>14} {'tolmach':>14}")
    for lang in LANGS:
        base_pass, ours_pass = golden_passes(lang, pysbd_alone(lang)), golden_passes(lang, tolmach(lang))
        print(f"  {lang:5} {base_pass[0]:>6}/{base_pass[1]:<3} {100 * base_pass[0] / base_pass[1]:3.0f}%"
              f" {ours_pass[0]:>6}/{ours_pass[1]:<3} {100 * ours_pass[0] / ours_pass[1]:3.0f}%")

    news = json.loads((DATA / "news_cases.json").read_text(encoding="utf-8"))["cases"]
    print("\nNews cases (tests/data/segment/news_cases.json: issue 2's English cases, pl and ru news)")
    for lang, cases in news.items():
        scores = [sum([c["text"][s:e] for s, e in split(c["text"])] == c.get("expected", [c["text"]])
                      for c in cases) for split in (pysbd_alone(lang), tolmach(lang))]
        print(f"  {lang:5} {scores[0]:>6}/{len(cases):<3} {100 * scores[0] / len(cases):3.0f}%"
              f" {scores[1]:>6}/{len(cases):<3} {100 * scores[1] / len(cases):3.0f}%")

    flores = find_flores(args.flores)
    distinct: dict[str, list[str]] = {}
    if flores is None:
        print("\nFLORES-200 dev not found (--flores DIR); speed uses the golden texts only")
    else:
        print(f"\nFLORES-200 dev ({flores}): articles re-split after joining their lines")
        print(f"  {'lang':5} {'':9} {'line boundaries kept':>22} {'articles exact':>16}"
              f" {'splits inside lines':>20}")
        for lang in LANGS:
            articles = flores_articles(flores, lang)
            distinct[lang] = [" ".join(lines) for lines in articles]
            for name, split in (("pySBD", pysbd_alone(lang)), ("tolmach", tolmach(lang))):
                r = flores_check(articles, split)
                kept = 100 * r["kept"] / r["boundaries"]
                print(f"  {lang:5} {name:9} {r['kept']:>9}/{r['boundaries']} {kept:5.1f}%"
                      f" {r['exact']:>9}/{r['articles']} {r['extra']:>14}")

    print("\nSpeed on distinct texts (tolmach's cache cleared before each run), sentences/second, best of 3")
    for lang in LANGS:
        golden = json.loads((DATA / f"golden_{lang}.json").read_text(encoding="utf-8"))["cases"]
        texts = distinct.get(lang) or [c["text"] for c in golden]
        base, ours, n = compare_speed(pysbd_alone(lang), tolmach(lang), texts,
                                      before_ours=segment._cached_spans.cache_clear)
        print(f"  {lang:5} pySBD {base:8.0f}   tolmach {ours:8.0f}   ratio x{ours / base:.2f}"
              f"   ({n} sentences by tolmach)")

    paragraphs = [p.strip() for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts = paragraphs * args.docs
    segment._cached_spans.cache_clear()
    base, ours, n = compare_speed(pysbd_alone("en"), tolmach("en"), texts, runs=1)
    print(f"\n{args.docs} copies of the example article ({len(paragraphs)} paragraphs, {n} sentences), en:")
    print(f"  pySBD {base:8.0f}   tolmach {ours:8.0f}   ratio x{ours / base:.1f}")
    print(f"  tolmach's span cache: {segment._cached_spans.cache_info()}")


if __name__ == "__main__":
    main()
