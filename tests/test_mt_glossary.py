"""Glossary-aware drafts with the project glossary: forbidden variants repaired, names the draft lacks
protected, words the engine left in the source language replaced, cases kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.glossary import Concept, LangTerms, make_glossary, project_glossary
from pipeline.mt.engines import apertium_modes
from pipeline.mt.glossary import GlossaryDrafts

REPO = Path(__file__).resolve().parent.parent
LATUSHKA = Concept("pavel-latushka", "name", "", {
    "en": LangTerms(preferred=("Pavel Latushka", "Latushka"), forbidden=("Pavel Latushko", "Latushko")),
    "pl": LangTerms(preferred=("Paweł Łatuszka", "Łatuszka"), forbidden=("Łatuszko",)),
    "ru": LangTerms(preferred=("Павел Латушко", "Латушко")),
    "be": LangTerms(preferred=("Павел Латушка", "Латушка"), forbidden=("Павел Латушко", "Латушко")),
})
PRISONER = Concept("political-prisoner", "term", "", {
    "ru": LangTerms(preferred=("политзаключённый",)),
    "be": LangTerms(preferred=("палітвязень",)),
})


def test_a_forbidden_variant_in_a_draft_is_repaired_and_the_entry_says_so() -> None:
    hooks = GlossaryDrafts(make_glossary([LATUSHKA]), "en")
    text, notes = hooks.repair("Łatuszko powiedział, że reżim się boi.", "pl")
    assert text == "Łatuszka powiedział, że reżim się boi."
    assert notes == ["glossary repair: Łatuszko → Łatuszka"]


def test_names_in_the_source_map_to_the_pinned_target_term_surname_for_surname() -> None:
    hooks = GlossaryDrafts(make_glossary([LATUSHKA]), "en")
    spans = hooks.names("Latushka met Pavel Latushka.", "be")
    assert [(s.kind, s.restore) for s in spans] == [("glossary", "Латушка"), ("glossary", "Павел Латушка")]


def test_a_glossary_word_left_in_the_source_language_is_replaced() -> None:
    hooks = GlossaryDrafts(make_glossary([PRISONER]), "ru")
    text, notes = hooks.repair("Политзаключённый у Беларусі.", "be", source="Политзаключённый в Беларуси.")
    assert text == "Палітвязень у Беларусі."
    assert notes == ["glossary repair: Политзаключённый → Палітвязень"]


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None or "rus-bel" not in apertium_modes(),
                    reason="apertium + apertium-bel-rus not installed")
def test_apertium_drafts_with_the_project_glossary(project: Path) -> None:
    from pipeline.cli import main

    shutil.copytree(REPO / "glossary", project / "glossary")
    (project / "tolmach.toml").write_text('source_lang = "ru"\nlanguages = ["be"]\n[mt]\npackages_dir = "pk"\n'
                                          'cache_dir = "cache"\n', encoding="utf-8")
    (project / "news.txt").write_text("Павел Латушко заявил о санкциях.\n\nЛукашенко встретился с послом в Минске.\n",
                                      encoding="utf-8")
    assert project_glossary(project / "glossary") is not None
    assert main(["extract", "news.txt"]) == 0
    assert main(["update"]) == 0
    assert main(["mt"]) == 0
    import polib

    po = polib.pofile(str(project / "locales" / "be" / "LC_MESSAGES" / "news.po"))
    first, second = po[0], po[1]
    assert first.msgstr.startswith("Павел Латушка ")
    assert "glossary repair: Павел Латушко → Павел Латушка" in first.comment
    assert "Лукашэнка" in second.msgstr and "у Мінску" in second.msgstr  # the case Apertium chose is kept
    assert main(["check", "--include-fuzzy", "--only", "glossary-forbidden", "--only", "glossary-missing"]) == 0
