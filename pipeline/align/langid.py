"""Which of en, pl, ru, be a text is written in, so a translation in the wrong language is refused.

No model: the script decides Latin vs Cyrillic; then letters only one language uses (Belarusian ў, і
and the apostrophe, never и, щ, ъ; Polish ą ę ł ń ś ź ż) and a short list of each language's most
frequent function words. Texts too short to tell (under MIN_LETTERS letters) are not judged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import TolmachError

MIN_LETTERS = 40
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "ru": "Russian", "be": "Belarusian", "uk": "Ukrainian"}

STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "on", "with", "as", "by", "he",
           "it", "are", "from", "at", "his", "have", "be", "this", "which", "were", "has", "not"},
    "pl": {"i", "w", "z", "na", "się", "że", "nie", "do", "jest", "to", "jak", "od", "po", "przez",
           "oraz", "który", "która", "które", "co", "dla", "był", "była", "są", "ze", "tym", "jego"},
    "ru": {"и", "в", "не", "на", "что", "с", "по", "как", "он", "это", "из", "был", "была", "для",
           "от", "который", "которые", "его", "также", "но", "к", "за", "было", "при", "их", "или"},
    "be": {"і", "ў", "у", "не", "на", "што", "з", "па", "як", "ён", "гэта", "з'яўляецца", "быў", "была",
           "для", "ад", "які", "якія", "яго", "таксама", "але", "да", "за", "было", "пры", "іх", "ці"},
}
# letters that settle the question between the two languages of one script
ONLY = {
    "be": set("ўі"), "ru": set("ищъ"), "uk": set("їєґ"),
    "pl": set("ąćęłńśźż"),
}
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Guess:
    lang: str | None  # None: too little text to tell
    evidence: str


def detect(text: str) -> Guess:
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return Guess(None, f"only {len(letters)} letters")
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    counts = Counter(letters)
    words = Counter(WORD_RE.findall(text.lower()))
    total_words = sum(words.values()) or 1

    def stop_share(lang: str) -> float:
        return sum(c for w, c in words.items() if w in STOPWORDS[lang]) / total_words

    if cyrillic > latin:
        marks = {lang: sum(counts[c] for c in ONLY[lang]) for lang in ("be", "ru", "uk")}
        if marks["uk"] > max(marks["be"], marks["ru"]):
            return Guess("uk", f"{marks['uk']} Ukrainian-only letters (ї, є, ґ)")
        score_be = marks["be"] / len(letters) + stop_share("be")
        score_ru = marks["ru"] / len(letters) + stop_share("ru")
        if score_be >= score_ru:
            return Guess("be", f"{marks['be']} ў/і and {marks['ru']} и/щ/ъ")
        return Guess("ru", f"{marks['ru']} и/щ/ъ and {marks['be']} ў/і")
    pl_marks = sum(counts[c] for c in ONLY["pl"])
    score_pl = pl_marks / len(letters) * 5 + stop_share("pl")
    score_en = stop_share("en")
    if score_pl > score_en:
        return Guess("pl", f"{pl_marks} Polish letters, {stop_share('pl'):.0%} Polish function words")
    return Guess("en", f"{score_en:.0%} English function words")


def require_language(lines: Iterable[str], lang: str, path: str | Path | None = None) -> None:
    """Refuse a text that is confidently in another language than `lang`."""
    guess = detect("\n".join(lines))
    if guess.lang is None or guess.lang == lang:
        return
    found, wanted = LANGUAGE_NAMES.get(guess.lang, guess.lang), LANGUAGE_NAMES.get(lang, lang)
    raise TolmachError(f"the text looks {found} ({guess.evidence}), not {wanted}", path,
                       hint=f"pass the {wanted} translation, or --lang {guess.lang} if the file is right")
