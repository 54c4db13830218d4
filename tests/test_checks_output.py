"""Reports: written as the catalogs are checked, the same document as if written at once."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.checks.output import render
from pipeline.checks.registry import Finding
from pipeline.checks.runner import CatalogResult, CheckReport
from pipeline.cli import main


def report_of(*catalogs: list[Finding]) -> CheckReport:
    report = CheckReport()
    for i, findings in enumerate(catalogs):
        report.add(CatalogResult(Path(f"{i}.po"), 3, findings))
    return report


FINDINGS = [
    Finding("0.po", 3, None, 'two\nlines and "quotes"', "pl", "numbers", None, "error", "a\u2028b", None, "7"),
    Finding("0.po", 9, "ctx", "x", "pl", "glossary-forbidden", "pavel-latushka", "warning", "m", "Łatuszko", None),
]


@pytest.mark.parametrize("catalogs", [[], [[]], [FINDINGS], [FINDINGS[:1], [], FINDINGS[1:]]])
def test_json_written_finding_by_finding_is_the_document_json_would_write_at_once(
        catalogs: list[list[Finding]]) -> None:
    report = report_of(*catalogs)
    whole = json.dumps({"findings": [asdict(f) for f in report.findings], "summary": report.summary()},
                       ensure_ascii=False, indent=1) + "\n"
    assert render(report, "json") == whole


def test_a_report_file_appears_whole_and_only_when_every_catalog_was_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    catalog = tmp_path / "locales/pl/LC_MESSAGES/a.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr "Language: pl\\n"\n\nmsgid "Hello  there."\nmsgstr "Cześć."\n',
                       encoding="utf-8")
    assert main(["check", "--format", "json", "-o", "report.json"]) == 0
    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert written["summary"]["files"] == 1 and not list(tmp_path.glob(".report.json.*"))
    assert main(["check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == written

    (tmp_path / "locales/ru/LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locales/ru/LC_MESSAGES/b.po").write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    assert main(["check", "--format", "json", "-o", "report.json"]) == 2
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == written  # the old one stays
    assert not list(tmp_path.glob(".report.json.*"))
    assert main(["check", "--format", "json"]) == 2
    assert capsys.readouterr().out == ""  # no half document on stdout either
