"""QA checks on numbers, dates and times, with separators and month names from Babel's CLDR data.

English writes "1,500.5"; Polish, Belarusian and Russian write "1500,5" or "1 500,5" (a space, a
no-break space or a narrow no-break space between groups). A number left in English form changes its
value for a reader: "1,500" reads as one and a half. Small numbers are often written as words
("three prisoners" -> "trzech więźniów"), so a source "3" is also found as a number word.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

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
# 12-hour clock times in the source: "3 p.m.", "10:30 am".
TIME_12H_RE = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
# Its tail from the last digit of the hour: in every text TIME_12H_RE matches, and starting with a digit
# lets the search skip to digits in C (TIME_12H_RE's leading \b is tried at every position).
TIME_HINT_RE = re.compile(r"\d(?::\d{2})?\s*[ap]\.?\s?m\b", re.IGNORECASE)
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


def _other_reading(written: str, after: str, have: set[Decimal]) -> bool:
    """Forms news translations use for two English idioms: a decade ("the 1970s" -> "lata 70.",
    "1970-е") and a 24-hour time written as four digits ("0230 UTC" -> "02:30")."""
    if after == "s" and len(written) == 4 and written.isdigit() and written.endswith("0"):
        return Decimal(written[2:]) in have
    if len(written) == 4 and written.isdigit() and written[0] in "012" and int(written[2:]) < 60:
        return Decimal(written[:2]) in have and Decimal(written[2:]) in have
    return False


def localized(value: Decimal, lang: str) -> str:
    """How CLDR writes `value` in `lang`, with plain spaces shown for readability in messages."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang, decimal_quantization=False).replace("\u00a0", " ")


def _english_form_left(written: str, translation: str, lang: str) -> bool:
    decimal, _ = _symbols(lang)
    return any(c in written for c in ",.") and written in translation and decimal != "."


@qa_check("numbers", "error", "critical")
def numbers(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Every number in the source is in the translation, written the target's way (CLDR separators).

    "1.5" must become "1,5"; "1,500" must become "1500" or "1 500" (space, no-break space or narrow
    no-break space between groups), because "1,500" reads as 1.5 in Polish, Belarusian and Russian.
    Numbers 0-20 may also be written as words in any grammatical case ("3" -> "trzech", "трёх"); a decade
    may become its last two digits ("1970s" -> "lata 70."), a time "0230" may become "02:30".
    12-hour times are left to the `times` check; digits inside URLs and placeholders are ignored.
    """
    if not DIGIT_RE.search(entry.msgid):
        return []
    # Fast path: plain integers (years, counts) found as plain integers need no locale parsing.
    tokens = SOURCE_NUMBER_RE.findall(without_code(entry.msgid))
    if all(t.isdigit() for t in tokens) and set(tokens) <= set(PLAIN_INTEGER_RE.findall(without_code(entry.msgstr))):
        return []
    found = source_numbers(entry.msgid)
    if not found:
        return []
    times = [(m.start(), m.end()) for m in TIME_12H_RE.finditer(entry.msgid)]
    have = target_values(entry.msgstr, entry.lang)
    problems = []
    for written, value, offset in found:
        if value in have or any(start <= offset < end for start, end in times):
            continue
        if _other_reading(written, entry.msgid[offset + len(written):offset + len(written) + 1], have):
            continue
        if value == value.to_integral_value() and 0 <= value <= 20:
            word = _number_word_res(entry.lang).get(int(value))
            if word is not None and word.search(entry.msgstr):
                continue
        expected = localized(value, entry.lang)
        if _english_form_left(written, entry.msgstr, entry.lang):
            message = f"{written!r} is written the English way; in {entry.lang} it reads as a different number"
        else:
            message = f"number {written} of the source is missing from the translation"
        if value >= 1000 and value == value.to_integral_value():
            expected = f"{int(value)} or {expected}"
        problems.append(Problem(message, found=written, expected=expected))
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
    ("in May 2024") only has to appear in some form ("w maju 2024").
    """
    if not MONTH_PREFIX_RE.search(entry.msgid) or not MONTH_HINT_RE.search(entry.msgid) \
            or not _english_months()[0].search(entry.msgid):
        return []
    problems = []
    for written, month, day in source_dates(entry.msgid):
        ok, wrong = date_rendered(month, day, entry.msgstr, entry.lang)
        if ok:
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

    Polish, Belarusian and Russian news write "15:00", "15.00" or "o 15"; "p.m." never stays.
    """
    if not TIME_HINT_RE.search(entry.msgid):  # nearly every entry: no 12-hour time in the source
        return []
    problems = []
    for m in TIME_12H_RE.finditer(entry.msgid):
        hour, minute = int(m.group(1)) % 12, m.group(2) or "00"
        if m.group(3).lower() == "p":
            hour += 12
        pattern = rf"(?<!\d)0?{hour}(?:[:.]{minute})?(?!\d)" if minute == "00" else rf"(?<!\d)0?{hour}[:.]{minute}"
        if AM_PM_RE.search(entry.msgstr) or not re.search(pattern, entry.msgstr):
            problems.append(Problem(f"time {m.group(0).strip()!r} should be on the 24-hour clock",
                                    found=m.group(0).strip(), expected=f"{hour}:{minute}"))
    return problems
