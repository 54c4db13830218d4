"""Glossary-error rate of MT drafts, before and after glossary protection, measured by `tolmach check`.

    python bench/mt/glossary.py

The one real MT engine on these machines without downloaded models is Apertium rus-bel, so this drafts
Belarusian from Russian news sentences naming people and places in the project glossary
(bench/mt/glossary-ru.txt, written for this benchmark): once with `tolmach mt --no-glossary`, once with
`tolmach mt` (names masked and restored as the pinned term, forbidden variants repaired), and counts
glossary-missing and glossary-forbidden findings of `tolmach check --include-fuzzy` per entry.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def findings(project: Path) -> tuple[Counter[str], int]:
    from pipeline.cli import main

    report = project / "check.json"
    main(["-C", str(project), "check", "--include-fuzzy", "--format", "json", "-o", str(report)])
    data = json.loads(report.read_text(encoding="utf-8"))
    rules = Counter(f["rule"] for f in data["findings"] if f["rule"] in ("glossary-missing", "glossary-forbidden"))
    entries = {(f["file"], f["line"]) for f in data["findings"]
               if f["rule"] in ("glossary-missing", "glossary-forbidden")}
    return rules, len(entries)


def main() -> int:
    from pipeline.cli import main as tolmach

    work = Path(tempfile.mkdtemp(prefix="tolmach-bench-glossary-"))
    try:
        shutil.copytree(REPO / "glossary", work / "glossary")
        shutil.copy(Path(__file__).with_name("glossary-ru.txt"), work / "news.txt")
        (work / "tolmach.toml").write_text('source_lang = "ru"\nlanguages = ["be"]\n[mt]\npackages_dir = "pk"\n'
                                           'cache_dir = "cache"\n', encoding="utf-8")
        os.chdir(work)
        assert tolmach(["extract", "news.txt"]) == 0
        po = work / "locales" / "be" / "LC_MESSAGES" / "news.po"
        results = {}
        for label, flags in (("before (plain Apertium draft)", ["--no-glossary"]), ("after (protected)", [])):
            po.unlink(missing_ok=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
            assert tolmach(["update", "--lang", "be"]) == 0
            assert tolmach(["mt", "--lang", "be", *flags]) == 0
            results[label] = findings(work)
            if not flags:
                shutil.copy(po, Path(tempfile.gettempdir()) / "tolmach-glossary-drafts.be.po")
        from pipeline.po import read

        n = len([e for e in read.load(po) if not e.obsolete])
        print(f"\n{n} entries, ru→be with apertium rus-bel, glossary {REPO / 'glossary'}")
        print(f"{'drafts':<32}{'missing':>9}{'forbidden':>11}{'errors/entry':>14}{'entries with errors':>21}")
        for label, (rules, entries) in results.items():
            total = rules["glossary-missing"] + rules["glossary-forbidden"]
            print(f"{label:<32}{rules['glossary-missing']:>9}{rules['glossary-forbidden']:>11}{total / n:>14.2f}"
                  f"{entries:>16} / {n}")
        print(f"protected drafts kept in {Path(tempfile.gettempdir()) / 'tolmach-glossary-drafts.be.po'}")
    finally:
        os.chdir(REPO)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
