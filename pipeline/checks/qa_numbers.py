"""QA checks on numbers, dates and times, with separators and month names from Babel's CLDR data.

English writes "1,500.5"; Polish, Belarusian and Russian write "1500,5" or "1 500,5" (a space, a
no-break space or a narrow no-break space between groups). A number left in English form changes its
value for a reader: "1,500" reads as one and a half. Small numbers are often written as words
("three prisoners" -> "trzech więźniów"), so a source "3" is also found as a number word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipeline import languages
from pipeline.checks.qa_text import qa_check, without_code
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem

# The number regexes start with the first digit and look behind it (`\d(?<![\d.,]\d)` is `(?<![\d.,])\d`):
# a search then skips to the next digit in C instead of trying the look-behind at every character.
# English source numbers: "1,500", "1,500.25", "1.5", "2023"; not part of a longer digit run.
SOURCE_NUMBER_RE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)(?![\d])")
# Target numbers: grouped by a space-like separator, or digits with , or . inside.
GROUP_SPACES = " \u00a0\u202f\u2009"
TARGET_NUMBER_RE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"
                              r"|\d*(?:[.,]\d+)*)(?!\d)")
GROUP_SPACE_RE = re.compile(f"[{GROUP_SPACES}]")
DIGIT_RE = re.compile(r"\d")
PLAIN_INTEGER_RE = re.compile(r"\d(?<![\d.,]\d)\d*(?![\d]|[.,]\d)")
# 12-hour clock times in the source: "3 p.m.", "10:30 am", "11:46:30 am" (the 46 is no hour), "2∶35 pm"
# (U+2236 RATIO, as GTK writes times).
TIME_12H_RE = re.compile(r"\b(?<![\d:∶])(\d{1,2})(?:[:∶](\d{2}))?(?:[:∶]\d{2})?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
# Its tail from the last digit of the hour: in every text TIME_12H_RE matches, and starting with a digit
# lets the search skip to digits in C (TIME_12H_RE's leading \b is tried at every position).
TIME_HINT_RE = re.compile(r"\d(?:[:∶]\d{2}){0,2}\s*[ap]\.?\s?m\b", re.IGNORECASE)
# A range whose am/pm follows its second time only: "10:00–11:00 pm" is 22:00–23:00.
TIME_RANGE_12H_RE = re.compile(r"\b(?<![\d:∶])(\d{1,2})(?:[:∶](\d{2}))?\s*(?:[-–—]|to)\s*(\d{1,2})(?:[:∶](\d{2}))?\s*"
                               r"([ap])\.?\s?m\b\.?",
                               re.IGNORECASE)
# A setting the translator chooses, written as a message: "calendar:week_start:0" (GTK's first weekday).
SETTING_RE = re.compile(r"[a-z][a-z_-]*(?::[a-z][a-z_-]*)+:[\w-]+")
AM_PM_RE = re.compile(r"\b[ap]\.?\s?m\b", re.IGNORECASE)

# Number words 0-20 (pipeline.languages: regexes over inflected forms) count for a source digit; beyond
# 20, digits are the norm in news text, so larger numbers must stay digits.
@lru_cache(maxsize=8)
def _number_word_res(lang: str) -> dict[int, re.Pattern[str]]:
    return {n: re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
            for n, pattern in languages.get(lang).number_words.items()}


@lru_cache(maxsize=8)
def _symbols(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(lang), get_group_symbol(lang)


def source_numbers(text: str) -> list[tuple[str, Decimal, int]]:
    """(as written, value, offset) for every number in an English text, URLs and placeholders excluded."""
    out = []
    for m in SOURCE_NUMBER_RE.finditer(without_code(text)):
        value = _parse(m.group(0), "en")
        if value is not None:
            out.append((m.group(0), value, m.start()))
    return out


@lru_cache(maxsize=65536)
def _parse(token: str, lang: str) -> Decimal | None:
    """Babel's strict CLDR parse, memoised: news text repeats the same few thousand numbers."""
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return parse_decimal(token, locale=lang, strict=True)
    except NumberFormatError:
        return None


