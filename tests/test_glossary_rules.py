"""Glossary rules as passes()/fails() pairs over the corpus, plus the CLI gate on a real catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polib
import pytest
from glossary_cases import PROJECT_GLOSSARY, cases

from pipeline.checks.glossary_rules import glossary_forbidden, glossary_missing, glossary_source_variant
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem
from pipeline.cli import main
from pipeline.glossary import Glossary, load_glossary

RULES = {"glossary-missing": glossary_missing, "glossary-forbidden": glossary_forbidden,
         "glossary-source-variant": glossary_source_variant}
SEVERITY = {"glossary-missing": "error", "glossary-forbidden": "error", "glossary-source-variant": "warning"}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_GLOSSARY)


def problems(glossary: Glossary, lang: str, source: str, target: str) -> dict[str, list[Problem]]:
    entry = EntryUnderCheck(Path("x.po"), 1, lang, "en", source, target)
    context = CheckContext(glossary=glossary)
    return {name: list(rule(entry, context)) for name, rule in RULES.items()}


def passes(glossary: Glossary, lang: str, source: str, target: str) -> bool:
    """No glossary error (warnings about the source are allowed)."""
    found = problems(glossary, lang, source, target)
    return not any(found[name] for name, severity in SEVERITY.items() if severity == "error")


def fails(glossary: Glossary, lang: str, source: str, target: str, rule: str) -> list[Problem]:
    return problems(glossary, lang, source, target)[rule]


@pytest.mark.parametrize(("lang", "case"), cases("passes"))
def test_passes(glossary: Glossary, lang: str, case: dict[str, Any]) -> None:
    assert passes(glossary, lang, case["source"], case["target"])


@pytest.mark.parametrize(("lang", "case"), cases("fails"))
def test_fails(glossary: Glossary, lang: str, case: dict[str, Any]) -> None:
    found = fails(glossary, lang, case["source"], case["target"], case["rule"])
    assert [p.term for p in found] == [case["term"]]
    if "found" in case:
        assert found[0].found == case["found"]
    if "expected" in case:
        assert found[0].expected == case["expected"]


def test_forbidden_form_is_not_also_reported_missing(glossary: Glossary) -> None:
    found = problems(glossary, "pl", "Pavel Latushka said.", "Łatuszko powiedział.")
    assert found["glossary-missing"] == [] and len(found["glossary-forbidden"]) == 1


def test_suggestion_takes_the_case_of_the_found_form(glossary: Glossary) -> None:
    [problem] = fails(glossary, "pl", "talks with Latushka", "rozmowy z Latuszką", "glossary-forbidden")
    assert problem.expected == "Łatuszką"


def test_no_glossary_no_findings() -> None:
    entry = EntryUnderCheck(Path("x.po"), 1, "pl", "en", "Pavel Latushka", "Łatuszko")
    assert list(glossary_forbidden(entry, CheckContext())) == []


def write_catalog(path: Path, lang: str, pairs: list[tuple[str, str]]) -> None:
    po = polib.POFile()
    po.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in pairs:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def test_check_command_is_the_gate(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = project / "locales" / "pl" / "LC_MESSAGES" / "article.po"
    write_catalog(po, "pl", [("Mr. Latushka spoke.", "Pan Łatuszko przemówił."),
                             ("In Belarus.", "Na Białorusi.")])
    code = main(["check", "--glossary", str(PROJECT_GLOSSARY), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    [finding] = report["findings"]
    assert (finding["rule"], finding["term"], finding["found"], finding["expected"], finding["lang"]) == (
        "glossary-forbidden", "pavel-latushka", "Łatuszko", "Łatuszka", "pl")
    write_catalog(po, "pl", [("Mr. Latushka spoke.", "Pan Łatuszka przemówił.")])
    assert main(["check", "--glossary", str(PROJECT_GLOSSARY)]) == 0


def test_check_text_format_reads_like_a_compiler(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = project / "locales" / "pl" / "LC_MESSAGES" / "article.po"
    write_catalog(po, "pl", [("Mr. Latushka spoke.", "Pan Łatuszko przemówił.")])
    main(["check", "--glossary", str(PROJECT_GLOSSARY)])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(': error: glossary-forbidden [pavel-latushka] "Łatuszko" — use "Łatuszka"')
