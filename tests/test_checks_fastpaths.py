"""The checks' fast paths: each cheap test that turns an entry away before the real work must never turn
away one the real work would report. Every contract is stated against the slow formula it stands for.
"""

from __future__ import annotations

from typing import Any

from check_helpers import passes, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import languages
from pipeline.checks import qa_script
from pipeline.checks.qa_script import MIXED_WORD_RE, SCRIPT_SEAM_RE, PolishSpelling, foreign_letters
from pipeline.checks.qa_text import without_code

# Letters of both scripts, look-alikes, neighbours' letters in both cases, and what without_code blanks.
SCRIPT_ALPHABET = [*"aeiocpxyAEIOCPXYзвіўиыэъёєїґІЎИЫЭЪЁЄЇҐаеіорху ,.-'ʼ@/<>:wg1", "www.", "http://", "<g1>"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(SCRIPT_ALPHABET), max_size=20).map("".join))
def test_the_script_seam_gate_lets_through_every_text_with_a_mixed_word(text: str) -> None:
    if MIXED_WORD_RE.search(without_code(text)):
        assert SCRIPT_SEAM_RE.search(text)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(SCRIPT_ALPHABET), max_size=20).map("".join),
       lang=st.sampled_from(["be", "ru", "uk"]))
def test_the_neighbour_letters_gate_is_the_letter_scan_it_replaces(text: str, lang: str) -> None:
    target = languages.get(lang)
    for code in target.neighbours:
        letters = foreign_letters(languages.get(code), target)
        name = f"{languages.get(code).name.lower()}-letters"
        found = problems(name, "Text.", text, lang) if text.strip() else []
        assert bool(found) == any(c in letters for c in text.lower())


def test_neighbour_letters_in_capitals_are_found() -> None:
    [problem] = problems("russian-letters", "OBJECT.", "ОБЪЕКТ.", "be")
    assert problem.found == "ОБЪЕКТ"


def test_a_language_that_lists_no_neighbour_is_never_scanned() -> None:
    assert passes("russian-letters", "Object.", "Объект.", "pl")
    assert passes("russian-letters", "Object.", "Объект.", "de")


class CountingDictionary:
    """A stand-in for the Hunspell dictionary that knows one word and counts what it is asked."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self.asked: list[str] = []

    def knows(self, word: str) -> bool:
        self.asked.append(word)
        return word in self.known

    def words_folding_to(self, key: str, fold: Any) -> list[str]:
        self.asked.append(f"folded:{key}")
        return []


def test_a_word_without_a_letter_that_has_a_marked_form_is_not_looked_up() -> None:
    dictionary = CountingDictionary({"się"})
    spelling = PolishSpelling(dictionary, languages.get("pl").diacritics)
    assert spelling.with_diacritics("gimp") is None and spelling.with_diacritics("HTTP") is None
    assert dictionary.asked == []
    assert spelling.with_diacritics("sie") == "się"  # s and e may have lost their marks: asked
    assert dictionary.asked[:2] == ["sie", "folded:sie"]


def test_the_plain_only_shortcut_agrees_with_the_dictionary() -> None:
    spelling = qa_script.polish_spelling(qa_script.CheckContext(), "pl")
    if spelling is None:  # hunspell-pl is not installed: the check is silent anyway
        return
    for word in ("http", "gimp", "dir", "jpg", "xvid", "mkv", "Tryb", "Typ"):
        assert spelling.plain_only(word)
        fresh = PolishSpelling(spelling.dictionary, spelling.alternatives)
        fresh.plain_only = lambda word: False  # type: ignore[method-assign]  # the slow way: ask
        assert fresh.with_diacritics(word) is None
