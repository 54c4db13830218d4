"""The check runner and its output formats: what CI sees from `tolmach check`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest

from pipeline.checks.output import render
from pipeline.checks.registry import Check, CheckContext, EntryUnderCheck, Problem
from pipeline.checks.runner import CheckSettings, run
from pipeline.cli import main


def no_shouting(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """A translation must not be written in capitals unless the source is."""
    if entry.msgstr.isupper() and not entry.msgid.isupper():
        yield Problem("translation is all capitals", found=entry.msgstr, expected=entry.msgstr.capitalize())


SHOUTING = Check("no-shouting", "error", "cosmetic", no_shouting)


def write_po(path: Path, lang: str | None, entries: list[tuple[str, str, list[str]]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", **({"Language": lang} if lang else {})}
    for msgid, msgstr, flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


@pytest.fixture
def catalogs(tmp_path: Path) -> Path:
    write_po(tmp_path / "locales/pl/LC_MESSAGES/a.po", "pl", [
        ("Hello.", "CZEŚĆ.", []),
        ("Bye.", "PA.", ["ignore-no-shouting"]),
        ("Draft.", "SZKIC.", ["fuzzy"]),
        ("Untranslated.", "", []),
        ("Fine.", "Dobrze.", []),
    ])
    return tmp_path / "locales"


def test_findings_name_file_line_rule_and_expected_form(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    assert [(f.msgid, f.rule, f.severity, f.lang) for f in report.findings] == [
        ("Hello.", "no-shouting", "error", "pl")]
    assert report.findings[0].line > 0 and report.entries == 4  # fuzzy entry not counted


def test_ignore_flag_and_fuzzy_entries(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(include_fuzzy=True), [SHOUTING])
    assert sorted(f.msgid for f in report.findings) == ["Draft.", "Hello."]


def test_project_can_disable_or_demote_a_rule(catalogs: Path) -> None:
    assert run([catalogs], CheckContext(), CheckSettings(disabled=frozenset({"no-shouting"})),
               [SHOUTING]).findings == []
    demoted = run([catalogs], CheckContext(), CheckSettings(severity={"no-shouting": "warning"}), [SHOUTING])
    assert (demoted.errors, demoted.warnings) == (0, 1)


def test_formats_carry_the_same_findings(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    text = render(report, "text")
    assert 'a.po:' in text and ': error: no-shouting "CZEŚĆ." — use "Cześć."' in text
    data = json.loads(render(report, "json"))
    assert set(data["findings"][0]) == {"file", "line", "context", "msgid", "lang", "rule", "term",
                                        "severity", "message", "found", "expected"}
    assert data["summary"]["errors"] == 1
    assert render(report, "github").startswith("::error file=")
    junit = ET.fromstring(render(report, "junit"))
    assert junit.find(".//failure") is not None


def test_cli_exit_codes(catalogs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0  # no registered check finds anything in a clean catalog set
    assert main(["check", "missing-dir"]) == 2
    broken = tmp_path / "locales/ru/LC_MESSAGES/b.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "b.po" in err and "error" in err


def test_findings_name_catalogs_relative_to_the_working_directory(catalogs: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = run([tmp_path / "locales"], CheckContext(), CheckSettings(), [SHOUTING])
    assert report.findings[0].file == "locales/pl/LC_MESSAGES/a.po"
