"""Masks keep numbers, URLs, placeholders and glossary names away from MT and come back intact."""

from __future__ import annotations

import pytest

from pipeline.mt.protect import Span, leftover_masks, mask, restore


def test_numbers_urls_and_placeholders_are_masked_in_text_order() -> None:
    m = mask("See <g1>https://spring96.org/en</g1> for 1,245 cases.")
    assert m.text == "See ZX1ZZX2ZZX3Z for ZX4Z cases."
    assert [s.kind for s in m.spans] == ["placeholder", "url", "placeholder", "number"]


def test_masks_have_no_underscore_because_decoders_turn_it_into_a_space() -> None:
    assert "_" not in mask("In 2021 <x1/> he was jailed.").text


def test_restore_puts_every_span_back() -> None:
    m = mask("He was jailed in 2021 <x1/>.")
    assert restore("Został uwięziony w ZX1Z ZX2Z.", m).text == "Został uwięziony w 2021 <x1/>."


def test_restore_tolerates_spaces_the_decoder_puts_inside_a_mask() -> None:
    m = mask("Born in 1962.")
    assert restore("Urodzony w Z X1 Z.", m).text == "Urodzony w 1962."


def test_masks_may_move_in_the_translation() -> None:
    m = mask("<g1>Minsk</g1>, 2021")
    assert restore("ZX4Z, ZX1ZMińskZX2Z".replace("ZX4Z", "ZX3Z"), m).text == "2021, <g1>Mińsk</g1>"


@pytest.mark.parametrize("translated, problem", [
    ("Został uwięziony.", "lost 2021"),
    ("ZX1Z ZX1Z", "doubled 2021"),
    ("ZX1Z ZX7Z", "invented mask(s) 7"),
    ("ZX7Z ZX7Z", "lost 2021; invented mask(s) 7"),
])
def test_a_lost_doubled_or_invented_mask_fails_and_says_why(translated: str, problem: str) -> None:
    back = restore(translated, mask("He was jailed in 2021."))
    assert not back.ok
    assert back.problem == problem


def test_glossary_spans_restore_the_pinned_target_form() -> None:
    text = "Ales Bialiatski was arrested in 2021."
    m = mask(text, [Span(0, 15, "glossary", "Алесь Бяляцкі", concept="bialiatski")])
    assert m.text == "ZX1Z was arrested in ZX2Z."
    assert restore("ZX1Z арыштавалі ў ZX2Z.", m).text == "Алесь Бяляцкі арыштавалі ў 2021."


def test_a_glossary_span_can_inflect_to_fit_the_translated_sentence() -> None:
    def genitive(translated: str, at: int) -> str:
        return "Алеся Бяляцкага" if translated[:at].endswith("для ") else "Алесь Бяляцкі"

    m = mask("Freedom for Ales Bialiatski", [Span(12, 27, "glossary", "Алесь Бяляцкі", inflect=genitive)])
    assert restore("Свабода для ZX1Z", m).text == "Свабода для Алеся Бяляцкага"


def test_overlapping_spans_placeholders_win_then_the_longer_span() -> None:
    text = "Viasna 2021 report"
    m = mask(text, [Span(0, 11, "glossary", "Вясна 2021")])
    assert m.text == "ZX1Z report"
    assert restore("ZX1Z даклад", m).text == "Вясна 2021 даклад"


def test_text_without_anything_to_protect_is_unchanged() -> None:
    m = mask("Political prisoners remain in custody.")
    assert m.text == m.source and m.spans == ()
    assert restore("Więźniowie pozostają w areszcie.", m).ok


def test_leftover_masks_are_detected() -> None:
    assert leftover_masks("ZX1Z został aresztowany")
    assert not leftover_masks("ZX został aresztowany")
