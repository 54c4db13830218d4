"""Reports tools can rely on: written as the catalogs are checked (the same document as if written at once),
entries named as gettext keys them, a versioned JSON layout, JUnit that Jenkins' schema accepts, GitHub
annotations on repository paths, and a catalog that cannot be read named in every format."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from lxml import etree

from pipeline.checks.output import render
from pipeline.checks.registry import REPORT_VERSION, Finding
from pipeline.checks.runner import CatalogResult, CheckReport
from pipeline.cli import main

JUNIT_XSD = Path(__file__).parent / "data" / "junit" / "junit-10.xsd"


def report_of(*catalogs: list[Finding]) -> CheckReport:
    report = CheckReport()
    for i, findings in enumerate(catalogs):
        report.add(CatalogResult(Path(f"{i}.po"), 3, findings))
    return report


FINDINGS = [
    Finding("0.po", 3, None, 'two\nlines and "quotes"', None, "pl", "numbers", None, "error", "a\u2028b", None, "7"),
    Finding("0.po", 9, "ctx", "x", "%d xs", "pl", "glossary-forbidden", "pavel-latushka", "warning", "m",
            "Łatuszko", None),
    Finding("0.po", 12, None, "bell \x07 and escape \x1b", None, "pl", "markup", None, "error", "tag \x1b lost",
            None, None),
]


@pytest.mark.parametrize("catalogs", [[], [[]], [FINDINGS], [FINDINGS[:1], [], FINDINGS[1:]]])
def test_json_written_finding_by_finding_is_the_document_json_would_write_at_once(
        catalogs: list[list[Finding]]) -> None:
    report = report_of(*catalogs)
    whole = json.dumps({"version": REPORT_VERSION, "findings": [asdict(f) for f in report.findings],
                        "summary": report.summary()}, ensure_ascii=False, indent=1) + "\n"
    assert render(report, "json") == whole


@pytest.mark.parametrize("catalogs", [[], [FINDINGS], [FINDINGS[:1], [], FINDINGS[1:]]])
def test_junit_is_valid_against_jenkins_junit_10_schema(catalogs: list[list[Finding]]) -> None:
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    document = etree.fromstring(render(report_of(*catalogs), "junit").encode("utf-8"))
    assert schema.validate(document), schema.error_log
    assert [c.get("classname") for c in document.iter("testcase")] == [
        f"{f.lang}.{f.rule}" for findings in catalogs for f in findings]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


RU = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : ' \
     'n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'


def test_json_names_an_entry_by_msgid_with_msgid_plural_and_msgctxt_of_their_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "locales/ru/LC_MESSAGES/a.po", RU + 'msgctxt "files"\nmsgid "%d file"\nmsgid_plural "%d files"\n'
          'msgstr[0] "%d файл"\nmsgstr[1] "%d файла"\nmsgstr[2] "%d  файлов"\n')
    assert main(["check", "--format", "json", "-o", "report.json"]) == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["version"] == REPORT_VERSION
    [finding] = report["findings"]
    assert (finding["msgid"], finding["msgid_plural"], finding["msgctxt"]) == ("%d file", "%d files", "files")
    assert finding["message"].startswith("msgstr[2]: ")


def test_an_unreadable_catalog_is_a_finding_in_every_format_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "locales/pl/LC_MESSAGES/a.po", 'msgid ""\nmsgstr "Language: pl\\n"\n\n'
          'msgid "Hello  there."\nmsgstr "Cześć."\n')
    write(tmp_path / "locales/ru/LC_MESSAGES/b.po", 'msgid "a"\nmsgstr "b"\nmsgid\n')
    assert main(["check", "--format", "json", "-o", "report.json"]) == 2
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    broken = [f for f in report["findings"] if f["rule"] == "unreadable"]
    assert [(f["file"], f["severity"]) for f in broken] == [("locales/ru/LC_MESSAGES/b.po", "error")]
    assert report["summary"]["files"] == 2 and not list(tmp_path.glob(".report.json.*"))
    capsys.readouterr()
    assert main(["check", "--format", "junit"]) == 2
    junit = etree.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert etree.XMLSchema(etree.parse(str(JUNIT_XSD))).validate(junit)
    assert [e.get("type") for e in junit.iter("error")] == ["unreadable"] and junit.get("errors") == "1"
    assert main(["check", "--format", "github"]) == 2
    assert "::error file=locales/ru/LC_MESSAGES/b.po,line=3,title=unreadable::" in capsys.readouterr().out
    assert main(["check"]) == 2
    out = capsys.readouterr()
    assert "locales/ru/LC_MESSAGES/b.po:3: error: unreadable: " in out.out and "b.po" in out.err


def test_github_paths_are_relative_to_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    project = tmp_path / "docs" / "site"
    write(project / "locales/pl/LC_MESSAGES/a.po", 'msgid ""\nmsgstr "Language: pl\\n"\n\n'
          'msgid "Hello  there."\nmsgstr "Cześć  tam."\n')
    write(project / "locales/pl/LC_MESSAGES/b.po", 'msgid ""\nmsgstr "Language: pl\\n"\n\n'
          'msgid "It is \\"here\\"."\nmsgstr "Jest „tutaj."\n')
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=docs/site/locales/pl/LC_MESSAGES/b.po,line=4,") for line in lines)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "docs"))
    assert main(["check", "--format", "github", "locales/pl/LC_MESSAGES/b.po"]) == 1
    assert capsys.readouterr().out.startswith("::error file=site/locales/pl/LC_MESSAGES/b.po,line=4,")


def test_a_message_never_says_the_same_value_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "locales/pl/LC_MESSAGES/a.po", 'msgid ""\nmsgstr "Language: pl\\n"\n\n'
          'msgid "Past 7 days, 12 hours"\nmsgstr "Ostatni tydzień"\n')
    assert main(["check", "--format", "json", "-o", "r.json"]) == 1
    for finding in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]:
        assert finding["found"] is None or finding["found"] != finding["expected"], finding
    assert main(["check"]) == 1
    for line in capsys.readouterr().out.splitlines():
        found = line.split(' — use "')
        assert len(found) == 1 or found[0].rsplit('"', 2)[-2] != found[1].rstrip('"'), line