def target_values(text: str, lang: str) -> set[Decimal]:
    """Every value a reader of `lang` may read in `text`.

    "1 500" counts as 1500 and also as 1 and 500 (two numbers side by side); "20.12.2023" counts as 20,
    12 and 2023 but a "." is never a decimal point where CLDR's is ",", so "1.5" is not 1.5 in Polish.
    """
    decimal, group = _symbols(lang)
    values: set[Decimal] = set()
    for m in TARGET_NUMBER_RE.finditer(without_code(text)):
        token = m.group(0)
        pieces = [p for p in GROUP_SPACE_RE.split(token) if p]
        if "." in token and "." not in (decimal, group):
            pieces = [q for p in pieces for q in p.split(".")]
        if len(pieces) > 1:
            for piece in pieces:
                plain = _plain(piece, decimal)
                if plain is not None:
                    values.add(plain)
        if "." in token and "." not in (decimal, group):
            continue
        value = _parse(GROUP_SPACE_RE.sub(group, token), lang)
        if value is not None:
            values.add(value)
    return values


def _plain(token: str, decimal_symbol: str) -> Decimal | None:
    try:
        return Decimal(token.replace(decimal_symbol, "."))
    except InvalidOperation:
        return None


# --- what a source number may become ---------------------------------------------------------------

# A number glued to letters is an identifier, not a quantity to localise: "HJR-3", "COVID-19", "p109",
# "MP3", "UTC+1" (letters before), "802.11n", "4x4", "5G" (letters after, unless an ordinal, a decade, a
# unit). A translation may name the thing instead ("HJR-3" -> "совместная резолюция"); an identifier it
# keeps with other digits ("COVID-91", "Іл-67") is still reported.
IDENTIFIER_BEFORE_RE = re.compile(r"(?:[^\W\d_]|[A-Z][\w]*-|[^\W\d_]\+)$")
# A capitalised word glued to its number ("Static Menu4" beside "Static Menu3") numbers one of a series: a
# translation may translate the word, never drop the number.
NUMBERED_WORD_BEFORE_RE = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{2,}$")
TARGET_IDENTIFIER_RE = re.compile(r"[^\W\d_][-+]?\d")
PHONE_CODE_BEFORE_RE = re.compile(r"(?:^|[\s(])\+$")  # "+1" -> "+7": a country code is localised
SUFFIX_RE = re.compile(r"[^\W\d_]+")
NUMBER_SUFFIXES = frozenset({"s", "st", "nd", "rd", "th", "am", "pm", "a", "p", "k", "m", "bn", "mn", "km", "cm",
                             "mm", "kg", "g", "mg", "lb", "lbs", "ft", "in", "mi", "mph", "kph", "kmh", "h", "hr",
                             "hrs", "min", "sec", "ms", "l", "ml", "kw", "mw", "gw", "kwh", "w", "v", "hz", "khz",
                             "mhz", "ghz", "kb", "mb", "gb", "tb", "x", "t", "ha", "c", "f", "yo", "d", "nm"})
# A dotted number after a name or a label is a version, a section, a figure: "Windows 8.1", "Figure 1.1",
# "version 2.5". It may stay as written (it is no decimal fraction a reader would misread).
# A capitalised word is a name only where it does not merely start a sentence ("About 2.5 km"), or where
# the translation keeps it with the number as the source writes them ("Ubuntu 10.04"); an acronym ("XLIFF
# 1.2", "HTTP/0.9") and a label word ("Version 2.5", "Figure 1.1") are one anywhere.
NAME_BEFORE_RE = re.compile(r"\b[A-Z][\w.+-]*\s*$")
ACRONYM_BEFORE_RE = re.compile(r"\b[A-Z][A-Z0-9]+[\w.+-]*(?:\s*|/)$")
LABEL_WORD_BEFORE_RE = re.compile(
    r"\b(?:version|v|ver|release|figure|fig|table|section|chapter|step|level|article|"
    r"paragraph|page|p|pp|no|number|model|rule|item|part|vol|volume|issue|edition|build|update|patch|"
    r"protocol|standard|series|phase|stage|type|class|grade|route|highway|channel|gen|generation)\.?\s*$",
    re.IGNORECASE)
