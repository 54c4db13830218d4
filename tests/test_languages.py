"""The language registry: one module per language tolmach knows deeply, Babel for the rest, refusal with a
suggestion for codes no one knows, and no silent English fallback anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import languages
from pipeline.checks.qa_punctuation import unmatched_quotes
from pipeline.checks.runner import language_note
from pipeline.config import parse_languages
from pipeline.errors import TolmachError
from pipeline.segment import split_sentences

PACKAGE = Path(languages.__file__).parent
DEEP = languages.deep_languages()


def test_every_module_of_the_package_is_a_language_named_by_its_code() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert {lang.code.replace("@", "_") for lang in DEEP} == modules
    assert {"en", "pl", "be", "be_tarask", "ru", "uk"} <= modules


@pytest.mark.parametrize(("written", "code", "language"), [
    ("be@tarask", "be@tarask", "be@tarask"), ("be-tarask", "be@tarask", "be@tarask"),
    ("be_BY@tarask", "be@tarask", "be@tarask"), ("be_TARASK", "be@tarask", "be@tarask"),
    ("sr@latin", "sr@latin", "sr@latin"), ("sr-Latn", "sr@latin", "sr@latin"),
    ("ca@valencia", "ca@valencia", "ca@valencia"), ("ca-ES-valencia", "ca@valencia", "ca@valencia"),
    ("pt_BR", "pt_BR", "pt_BR"), ("pt-br", "pt_BR", "pt_BR"), ("zh_Hant", "zh_Hant", "zh_Hant"),
    ("zh-Hant", "zh_Hant", "zh_Hant"), ("uk_UA", "uk_UA", "uk"), ("pl-PL", "pl_PL", "pl"), ("be", "be", "be"),
])
def test_variants_and_regions_are_read_as_gettext_and_babel_write_them(written: str, code: str,
                                                                      language: str) -> None:
    assert languages.canonical(written) == code
    assert languages.get(written).code == language


def test_belarusian_classical_orthography_is_its_own_alphabet() -> None:
    tarask, be = languages.get("be@tarask"), languages.get("be")
    assert "ґ" in tarask.letters and "ґ" not in be.letters
    assert tarask.variant_of == "be" and tarask.quotes == be.quotes and tarask.number_words == be.number_words
    assert (languages.get("sr@latin").script, languages.get("sr").script) == ("Latn", "Cyrl")


@pytest.mark.parametrize("lang", DEEP, ids=lambda lang: lang.code)
def test_a_deep_language_has_all_its_data(lang: languages.Language) -> None:
    assert lang.deep and languages.get(lang.code) is lang
    assert lang.quotes and lang.letters == lang.letters.lower() and len(set(lang.letters)) == len(lang.letters)
    assert lang.stopwords and all(languages.get(code).deep for code in lang.neighbours)
    if lang.code != "en":  # the source language: its numbers are read, never expected as words
        assert sorted(lang.number_words) == list(range(21))
        for pattern in lang.number_words.values():
            re.compile(pattern)


@pytest.mark.parametrize("code", ["pl", "be", "ru", "uk"])
def test_the_newsrooms_languages_lack_nothing(code: str) -> None:
    assert languages.get(code).gaps() == [] and languages.get(code).morphology is not None


@pytest.mark.parametrize("lang", [lang for lang in DEEP if lang.code != "en"], ids=lambda lang: lang.code)
def test_quote_checks_use_the_languages_own_marks(lang: languages.Language) -> None:
    opening, closing = lang.quotes[0]
    assert unmatched_quotes(f"{opening}Так{closing}", lang.code) == 0
    assert unmatched_quotes(f"{opening}Так", lang.code) == 1  # the issue's «Так in Ukrainian


def test_any_language_babel_knows_gets_a_generic_entry_that_names_its_gaps() -> None:
    lv = languages.get("lv")
    assert (lv.deep, lv.name, lv.script) == (False, "Latvian", "Latn")
    assert lv.segmentation.pysbd is None  # pySBD has no Latvian: generic rules, no English abbreviations
    assert languages.get("de").segmentation.pysbd == "de"
    assert languages.get("sr").script == "Cyrl"
    note = language_note("lv")
    assert note.startswith("lv: no Latvian data for: ") and "quote-style" in note and "glossary" in note
    assert language_note("uk") == ""


def test_a_generic_language_is_checked_without_english_rules() -> None:
    assert unmatched_quotes("„Jā“", "lv") == 0 and unmatched_quotes("„Jā", "lv") == 1
    assert unmatched_quotes("«Jā»", "lv") == 0  # any pairing some language uses, not only “…”
    # pySBD has no Latvian: its standard rules with no abbreviation list (an initial still holds)
    assert split_sentences("Ieradās A. Bērziņš. Viņš runāja.", "lv") == ["Ieradās A. Bērziņš.", "Viņš runāja."]


@pytest.mark.parametrize(("code", "hint"), [
    ("ua", "use the language code 'uk' (UA is a country)"),
    ("german", "use the language code 'de'"),
    ("Ukrainian", "use the language code 'uk'"),
    ("ukr", "use the language code 'uk'"),
])
def test_unknown_codes_are_refused_with_a_suggestion(code: str, hint: str) -> None:
    with pytest.raises(TolmachError) as caught:
        languages.get(code)
    assert caught.value.hint == hint and repr(code) in caught.value.message


def test_settings_accept_any_known_language_and_name_the_file_for_others(tmp_path: Path) -> None:
    assert parse_languages("pl,uk,lt,lv,de") == ("pl", "uk", "lt", "lv", "de")
    with pytest.raises(TolmachError) as caught:
        parse_languages(["pl", "xx"], tmp_path / "tolmach.toml")
    assert caught.value.path == str(tmp_path / "tolmach.toml") and "'xx'" in caught.value.message


def test_regional_tags_use_their_languages_data() -> None:
    assert languages.base_code("pt-BR") == languages.base_code("pt_BR") == "pt"
