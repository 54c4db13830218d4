"""Suggestions in the case of the found form, and the glossary comments `update` writes."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from glossary_cases import PROJECT_GLOSSARY

from pipeline.cli import main
from pipeline.glossary import GLOSSARY_HEADER, Glossary, load_glossary
from pipeline.glossary.inflect import annotate_entry, inflect_like
from pipeline.signature import Signature


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_GLOSSARY)


@pytest.mark.parametrize(("term", "lang", "sample", "sample_lemma", "expected"), [
    ("Łatuszka", "pl", "Latuszce", "Latuszka", "Łatuszce"),
    ("Paweł Łatuszka", "pl", "Pawła Latuszki", "Paweł Latuszka", "Pawła Łatuszki"),
    ("Łatuszka", "pl", "Łatuszko", "Łatuszko", "Łatuszka"),  # a spelling variant, not a case: unchanged
    ("Эвика Силиня", "ru", "Эвика Силина", "Эвика Силина", "Эвика Силиня"),
    ("Латушко", "ru", "Латушкой", "Латушка", "Латушко"),  # indeclinable in Russian
    ("Лукашэнка", "be", "Лукашэнкі", None, "Лукашэнкі"),
])
def test_inflect_like(term: str, lang: str, sample: str, sample_lemma: str | None, expected: str) -> None:
    assert inflect_like(term, lang, sample, sample_lemma) == expected


def test_unsure_means_unchanged() -> None:
    assert inflect_like("Paweł Łatuszka", "pl", "x", "y") == "Paweł Łatuszka"


def test_annotate_entry(glossary: Glossary) -> None:
    lines = annotate_entry(glossary, "Pavel Latushko Source: PAP (Photo by Albert Zawada)", "pl")
    assert lines == ["glossary: Pavel Latushka → Paweł Łatuszka", "glossary: the source spells it “Pavel Latushko”",
                     "glossary: PAP → PAP", "glossary: Albert Zawada → Albert Zawada"]
    assert annotate_entry(glossary, "Mr. Latushka said", "be") == ["glossary: Latushka → Латушка"]
    assert annotate_entry(glossary, "The call is at 14:00 UTC.", "ru") == []


def test_update_writes_glossary_comments_and_version(project: Path, glossary: Glossary) -> None:
    (project / "glossary").mkdir()
    for path in PROJECT_GLOSSARY.glob("*.yaml"):
        (project / "glossary" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["extract", "examples/belarus-political-prisoners.en.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    po = polib.pofile(str(project / "locales/pl/LC_MESSAGES/belarus-political-prisoners.po"))
    assert Signature.parse("Glossary", po.metadata[GLOSSARY_HEADER])["version"] == glossary.version
    caption = next(e for e in po if e.msgid.startswith("Pavel Latushko"))
    assert caption.comment.splitlines()[0:2] == ["glossary: Pavel Latushka → Paweł Łatuszka",  # glossary lines first
                                                 "glossary: the source spells it “Pavel Latushko”"]