VERSION_NEAR_RE = re.compile(r"\b(?:versions?|releases?)\b", re.IGNORECASE)  # "the version is like 2.5"
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|[\"“„«(]\s*)\S+\s*$")
# A number right after "digits:", "key=" or a programmer's comparison ("tar <= 1.12", "Python >= 3.10") is a
# value in a machine syntax the user types ("IDs:weight. e.g: 1234:0.123,4567:0.456"): it stays as written.
SYNTAX_BEFORE_RE = re.compile(r"(?:\d:|\w=|[<>=!~]=\s*)$")
# An English number used as a modifier, which Slavic languages make one compound word: "2 hour speech"
# -> "dwugodzinnego", "100-metre ship" -> "стометровой", "4 column index" -> "четырёхстолбцовый": a hyphen,
# or a singular noun after the number.
ATTRIBUTIVE_AFTER_RE = re.compile(r"-[^\W\d_]|\s[a-z]+(?<!s)\b(?!['’])")
# Time words a translation may use for a number of hours or days ("24 hour" -> "całodobowy", "Past 7
# days" -> "Апошні тыдзень"): the value -> the English unit after it; the target's words are
# `Language.number_phrases`.
PHRASE_UNITS = {24: re.compile(r"[\s-]hours?\b", re.IGNORECASE), 7: re.compile(r"[\s-]days?\b", re.IGNORECASE)}
# An English scale word after a number: "2.3 billion", "800 thousand".
SCALE_AFTER_RE = re.compile(r"\s*(thousand|million|billion|trillion|bn|m)\b")
ENGLISH_SCALES = {"thousand": 3, "million": 6, "m": 6, "billion": 9, "bn": 9, "trillion": 12}
# Units a translation converts to metric, with the value kept: (regex after the number, factor, offset).
UNIT_CONVERSIONS: tuple[tuple[re.Pattern[str], float, float], ...] = tuple(
    (re.compile(rf"[\s-]*(?:{pattern})(?![^\W\d_])", re.IGNORECASE), factor, offset) for pattern, factor, offset in (
        (r"\(?°?\s?F\)?|degrees? Fahrenheit|°?F\b", 5 / 9, -32),
        (r"miles? per hour|mph", 1.609344, 0), (r"(?:square|sq\.?) miles?", 2.589988, 0),
        (r"miles?|mi\b", 1.609344, 0), (r"(?:feet|foot|ft\b)", 0.3048, 0), (r"(?:inch(?:es)?|in\.)", 2.54, 0),
        (r"yards?|yd", 0.9144, 0), (r"(?:pounds?|lbs?)", 0.45359237, 0), (r"ounces?|oz", 28.349523, 0),
        (r"(?:US\s)?gallons?", 3.785411784, 0), (r"acres?", 0.4046856, 0), (r"tons?", 0.907185, 0),
    ))
VULGAR_FRACTION_RE = re.compile(r"[\s\u2009\u00a0]?([¼½¾⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])")
DECADE_AFTER = "s"
# "1995-96": the second year of a season or a term written with two digits.
YEAR_RANGE_BEFORE_RE = re.compile(r"(\d\d)\d\d[-–/]$")
ROMAN_RE = re.compile(r"(?<![^\W\d_])(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
                      r"(?![^\W\d_])")
ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman(numeral: str) -> int:
    total = 0
    for letter, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = ROMAN_VALUES[letter]
        total += -value if following and ROMAN_VALUES[following] > value else value
    return total


def _cldr(lang: str, field: str) -> dict[str, Any]:
    """One table of Babel's locale data for `lang` (compact formats, day periods); empty if it has none."""
    from babel import Locale

    try:
        return dict(getattr(Locale.parse(lang), field))
    except (ValueError, LookupError):
        return {}


