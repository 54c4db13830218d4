"""Word analysis back-ends: the Hunspell dictionaries (libhunspell) and what the checks ask of them.

Needs Debian's hunspell-pl and hunspell-be (scripts/install-system-deps.sh).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import languages
from pipeline.checks.qa_script import ascii_fold_lower
from pipeline.glossary.morphology import Dictionary, dictionary, knows, lemmatizer
from pipeline.resources import release


@pytest.mark.parametrize(("word", "lang", "verdict"), [
    ("więzień", "pl", True), ("Więzień", "pl", True), ("wiezniow", "pl", False),
    ("палітычных", "pl", False),  # letters outside the dictionary's ISO-8859-2: not a Polish word
    ("палітычных", "be", True), ("политических", "be", False),
])
def test_knows_asks_the_language_dictionary(word: str, lang: str, verdict: bool) -> None:
    assert knows(word, lang) is verdict


def test_a_language_without_a_dictionary_says_so() -> None:
    assert dictionary("xx") is None and knows("anything", "xx") is None


def test_the_dictionary_of_a_language_loads_once() -> None:
    assert dictionary("pl") is dictionary("pl")


def test_stems_are_the_dictionary_entries_of_a_form() -> None:
    be = dictionary("be")
    assert be is not None
    assert "Беларусь" in be.stems("Беларусі") and "турма" in be.stems("турмаў")
    assert be.stems("Warszawa") == ()


def test_belarusian_lemmas_come_from_the_dictionary_in_normalised_form() -> None:
    assert "беларусь" in lemmatizer("be")("беларусі")
    assert lemmatizer("be")("зусімнеслова") == frozenset()


def test_folded_words_are_found_by_scanning_by_the_lexicon_and_by_the_index_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first look-ups scan the .dic text; after FULL_INDEX_AFTER of them a lexicon file in the user cache
    answers, and the next run opens it at once; where the cache cannot be written, an index in memory. All agree."""
    pl = dictionary("pl")
    assert pl is not None
    keys = ["sie", "zolw", "zolc", "panstwo", "bialorus", "teraz", "xyzzy", "a"]
    fold = ascii_fold_lower(languages.get("pl").diacritics)
    scanning = Dictionary(pl.base)
    scanned = {key: scanning.words_folding_to(key, fold) for key in keys}
    assert scanned["sie"] == ["się"] and scanned["zolw"] == ["żółw"] and "białoruś" in scanned["bialorus"]
    assert scanned["zolc"] == ["żółć"]  # four letters changed: more than candidates by re-accenting try
    assert scanned["teraz"] == [] and scanned["xyzzy"] == []  # only words whose folding changes them

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stale = tmp_path / "cache" / "tolmach" / "lexicons" / "pl_PL-0000000000000000.sqlite"  # an older pl_PL's
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"")
    building = Dictionary(pl.base)
    building.FULL_INDEX_AFTER = 0
    assert {key: building.words_folding_to(key, fold) for key in keys} == scanned
    assert len(list((tmp_path / "cache" / "tolmach" / "lexicons").glob("pl_PL-*.sqlite"))) == 1
    assert not stale.exists()  # a dictionary updated since leaves one lexicon, not one per version
    next_run = Dictionary(pl.base)
    assert next_run.words_folding_to("zolw", fold) == ["żółw"] and next_run._folded is None  # no scan

    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a cache directory that cannot be made
    indexed = Dictionary(pl.base)
    indexed.FULL_INDEX_AFTER = 0
    assert {key: indexed.words_folding_to(key, fold) for key in keys} == scanned
    assert indexed._index is not None


def test_a_later_run_answers_from_the_spelling_memo_without_loading_the_dictionary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers libhunspell gave are saved when the dictionary is let go; a new Dictionary of the same file
    gives the same answers from the memo and loads libhunspell only for a word never asked before."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    be = dictionary("be")
    assert be is not None
    words = ["Беларусі", "турмаў", "палітычных", "политических", "Warszawa"]
    first = Dictionary(be.base)
    answers = [(first.knows(w), first.stems(w)) for w in words]
    assert first._loaded is not None
    release()  # what the check runner does when it moves to another language; saves the memo
    second = Dictionary(be.base)
    assert [(second.knows(w), second.stems(w)) for w in words] == answers
    assert second._loaded is None  # every answer came from the memo
    assert second.knows("вязні") and second._loaded is not None  # a new word: libhunspell after all


def test_an_unwritable_cache_leaves_the_answers_to_libhunspell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    pl = dictionary("pl")
    assert pl is not None
    first = Dictionary(pl.base)
    assert first.knows("więzień") and not first.knows("wiezniow")
    release()
    assert Dictionary(pl.base).knows("więzień")
