"""Everything tolmach knows about a language, in one place: code -> Language.

Stages ask `get(code)` and read the answer's fields; none of them names a language code. Languages tolmach
knows deeply have a module of their own here (`en.py`, `pl.py`, … each defining `LANGUAGE`), found by
listing this package, so adding one is one module, its tests and its glossary data. Any other language
Babel (CLDR) knows gets a generic entry built from Babel's data: plural forms, months and number symbols
come from CLDR anyway, segmentation from pySBD where it has the language; what a generic entry lacks
(quotation marks, number words, a morphology) is named by `gaps`, which the checks report once per run
instead of silently using English rules. A code Babel does not know is refused with a suggestion.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType

from pipeline.errors import TolmachError

EMPTY: Mapping[str, str] = MappingProxyType({})


def _empty() -> Mapping[str, str]:
    return EMPTY


@dataclass(frozen=True)
class Segmentation:
    """How sentences are split: pySBD's machinery for one of its languages plus our news rules."""

    pysbd: str | None  # the pySBD language whose rules we build on ("ru" for be/uk); None: generic rules
    abbreviations: tuple[str, ...] = ()  # never end a sentence in news prose ("вул", "ul", initials)
    keep_pysbd_abbreviations: bool = True  # add ours to pySBD's list, or use ours alone (be, uk)
    prepositive: bool = False  # standard (Latin) rules: ours keep their period before any word ("ul. Nowa")
    split_after: re.Pattern[str] | None = None  # also a sentence end ("2024 г." before a capital)
    not_alone: re.Pattern[str] | None = None  # a piece that is no sentence by itself ("У 1994 г.")
    # an abbreviation that ends no sentence before a number but may elsewhere ("ст. 342" / "XX ст.", a month)
    before_number: re.Pattern[str] | None = None
    joins: Callable[[str, str], bool] | None = None  # (previous piece, next piece) -> next continues it
    fast: bool = False  # use pySBD's own lists through our one-pass replacer (en)


@dataclass(frozen=True)
class Morphology:
    """The glossary's word analysis: a back-end of pipeline.glossary.morphology and what it loads."""

    backend: str  # "pymorphy3", "lemmagen3", "hunspell", "english"
    resource: str = ""  # the pymorphy3 or lemmagen3 dictionary; Hunspell finds its own by language code
    knows_names: bool = True  # False: a capitalised word goes straight to rule stems (Hunspell be)


@dataclass(frozen=True)
class Stemming:
    """Suffix rules for words no dictionary knows (surnames): endings and stem-final alternations."""

    endings: tuple[str, ...] = ()  # longest first
    alternations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # stem ending -> what it also stands for
    fleeting_vowels: str = ""  # вязень / вязні: a vowel before the last consonant that drops (with -ь)
    doubled_before: str = ""  # Беларусь / Беларуссю: an ending after which the last consonant doubles
    vowel_swaps: tuple[tuple[str, str], ...] = ()  # Kraków / Krakowa: ó in the last syllable reads as o
    for_common_words: bool = False  # a shared stem counts for common nouns too (thin dictionaries)