@lru_cache(maxsize=8)
def _scale_words(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
    """Words for thousand, million, billion after a number ("800 tysięcy", "5 млн"), from CLDR's compact
    decimal formats (long and short) and the cardinal forms of the powers themselves."""
    from pipeline.spellout import cardinal_words

    exponents: dict[str, int] = {}
    for by_count in _cldr(lang, "compact_decimal_formats").values():
        for patterns in by_count.values():
            for key, pattern in patterns.items():
                word = re.sub(r"[0#\s\u00a0]+", " ", str(pattern.pattern).replace("'", "")).strip().lower()
                if word and not any(c.isdigit() for c in word):
                    exponents.setdefault(word, len(key) - 1 - (str(pattern.pattern).count("0") - 1))
    for exponent in (3, 6, 9, 12):
        for form in cardinal_words(lang, 10 ** exponent):
            if " " not in form:
                exponents.setdefault(form, exponent)
    alternatives = "|".join(re.escape(w) for w in sorted(exponents, key=len, reverse=True))
    regex = re.compile(rf"\s*({alternatives})(?![^\W\d_])" if alternatives else r"(?!)", re.IGNORECASE)
    return regex, exponents


@dataclass(frozen=True)
class SourceNumber:
    """A number of the source and the readings a faithful translation may give it."""

    written: str
    value: Decimal
    offset: int
    also: tuple[Decimal, ...] = ()  # other exact values that render it (a scaled, decade or year reading)
    near: tuple[float, ...] = ()  # converted values, matched within 3 % (a unit conversion)
    verbatim_ok: bool = False  # a version or section number: may stay as written
    clock: tuple[Decimal, Decimal] | None = None  # "0230 UTC" may be "02:30": hours and minutes
    phrase: bool = False  # "24 hour", "7 days": the language's set phrase may stand for it
    identifier: bool = False  # part of a name ("COVID-19"): missing only where the target keeps one
    numbered: bool = False  # an identifier that numbers one of a series ("Menu4"): its digits must stay
    compound: bool = False  # may begin a compound word ("dwugodzinny")
    kept_with: str | None = None  # "Ubuntu 10.04": the name before it and the number, fine kept together


def _source_number(text: str, written: str, value: Decimal, start: int) -> SourceNumber | None:
    """The source number in context, or None when it is an identifier (never a number to localise)."""
    end = start + len(written)
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    if PHONE_CODE_BEFORE_RE.search(before):
        return None
    suffix = SUFFIX_RE.match(after)
    if (IDENTIFIER_BEFORE_RE.search(before) or (suffix and suffix.group(0).lower() not in NUMBER_SUFFIXES)
            or (after[:1] == "x" and after[1:2].isdigit())  # "4x4", "1920x1080"
            or (after[:1] in ".," and after[1:2].isdigit())):  # "802.11" is read up to "11n"
        return SourceNumber(written, value, start, identifier=True,
                            numbered=NUMBERED_WORD_BEFORE_RE.search(before) is not None and not suffix)
    also: list[Decimal] = []
    near: list[float] = []
    fraction = VULGAR_FRACTION_RE.match(after)
    if fraction:
        value += Decimal(str(unicodedata.numeric(fraction.group(1))))
        also.append(value)
    scale = SCALE_AFTER_RE.match(after)
    if scale:
        also.append(value * 10 ** ENGLISH_SCALES[scale.group(1).lower()])
    if after.startswith(DECADE_AFTER) and value == value.to_integral_value() and value % 10 == 0 and value >= 100:
        also.append(value % 100)  # "the 1980s" -> "lata 80.", "80-е", "osiemdziesiąte"
        if value % 100 == 0:
            also.append(value // 100 + 1)  # "the 1500s" -> "XVI wiek"
    year = YEAR_RANGE_BEFORE_RE.search(before)
    if year and len(written) == 2:
        also.append(Decimal(year.group(1) + written))
    for unit, factor, offset in UNIT_CONVERSIONS:
        if unit.match(after):
            near.append((float(value) + offset) * factor)
            break
    clock = None
    if len(written) == 4 and written.isdigit() and written[0] in "012" and int(written[2:]) < 60:
        clock = (Decimal(written[:2]), Decimal(written[2:]))
    dotted = "." in written and "," not in written
    name = NAME_BEFORE_RE.search(before) if dotted else None
    verbatim = dotted and (LABEL_WORD_BEFORE_RE.search(before) is not None
                           or ACRONYM_BEFORE_RE.search(before) is not None
                           or (name is not None and not SENTENCE_START_RE.search(before))
                           or VERSION_NEAR_RE.search(before) is not None
                           or SYNTAX_BEFORE_RE.search(before) is not None
                           or (before[-2:-1].isalpha() and before.endswith("-")))  # "pre-2.0 behaviour"
    phrase_unit = PHRASE_UNITS.get(int(value)) if value == value.to_integral_value() else None
    return SourceNumber(written, value, start, tuple(also), tuple(near), verbatim, clock,
                        phrase=phrase_unit is not None and phrase_unit.match(after) is not None,
                        compound=bool(ATTRIBUTIVE_AFTER_RE.match(after)),
                        kept_with=before[name.start():] + written if name else None)


def source_number_readings(text: str) -> list[SourceNumber]:
    """The numbers of an English text to find in a translation, identifiers left out."""
    plain = without_code(text)
    out = []
    for written, value, offset in source_numbers(text):
        number = _source_number(plain, written, value, offset)
        if number is not None:
            out.append(number)
    return out


@dataclass
class TargetReading:
    """What a translation says in numbers: its values in digits (with scale words), Roman numerals and
    number words, each looked at only when a source number is not found by the cheaper means."""

    text: str
    lang: str
    values: set[Decimal]

    @classmethod
    def of(cls, text: str, lang: str) -> TargetReading:
        values = target_values(text, lang)
        codeless = without_code(text)
        scale_re, exponents = _scale_words(lang)
        decimal, group = _symbols(lang)
        for m in TARGET_NUMBER_RE.finditer(codeless):
            scale = scale_re.match(codeless, m.end())
            if scale is None or ("." in m.group(0) and "." not in (decimal, group)):  # "2.3 мільярда" misreads
                continue
            value = _parse(GROUP_SPACE_RE.sub(group, m.group(0)), lang)
            if value is not None:
                values.add(value * 10 ** exponents[scale.group(1).lower()])
        return cls(text, lang, values)

    def has(self, number: SourceNumber, source_values: set[Decimal]) -> bool:
        """Whether `number` is rendered; a converted value counts only if the source has no such number
        itself ("645 miles (1040 km)": the 1040 renders the kilometres, not the miles)."""
        if number.value in self.values or any(v in self.values for v in number.also):
            return True
        if number.identifier:
            if number.written in self.text or (TARGET_IDENTIFIER_RE.search(self.text) is None
                                               and not number.numbered):
                return True
            if not number.numbered:
                return False  # "Launch1" -> "pierwszego programu": a numbered name may spell its number
        if number.near and any(abs(float(v) - n) <= max(0.03 * abs(n), 0.6)
                               for v in self.values - source_values for n in number.near):
            return True
        if number.verbatim_ok and number.written in self.text:
            return True
        if number.kept_with is not None and number.kept_with in self.text:
            return True
        if number.clock is not None and all(v in self.values for v in number.clock):
            return True
        return any(self._in_other_forms(int(v), number.compound, number.phrase)
                   for v in (number.value, *number.also) if v == v.to_integral_value() and 0 <= v < 10 ** 7)

    def _in_other_forms(self, value: int, compound: bool, phrase: bool) -> bool:
        if 0 < value < 4000 and value in self._romans():
            return True
        words = _number_words_re(self.lang, value, compound, phrase)
        return words is not None and words.search(self.text) is not None

    def _romans(self) -> set[int]:
        found = set()
        for m in ROMAN_RE.finditer(self.text):
            if m.group(0) == "I" and SENTENCE_START_RE.fullmatch(self.text[:m.start()] + "I"):
                continue  # a capital "I" starting a sentence is a word ("I wtedy")
            found.add(_roman(m.group(0)))
        return found


@lru_cache(maxsize=4096)
def _number_words_re(lang: str, value: int, compound: bool, phrase: bool) -> re.Pattern[str] | None:
    """A number in words in any inflected form (pipeline.spellout and the language's own table
    of 0-20), a set phrase that stands for it ("całodobowy" for 24 hours), or, for a number used as a
    modifier, the start of a compound ("dwugodzinny", "стометровый")."""
    from pipeline.spellout import combining_prefixes, spelled, word_pattern

    language = languages.get(lang)
    alternatives = [r"\s+".join(word_pattern(w) for w in form.split()) for form in spelled(lang, value)]
    if value in language.number_words:
        alternatives.append(language.number_words[value])
    if phrase and value in language.number_phrases:
        alternatives.append(language.number_phrases[value])
    if compound:
        prefixes = "|".join(map(re.escape, sorted(combining_prefixes(lang, value), key=len, reverse=True)))
        own = language.number_words.get(value)
        starts = "|".join(p for p in (prefixes, own) if p)
        if starts:
            alternatives.append(rf"(?:{starts})\w{{3,}}")
    if not alternatives:
        return None
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])", re.IGNORECASE)


