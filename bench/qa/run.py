"""QA checks over 100,000 catalog entries per language: entries/s per check and in total, with baselines
measured in the same run (Translate Toolkit's pofilter on the same catalogs; the glossary rules when a
glossary is available).

    python bench/qa/run.py                      # 100,000 entries per language
    python bench/qa/run.py --entries 20000 --pofilter-sample 2000

Entries are real sentence pairs (FLORES-200 dev, first 200 lines, bench/qa/data) with their numbers
varied, and about 6 % carry the defects the checks look for (English number format,
stripped Polish diacritics, Russian letters in Belarusian, Latin look-alikes, straight quotes, double
spaces, repeated words). pofilter is slow, so it runs on the first N entries of each catalog and its
rate is compared per entry. The 200 pairs repeat, so the memoisation of sentence spans and number
parses is switched off for the run (a real catalog repeats far less); the Polish dictionary's per-word
verdicts stay memoised, and their cold rate is printed separately.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import polib  # noqa: E402

from pipeline.checks import load_checks  # noqa: E402
from pipeline.checks.registry import CheckContext, EntryUnderCheck  # noqa: E402
from pipeline.checks.runner import CheckSettings, run  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.glossary import project_glossary  # noqa: E402

LANGS = ("pl", "be", "ru")
DATA = Path(__file__).parent / "data"
NUMBER_RE = re.compile(r"\d+")
POFILTER_TESTS = ("numbers", "urls", "emails", "doublespacing", "doublewords", "endpunc", "brackets",
                  "startwhitespace", "endwhitespace", "newlines", "unchanged", "blank", "xmltags",
                  "sentencecount", "doublequoting", "long", "short")
ASCII_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def _defect(lang: str, text: str, rng: random.Random) -> str:
    """One typical MT or typing defect for `lang`."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    kind = rng.randrange(5)
    if kind == 0:
        return text.replace("„", '"').replace("”", '"').replace("«", '"').replace("»", '"') + ' "'
    if kind == 1:
        words[i] = words[i] + " "
    elif kind == 2:
        words.insert(i, words[i])
    elif lang == "pl":
        return text.translate(ASCII_FOLD) if kind == 3 else text + " 1,500"
    elif lang == "be":
        words[i] = words[i].replace("і", "и", 1) if kind == 3 else words[i].replace("а", "a", 1)
    else:
        words[i] = words[i].replace("о", "o", 1) if kind == 3 else words[i].replace("и", "і", 1)
    return " ".join(words)


def _shift_numbers(text: str, shift: int) -> str:
    return NUMBER_RE.sub(lambda m: str(int(m.group()) + shift), text)


def make_entries(count: int, seed: int = 6) -> dict[str, list[tuple[str, str]]]:
    """lang -> (msgid, msgstr) pairs: FLORES pairs cycled, numbers varied in step, some defects."""
    source = (DATA / "flores200-dev-200.en.txt").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, str]]] = {}
    for lang in LANGS:
        target = (DATA / f"flores200-dev-200.{lang}.txt").read_text(encoding="utf-8").splitlines()
        pairs = []
        for i in range(count):
            msgid, msgstr = source[i % len(source)], target[i % len(target)]
            numbers = NUMBER_RE.findall(msgid)
            if numbers and NUMBER_RE.findall(msgstr) == numbers:
                msgid, msgstr = _shift_numbers(msgid, i // len(source)), _shift_numbers(msgstr, i // len(source))
            if rng.random() < 0.06:
                msgstr = _defect(lang, msgstr, rng)
            pairs.append((msgid, msgstr))
        out[lang] = pairs
    return out


def write_catalogs(root: Path, entries: dict[str, list[tuple[str, str]]], per_file: int) -> dict[str, list[Path]]:
    """One catalog per `per_file` entries, as a project has one catalog per document."""
    paths: dict[str, list[Path]] = {}
    for lang, pairs in entries.items():
        directory = root / lang / "LC_MESSAGES"
        directory.mkdir(parents=True)
        paths[lang] = []
        for start in range(0, len(pairs), per_file):
            po = polib.POFile(wrapwidth=78)
            po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
            for i, (msgid, msgstr) in enumerate(pairs[start:start + per_file], start):
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=f"e{i}"))
            path = directory / f"doc-{start // per_file:04d}.po"
            po.save(str(path))
            paths[lang].append(path)
    return paths


