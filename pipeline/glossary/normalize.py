"""Text normalisation and tokenisation shared by the glossary matcher and its loader.

Normalisation folds what writers vary without meaning to (case, NFC, the apostrophes ' ’ ʼ of Belarusian
and Ukrainian, non-breaking spaces, and what the language registry lists: ё/е, word-initial ў/у) and
keeps what carries meaning: diacritics are never folded, "Latuszka" is not "Łatuszka".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline import languages
from pipeline.documents.base import PLACEHOLDER_RE

# A word: letters/digits plus combining marks (decomposed input) and soft hyphens; an apostrophe between
# letters stays inside the word (Belarusian аб'яднаны, English possessive EU's).
_MARKS = "\u0300-\u036f\u00ad"
TOKEN_RE = re.compile(rf"[^\W_][\w{_MARKS}]*(?:['’ʼ`][^\W_][\w{_MARKS}]*)*")
# What may stand between the words of a multi-word term: spaces (any kind), hyphens and the readers'
# inline-markup placeholders, which are not words and are transparent ("<g1>Paweł</g1> Łatuszka").
GAP_RE = re.compile(rf"(?:[\s\-‐‑]|{PLACEHOLDER_RE.pattern})*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "\u2018": "'", "\u00ad": None})


def normalize(text: str, lang: str, case_sensitive: bool = False) -> str:
    """The comparison form of a word or phrase in `lang`."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = " ".join(text.replace("\u00a0", " ").split())
    if not case_sensitive:
        text = text.casefold()
    folds, initial_folds = _rules(lang)
    if folds is not None:
        text = text.translate(folds)
    for letter, regex, plain in initial_folds:
        # Belarusian writes у/ў at the start of a word depending on the word before: one word either way.
        if letter in text:  # the pattern needs the letter (a literal): nothing to do without it
            text = regex.sub(plain, text)
    return text


@functools.cache
def _rules(lang: str) -> tuple[dict[int, str] | None, tuple[tuple[str, re.Pattern[str], str], ...]]:
    """`lang`'s folds as one translate table (None without any) and its word-initial folds compiled once:
    normalize runs on every distinct word of every checked text."""
    language = languages.get(languages.base_code(lang))
    # The tell-tale is the letter when it is a literal (alphabetic) pattern, else "" (always "in" a text).
    initial = tuple((letter if letter.isalpha() else "", re.compile(rf"(?<![\w']){letter}"), plain)
                    for letter, plain in language.initial_folds.items())
    return (_folds(lang) if language.folds else None), initial


@functools.cache
def _folds(lang: str) -> dict[int, str]:
    return str.maketrans(dict(languages.get(languages.base_code(lang)).folds))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every word in `text`, offsets into `text` itself; placeholders skipped."""
    found = [(*m.span(), m.group()) for m in TOKEN_RE.finditer(text)]
    if "<" not in text:
        return found
    tags = [m.span() for m in PLACEHOLDER_RE.finditer(text)]
    return [t for t in found if not any(a <= t[0] < b for a, b in tags)]


def gap_key(gap: str) -> str:
    """What a gap between two words says beyond spacing: "" for spaces and hyphens, else its punctuation."""
    return "" if GAP_RE.fullmatch(gap) else "".join(gap.split())


def words(term: str) -> list[str]:
    return [t for _, _, t in tokens(term)]