@dataclass(frozen=True, eq=False)
class Language:
    """What tolmach knows about one language. Empty fields mean "no data", never "use English"."""

    code: str  # ISO 639-1 where there is one; also the Babel locale (plural forms, months, number symbols)
    name: str  # English name (Babel)
    script: str  # ISO 15924: "Latn", "Cyrl"
    segmentation: Segmentation
    deep: bool = True  # False: the generic entry Babel's data gives for a language without a module
    variant_of: str | None = None  # the language this is an orthography or script of (be@tarask: be)
    quotes: tuple[tuple[str, str], ...] = ()  # (opening, closing): the primary pair first, then inner ones
    number_words: Mapping[int, str] = field(default_factory=dict)  # 0-20 -> regex over every inflected form
    # value -> regex of set phrases that stand for a number of hours or days ("całodobowy" for 24 hours,
    # "tydzień" for 7 days); words for every number come from CLDR's spell-out rules (pipeline.spellout)
    number_phrases: Mapping[int, str] = field(default_factory=dict)
    # "am"/"pm" -> regex of the words that place a 12-hour time in its half of the day ("6 вечара"), for a
    # language whose CLDR data has no day periods (Babel's are used where it has them)
    day_periods: Mapping[str, str] = field(default_factory=dict)
    letters: str = ""  # the lower-case alphabet
    # the 8-bit code pages files in this language still come in (Windows first); none: those of its script
    encodings: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()  # same-script languages whose letters betray a wrong-language draft
    respell: Mapping[str, str] = field(default_factory=_empty)  # neighbour letter -> how this language writes it
    stopwords: frozenset[str] = frozenset()  # most frequent function words (language id)
    morphology: Morphology | None = None  # None: exact forms only
    stemming: Stemming = field(default_factory=Stemming)
    folds: Mapping[str, str] = field(default_factory=_empty)  # letters writers interchange (ё -> е), folded
    initial_folds: Mapping[str, str] = field(default_factory=_empty)  # the same, word-initially only (ў -> у)
    inflects: bool = False  # nouns take case endings (glossary terms are inflected like the source's)
    diacritics: Mapping[str, str] = field(default_factory=_empty)  # ASCII letter -> what it may stand for

    @property
    def keeps_latin_names(self) -> bool:
        """Whether names stay in the Latin script (a names-only copy of the source is a translation)."""
        return self.script == "Latn"

    @property
    def quote_style(self) -> str | None:
        """The primary quotation marks around an ellipsis, for messages: „…”."""
        return f"{self.quotes[0][0]}…{self.quotes[0][1]}" if self.quotes else None

    def gaps(self) -> list[str]:
        """What checks and stages have no data for in this language (empty for a deep language)."""
        missing = []
        if not self.quotes:
            missing.append("quote-style (quotation marks)")
        if not self.number_words:
            from pipeline.spellout import has_words  # CLDR's spell-out rules cover most languages

            if not has_words(self.code):
                missing.append("numbers (number words: digits only)")
        if self.morphology is None:
            missing.append("glossary (exact forms only)")
        if self.segmentation.pysbd is None and not self.segmentation.abbreviations:
            missing.append("segmentation (generic rules)")
        return missing


def capital_word(letters: str) -> str:
    """A look-ahead for a following capitalised word (not an initial like "А."), in `letters`' alphabet."""
    capitals = set(letters.upper()) - set(letters.lower()) | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    capitals_class = re.escape("".join(sorted(capitals)))
    return rf"(?=\s+[\"'“„«]?[{capitals_class}][^\W\d_])"


# BCP 47 variant and script subtags as gettext writes them, after an "@" (be-tarask: be@tarask).
GETTEXT_MODIFIERS = {"tarask": "tarask", "valencia": "valencia", "latn": "latin", "cyrl": "cyrillic"}


@lru_cache(maxsize=1024)  # asked per entry by the checks; a pure function of the string
def canonical(code: str) -> str:
    """A language code as gettext writes it: "be-tarask", "be_TARASK", "be_BY@tarask" -> "be@tarask";
    "sr-Latn", "sr_Latn" -> "sr@latin"; "ca-ES-valencia" -> "ca@valencia"; "pt-br" -> "pt_BR";
    "zh-Hant" -> "zh_Hant". Catalog folders, Language headers, settings and --to are read through it."""
    tag = code.strip()
    tag, _, modifier = tag.partition("@")
    parts = [p for p in re.split(r"[-_]", tag) if p]
    if not parts:
        return code.strip()
    language, rest = parts[0].lower(), parts[1:]
    region = script = ""
    for part in rest:
        lowered = part.lower()
        if lowered in GETTEXT_MODIFIERS and not (lowered == "latn" and language != "sr") and not modifier:
            modifier = GETTEXT_MODIFIERS[lowered]
        elif len(part) == 4 and part.isalpha():
            script = part.title()
        elif len(part) in (2, 3) and not region:
            region = part.upper()
        elif not modifier:
            modifier = lowered
    if modifier == "tarask" or modifier == "valencia":
        region = ""  # one orthography, wherever it is written: be_BY@tarask is be@tarask
    out = language + (f"_{script}" if script else "") + (f"_{region}" if region else "")
    return out + (f"@{modifier.lower()}" if modifier else "")


