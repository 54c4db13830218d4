"""QA checks on the alphabet: look-alike letters from the wrong script, Russian letters in Belarusian,
Polish words that lost their diacritics.

MT drafts and copy-paste produce words that look right and are wrong: a Latin "i" inside a Belarusian
word ("палітычны" with U+0069) breaks search and spell checking; a Russian "и" makes Belarusian text
Russian; "wiezniow" instead of "więźniów" reads as careless. The Polish check asks Debian's Hunspell
dictionary (libhunspell, loaded once per run) whether an ASCII-only word exists only with diacritics.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from pipeline.checks.qa_text import qa_check, without_code
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem

CYRILLIC = "\u0400-\u04ff"
LATIN = "A-Za-z\u00c0-\u024f"
MIXED_WORD_RE = re.compile(rf"[{CYRILLIC}{LATIN}]*(?:[{LATIN}][{CYRILLIC}]|[{CYRILLIC}][{LATIN}])[{CYRILLIC}{LATIN}]*")
CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
LATIN_RE = re.compile(f"[{LATIN}]")
# Latin letters that look like Cyrillic ones (and back); used to say which letter to retype.
LATIN_TO_CYRILLIC = str.maketrans("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ")
CYRILLIC_TO_LATIN = str.maketrans("асеіорхуАВСЕНІКМОРТХ", "aceiopxyABCEHIKMOPTX")
RUSSIAN_ONLY = {"и": "і", "И": "І", "щ": "шч", "Щ": "Шч", "ъ": "ʼ", "Ъ": "ʼ"}
BELARUSIAN_ONLY = {"і": "и", "І": "И", "ў": "у", "Ў": "У"}
RUSSIAN_ONLY_RE = re.compile("[иИщЩъЪ]")
BELARUSIAN_ONLY_RE = re.compile("[іІўЎ]")

POLISH_ALTERNATIVES = {"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś", "z": "żź"}
# Lower case and without diacritics in one pass: the key of the dictionary's words by their ASCII spelling.
ASCII_FOLD_LOWER = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                 "acelnoszzacelnoszzabcdefghijklmnopqrstuvwxyz")
ASCII_WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z]{3,}(?![\w'’-])")
MAX_DIACRITIC_CHANGES = 3
MAX_CANDIDATES = 300  # dictionary lookups per unknown word; beyond that the word is left alone


@qa_check("mixed-script", "error", "critical")
def mixed_script(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """No word mixes Latin and Cyrillic letters (look-alikes such as a Latin "i" in a Cyrillic word).

    A Latin "i", "o", "c" typed into a Cyrillic word, or the reverse, looks identical but breaks search,
    spell checking and sorting. The finding names the word retyped in its majority script.
    """
    text = entry.msgstr
    if not (CYRILLIC_RE.search(text) and LATIN_RE.search(text)):
        return []
    problems = []
    for m in MIXED_WORD_RE.finditer(without_code(text)):
        word = m.group(0)
        cyrillic = len(CYRILLIC_RE.findall(word))
        latin = len(word) - cyrillic
        fixed = word.translate(LATIN_TO_CYRILLIC if cyrillic >= latin else CYRILLIC_TO_LATIN)
        majority = "Cyrillic" if cyrillic >= latin else "Latin"
        problems.append(Problem(f"{word!r} mixes Latin and Cyrillic letters; retype it in {majority}",
                                found=word, expected=fixed if fixed != word else None))
    return problems


@qa_check("russian-letters", "error", "functional")
def russian_letters(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Belarusian text has no Russian-only letters и, щ, ъ (Belarusian writes і, шч and an apostrophe).

    Typical of a Russian MT draft or pivot left in place: "политический" instead of "палітычны".
    """
    if entry.lang != "be" or not RUSSIAN_ONLY_RE.search(entry.msgstr):
        return []
    words = sorted({m.group(0) for m in re.finditer(rf"[{CYRILLIC}]*[иИщЩъЪ][{CYRILLIC}]*", entry.msgstr)})
    return [Problem(f"Russian letter(s) in Belarusian word {w!r}", found=w,
                    expected="".join(RUSSIAN_ONLY.get(c, c) for c in w)) for w in words]


