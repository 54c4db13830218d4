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
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice, repeat

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
_GROUP_SEP = re.compile(r"[.,]")
_DIGIT = re.compile(r"\d").search
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
    return ["#" + (part.lstrip("0") or "0") for number in NUMBER_RE.findall(text) for part in _GROUP_SEP.split(number)]


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
    """All anchors of one sentence as a multiset (see `anchor_lists`)."""
    return Counter(anchor_lists([text], extra)[0])


def document_anchors(lines: Sequence[str], extra: Iterable[AnchorSource] = ()) -> list[Counter[str]]:
    """The anchors of every line as multisets."""
    return [Counter(found) for found in anchor_lists(lines, extra)]


def anchor_lists(lines: Sequence[str], extra: Iterable[AnchorSource] = ()) -> list[list[str]]:
    """The anchors of every line, each as often as it occurs: what the four functions above find, found faster
    since the aligner asks for every line of a document: one pass over each line's words, the keys of the
    words not seen before computed for all of them at once (`_skeletons`), punctuation counted by `str.count`."""
    return texts_anchor_lists([(lines, extra)])[0]


def texts_anchor_lists(texts: Sequence[tuple[Sequence[str], Iterable[AnchorSource]]]) -> list[list[list[str]]]:
    """`anchor_lists` of several texts (the aligner's two sides), their new words keyed in one batch."""
    words_of = [[_words(text) for text in lines] for lines, _ in texts]
    _learn(set(chain.from_iterable(chain.from_iterable(words_of))).difference(_SEEN))
    return [_line_anchors(lines, words, list(extra)) for (lines, extra), words in zip(texts, words_of, strict=True)]


def _words(text: str) -> list[str]:
    """WORD_RE.findall(text), most tokens without the pattern: a word never spans whitespace, and a token that
    is letters between punctuation marks is that one word (an apostrophe joins only letters on both sides)."""
    out = []
    for token in text.split():
        core = token.strip(_WORD_EDGES)
        if core.isalpha():
            out.append(core)
        elif core:
            out += WORD_RE.findall(token)
    return out


_WORD_EDGES = "\"'.,;:!?()[]{}«»„“”‚‘’…—–-/%*&+=<>|@#$^~`"


def _learn(new: set[str]) -> None:
    """The anchors each new word gives as a sentence's first word and later: the rules of name_anchors and
    word_anchors (a capitalised word of 3+ letters gives a name, but not first: every sentence starts with a
    capital; a lowercase one of 5+ letters a cognate), on keys computed together."""
    if not new:
        return
    first, later = _FIRST_KEYS, _LATER_KEYS
    if len(_SEEN) + len(new) > _WORD_KEYS_MAX:
        clear_caches()
    _SEEN.update(new)
    names = [w for w in new if len(w) >= 3 and w[0].isupper()]
    cognates = [w for w in new if len(w) >= 5 and not w[0].isupper()]
    skeletons = _skeletons(names + cognates)
    later.update({w: ("N" + k[:NAME_KEY_CONSONANTS],)
                  for w, k in zip(names, skeletons[:len(names)], strict=True) if len(k) >= 2})
    cognate_keys = {w: ("W" + k[:4],) for w, k in zip(cognates, skeletons[len(names):], strict=True) if len(k) >= 4}
    first.update(cognate_keys)
    later.update(cognate_keys)


def _line_anchors(lines: Sequence[str], words_of: list[list[str]], sources: list[AnchorSource]) -> list[list[str]]:
    first, later = _FIRST_KEYS, _LATER_KEYS
    out = []
    for text, words in zip(lines, words_of, strict=True):
        found = [f"#{part.lstrip('0') or '0'}" for number in NUMBER_RE.findall(text)
                 for part in _GROUP_SEP.split(number)] if _DIGIT(text) else []
        if words:
            found += first.get(words[0], ())
            found.extend(chain.from_iterable(map(later.get, islice(words, 1, None), repeat(()))))
        for char, key in _COUNTED_PUNCT:
            if char in text:
                found += [key] * text.count(char)
        found += ["."] * len(SENTENCE_END_RE.findall(text))
        for source in sources:
            found.extend("G" + a for a in source(text))
        out.append(found)
    return out


