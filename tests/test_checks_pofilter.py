"""Translate Toolkit's pofilter and tolmach's QA checks on the same catalogs, for the checks both have.

Each case states which tool flags it; the reasons for every disagreement are in docs/checks.md
("Compared with pofilter"). A change in either tool that moves a verdict fails here and shows the
table of what changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline.checks.registry import CheckContext
from pipeline.checks.runner import CheckSettings, run

# pofilter test -> the tolmach checks that cover the same ground
SHARED: dict[str, tuple[str, ...]] = {
    "numbers": ("numbers",), "urls": ("urls",), "emails": ("emails",), "doublespacing": ("double-space",),
    "doublewords": ("repeated-word",), "endpunc": ("end-punctuation",), "brackets": ("brackets",),
    "startwhitespace": ("leading-whitespace",), "endwhitespace": ("trailing-whitespace",),
    "newlines": ("newlines",), "unchanged": ("untranslated",), "blank": ("empty",),
    "untranslated": (),  # an empty msgstr is a state tolmach counts (report, build --strict), not a finding
    "xmltags": ("markup", "placeholders"), "sentencecount": ("sentence-count",),
    "doublequoting": ("quote-pairs", "quote-style"), "long": ("length-ratio",), "short": ("length-ratio",),
}
BOTH, POFILTER, TOLMACH = "both", "pofilter only", "tolmach only"

# (lang, msgid, msgstr, {pofilter test: who flags it}); every shared test not named must flag nothing.
CASES: list[tuple[str, str, str, dict[str, str]]] = [
    # agreements
    ("pl", "See https://pap.pl/en/news.", "Zob. https://pap.pl/pl/news.", {"urls": BOTH}),
    ("pl", "He left.", "On  wyjechał.", {"doublespacing": BOTH}),
    ("pl", "In the prison.", "W w więzieniu.", {"doublewords": BOTH}),
    ("pl", "Is it true?", "Czy to prawda.", {"endpunc": BOTH}),
    ("pl", "Latushka (a former ambassador) spoke.", "Łatuszka (były ambasador przemawiał.", {"brackets": BOTH}),
    ("pl", "Hello.", " Cześć.", {"startwhitespace": BOTH}),
    ("be", "Hello.", "Прывітанне. ", {"endwhitespace": BOTH}),
    ("ru", "Line one\nline two", "Строка одна строка два", {"newlines": BOTH}),
    ("ru", "Prisoners are tortured.", "Prisoners are tortured.", {"unchanged": BOTH}),
    ("be", "Pavel Latushko", "Pavel Latushko", {"unchanged": BOTH}),
    ("ru", "Hello there.", " ", {"blank": BOTH}),
    ("be", "He left. She stayed.", "Ён з'ехаў, а яна засталася.", {"sentencecount": BOTH}),
    ("ru", "Belarus has 49 prisons.", "В Беларуси 48 тюрем.", {"numbers": BOTH}),
    ("be", "Write to info@example.org.", "Пішыце на info@example.by.", {"emails": BOTH}),
    ("pl", "Use <b>bold</b> here.", "Użyj pogrubienia tutaj.", {"xmltags": BOTH}),
    ("ru", "Fine.", "Хорошо.", {}),
    # deliberate differences
    ("pl", "About 1,500 prisoners earn 1.5 dollars.", "Około 1 500 więźniów zarabia 1,5 dolara.",
     {"numbers": POFILTER}),
    ("pl", "Around 1,500 people.", "Około 1,500 osób.", {"numbers": TOLMACH}),
    ("ru", "From 3 cents to 1.5 dollars.", "От 3 центов до 1.5 доллара.", {"numbers": TOLMACH}),
    ("pl", "Belarus has 3 prisons.", "Białoruś ma trzy więzienia.", {"numbers": POFILTER}),
    ("be", "Read <g1>the report</g1>.", "Прачытайце справаздачу</g1>.", {"numbers": POFILTER, "xmltags": BOTH}),
    ("pl", "He said: “No.”", "Powiedział: „Nie”.", {"endpunc": POFILTER, "doublequoting": POFILTER}),
    ("ru", "Wait...", "Подождите…", {"endpunc": POFILTER}),
    ("pl", "Pavel Latushko", "Pavel Latushko", {"unchanged": POFILTER}),
    ("pl", "Hello there.", "", {"untranslated": POFILTER}),
    ("pl", "Source: pap.pl", "Źródło: pap.com", {"urls": TOLMACH}),
    ("be", "The embassy in Nairobi, Kenya warned.", "Амбасада ў Найробі (Кенія) папярэдзіла.", {"brackets": POFILTER}),
    ("ru", "The “Viasna” centre.", 'Центр "Весна".', {"doublequoting": BOTH}),
    ("ru", "The “Viasna” centre.", "Центр «Весна».", {"doublequoting": POFILTER}),
    ("be", "“In Belarus prisoners work.", "«У Беларусі вязні працуюць.", {"doublequoting": POFILTER}),
    ("pl", "“Free them,” he said.", "„Uwolnijcie ich – powiedział.", {"doublequoting": BOTH}),
]


def pofilter_command() -> list[str]:
    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "translate.filters.pofilter"]


def write_catalog(path: Path, lang: str, cases: list[tuple[str, str]]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
    for i, (msgid, msgstr) in enumerate(cases):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=f"case {i}"))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def pofilter_verdicts(path: Path, lang: str, out: Path) -> dict[str, set[str]]:
    """msgctxt -> the shared pofilter tests that flag it (pofilter writes failing units with notes)."""
    tests = [f"--test={t}" for t in SHARED]
    subprocess.run([*pofilter_command(), "--progress=none", f"--language={lang}", *tests, str(path), str(out)],
                   check=True, capture_output=True)
    verdicts: dict[str, set[str]] = {}
    for entry in polib.pofile(str(out)):
        for note in entry.tcomment.splitlines():
            if note.startswith("(pofilter) "):
                verdicts.setdefault(entry.msgctxt or "", set()).add(note[len("(pofilter) "):].split(":")[0])
    return verdicts


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], str]:
    """(case number, pofilter test) -> who flags it, for every case and shared test."""
    root = tmp_path_factory.mktemp("pofilter")
    result: dict[tuple[int, str], str] = {}
    for lang in ("pl", "be", "ru"):
        numbered = [(i, case) for i, case in enumerate(CASES) if case[0] == lang]
        path = root / lang / "LC_MESSAGES" / "cases.po"
        write_catalog(path, lang, [(msgid, msgstr) for _, (_, msgid, msgstr, _) in numbered])
        theirs = pofilter_verdicts(path, lang, root / f"{lang}.out.po")
        report = run([path], CheckContext(), CheckSettings())
        ours: dict[str, set[str]] = {}
        for finding in report.findings:
            ours.setdefault(finding.msgctxt or "", set()).add(finding.rule)
        for j, (i, _) in enumerate(numbered):
            for test, rules in SHARED.items():
                p = test in theirs.get(f"case {j}", set())
                t = bool(set(rules) & ours.get(f"case {j}", set()))
                result[(i, test)] = BOTH if p and t else POFILTER if p else TOLMACH if t else "neither"
    return result


def test_pofilter_and_tolmach_agree_or_differ_as_documented(compared: dict[tuple[int, str], str]) -> None:
    surprises = []
    for (i, test), verdict in sorted(compared.items()):
        lang, msgid, msgstr, expected = CASES[i]
        if verdict != expected.get(test, "neither"):
            surprises.append(f"{lang} {test}: {msgid!r} -> {msgstr!r}: {verdict}, "
                             f"documented {expected.get(test, 'neither')}")
    assert not surprises, "\n".join(surprises)


def test_both_tools_find_the_plain_errors(compared: dict[tuple[int, str], str]) -> None:
    agreed = {test for (_, test), verdict in compared.items() if verdict == BOTH}
    assert agreed >= {"numbers", "urls", "emails", "doublespacing", "doublewords", "endpunc", "brackets",
                      "startwhitespace", "endwhitespace", "newlines", "unchanged", "blank", "xmltags",
                      "sentencecount"}