def without_memoisation() -> None:
    """Replace memoised helpers by their plain functions, so repeated bench sentences cost what new ones do."""
    import pipeline.checks.qa_numbers as qa_numbers
    import pipeline.checks.runner as runner
    import pipeline.segment as segment

    segment._cached_spans = segment._cached_spans.__wrapped__  # type: ignore[assignment]
    qa_numbers._parse = qa_numbers._parse.__wrapped__  # type: ignore[assignment]
    runner.VERDICT_MEMO_LIMIT = 0  # every entry judged, even one that repeats an earlier one


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pofilter_rate(paths: dict[str, list[Path]], sample: int, root: Path) -> tuple[float, int]:
    """Entries/s of pofilter with the tests tolmach shares, on the first catalogs of each language
    (at least `sample` entries per language)."""
    seconds, entries = 0.0, 0
    for lang, files in paths.items():
        count, chosen = 0, []
        for path in files:
            if count >= sample:
                break
            chosen.append(path)
            count += len(polib.pofile(str(path)))
        part = root / f"pofilter-{lang}"
        part.mkdir()
        for path in chosen:
            shutil.copy(path, part / path.name)
        command = [sys.executable, "-m", "translate.filters.pofilter", "--progress=none", f"--language={lang}",
                   *(f"--test={t}" for t in POFILTER_TESTS), str(part), str(root / f"pofilter-{lang}.out")]
        seconds += timed(lambda c=command: subprocess.run(c, check=True, capture_output=True))  # type: ignore[misc]
        entries += count
    return entries / seconds, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="entries per language")
    parser.add_argument("--pofilter-sample", type=int, default=5_000, help="entries per language for pofilter")
    parser.add_argument("--per-file", type=int, default=500, help="entries per catalog (one catalog per document)")
    args = parser.parse_args()

    checks = load_checks()
    without_memoisation()
    entries = make_entries(args.entries)
    units = [EntryUnderCheck(Path("bench.po"), i, lang, "en", msgid, msgstr)
             for lang, pairs in entries.items() for i, (msgid, msgstr) in enumerate(pairs)]
    context = CheckContext()
    config = load_config(REPO)
    context.glossary = project_glossary(config.path(config.glossary))  # the project's: the glossary rules run
    glossary_note = "" if context.glossary is not None else " (no project glossary: glossary rules not measured)"

    from pipeline.checks.qa_script import polish_spelling

    load_seconds = timed(lambda: polish_spelling(context, "pl"))
    print(f"# QA checks: {args.entries:,} entries × {len(LANGS)} languages = {len(units):,} entries\n")
    print(f"Polish Hunspell dictionary (libhunspell) loaded once in {load_seconds:.1f} s")
    # Every verdict on a word is memoised; the bench cycles 200 sentences, so show the cold rate too.
    distinct = [u for u in units if u.lang == "pl"][:200]
    spelling = polish_spelling(context, "pl")
    assert spelling is not None
    cold = timed(lambda: [list(checks["polish-diacritics"].function(u, context)) for u in distinct])
    spelling.verdicts.clear()
    print(f"polish-diacritics on {len(distinct)} distinct sentences, nothing memoised: "
          f"{len(distinct) / cold:,.0f} entries/s\n")
    print("| check | category | findings | seconds | entries/s |")
    print("|---|---|---:|---:|---:|")
    per_category: dict[str, float] = {}
    for check in sorted(checks.values(), key=lambda c: (c.category, c.name)):
        if check.category == "glossary" and context.glossary is None:
            continue
        found = 0

        def apply(check=check) -> None:  # type: ignore[no-untyped-def]
            nonlocal found
            for unit in units:
                found += len(list(check.function(unit, context)))

        seconds = timed(apply)
        per_category[check.category] = per_category.get(check.category, 0.0) + seconds
        print(f"| {check.name} | {check.category} | {found:,} | {seconds:.2f} | {len(units) / seconds:,.0f} |")
    qa_seconds = sum(s for c, s in per_category.items() if c != "glossary")
    print(f"| **all QA checks** | | | {qa_seconds:.2f} | {len(units) / qa_seconds:,.0f} |")
    if "glossary" in per_category:
        g = per_category["glossary"]
        print(f"| **all glossary rules** (baseline) | | | {g:.2f} | {len(units) / g:,.0f} |")
    print()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_catalogs(root, entries, args.per_file)
        files = [p for ps in paths.values() for p in ps]
        report = None

        def whole() -> None:
            nonlocal report
            report = run(files, context, CheckSettings())

        total = timed(whole)
        assert report is not None
        print(f"`tolmach check` runner (parse {len(files)} .po files of {args.per_file} entries + every check): "
              f"{total:.1f} s, "
              f"{len(units) / total:,.0f} entries/s, {report.errors:,} errors, {report.warnings:,} warnings")
        rate, sampled = pofilter_rate(paths, args.pofilter_sample, root)
        ours = len(units) / total
        print(f"pofilter baseline ({len(POFILTER_TESTS)} shared tests, {sampled:,} entries): {rate:,.0f} entries/s; "
              f"tolmach runner / pofilter = {ours / rate:.1f}×{glossary_note}")


if __name__ == "__main__":
    main()
