"""Lexical anchors: things that survive translation unchanged or nearly so, usable without a dictionary.

Numbers, sentence-final and paired punctuation, and capitalised names reduced to a script-neutral
consonant key (Latin and Cyrillic spellings of "Lukashenko", "Лукашэнка", "Łukaszenka" meet on `lks`).
Each sentence becomes a multiset of anchor strings; the aligner rewards beads whose two sides share them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

# Our own Cyrillic -> Latin table (ru, be and uk letters); only used to build comparison keys, never shown.
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
# Latin letters outside ASCII that NFKD does not decompose (Polish ł, German ß, Nordic ø/æ).
LATIN_EXTRA = {"ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ı": "i"}
# Spelling conventions that differ between English, Polish and Cyrillic transliteration; applied in order.
SOUND_RULES = (
    ("shch", "s"), ("sch", "s"), ("sz", "s"), ("sh", "s"), ("cz", "c"), ("ch", "c"), ("zh", "z"),
    ("rz", "z"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"), ("x", "ks"),
    ("w", "v"), ("j", "i"), ("y", "i"), ("h", "g"), ("c", "k"), ("q", "k"),
)
VOWELS = set("aeiou")
NAME_KEY_CONSONANTS = 3

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
# End of a sentence inside a line: a merged target line holds two of these where each source line has one.
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'»”)]*(?=\s+[\"«„“(]?[A-ZА-ЯЁІЇЄҐЎ0-9]|\s*$)")
PUNCT_ANCHORS = {
    "?": "?", "!": "!", "(": "(", ":": ":", ";": ";", "%": "%",
    "«": "q", "»": "", "„": "q", "“": "q", "”": "", '"': "q",
}

AnchorSource = Callable[[str], Iterable[str]]  # sentence -> extra anchors (glossary concepts, ...)


_TO_LATIN = str.maketrans({**CYRILLIC_TO_LATIN, **LATIN_EXTRA})
_NOT_ASCII_LETTER = re.compile(r"[^a-z]+")


def latin_key(word: str) -> str:
    """A lowercase ASCII spelling of `word` in any of our scripts."""
    # Our tables first (their output is ASCII), then NFKD splits accented Latin letters into a base letter
    # and marks that the filter drops.
    return _NOT_ASCII_LETTER.sub("", unicodedata.normalize("NFKD", word.lower().translate(_TO_LATIN)))


@functools.lru_cache(maxsize=65536)
def name_key(word: str, consonants: int = NAME_KEY_CONSONANTS) -> str:
    """Consonant skeleton of the start of a name: 'Stanford' and 'Стэнфардскага' both give 'stn'.

    Cached: a document's words repeat, and alignment asks for every word of every sentence.
    """
    s = latin_key(word)
    for old, new in SOUND_RULES:
        s = s.replace(old, new)
    key: list[str] = []
    for ch in s:
        if ch in VOWELS or (key and key[-1] == ch):
            continue
        key.append(ch)
        if len(key) == consonants:
            break
    return "".join(key)


def number_anchors(text: str) -> list[str]:
    """Digits groups, with leading zeros dropped so '02:30' meets '2:30' and '0230'."""
    out = []
    for m in NUMBER_RE.finditer(text):
        for part in re.split(r"[.,]", m.group(0)):
            out.append("#" + (part.lstrip("0") or "0"))
    return out


def name_anchors(text: str) -> list[str]:
    """Capitalised words and acronyms (not the first word: every sentence starts with a capital)."""
    out = []
    words = WORD_RE.findall(text)
    for word in words[1:]:
        if len(word) < 3 or not word[0].isupper():
            continue
        key = name_key(word)
        if len(key) >= 2:
            out.append("N" + key)
    return out


def word_anchors(text: str, min_len: int = 5, consonants: int = 4) -> list[str]:
    """Longer words as consonant skeletons: cognates and loan words ('diagnostic', 'diagnostycznego')."""
    out = []
    for word in WORD_RE.findall(text):
        if len(word) < min_len or word[0].isupper():
            continue
        key = name_key(word, consonants)
        if len(key) == consonants:
            out.append("W" + key)
    return out


def punctuation_anchors(text: str) -> list[str]:
    out = [PUNCT_ANCHORS[ch] for ch in text if PUNCT_ANCHORS.get(ch)]
    out.extend("." for _ in SENTENCE_END_RE.finditer(text))
    return out


def sentence_anchors(text: str, extra: Iterable[AnchorSource] = ()) -> Counter[str]:
    """All anchors of one sentence as a multiset."""
    found = Counter(number_anchors(text))
    found.update(name_anchors(text))
    found.update(punctuation_anchors(text))
    found.update(word_anchors(text))
    for source in extra:
        found.update("G" + a for a in source(text))
    return found
