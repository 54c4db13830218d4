"""Numbers spelled out in words, for any language the libraries know: cardinals and ordinals, inflected.

Sources, best first:
- CLDR's rule-based number formatting (RBNF) through `unicode-rbnf`: cardinals in every gender, and for
  Polish and Russian in every case ("ośmiuset tysięcy", "восьмидесяти"); ordinals where CLDR has them
  (ru, be, many others). The same CLDR data Babel gives for separators and months, so a language without
  a module of its own gets number words too.
- `num2words` for the ordinals CLDR lacks (pl "siódmy", uk "тисячний").
- the language's pymorphy3 paradigm (ru, uk) inflects each word ("тысячный" -> "тысячная").

A check matches the rest of the inflection by stem (`word_pattern`): Slavic ordinals are adjectives whose
endings vary ("siódmy" -> "siódmą", "siódmego"). Everything is memoised per (language, value).
"""

from __future__ import annotations

import re
from functools import lru_cache

# What a word may lose at its end before inflected endings are added: its vowels, й and the soft sign.
_ENDING_RE = re.compile(r"[aeiouyąęóаеёиоуыэюяіїєьйў]{1,2}$")
_MIN_STEM = 4  # a shorter stem ("trz" of "trzy") would match other numbers ("trzydzieści")
_MAX_ENDING = 4  # "siódm" + "emu"; "восьмидесят" + "ых"


@lru_cache(maxsize=64)
def _rbnf(code: str):  # type: ignore[no-untyped-def]
    """The CLDR RBNF engine for `code` and its spell-out rule sets, or None where CLDR has none."""
    from unicode_rbnf import RbnfEngine

    try:
        engine = RbnfEngine.for_language(code)
    except (ValueError, FileNotFoundError, KeyError):
        return None
    # the rule sets a text uses; "-tens" and the fraction sets are parts other sets call
    names = [name for name in engine.rulesets if name.startswith("spellout-")
             and not name.startswith(("spellout-numbering-year", "spellout-fraction")) and not name.endswith("tens")]
    return (engine, names) if names else None


def has_words(code: str) -> bool:
    """Whether numbers can be spelled out in `code` (CLDR RBNF or num2words has the language)."""
    return _rbnf(code) is not None or bool(_num2words_ordinal(code, 1))


def _num2words_ordinal(code: str, value: int) -> str:
    try:
        from num2words import num2words

        return str(num2words(value, lang=code, to="ordinal"))
    except (NotImplementedError, OverflowError, TypeError, ValueError, AttributeError, IndexError, KeyError):
        return ""  # num2words' language tables have holes (Catalan ordinals raised KeyError for some values)


@lru_cache(maxsize=4096)
def spelled(code: str, value: int) -> frozenset[str]:
    """Every written form of `value` the sources give for `code`, cardinal and ordinal, lower case
    ("osiemset tysięcy", "siódmy")."""
    ordinal = _num2words_ordinal(code, value).lower()
    return cardinals(code, value) | _with_inflections(code, value, {ordinal} if ordinal else set())


@lru_cache(maxsize=4096)
def cardinals(code: str, value: int) -> frozenset[str]:
    """The forms of `value` from CLDR's rule sets (cardinals, and ordinals where CLDR has them), inflected."""
    return _with_inflections(code, value, _rbnf_forms(code, value, ""))


@lru_cache(maxsize=256)
def cardinal_words(code: str, value: int) -> frozenset[str]:
    """The cardinal forms alone ("тысяча", "тысячи"; not "тысячный"), inflected."""
    return _with_inflections(code, value, _rbnf_forms(code, value, "cardinal"))


def _rbnf_forms(code: str, value: int, kind: str) -> set[str]:
    rbnf = _rbnf(code)
    if rbnf is None:
        return set()
    engine, names = rbnf
    try:
        result = engine.format_number(value, ruleset_names=[n for n in names if kind in n])
    except (ValueError, KeyError, IndexError, RecursionError):
        return set()
    return {text.lower() for text in result.text_by_ruleset.values() if text}


def _with_inflections(code: str, value: int, forms: set[str]) -> frozenset[str]:
    """`forms`, the same without a leading "one" ("адна тысяча" -> "тысяча": news writes "тысячная", not
    "одна тысячная"), and their pymorphy3 inflections."""
    if str(value).startswith("1"):
        forms |= {form.split(" ", 1)[1] for form in forms if " " in form}
    forms |= _inflected(code, frozenset(forms))
    return frozenset(form for form in forms if form and not any(c.isdigit() for c in form))


def _inflected(code: str, forms: frozenset[str]) -> set[str]:
    """Single-word forms through the language's pymorphy3 paradigm, where it has one."""
    from pipeline import languages

    morphology = languages.get(code).morphology
    if morphology is None or morphology.backend != "pymorphy3":
        return set()
    from pipeline.glossary.morphology import pymorphy

    morph = pymorphy(morphology.resource)
    out: set[str] = set()
    for form in forms:
        if " " in form:
            continue
        for parse in morph.parse(form)[:2]:
            if parse.word == form and {"NUMR", "ADJF"} & parse.tag.grammemes:
                out.update(f.word.replace("ё", "е") for f in parse.lexeme)
                out.update(f.word for f in parse.lexeme)
    return out


def word_pattern(word: str) -> str:
    """A regex for `word` and its inflected forms: its stem plus a short ending (short words exactly)."""
    stem = _ENDING_RE.sub("", word)
    if len(stem) < _MIN_STEM:
        return re.escape(word)
    return rf"{re.escape(stem)}\w{{0,{_MAX_ENDING}}}"


def combining_prefixes(code: str, value: int) -> frozenset[str]:
    """Word starts that stand for `value` in compounds: "сто-" (стометровый), "пяти-", "двух-": the one-word
    cardinal forms themselves, and with the linking vowel o for their last vowel ("pięcio-")."""
    out: set[str] = set()
    for form in cardinals(code, value):
        if " " in form or "-" in form:
            continue
        out.add(form)
        if _ENDING_RE.search(form) and len(form) >= 3:  # pięciu -> pięcio-, два -> дво-
            out.add(form[:-1] + ("o" if _latin(form) else "о"))
    return frozenset(out)


def _latin(word: str) -> bool:
    return all(c < "\u0250" for c in word)