@cache
def _modules() -> dict[str, Language]:
    """The languages with a module, by code (a module's name is its code with "@" as "_": be_tarask.py)."""
    found: dict[str, Language] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        language: Language | None = getattr(module, "LANGUAGE", None)
        if language is not None:
            found[language.code] = language
    return found


def deep_languages() -> tuple[Language, ...]:
    """The languages with a module of their own, in code order."""
    return tuple(sorted(_modules().values(), key=lambda lang: lang.code))


def get(code: str) -> Language:
    """The Language for `code` in any spelling gettext, Babel or BCP 47 use (see `canonical`): its module,
    or its base language's for a regional code (uk_UA is uk), or a generic one from Babel; else exit 2."""
    canon = canonical(code)
    try:
        return _get(canon)
    except TolmachError as exc:
        if canon == code:
            raise
        raise TolmachError(exc.message.replace(repr(canon), repr(code)), hint=exc.hint) from None


@cache
def _get(canon: str) -> Language:
    modules = _modules()
    language = modules.get(canon)
    if language is not None:
        return language
    base, _, modifier = canon.partition("@")
    language = modules.get(base.split("_")[0]) if not modifier and "_" in base else None
    if language is not None and _locale_script(canon) in ("", language.script):
        return language  # a region of a language tolmach knows deeply: the same data
    return _generic(canon)


def _locale_script(canon: str) -> str:
    base, _, modifier = canon.partition("@")
    script = next((p for p in base.split("_")[1:] if len(p) == 4), "")
    return script or {"latin": "Latn", "cyrillic": "Cyrl"}.get(modifier, "")


def _generic(code: str, given: str | None = None) -> Language:
    """A language without a module: Babel's data for the locale (`code` is canonical, `given` as written)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    given = given or code
    base, _, modifier = code.partition("@")
    language = base.split("_")[0]
    if not re.fullmatch(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:@[a-z]+)?", code):
        raise TolmachError(f"unknown language code {given!r}", hint=_suggestion(given))
    try:
        locale = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        raise TolmachError(f"unknown language code {given!r}", hint=_suggestion(given)) from None
    if locale.language != language:  # an ISO 639-2/3 alias ("ukr"): one code per language, or two entries
        raise TolmachError(f"unknown language code {given!r}", hint=f"use the language code {locale.language!r}")
    likely = get_global("likely_subtags").get(language, "")
    script = _locale_script(code) or next((part for part in likely.split("_") if len(part) == 4), "Latn")
    name = locale.english_name or code
    if modifier:
        name = f"{name} ({modifier.title()})"
    from pysbd.languages import LANGUAGE_CODES

    return Language(code=code, name=name, script=script, deep=False,
                    variant_of=language if code != language else None,
                    segmentation=Segmentation(pysbd=language if language in LANGUAGE_CODES else None))


def _suggestion(code: str) -> str:
    """A language code for a near miss: a country code (ua -> uk), a name (German -> de), a typo."""
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    wanted = code.strip().lower().replace("-", "_")
    likely = get_global("likely_subtags")
    by_territory = likely.get(f"und_{wanted.upper()}")
    if by_territory:
        return f"use the language code {by_territory.split('_')[0]!r} ({wanted.upper()} is a country)"
    languages = sorted({i.split("_")[0] for i in locale_identifiers()})
    if "_" in wanted and wanted.split("_")[0] in languages:
        return f"use the language code {wanted.split('_')[0]!r}"
    from babel import Locale

    names = {}
    for lang in languages:
        try:
            names[(Locale.parse(lang).english_name or "").lower()] = lang
        except ValueError:  # a locale Babel lists but cannot load suggests nothing
            continue
    if wanted in names:
        return f"use the language code {names[wanted]!r}"
    close = difflib.get_close_matches(wanted, [*languages, *names], n=3)
    codes = list(dict.fromkeys(names.get(c, c) for c in close))
    return f"did you mean {' or '.join(repr(c) for c in codes)}?" if codes else "use an ISO 639 code such as 'de'"


def base_code(tag: str) -> str:
    """The language of a tag: "pt-BR", "pt_BR" -> "pt" (glossaries and TBX files carry regional tags;
    what tolmach knows of a language holds for its regions)."""
    return tag.replace("_", "-").split("-")[0]
