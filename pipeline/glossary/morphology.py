"""Per-language word analysis for the glossary matcher: dictionary lemmas plus rule stems.

Dictionaries know common words and most places but not surnames; suffix rules know surnames but
over-generalise. The matcher therefore uses both, ranked: an exact surface form beats a shared lemma,
which beats a shared rule stem (see match.py). Back-ends load lazily and only for the languages in use:
pymorphy3 (ru), lemmagen3 (pl), Hunspell's Belarusian dictionary through spylls (be).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell"))

# Inflectional endings, longest first; a stem keeps at least MIN_STEM characters.
MIN_STEM = 3
_ENDINGS: dict[str, tuple[str, ...]] = {
    "pl": ("owie", "ami", "ach", "owi", "ego", "emu", "ych", "ich", "ymi", "imi", "iem", "iej", "ów", "om",
           "em", "ie", "ia", "iu", "ii", "ym", "im", "ej", "ą", "ę", "a", "i", "y", "u", "e", "o"),
    "ru": ("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие", "ый",
           "ий", "ой", "ей", "ую", "юю", "ых", "их", "ым", "им", "ом", "ем", "ах", "ях", "ам", "ям", "ов", "ев",
           "а", "я", "о", "е", "у", "ю", "ы", "и", "й", "ь"),
    "be": ("амі", "ямі", "ага", "яга", "аму", "яму", "ымі", "імі", "ая", "яя", "ае", "яе", "ыя", "ія", "ую",
           "юю", "ых", "іх", "ым", "ім", "ом", "ем", "ам", "ям", "ах", "ях", "оў", "аў", "еў", "ой", "ай",
           "ей", "яй", "яў", "а", "я", "о", "е", "у", "ю", "ы", "і", "ў", "й", "ь"),
}
# Consonant alternations at the end of a stem (Łukaszenka -> Łukaszence, Завада -> Завадзе): a stem
# ending in the left side also stands for the right sides.
_ALTERNATIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "pl": (("dz", ("g", "d")), ("rz", ("r",)), ("sz", ("ch",)), ("sc", ("sk",)), ("śc", ("st",)),
           ("c", ("k", "t")), ("ż", ("g",)), ("l", ("ł",)), ("ń", ("n",)), ("ś", ("s",)), ("ź", ("z",))),
    "ru": (),
    "be": (("дз", ("д",)), ("ц", ("к", "т")), ("з", ("г",)), ("с", ("х",)), ("в", ("ў",))),
}


def rule_stems(word: str, lang: str) -> frozenset[str]:
    """Stems of a normalised word by suffix stripping, with the stem-final alternations undone."""
    endings = _ENDINGS.get(lang)
    if not endings:
        return frozenset()
    # Every reading: "Кастатааў" may be a stem + -аў or a nominative in -ў (gen. Кастатаава).
    stems = {word} | {word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= MIN_STEM}
    found = set()
    for stem in stems:
        if lang == "pl" and "ó" in stem[-3:]:  # Kraków / Krakowa
            i = stem.rindex("ó")
            stem = stem[:i] + "o" + stem[i + 1:]
        found.add(stem)
        if lang in ("ru", "be") and stem == word[:-1] and word.endswith("ь") and len(stem) > 4 \
                and stem[-2] in "еоё" and stem[-1] not in "аеёиоуыэюяіў":
            found.add(stem[:-2] + stem[-1])  # fleeting vowel: вязень / вязні, узник stays
        if lang == "be" and len(stem) > 4 and stem[-1] == stem[-2] and word.endswith("ю"):
            found.add(stem[:-1])  # instrumental doubling: Беларусь / Беларуссю
        for tail, sources in _ALTERNATIONS.get(lang, ()):
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
def russian_morphology():  # type: ignore[no-untyped-def]
    """The one pymorphy3 analyser of the process (loading its dictionary costs a few hundred ms)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.cache
def lemmatizer(lang: str) -> Lemmatizer:
    """word (normalised, lower case) -> its dictionary lemmas (normalised); built once per language."""
    from pipeline.glossary.normalize import normalize

    if lang == "en":
        return english_lemmas
    if lang == "ru":
        morph = russian_morphology()

        def ru(word: str) -> frozenset[str]:
            return frozenset(normalize(p.normal_form, "ru") for p in morph.parse(word)[:4])

        return ru
    if lang == "pl":
        import lemmagen3

        lemmagen = lemmagen3.Lemmatizer("pl")
        return lambda word: frozenset({normalize(lemmagen.lemmatize(word), "pl")})
    if lang == "be":
        dictionary = _hunspell("be_BY")
        if dictionary is None:
            return lambda word: frozenset()

        def be(word: str) -> frozenset[str]:
            found: set[str] = set()
            for variant in dict.fromkeys((word, word.capitalize(), word.replace("'", "’"))):
                found.update(normalize(f.stem, "be") for f in dictionary.lookuper.good_forms(variant))
            return frozenset(found)

        return be
    return lambda word: frozenset()