_COUNTED_PUNCT = tuple((char, key) for char, key in PUNCT_ANCHORS.items() if key)
# word -> its anchors as a sentence's first word (no name anchor: every sentence starts with a capital) and later,
# for the words that give any; _SEEN: every word looked at
_FIRST_KEYS: dict[str, tuple[str, ...]] = {}
_LATER_KEYS: dict[str, tuple[str, ...]] = {}
_SEEN: set[str] = set()
_WORD_KEYS_MAX = 200_000
# name_key's steps on many words joined by newlines (no step makes or removes a newline, no rule spans one):
# SOUND_RULES up to "qu" in order, then the single letters and dropping the vowels in one translation, which
# is the same as their replaces in order since none of their outputs is a later rule's input.
# name_key's steps on many words joined by newlines (no step makes or removes a newline, no rule spans one), on
# bytes once the text is ASCII: SOUND_RULES up to "qu" in order, "x" -> "ks", then the single letters and the
# vowels dropped in one translation, which is the same as their replaces in order since none of their outputs
# is a later rule's input.
_NOT_LETTER_BYTES = bytes(c for c in range(128) if not (97 <= c <= 122 or c == 10))
_JOINED_RULES = tuple((old.encode(), new.encode()) for old, new in SOUND_RULES[:13])
_SINGLE_RULES = dict(SOUND_RULES[14:])
_LETTER_TABLE = bytes.maketrans(b"".join(k.encode() for k, v in _SINGLE_RULES.items() if v not in VOWELS),
                                b"".join(v.encode() for v in _SINGLE_RULES.values() if v not in VOWELS))
_LETTER_DROPS = "".join(sorted(VOWELS) + [k for k, v in _SINGLE_RULES.items() if v in VOWELS]).encode()
_REPEATED = re.compile(rb"(.)\1+")
_CYRILLIC = re.compile(f"[{''.join(CYRILLIC_TO_LATIN)}]")
# _TO_LATIN on Cyrillic text through its single-byte code page (every letter of the table is in cp1251):
# bytes.translate looks up a 256-byte table, str.translate a dictionary, per character
_CP1251_MULTI = tuple((k.encode("cp1251"), v.encode()) for k, v in CYRILLIC_TO_LATIN.items() if len(v) > 1)
_CP1251_DROPS = b"".join(k.encode("cp1251") for k, v in CYRILLIC_TO_LATIN.items() if not v)
_CP1251_TABLE = bytes.maketrans(b"".join(k.encode("cp1251") for k, v in CYRILLIC_TO_LATIN.items() if len(v) == 1),
                                b"".join(v.encode() for v in CYRILLIC_TO_LATIN.values() if len(v) == 1))


def _to_latin(text: str) -> str:
    """text.translate(_TO_LATIN) for lowercase text with Cyrillic letters."""
    try:
        data = text.encode("cp1251")
    except UnicodeEncodeError:  # a letter of another alphabet too (ł, ß, ...): the table itself
        return text.translate(_TO_LATIN)
    for old, new in _CP1251_MULTI:
        data = data.replace(old, new)
    return data.translate(_CP1251_TABLE, _CP1251_DROPS).decode("cp1251")


def _skeletons(words: Sequence[str]) -> list[str]:
    """For each word, the consonants `name_key` walks through (vowels and repeats dropped), uncut:
    `name_key(word, k) == _skeletons([word])[0][:k]`, computed in one pass over all the words."""
    if not words:
        return []
    s = "\n".join(words).lower()
    if not s.isascii():  # our tables only map letters outside ASCII
        if _CYRILLIC.search(s):
            s = _to_latin(s)
        else:  # the same, a few letters replaced instead of a table looked up for every character
            for old, new in LATIN_EXTRA.items():
                if old in s:
                    s = s.replace(old, new)
        s = unicodedata.normalize("NFKD", s)
    data = s.encode("ascii", "ignore").translate(None, _NOT_LETTER_BYTES)  # latin_key's filter: a-z only
    for old_b, new_b in _JOINED_RULES:
        data = data.replace(old_b, new_b)
    data = data.replace(b"x", b"ks").translate(_LETTER_TABLE, _LETTER_DROPS)
    return _REPEATED.sub(rb"\1", data).decode("ascii").split("\n")


def clear_caches() -> None:
    """Forget every word's keys, so that each round of a benchmark pays for them as a first run does."""
    name_key.cache_clear()
    _FIRST_KEYS.clear()
    _LATER_KEYS.clear()
    _SEEN.clear()
