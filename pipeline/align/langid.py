"""Which language a text is written in, among the languages the registry gives stop words, so a
translation in the wrong language is refused.

No model: the script decides the candidates (Latin vs Cyrillic…); among them, letters outside a
language's alphabet count against it (і and ў in "Russian", и and щ in "Belarusian", ы and э in
"Ukrainian", ą and ł in "English") and a short list of each language's most frequent function words
counts for it; both come from pipeline.languages. Texts too short to tell (under MIN_LETTERS letters) are
not judged.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import languages
from pipeline.errors import TolmachError
from pipeline.languages import Language

MIN_LETTERS = 40
# How much a letter outside a language's alphabet counts against it, relative to the share of its
# function words among the words: one such letter in 10 outweighs every function word. On FLORES-200 dev
# (en, pl, ru, be, uk; three lines at a time) any weight from 5 to 20 tells every text apart.
ALIEN_WEIGHT = 10.0
WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")


@dataclass(frozen=True)
class Guess:
    lang: str | None  # None: too little text to tell
    evidence: str


@functools.lru_cache(maxsize=4096)
def script_of(letter: str) -> str:
    """ISO 15924 code of a letter's script, as far as the registry's languages need: Latn or Cyrl."""
    name = unicodedata.name(letter, "")
    return "Cyrl" if name.startswith("CYRILLIC") else "Latn" if name.startswith("LATIN") else "Zyyy"


def _letters(text: str) -> Counter[str]:
    """How often each letter occurs in the lowercased text (counted once per distinct character: a long text
    has few distinct ones)."""
    return Counter({c: n for c, n in Counter(text.lower()).items() if c.isalpha()})


def detect(text: str) -> Guess:
    letters = _letters(text)
    total = letters.total()
    if total < MIN_LETTERS:
        return Guess(None, f"only {total} letters")
    found = _scored(text, letters)
    if isinstance(found, str):
        return Guess(None, found)
    best, _, alien, share = found[0]
    return Guess(best.code, f"{alien} letter(s) outside the {best.name} alphabet, "
                            f"{share:.0%} {best.name} function words")


def ranked(text: str) -> list[tuple[str, float]]:
    """Every candidate language for a text, best first, with its score (the share of its function words less
    the weighted share of letters outside its alphabet); empty when no language of its script has stop words.
    Unlike `detect`, short texts are scored too: `tolmach serve`'s /detect answers whatever it is given."""
    letters = _letters(text)
    found = _scored(text, letters) if letters else "no letters"
    return [] if isinstance(found, str) else [(lang.code, score) for lang, score, _, _ in found]


def _scored(text: str, letters: Counter[str]) -> list[tuple[Language, float, int, float]] | str:
    """(language, score, letters outside its alphabet, share of its function words), best first; or why
    there is no candidate. `letters`: each letter's count, in order of first occurrence."""
    scripts: Counter[str] = Counter()
    for c, n in letters.items():
        scripts[script_of(c)] += n
    script = scripts.most_common(1)[0][0]
    candidates = [lang for lang in languages.deep_languages()
                  if lang.script == script and lang.stopwords and lang.variant_of is None]  # be, not be@tarask
    if not candidates:
        return f"no language written in {script} to compare with"
    words = Counter(WORD_RE.findall(text.lower()))
    total_words = sum(words.values()) or 1

    in_script = {c: n for c, n in letters.items() if script_of(c) == script}
    known = set().union(*(lang.letters for lang in candidates))

    def alien(lang: Language) -> int:
        """Letters of the text that other candidates write and this one does not (і in Russian)."""
        return sum(n for c, n in in_script.items() if c in known and c not in lang.letters)

    def stop_share(lang: Language) -> float:
        return sum(c for w, c in words.items() if w.replace("’", "'") in lang.stopwords) / total_words

    total = letters.total()
    scored = [(lang, stop_share(lang) - ALIEN_WEIGHT * alien(lang) / total, alien(lang), stop_share(lang))
              for lang in candidates]
    return sorted(scored, key=lambda x: -x[1])


def require_language(lines: Iterable[str], lang: str, path: str | Path | None = None) -> None:
    """Refuse a text that is confidently in another language than `lang`."""
    guess = detect("\n".join(lines))
    if guess.lang is None or guess.lang in (lang, languages.get(lang).variant_of):
        return
    found, wanted = languages.get(guess.lang).name, languages.get(lang).name
    raise TolmachError(f"the text looks {found} ({guess.evidence}), not {wanted}", path,
                       hint=f"pass the {wanted} translation, or --lang {guess.lang} if the file is right")
