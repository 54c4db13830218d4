"""Glossary matching: inflected forms are found, forbidden variants win, diacritics are kept.

The corpus in tests/data/glossary/ is matched against the project's own glossary (glossary/*.yaml).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from glossary_cases import PROJECT_GLOSSARY, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.glossary import Glossary, load_glossary, make_glossary, match
from pipeline.glossary.load import read_yaml
from pipeline.glossary.match import Matcher, TermHit, matcher_for
from pipeline.glossary.normalize import TOKEN_RE, normalize


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_GLOSSARY)


def hits_of(glossary: Glossary, lang: str, text: str, concept: str) -> list[TermHit]:
    return [h for h in matcher_for(glossary, lang).find(text) if h.concept == concept]


@pytest.mark.parametrize(("lang", "case"), cases("finds"))
def test_finds(glossary: Glossary, lang: str, case: dict[str, Any]) -> None:
    hits = hits_of(glossary, lang, case["text"], case["concept"])
    assert [(h.text, h.status) for h in hits] == [(case["found"], case["status"])]


@pytest.mark.parametrize(("lang", "case"), cases("ignores"))
def test_ignores(glossary: Glossary, lang: str, case: dict[str, Any]) -> None:
    assert hits_of(glossary, lang, case["text"], case["concept"]) == []


def test_hit_offsets_point_into_the_input(glossary: Glossary) -> None:
    text = "Wywiad z Pawłem Łatuszką, wiceszefem Zjednoczonego Gabinetu Przejściowego."
    for hit in matcher_for(glossary, "pl").find(text):
        assert text[hit.start:hit.end] == hit.text


def test_the_time_zone_is_not_the_cabinet(glossary: Glossary) -> None:
    en = matcher_for(glossary, "en")
    assert hits_of(glossary, "en", "The call is at 14:00 UTC.", "united-transitional-cabinet") == []
    assert hits_of(glossary, "en", "Clocks are on UTC+3 there.", "united-transitional-cabinet") == []
    assert [h.status for h in en.find("The UTC proposed sanctions.")] == ["admitted"]


def test_english_plurals_and_possessives(glossary: Glossary) -> None:
    text = "The EU's sanctions; Poland's role; pre-trial detention centers; packages of sanctions."
    found = {h.concept for h in matcher_for(glossary, "en").find(text)}
    assert {"european-union", "poland", "pre-trial-detention-centre", "sanctions-package"} <= found


def test_longest_match_wins(glossary: Glossary) -> None:
    hits = matcher_for(glossary, "en").find("the Polish Ministry of Foreign Affairs said")
    assert [(h.concept, h.text) for h in hits] == [("polish-mfa", "Polish Ministry of Foreign Affairs")]


def test_no_hit_inside_another_word(glossary: Glossary) -> None:
    assert matcher_for(glossary, "en").find("Belarusian authorities and the Eurozone") == []


def test_forbidden_surface_form_beats_a_lemma_reading(glossary: Glossary) -> None:
    # "Łatuszko" lemmatises to Łatuszka (it is its vocative), but it is listed as forbidden.
    [hit] = matcher_for(glossary, "pl").find("Łatuszko")
    assert hit.status == "forbidden" and hit.level == 0


@pytest.mark.parametrize(("lang", "text", "same"), [
    ("ru", "Объединённый", "объединенный"),
    ("be", "Аб’яднаны", "аб'яднаны"),
    ("be", "Абʼяднаны", "аб'яднаны"),
    ("be", "ўстанова", "установа"),
    ("pl", "ŁATUSZKA", "łatuszka"),
    ("pl", "Łatuszka\u0328", "łatuszką"),
    ("pl", "Paweł\u00a0Łatuszka", "paweł łatuszka"),
])
def test_normalisation_folds(lang: str, text: str, same: str) -> None:
    assert normalize(text, lang) == same


@pytest.mark.parametrize(("lang", "a", "b"), [
    ("pl", "Łatuszka", "Latuszka"),
    ("pl", "Siliņa", "Silina"),
    ("ru", "Латушко", "Латушка"),
    ("be", "і", "и"),
])
def test_normalisation_keeps_diacritics_and_letters(lang: str, a: str, b: str) -> None:
    assert normalize(a, lang) != normalize(b, lang)


def test_explicit_forms_match_exactly(tmp_path: Any) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n  - id: x\n    pl: {preferred: [Gród], forms: [Grodu nad Wisłą]}\n", encoding="utf-8")
    glossary = make_glossary(read_yaml(path))
    [hit] = matcher_for(glossary, "pl").find("z Grodu nad Wisłą")
    assert (hit.term, hit.status, hit.level) == ("Gród", "preferred", 0)


def test_case_sensitive_terms(tmp_path: Any) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n  - id: pap\n    en: {preferred: [PAP], case_sensitive: true}\n", encoding="utf-8")
    glossary = make_glossary(read_yaml(path))
    assert [h.text for h in matcher_for(glossary, "en").find("PAP and pap")] == ["PAP"]


def test_placeholders_are_transparent_and_punctuation_in_terms_counts(tmp_path: Any) -> None:
    path = tmp_path / "g.yaml"
    path.write_text('terms:\n  - id: mfa\n    en: ["Ministry of Foreign Affairs (Poland)"]\n'
                    "  - id: l\n    pl: [Paweł Łatuszka]\n", encoding="utf-8")
    glossary = make_glossary(read_yaml(path))
    assert [h.concept for h in matcher_for(glossary, "en").find("the Ministry of Foreign Affairs (Poland)")] == ["mfa"]
    assert matcher_for(glossary, "en").find("the Ministry of Foreign Affairs. Poland") == []
    assert [h.text for h in matcher_for(glossary, "pl").find("<g1>Paweł</g1> Łatuszka")] == ["Paweł</g1> Łatuszka"]


def heldout() -> list[Any]:
    import yaml
    from glossary_cases import DATA

    data = yaml.safe_load((DATA / "heldout.yaml").read_text(encoding="utf-8"))
    return [pytest.param(*case, id=f"{case[0]}-{case[1][:30]}") for case in data["cases"]]


@pytest.mark.parametrize(("lang", "text", "concept", "status"), heldout())
def test_heldout(glossary: Glossary, lang: str, text: str, concept: str, status: str | None) -> None:
    assert [h.status for h in hits_of(glossary, lang, text, concept)] == ([status] if status else [])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("aąłńóźLatuszkŁАбвяіўёЛатушкоь'’ʼ \u00a0-<>/g1.,:0123"))),
       lang=st.sampled_from(["en", "pl", "ru", "be", "uk"]))
def test_hits_are_spans_of_the_input_and_never_overlap(glossary: Glossary, text: str, lang: str) -> None:
    hits = matcher_for(glossary, lang).find(text)
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text
    for a, b in itertools.pairwise(hits):
        assert a.end <= b.start


# --- the fast path: texts without a word a term could begin with -------------------------------------

def test_a_text_without_glossary_words_finds_nothing_and_is_remembered_as_such(glossary: Glossary) -> None:
    matcher = Matcher(glossary, "pl")
    text = "Program zakończył pracę, a pliki zostały zapisane na dysku."
    assert matcher.find(text) == []
    # every word is now known not to begin a term: the next look at the text is set arithmetic alone
    words = set(TOKEN_RE.findall(text))
    assert words <= matcher._analysed.keys() and words.isdisjoint(matcher._starters)


def test_an_inflected_term_still_matches_once_the_irrelevant_words_are_warm(glossary: Glossary) -> None:
    matcher = Matcher(glossary, "pl")
    for text in ("Program zakończył pracę.", "Pliki zostały zapisane na dysku.", "Z nim rozmawiał minister."):
        assert matcher.find(text) == []
    hits = matcher.find("Minister rozmawiał z Pawłem Łatuszką o więźniach.")
    assert [(h.concept, h.text) for h in hits if h.concept == "pavel-latushka"] == \
        [("pavel-latushka", "Pawłem Łatuszką")]


def test_a_word_that_cannot_begin_a_term_still_counts_inside_one(tmp_path: Any) -> None:
    path = tmp_path / "g.yaml"
    path.write_text('terms:\n  - id: mfa\n    en: ["Ministry of Foreign Affairs"]\n', encoding="utf-8")
    matcher = Matcher(make_glossary(read_yaml(path)), "en")
    assert matcher.find("Foreign affairs of the ministry.") == []  # no word here begins the term
    assert [h.text for h in matcher.find("The Ministries of Foreign Affairs met.")] == \
        ["Ministries of Foreign Affairs"]


def test_the_word_memos_stay_within_their_bound(glossary: Glossary, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(match, "ANALYSED_LIMIT", 5)
    matcher = Matcher(glossary, "pl")
    texts = ["Program zakończył pracę, a pliki zostały zapisane na dysku.", "Rozmowa z Pawłem Łatuszką."]
    first = [matcher.find(t) for t in texts]
    assert len(matcher._analysed) <= 5 and matcher._starters <= matcher._analysed.keys()
    assert [matcher.find(t) for t in texts] == first  # nothing memoised past the bound, the same answers
    assert first[1] and first[1][0].text == "Pawłem Łatuszką"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet=st.sampled_from(list("aąłńóźLatuszkŁPwełАбвяіўёЛатушкоь'’ʼ \u00a0-<>/g1.,"))),
                      min_size=1, max_size=4),
       lang=st.sampled_from(["en", "pl", "ru", "be", "uk"]))
def test_the_fast_path_finds_what_the_full_walk_finds(glossary: Glossary, texts: list[str], lang: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fast = matcher_for(glossary, lang)
    full = Matcher(glossary, lang)
    with monkeypatch.context() as patch:
        patch.setattr(full, "_may_start", lambda token: True)  # every text takes the full walk
        for text in texts:
            full._analysed.clear()  # (so every word of the text is unknown to the gate)
            full._starters.clear()
            assert fast.find(text) == full.find(text)
