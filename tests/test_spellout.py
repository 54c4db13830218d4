"""pipeline.spellout: numbers in words from CLDR's spell-out rules, num2words and pymorphy3."""

from __future__ import annotations

import re

import pytest

from pipeline.spellout import cardinal_words, combining_prefixes, has_words, spelled, word_pattern


@pytest.mark.parametrize(("lang", "value", "form"), [
    ("pl", 3, "trzech"),  # CLDR: the genitive
    ("pl", 800000, "ośmiuset tysięcy"),
    ("pl", 7, "siódmy"),  # num2words: the ordinal CLDR lacks for Polish
    ("ru", 80, "восьмидесятых"),  # CLDR's ordinal, inflected by pymorphy3
    ("ru", 1000, "тысячная"),  # without its leading "one"
    ("uk", 7, "сьомого"),  # num2words' ordinal, inflected by pymorphy3
    ("be", 16, "шаснаццаты"),  # CLDR's Belarusian ordinal
    ("de", 16, "sechzehnten"),  # any language CLDR has
])
def test_a_number_is_spelled_in_its_inflected_forms(lang: str, value: int, form: str) -> None:
    assert form in spelled(lang, value)


def test_forms_of_one_number_never_stand_for_another() -> None:
    assert "tysięcy" not in spelled("pl", 800000)  # "osiemset tysięcy" without "osiemset" would be any thousands
    assert "siedemdziesiąt" not in spelled("pl", 7)  # CLDR's helper rule sets ("-tens") are left out
    assert "тысячный" not in cardinal_words("ru", 1000) and "тысячи" in cardinal_words("ru", 1000)


def test_a_stem_takes_inflected_endings_and_a_short_word_is_exact() -> None:
    assert re.fullmatch(word_pattern("siódmy"), "siódmą") and re.fullmatch(word_pattern("siódmy"), "siódmego")
    assert word_pattern("trzy") == "trzy"  # "trz" would also begin trzydzieści


def test_compounds_begin_with_a_numbers_combining_form() -> None:
    assert {"двух", "сто"} <= combining_prefixes("ru", 2) | combining_prefixes("ru", 100)
    assert "pięcio" in combining_prefixes("pl", 5)


def test_a_language_without_spell_out_rules_says_so() -> None:
    assert has_words("pl") and has_words("lv") and not has_words("xx")
