"""Per-language word analysis for the glossary matcher: dictionary lemmas plus rule stems.

Dictionaries know common words and most places but not surnames; suffix rules know surnames but
over-generalise. The matcher therefore uses both, ranked: an exact surface form beats a shared lemma,
which beats a shared rule stem (see match.py). Each language names its back-end and rules in
pipeline.languages; back-ends load lazily and only for the languages in use: pymorphy3 (ru, uk),
lemmagen3 (pl), Hunspell's Belarusian dictionary through spylls (be).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from pipeline import languages
from pipeline.languages import Morphology

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell"))

MIN_STEM = 3  # a stem keeps at least this many characters
VOWELS = "аеёиоуыэюяіўєї"  # a fleeting vowel drops only before a consonant (вязень / вязні, not узник)


def rule_stems(word: str, lang: str) -> frozenset[str]:
    """Stems of a normalised word by suffix stripping, with the stem-final alternations undone
    (the language's Stemming in pipeline.languages)."""
    rules = languages.get(lang).stemming
    if not rules.endings:
        return frozenset()
    # Every reading: "Кастатааў" may be a stem + -аў or a nominative in -ў (gen. Кастатаава).
    stems = {word} | {word[: -len(e)] for e in rules.endings if word.endswith(e) and len(word) - len(e) >= MIN_STEM}
    found = set()
    for stem in stems:
        for swapped, plain in rules.vowel_swaps:  # Kraków / Krakowa
            if swapped in stem[-3:]:
                i = stem.rindex(swapped)
                stem = stem[:i] + plain + stem[i + 1:]
        found.add(stem)
        if rules.fleeting_vowels and stem == word[:-1] and word.endswith("ь") and len(stem) > 4 \
                and stem[-2] in rules.fleeting_vowels and stem[-1] not in VOWELS:
            found.add(stem[:-2] + stem[-1])  # fleeting vowel: вязень / вязні, узник stays
        if rules.doubled_before and len(stem) > 4 and stem[-1] == stem[-2] and word.endswith(rules.doubled_before):
            found.add(stem[:-1])  # instrumental doubling: Беларусь / Беларуссю
        for tail, sources in rules.alternations:
            if stem.endswith(tail) and len(stem) > len(tail) + 1:
                found.update(stem[: -len(tail)] + s for s in sources)
                break
    return frozenset(found)


def english_lemmas(word: str) -> frozenset[str]:
    """Plural and possessive: the only English inflection a glossary needs to see through."""
    found = set()
    if word.endswith("'s"):
        word = word[:-2]
        found.add(word)
    elif word.endswith("s'"):
        word = word[:-1]
        found.add(word)
    if word.endswith("ies") and len(word) > 4:
        found.add(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        found.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        found.add(word[:-1])
    return frozenset(found)


Lemmatizer = Callable[[str], frozenset[str]]


@functools.cache
def pymorphy(resource: str):  # type: ignore[no-untyped-def]
    """The one pymorphy3 analyser per dictionary (ru, uk) of the process (loading costs a few hundred ms)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=resource)


def morphology_of(lang: str) -> Morphology | None:
    return languages.get(lang).morphology


@functools.cache
def lemmatizer(lang: str) -> Lemmatizer:
    """word (normalised, lower case) -> its dictionary lemmas (normalised); built once per language from the
    back-end the language registry names (none: exact forms only)."""
    morphology = morphology_of(lang)
    if morphology is None:
        return lambda word: frozenset()
    return LEMMATIZERS[morphology.backend](lang, morphology.resource)


def _pymorphy_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    from pipeline.glossary.normalize import normalize

    morph = pymorphy(resource)

    def lemmas(word: str) -> frozenset[str]:
        return frozenset(normalize(p.normal_form, lang) for p in morph.parse(word)[:4])

    return lemmas


def _lemmagen_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    import lemmagen3

    from pipeline.glossary.normalize import normalize

    lemmagen = lemmagen3.Lemmatizer(resource)
    return lambda word: frozenset({normalize(lemmagen.lemmatize(word), lang)})


def _hunspell_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    from pipeline.glossary.normalize import normalize

    dictionary = _hunspell(resource)
    if dictionary is None:
        return lambda word: frozenset()

    def stems(word: str) -> frozenset[str]:
        found: set[str] = set()
        for variant in dict.fromkeys((word, word.capitalize(), word.replace("'", "’"))):
            found.update(normalize(f.stem, lang) for f in dictionary.lookuper.good_forms(variant))
        return frozenset(found)

    return stems


LEMMATIZERS: dict[str, Callable[[str, str], Lemmatizer]] = {
    "english": lambda lang, resource: english_lemmas,
    "pymorphy3": _pymorphy_lemmatizer,
    "lemmagen3": _lemmagen_lemmatizer,
    "hunspell": _hunspell_lemmatizer,
}


Paradigm = Callable[[str, bool], frozenset[str]]

NAME_TAGS = {"Surn", "Name", "Patr", "Geox", "Orgn", "Abbr"}


@functools.cache
def paradigm(lang: str) -> Paradigm:
    """(dictionary form, is a name) -> every inflected form of it, where a generator exists (pymorphy3).

    For names the proper-noun reading wins: Russian Латушко is an indeclinable surname, not a neuter
    noun whose plural would be "латушки" (a form of the Belarusian spelling Латушка).
    """
    from pipeline.glossary.normalize import normalize

    morphology = morphology_of(lang)
    if morphology is None or morphology.backend != "pymorphy3":
        return lambda word, is_name: frozenset()
    morph = pymorphy(morphology.resource)

    def forms(word: str, is_name: bool) -> frozenset[str]:
        parses = [p for p in morph.parse(word) if "nomn" in p.tag and normalize(p.word, lang) == word]
        if is_name:
            parses = [p for p in parses if NAME_TAGS & p.tag.grammemes] or parses
        if not parses:
            return frozenset()
        return frozenset(normalize(f.word, lang) for f in parses[0].lexeme)

    return forms


def _hunspell(name: str):  # type: ignore[no-untyped-def]
    """A spylls Dictionary for a system Hunspell dictionary, or None when it is not installed."""
    for directory in HUNSPELL_DIRS:
        if (directory / f"{name}.dic").is_file():
            from spylls.hunspell import Dictionary

            return Dictionary.from_files(str(directory / name))
    return None
