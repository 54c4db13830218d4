"""The checks' fast paths: each cheap test that turns an entry away before the real work must never turn
away one the real work would report. Every contract is stated against the slow formula it stands for.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from check_helpers import passes, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import languages
from pipeline.checks import qa_numbers, qa_script, qa_text
from pipeline.checks.qa_numbers import MONTH_HINT_RE, MONTH_PREFIX_RE, TIME_12H_RE, TIME_HINT_RE
from pipeline.checks.qa_punctuation import (
    ANY_QUOTES,
    BRACKETS,
    CLOSERS,
    DOUBLE_QUOTE_CHARS,
    WORD_END_PUNCTUATION,
    _bracket_errors,
    _repeats,
    end_mark,
    unmatched_quotes,
)
from pipeline.checks.qa_script import MIXED_WORD_RE, SCRIPT_SEAM_RE, PolishSpelling, foreign_letters
from pipeline.checks.qa_text import TLD_RE, without_code

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


# --- qa_text, qa_numbers: regexes rewritten to start with what the search can skip to ----------------

OLD_TLD_RE = re.compile(r"\w\.(?:pl|by|ru|ua|com|org|net|eu|info|gov|io|uk|de|lt|lv)(?![\w-])", re.IGNORECASE)
DOMAIN_ALPHABET = [*"apPlLbByYrRuUcCoOmMnNeEtTiIfFgGvVdDkK.-_ 1ıİſK@/", "com", "pl", "info", "uk", ".by"]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(DOMAIN_ALPHABET), max_size=12).map("".join))
def test_the_tld_test_answers_as_the_word_dot_tld_pattern(text: str) -> None:
    assert bool(TLD_RE.search(text)) == bool(OLD_TLD_RE.search(text))


TIME_ALPHABET = [*"0123456789:apAPmM. \u00a0x\u0663", "p.m.", "am", " a.m"]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(TIME_ALPHABET), max_size=12).map("".join))
def test_the_time_hint_is_in_every_text_with_a_12_hour_time(text: str) -> None:
    if TIME_12H_RE.search(text):
        assert TIME_HINT_RE.search(text)


def test_the_month_prefix_is_in_every_text_with_a_month_hint() -> None:
    for text in ("On December 20.", "(Dec. 2023)", "Sept 1", "xMay", "on may 5", "DECEMBER"):
        assert bool(MONTH_HINT_RE.search(text)) <= bool(MONTH_PREFIX_RE.search(text))


def test_without_code_keeps_only_a_few_answers() -> None:
    texts = [f"See https://example.com/{i} and pap.pl." for i in range(3 * qa_text._CODELESS_LIMIT)]
    blanked = [without_code(t) for t in texts]
    assert len(qa_text._CODELESS) <= qa_text._CODELESS_LIMIT
    assert [without_code(t) for t in texts] == blanked and "https" not in blanked[0] and "pap.pl" not in blanked[0]


# --- qa_punctuation: only the marks are walked, and repeats are looked for where a pair could be one --

def old_repeats(text: str) -> list[str]:
    tokens = text.split()
    return [a.lower() for a, b in itertools.pairwise(tokens)
            if a.isalpha() and b[:len(a)].lower() == a.lower() and not b[len(a):].strip(WORD_END_PUNCTUATION)]


REPEAT_ALPHABET = [*"wWsSiIΣσςΑİiı .,!?”»)\u00a0\n", "się", "Się", "в", "В", "ΑΣ", "ας", "İstanbul", "i̇"]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(REPEAT_ALPHABET), max_size=14).map("".join))
def test_repeated_words_are_the_pairwise_comparison_they_replace(text: str) -> None:
    assert _repeats(text) == old_repeats(text)


def old_unmatched_quotes(text: str, lang: str) -> int:
    if not any(c in text for c in DOUBLE_QUOTE_CHARS):
        return 0
    pairs = [p for p in languages.get(lang).quotes or ANY_QUOTES if p[0] in DOUBLE_QUOTE_CHARS]
    openers: dict[str, set[str]] = {}
    for opening, closing in pairs:
        openers.setdefault(opening, set()).add(closing)
    closers = {c for _, c in pairs}
    stack: list[str] = []
    unmatched = 0
    for ch in text:
        if stack and ch in openers[stack[-1]]:
            stack.pop()
        elif ch in openers:
            stack.append(ch)
        elif ch in closers:
            unmatched += 1
    return unmatched + len(stack) + text.count('"') % 2


def old_bracket_errors(text: str) -> list[str]:
    stack: list[str] = []
    errors = []
    for ch in text:
        if ch in BRACKETS:
            stack.append(ch)
        elif ch in CLOSERS:
            if stack and stack[-1] == CLOSERS[ch]:
                stack.pop()
            else:
                errors.append(ch)
    return errors + stack


MARK_ALPHABET = [*"\"“”„‟«»‚‘’'()[]{}a ."]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(MARK_ALPHABET), max_size=14).map("".join),
       lang=st.sampled_from(["en", "pl", "be", "ru", "uk", "de", "lt"]))
def test_quote_and_bracket_pairing_walk_the_marks_as_the_character_loop_did(text: str, lang: str) -> None:
    assert unmatched_quotes(text, lang) == old_unmatched_quotes(text, lang)
    assert _bracket_errors(text) == old_bracket_errors(text)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(MARK_ALPHABET), min_size=1, max_size=10).map("".join),
       lang=st.sampled_from(["pl", "be", "ru", "uk", "de"]))
def test_quote_style_turns_away_only_texts_it_would_pass(text: str, lang: str) -> None:
    source = 'path="x"'
    wrong = [c for c in DOUBLE_QUOTE_CHARS if c not in {c for pair in languages.get(lang).quotes for c in pair}]
    found = problems("quote-style", source, f"a{text}", lang)
    if not languages.get(lang).quotes:
        assert found == []
    elif not any(c in text for c in wrong):  # only the language's own marks: at most paired the wrong way round
        assert all(p.message.startswith("quotation marks do not pair") for p in found)


# The number regexes as they were, starting with their look-behind.
OLD_NUMBER_RES = {
    "SOURCE_NUMBER_RE": re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"),
    "TARGET_NUMBER_RE": re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"
                                   r"|\d+(?:[.,]\d+)*)(?!\d)"),
    "PLAIN_INTEGER_RE": re.compile(r"(?<![\d.,])\d+(?![\d]|[.,]\d)"),
}
NUMBER_ALPHABET = [*"0123456789.,- \u00a0\u202f\u2009x\u0663", "1,500", "1 500", "2023", ".5"]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(NUMBER_ALPHABET), max_size=12).map("".join))
def test_the_number_regexes_find_what_their_look_behind_first_forms_found(text: str) -> None:
    for name, old in OLD_NUMBER_RES.items():
        new = getattr(qa_numbers, name)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], name


END_ALPHABET = [*".!?…:; a\u00a0\n”»)\"", "...", ".."]


@settings(max_examples=500, deadline=None)
@given(source=st.lists(st.sampled_from(END_ALPHABET), min_size=1, max_size=6).map("".join),
       translation=st.lists(st.sampled_from(END_ALPHABET), min_size=1, max_size=6).map("".join))
def test_end_punctuation_reports_exactly_where_the_end_marks_differ(source: str, translation: str) -> None:
    if not translation.strip():
        return  # a blank translation is the `empty` check's
    found = problems("end-punctuation", source, translation, "pl")
    assert bool(found) == (end_mark(source) != end_mark(translation))


SPACE_ALPHABET = [*" \u00a0\t\n\u2009a.", "\u3000"]


@settings(max_examples=300, deadline=None)
@given(source=st.lists(st.sampled_from(SPACE_ALPHABET), max_size=5).map("".join),
       translation=st.lists(st.sampled_from(SPACE_ALPHABET), max_size=5).map("".join))
def test_edge_whitespace_is_reported_exactly_where_it_differs(source: str, translation: str) -> None:
    if not translation.strip():
        return  # a blank translation is the `empty` check's
    lead = source[:len(source) - len(source.lstrip())] != translation[:len(translation) - len(translation.lstrip())]
    trail = source[len(source.rstrip()):] != translation[len(translation.rstrip()):]
    assert bool(problems("leading-whitespace", source, translation, "pl")) == lead
    assert bool(problems("trailing-whitespace", source, translation, "pl")) == trail