@qa_check("belarusian-letters", "error", "functional")
def belarusian_letters(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Russian text has no Belarusian-only letters і, ў (the reverse of `russian-letters`)."""
    if entry.lang != "ru" or not BELARUSIAN_ONLY_RE.search(entry.msgstr):
        return []
    words = sorted({m.group(0) for m in re.finditer(rf"[{CYRILLIC}]*[іІўЎ][{CYRILLIC}]*", entry.msgstr)})
    return [Problem(f"Belarusian letter(s) in Russian word {w!r}", found=w,
                    expected="".join(BELARUSIAN_ONLY.get(c, c) for c in w)) for w in words]


class PolishSpelling:
    """Debian's pl_PL Hunspell dictionary asked for the diacritics an ASCII-only word lost.

    One per run (kept in CheckContext.cache); every verdict on a word is memoised, so a run pays for each
    distinct word once.
    """

    def __init__(self, dictionary: Any) -> None:
        self.dictionary = dictionary  # pipeline.glossary.morphology.Dictionary
        self.verdicts: dict[str, str | None] = {}

    def knows(self, word: str) -> bool:
        return bool(self.dictionary.knows(word))

    def with_diacritics(self, word: str) -> str | None:
        """The dictionary's spelling of an ASCII-only `word` that it knows only with diacritics, else None."""
        if word in self.verdicts:
            return self.verdicts[word]
        verdict = None
        if not self.knows(word):
            verdict = next((c for c in self._candidates(word.lower()) if self.knows(c)), None)
            if verdict is not None and word[0].isupper():
                verdict = verdict[0].upper() + verdict[1:]
        self.verdicts[word] = verdict
        return verdict

    def _candidates(self, word: str) -> Iterator[str]:
        """Dictionary base forms first (folded index), then re-accented forms with the fewest changes."""
        yield from self.dictionary.words_folding_to(word, ASCII_FOLD_LOWER)
        positions = [i for i, c in enumerate(word) if c in POLISH_ALTERNATIVES]
        tried = 0
        for changes in range(1, min(MAX_DIACRITIC_CHANGES, len(positions)) + 1):
            for chosen in itertools.combinations(positions, changes):
                for letters in itertools.product(*(POLISH_ALTERNATIVES[word[i]] for i in chosen)):
                    tried += 1
                    if tried > MAX_CANDIDATES:
                        return
                    chars = list(word)
                    for i, letter in zip(chosen, letters, strict=True):
                        chars[i] = letter
                    yield "".join(chars)


def polish_spelling(ctx: CheckContext) -> PolishSpelling | None:
    """The run's shared dictionary, or None (and the check stays silent) when hunspell-pl is missing."""
    if "polish-spelling" not in ctx.cache:
        from pipeline.glossary.morphology import dictionary

        found = dictionary("pl")
        ctx.cache["polish-spelling"] = PolishSpelling(found) if found is not None else None
    spelling: PolishSpelling | None = ctx.cache["polish-spelling"]
    return spelling


@qa_check("polish-diacritics", "warning", "functional")
def polish_diacritics(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Polish words are not missing their diacritics ("wiezniow" for "więźniów", "sie" for "się").

    A word written in plain ASCII that the Polish Hunspell dictionary (Debian's hunspell-pl) does not know,
    but knows with ą ć ę ł ń ó ś ź ż, is reported with the dictionary's spelling. Words that are also in
    the source (names, acronyms) and capitalised words inside a sentence (names) are left alone.
    """
    if entry.lang != "pl":
        return []
    words = [m for m in ASCII_WORD_RE.finditer(without_code(entry.msgstr))
             if m.group(0) not in entry.msgid and (m.start() == 0 or not m.group(0)[0].isupper())]
    if not words:
        return []
    spelling = polish_spelling(ctx)
    if spelling is None:
        return []
    problems = []
    for m in words:
        fixed = spelling.with_diacritics(m.group(0))
        if fixed:
            problems.append(Problem(f"{m.group(0)!r} is missing its diacritics", found=m.group(0), expected=fixed))
    return problems