Paradigm = Callable[[str, bool], frozenset[str]]

NAME_TAGS = {"Surn", "Name", "Patr", "Geox", "Orgn", "Abbr"}


@functools.cache
def paradigm(lang: str) -> Paradigm:
    """(dictionary form, is a name) -> every inflected form of it, where a generator exists (ru).

    For names the proper-noun reading wins: Russian Латушко is an indeclinable surname, not a neuter
    noun whose plural would be "латушки" (a form of the Belarusian spelling Латушка).
    """
    from pipeline.glossary.normalize import normalize

    if lang != "ru":
        return lambda word, is_name: frozenset()
    morph = russian_morphology()

    def ru(word: str, is_name: bool) -> frozenset[str]:
        parses = [p for p in morph.parse(word) if "nomn" in p.tag and normalize(p.word, "ru") == word]
        if is_name:
            parses = [p for p in parses if NAME_TAGS & p.tag.grammemes] or parses
        if not parses:
            return frozenset()
        return frozenset(normalize(f.word, "ru") for f in parses[0].lexeme)

    return ru


def _hunspell(name: str):  # type: ignore[no-untyped-def]
    """A spylls Dictionary for a system Hunspell dictionary, or None when it is not installed."""
    for directory in HUNSPELL_DIRS:
        if (directory / f"{name}.dic").is_file():
            from spylls.hunspell import Dictionary

            return Dictionary.from_files(str(directory / name))
    return None


@functools.cache
def _spelling_dictionary(lang: str):  # type: ignore[no-untyped-def]
    return _hunspell(SPELLING_DICTIONARIES.get(lang, lang))


SPELLING_DICTIONARIES = {"be": "be_BY", "pl": "pl_PL", "ru": "ru_RU", "uk": "uk_UA"}


def has_spelling(lang: str) -> bool:
    """Is the language's Hunspell dictionary installed (so `spelled` means something)?"""
    return _spelling_dictionary(lang) is not None


def spelled(word: str, lang: str) -> bool:
    """Does the language's Hunspell dictionary (stems and affixes) accept `word`? False when not installed.

    The post-editor validates every respelled word with it: a rule-made spelling is used only if real.
    """
    dictionary = _spelling_dictionary(lang)
    return dictionary is not None and bool(dictionary.lookup(word))


AffixIndex = tuple[frozenset[str], dict[str, frozenset[str]], tuple[tuple[str, str], ...], int]


def may_be_spelled(word: str, lang: str) -> bool:
    """A cheap necessary condition for `spelled`: set lookups of the word less each affix the dictionary
    has (their flags and conditions aside). Lets a caller try thousands of spellings and ask Hunspell only
    about the few that can be words. True when there is no dictionary to ask."""
    index = _affix_index(lang)
    if index is None:
        return True
    stems, suffixes, prefixes, longest = index
    w = word.lower()
    for strip, add in prefixes:
        if not w.startswith(add):
            continue
        rest = strip + w[len(add):]
        for k in range(min(len(rest), longest) + 1):
            for strip_end in suffixes.get(rest[len(rest) - k:], ()):
                if rest[: len(rest) - k] + strip_end in stems:
                    return True
    return False


@functools.cache
def _affix_index(lang: str) -> AffixIndex | None:
    """The dictionary's stems (lower case), its suffixes (what they add -> what they strip), prefix rules
    (strip, add; the empty one included) and the longest suffix, read from the Hunspell .dic and .aff
    text. None if not installed."""
    name = SPELLING_DICTIONARIES.get(lang, lang)
    base = next((d / name for d in HUNSPELL_DIRS if (d / f"{name}.dic").is_file()), None)
    if base is None:
        return None
    suffixes: dict[str, set[str]] = {"": {""}}
    prefixes = {("", "")}
    for line in base.with_suffix(".aff").read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0] in ("SFX", "PFX"):
            strip = "" if parts[2] == "0" else parts[2].lower()
            add = "" if parts[3].split("/")[0] == "0" else parts[3].split("/")[0].lower()
            if parts[0] == "SFX":
                suffixes.setdefault(add, set()).add(strip)
            else:
                prefixes.add((strip, add))
    lines = base.with_suffix(".dic").read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    stems = frozenset(line.split("/", 1)[0].strip().lower() for line in lines)
    return stems, {k: frozenset(v) for k, v in suffixes.items()}, tuple(sorted(prefixes)), max(map(len, suffixes))