def localized(value: Decimal, lang: str) -> str:
    """How CLDR writes `value` in `lang`, with plain spaces shown for readability in messages."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang, decimal_quantization=False).replace("\u00a0", " ")


def _english_form_left(written: str, translation: str, lang: str) -> bool:
    decimal, _ = _symbols(lang)
    return any(c in written for c in ",.") and written in translation and decimal != "."


def _twelve_hour_spans(text: str) -> list[tuple[int, int]]:
    """Where the source has 12-hour times, ranges included ("10:00–11:00 pm"): the `times` check's."""
    return [(m.start(), m.end()) for regex in (TIME_RANGE_12H_RE, TIME_12H_RE) for m in regex.finditer(text)]


@qa_check("numbers", "error", "critical")
def numbers(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Every number in the source is in the translation, written the target's way (CLDR separators).

    "1.5" must become "1,5"; "1,500" must become "1500" or "1 500" (space, no-break space or narrow
    no-break space between groups), because "1,500" reads as 1.5 in Polish, Belarusian and Russian.
    A number may also be written as a word, cardinal or ordinal, in any inflected form ("3" -> "trzech",
    "the 7th largest" -> "siódmą", "1,000th" -> "тысячная"; CLDR's spell-out rules, num2words, pymorphy3),
    begin a compound ("2 hour speech" -> "dwugodzinnego") or a set phrase ("24 hour" -> "całodobowy");
    an ordinal may be a Roman numeral ("16th century" -> "XVI wiek"); a decade its tens ("the 1980s" ->
    "lata 80.", "80-е", "osiemdziesiąte"); a count its scale word ("800,000" -> "800 tysięcy"); a
    quantity in miles, feet, inches, pounds or °F its metric value; "1995-96" the full second year.
    Identifiers with digits ("802.11n", "HJR-3", "p109", "+1", "4x4") are no numbers to localise: only one
    kept with other digits ("COVID-91") is reported, and one that numbers a series ("Static Menu4") must
    keep its digits. A version or section number ("Windows 8.1",
    "XLIFF 1.2", "HTTP/0.9", "Version 2.5", "Figure 1.1"; "Ubuntu 10.04" where the name is kept with it)
    and a value in a typed syntax ("1234:0.123", "tar <= 1.12") may stay as written. 12-hour times are left
    to the `times` check; digits inside URLs and placeholders are ignored. A message that is a setting
    (GTK's "calendar:week_start:0": names joined by colons, then a value) is the translator's to set.
    """
    if not DIGIT_RE.search(entry.msgid) or SETTING_RE.fullmatch(entry.msgid):
        return []
    # Fast path: plain integers (years, counts) found as plain integers need no locale parsing.
    tokens = SOURCE_NUMBER_RE.findall(without_code(entry.msgid))
    if all(t.isdigit() for t in tokens) and set(tokens) <= set(PLAIN_INTEGER_RE.findall(without_code(entry.msgstr))):
        return []
    found = source_number_readings(entry.msgid)
    if not found:
        return []
    times = _twelve_hour_spans(entry.msgid) if TIME_HINT_RE.search(entry.msgid) else []
    target = TargetReading.of(entry.msgstr, entry.lang)
    problems = []
    reported: set[Decimal] = set()
    source_values = {number.value for number in found}
    for number in found:
        if number.value in reported or any(start <= number.offset < end for start, end in times):
            continue
        if target.has(number, source_values):
            continue
        reported.add(number.value)
        expected = localized(number.value, entry.lang)
        if _english_form_left(number.written, entry.msgstr, entry.lang):
            if number.value >= 1000 and number.value == number.value.to_integral_value():
                expected = f"{int(number.value)} or {expected}"
            problems.append(Problem(f"{number.written!r} is written the English way; in {entry.lang} it reads as"
                                    " a different number", found=number.written, expected=expected))
            continue
        whole = number.value == number.value.to_integral_value()
        if number.value >= 1000 and whole and str(int(number.value)) != expected:
            expected = f"{int(number.value)} or {expected}"
        problems.append(Problem(f"number {number.written} of the source is missing from the translation "
                                f"(write {expected}, in digits or in words)", expected=expected))
    return problems


# --- dates and times -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _english_months() -> tuple[re.Pattern[str], dict[str, int]]:
    from babel.dates import get_month_names

    names: dict[str, int] = {"sept": 9}
    written = {"Sept"}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            names[name.lower()] = number
            written.add(name)
    # Case-sensitive: English capitalises month names, and "may", "march" are also common words.
    alternatives = "|".join(sorted(map(re.escape, written), key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b\.?"), names


_ORD = r"(?:st|nd|rd|th)?"
# Cheap first test: English capitalises month names; the full case-insensitive search runs only after it.
MONTH_HINT_RE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
# MONTH_HINT_RE without its leading \b, so the search skips in C to the capitals a month begins with; it
# matches wherever MONTH_HINT_RE does, so a text it turns away has no month.
MONTH_PREFIX_RE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


@lru_cache(maxsize=1)
def _source_date_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month_re, _ = _english_months()
    month = month_re.pattern.replace(r"\b(", r"\b(?P<month>", 1)
    month_day = re.compile(rf"{month}\s+(?P<day>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year>\d{{4}}))?")
    day_month = re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{month}(?:,?\s+(?P<year>\d{{4}}))?")
    month_year = re.compile(rf"{month},?\s+(?P<year>\d{{4}})\b")
    return month_day, day_month, month_year


def source_dates(text: str) -> list[tuple[str, int, int | None]]:
    """(as written, month, day or None) for dates like "December 20, 2023", "20 December", "May 2024"."""
    month_day, day_month, month_year = _source_date_res()
    _, months = _english_months()
    out: list[tuple[str, int, int | None]] = []
    taken: list[tuple[int, int]] = []
    for regex in (month_day, day_month, month_year):
        for m in regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            day = int(m.group("day")) if "day" in regex.groupindex and m.group("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            taken.append((m.start(), m.end()))
            out.append((m.group(0), months[m.group("month").lower().rstrip(".")], day))
    return out


@lru_cache(maxsize=8)
def _target_months(lang: str) -> dict[int, tuple[tuple[str, ...], str]]:
    """month -> (names valid after a day number: format-context wide and abbreviated; stem of every form)."""
    from babel.dates import get_month_names

    out = {}
    for number in range(1, 13):
        after_day = {get_month_names(w, context="format", locale=lang)[number].lower().rstrip(".")
                     for w in ("wide", "abbreviated")}
        standalone = get_month_names("wide", context="stand-alone", locale=lang)[number].lower()
        wide = get_month_names("wide", context="format", locale=lang)[number].lower()
        stem = wide
        while stem and not standalone.startswith(stem):
            stem = stem[:-1]
        out[number] = (tuple(sorted(after_day, key=len, reverse=True)), stem if len(stem) >= 2 else wide)
    return out


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def date_rendered(month: int, day: int | None, translation: str, lang: str) -> tuple[bool, str | None]:
    """Whether the date is in the translation; otherwise a misformed month found after the day, if any."""
    after_day, stem = _target_months(lang)[month]
    low = translation.lower()
    if day is None:
        return re.search(rf"(?<!\w){re.escape(stem)}\w{{0,6}}", low) is not None, None
    ordinal = r"(?:-?[a-zа-яё]{1,3})?\.?"
    names = "|".join(map(re.escape, after_day))
    if re.search(rf"(?<!\d)0?{day}{ordinal}\s+(?:{names})\.?(?!\w)", low):
        return True, None
    numeric = (rf"(?<!\d)0?{day}\s?[./]\s?0?{month}(?!\d)|\d{{4}}-0?{month}-0?{day}(?!\d)"
               rf"|(?<!\d)0?{day}\s+{_ROMAN[month - 1]}(?![IVX])")
    if re.search(numeric, translation):
        return True, None
    wrong = re.search(rf"(?<!\d)0?{day}{ordinal}\s+({re.escape(stem)}\w*)", low)
    return False, wrong.group(1) if wrong else None


@qa_check("dates", "error", "functional")
def dates(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Dates in the source ("December 20, 2023") are in the translation with the target's month name.

    After a day number the month takes CLDR's format-context name (the genitive): "20 grudnia 2023",
    "20 декабря 2023", "20 снежня 2023"; a nominative "20 grudzień" is reported. Numeric dates
    ("20.12.2023", "2023-12-20", Polish "20 XII 2023") are accepted. A month without a day
    ("in May 2024") only has to appear in some form ("w maju 2024"). A date kept as the source writes it,
    inside an example or a title left in English ("e.g. January 2011 Gold Prices"), is no date mistranslated.
    """
    if not MONTH_PREFIX_RE.search(entry.msgid) or not MONTH_HINT_RE.search(entry.msgid) \
            or not _english_months()[0].search(entry.msgid):
        return []
    problems = []
    for written, month, day in source_dates(entry.msgid):
        ok, wrong = date_rendered(month, day, entry.msgstr, entry.lang)
        if ok or written in entry.msgstr:
            continue
        after_day, _ = _target_months(entry.lang)[month]
        expected = f"{day} {after_day[0]}" if day else after_day[0]
        if wrong:
            problems.append(Problem(f"month after the day should be in the genitive: {wrong!r}",
                                    found=wrong, expected=after_day[0]))
        else:
            problems.append(Problem(f"date {written!r} is not rendered in the translation",
                                    found=written, expected=expected))
    return problems


@qa_check("times", "error", "functional")
def times(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """12-hour times in the source ("3 p.m.", "10:30 am") are in the translation on the 24-hour clock.

    Polish, Belarusian and Russian news write "15:00", "15.00" or "o 15"; "p.m." never stays. A 12-hour
    time with the language's word for its half of the day passes ("6 p.m." -> "6 вечера", "6 po
    południu": CLDR's day periods), one in the wrong half ("6 утра") does not. In a range the am/pm after
    the second time holds for both: "10:00–11:00 pm" is "22:00–23:00".
    """
    if not TIME_HINT_RE.search(entry.msgid):  # nearly every entry: no 12-hour time in the source
        return []
    clock: list[tuple[str, list[tuple[int, str]]]] = []  # (as written, [(hour on the 24-hour clock, minutes)])
    ranges: list[tuple[int, int]] = []
    for m in TIME_RANGE_12H_RE.finditer(entry.msgid):
        ranges.append((m.start(), m.end()))
        shift = 12 if m.group(5).lower() == "p" else 0
        clock.append((m.group(0).strip(), [(int(m.group(1)) % 12 + shift, m.group(2) or "00"),
                                           (int(m.group(3)) % 12 + shift, m.group(4) or "00")]))
    for m in TIME_12H_RE.finditer(entry.msgid):
        if not any(start <= m.start() < end for start, end in ranges):
            shift = 12 if m.group(3).lower() == "p" else 0
            clock.append((m.group(0).strip(), [(int(m.group(1)) % 12 + shift, m.group(2) or "00")]))
    problems = []
    am_pm_left = AM_PM_RE.search(entry.msgstr) is not None
    for written, members in clock:
        if not am_pm_left and all(_with_day_period(hour, minute, entry.msgstr, entry.lang) for hour, minute in members):
            continue  # "6 p.m." -> "6 вечера", "6 po południu": the language's own 12-hour clock
        if am_pm_left or not all(_has_time(hour, minute, entry.msgstr) for hour, minute in members):
            problems.append(Problem(f"time {written!r} should be on the 24-hour clock", found=written,
                                    expected="–".join(f"{hour}:{minute}" for hour, minute in members)))
    return problems


# CLDR's day periods by the half of the day they may stand in ("night1" in both).
DAY_PERIOD_HALVES = {"am": ("am", "morning1", "morning2", "night1", "midnight"),
                     "pm": ("pm", "noon", "afternoon1", "afternoon2", "evening1", "evening2", "night1")}


@lru_cache(maxsize=16)
def _day_period_re(lang: str, half: str) -> re.Pattern[str] | None:
    """Words that say which half of the day a 12-hour time is in ("вечера", "po południu"): CLDR's day
    periods in every context and width, and the language's own (`Language.day_periods`) where CLDR has
    none (Belarusian)."""
    words: set[str] = set()
    for widths in _cldr(lang, "day_periods").values():
        for names in widths.values():
            words.update(str(names[key]).lower() for key in DAY_PERIOD_HALVES[half] if key in names)
    words -= {"am", "pm"}
    own = languages.get(lang).day_periods.get(half)
    alternatives = [re.escape(w) for w in sorted(words, key=len, reverse=True)] + ([own] if own else [])
    if not alternatives:
        return None
    return re.compile(rf"(?:{'|'.join(alternatives)})(?![^\W\d_])", re.IGNORECASE)


def _with_day_period(hour: int, minute: str, translation: str, lang: str) -> bool:
    period = _day_period_re(lang, "pm" if hour >= 12 else "am")
    if period is None:
        return False
    twelve = hour % 12 or 12
    time = rf"(?<!\d)0?{twelve}" + ("(?:[:.∶]00)?" if minute == "00" else f"[:.∶]{minute}")
    return re.search(rf"{time}(?!\d)\s+(?:\w+\s+)?{period.pattern}", translation, re.IGNORECASE) is not None


def _has_time(hour: int, minute: str, translation: str) -> bool:
    """"15:00", "15.00" or "o 15" for 3 p.m.; "15:30" or "15.30" for 3:30 p.m."""
    if minute == "00":
        return re.search(rf"(?<!\d)0?{hour}(?:[:.∶]00)?(?!\d)", translation) is not None
    return re.search(rf"(?<!\d)0?{hour}[:.∶]{minute}", translation) is not None
