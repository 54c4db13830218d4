"""Loading glossaries: the schema of issue 3, merged directories, and errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from glossary_cases import PROJECT_GLOSSARY

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.glossary import LangTerms, load_glossary

SCHEMA_EXAMPLE = """\
terms:
  - id: pavel-latushka            # unique, stable; used in findings
    type: name                    # name | term | abbreviation
    note: Deputy head of the United Transitional Cabinet of Belarus.
    en:
      preferred: [Pavel Latushka, Latushka]
      admitted: []
      forbidden: [Pavel Latushko, Latushko]
      exclude: []
    pl: {preferred: [Paweł Łatuszka, Łatuszka], forbidden: [Łatuszko, Latuszka, Latushka]}
    ru: {preferred: [Павел Латушко, Латушко], forbidden: [Латушка]}
    be: {preferred: [Павел Латушка, Латушка], forbidden: [Латушко]}
  - id: united-transitional-cabinet
    type: term
    en: {preferred: [United Transitional Cabinet], admitted: [UTC], exclude: ['\\d{1,2}[:.]\\d{2}\\s*UTC']}
    pl: {preferred: [Zjednoczony Gabinet Przejściowy], forms: [Zjednoczonego Gabinetu Przejściowego]}
"""


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_schema_of_the_issue_loads(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, SCHEMA_EXAMPLE))
    latushka = glossary.get("pavel-latushka")
    assert latushka.type == "name"
    assert latushka.langs["pl"] == LangTerms(preferred=("Paweł Łatuszka", "Łatuszka"),
                                             forbidden=("Łatuszko", "Latuszka", "Latushka"))
    assert glossary.get("united-transitional-cabinet").langs["en"].admitted == ("UTC",)
    assert glossary.version.startswith("sha256:") and len(glossary.version) == len("sha256:") + 12


def test_version_ignores_comments_and_file_layout(tmp_path: Path) -> None:
    one = load_glossary(write(tmp_path, SCHEMA_EXAMPLE))
    commented = load_glossary(write(tmp_path, "# a comment\n" + SCHEMA_EXAMPLE, "h.yaml"))
    assert one.version == commented.version
    changed = load_glossary(write(tmp_path, SCHEMA_EXAMPLE.replace("Latushka]", "Latushka, P. Latushka]"),
                                  "i.yaml"))
    assert changed.version != one.version


def test_a_directory_is_merged(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    write(tmp_path / "g", "terms:\n  - id: a\n    en: [A]\n", "a.yaml")
    write(tmp_path / "g", "terms:\n  - id: b\n    en: [B]\n", "b.yml")
    assert [c.id for c in load_glossary(tmp_path / "g").concepts] == ["a", "b"]


def test_the_project_glossary_loads() -> None:
    glossary = load_glossary(PROJECT_GLOSSARY)
    for concept_id in ("pavel-latushka", "alexander-lukashenko", "united-transitional-cabinet", "kaja-kallas",
                       "evika-silina", "ingrida-simonyte", "albert-zawada", "pap", "polish-mfa",
                       "european-union", "belarus", "poland", "lithuania", "latvia", "estonia", "russia",
                       "ukraine", "minsk", "political-prisoner", "prisoner-of-conscience",
                       "pre-trial-detention-centre", "penitentiary-institution", "sanctions-package",
                       "sviatlana-tsikhanouskaya"):
        concept = glossary.get(concept_id)
        assert {"en", "pl", "be", "ru", "uk"} <= set(concept.langs), concept_id


@pytest.mark.parametrize(("text", "line", "message"), [
    ("terms:\n  - id: a\n    en: [A\n", 4, "invalid YAML"),
    ("terms:\n  - id: a\n    en: [A]\n    colour: red\n", 4, "unknown key 'colour'"),
    ("terms:\n  - id: a\n    en: {preferred: [A], prefered: [B]}\n", 3, "unknown key 'prefered'"),
    ("terms:\n  - id: a\n    en: [A]\n  - id: a\n    en: [B]\n", 4, "duplicate concept id 'a'"),
    ("terms:\n  - id: a\n    en:\n      preferred: [A]\n      exclude: ['(unclosed']\n", 5, "invalid regex"),
    ("terms:\n  - id: a\n    en:\n      preferred: [Latushka]\n      forbidden: [LATUSHKA]\n", 5,
     "both allowed"),
    ("terms:\n  - id: a\n    type: person\n    en: [A]\n", 2, "unknown type"),
    ("terms:\n  - type: name\n    en: [A]\n", 2, "without 'id'"),
    ("glossary:\n  - id: a\n", 1, "unknown key 'glossary'"),
    ("terms:\n  - id: a\n    en: {preferred: ['']}\n", 3, "empty string"),
    ("terms:\n  - id: a\n    en: {preferred: [A]}\n    en: {preferred: [B]}\n", 4, "duplicate key 'en'"),
    ("terms:\n  - id: a\n    en: [A]\n    ua: [Б]\n", 4, "unknown language code 'ua'"),
])
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TolmachError) as caught:
        load_glossary(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message


def test_a_bad_glossary_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "terms:\n  - id: a\n    en: [A]\n    colour: red\n")
    assert main(["glossary", "lint", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"tolmach: {path}:4: error: unknown key 'colour' in a concept " \
        "(expected id, type, note or a language code)"


def test_lint_prints_count_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "lint", str(PROJECT_GLOSSARY)]) == 0
    out = capsys.readouterr().out
    assert "24 concepts" in out and "sha256:" in out
