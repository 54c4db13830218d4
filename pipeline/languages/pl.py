"""Polish: „…” quotes, news abbreviations for pySBD, lemmagen3 lemmas, Hunspell for lost diacritics."""

from __future__ import annotations

import re
from types import MappingProxyType

from pipeline.languages import Language, Morphology, Segmentation, Stemming

# Prepositive or pre-number abbreviations ("ds. Komunikacji", "m.in. Air Canada", "ok. 3000"); pySBD's own
# Polish list is mostly linguistics jargon ("bałt.", "psł.").
NEVER_FINAL = (
    "ds", "m.in", "np", "tzw", "ok", "ul", "al", "pl", "gen", "płk", "ppłk", "mjr", "kpt", "ks", "prof",
    "dr", "mgr", "inż", "hab", "im", "pt", "św", "woj", "pow", "gm", "red", "tj", "tzn", "ws", "nt", "dot",
    "nr", "godz", "jw", "przew", "min", "zob", "por", "gł",
)
ORDINAL_END_RE = re.compile(r"\d+\.$")
ROMAN_CENTURY_RE = re.compile(r"[IVXL]+\s+(?:w\.|wiek)")


def ordinal_century(prev: str, nxt: str) -> bool:
    """"w latach 70. XX wieku": an ordinal number's period before a Roman century ends no sentence."""
    return bool(ORDINAL_END_RE.search(prev)) and bool(ROMAN_CENTURY_RE.match(nxt))


# Number words 0-20 over their inflected forms, written out from the grammar: a source "3" may be "trzech".
# Zero is also its adjective, negated ("non-0": niezerowy, ненулевой) and the absence the language says for it
# ("requires 0 arguments": wymaga braku argumentów; нет, немає, няма).
NUMBER_WORDS = MappingProxyType({
    0: r"zer(?:o|a|em|u|ow\w*)|niezerow\w*|brak\w*|żadn\w*", 1: r"jed(?:en|na|no|nego|nej|nemu|nym|ną|nych)",
    2: r"dw(?:a|ie|óch|u|om|oma|oje|ojga)", 3: r"trz(?:y|ech|em|ema|oje|ojga)|trój",
    4: r"czter(?:y|ech|em|ema)|czworo", 5: r"pię(?:ć|ciu|cioma)", 6: r"sze(?:ść|ściu|ścioma)",
    7: r"siedem|siedmiu|siedmioma", 8: r"osiem|ośmiu|ośmioma", 9: r"dziewię(?:ć|ciu|cioma)",
    10: r"dziesię(?:ć|ciu|cioma)", 11: r"jedena(?:ście|stu|stoma)", 12: r"dwuna(?:stu|stoma)|dwanaście",
    13: r"trzyna(?:ście|stu|stoma)", 14: r"czterna(?:ście|stu|stoma)", 15: r"piętna(?:ście|stu|stoma)",
    16: r"szesna(?:ście|stu|stoma)", 17: r"siedemna(?:ście|stu|stoma)", 18: r"osiemna(?:ście|stu|stoma)",
    19: r"dziewiętna(?:ście|stu|stoma)", 20: r"dwadzieścia|dwudziest(?:u|oma)",
})

LANGUAGE = Language(
    code="pl",
    name="Polish",
    script="Latn",
    encodings=("cp1250", "iso8859_2"),
    segmentation=Segmentation(pysbd="pl", abbreviations=NEVER_FINAL, prepositive=True, joins=ordinal_century),
    quotes=(("„", "”"), ("«", "»"), ("»", "«")),  # „…”, inner «…» (some house styles use »…«)
    number_words=NUMBER_WORDS,
    # "24 hour" news (a round-the-clock service), "Past 7 days" (a week)
    number_phrases=MappingProxyType({24: r"całodobow\w*|całą dobę|dob[aęy]",
                                     7: r"tydzień|tygodni\w*"}),
    letters="aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
    stopwords=frozenset({
        "i", "w", "z", "na", "się", "że", "nie", "do", "jest", "to", "jak", "od", "po", "przez",
        "oraz", "który", "która", "które", "co", "dla", "był", "była", "są", "ze", "tym", "jego"}),
    morphology=Morphology("lemmagen3", "pl"),
    stemming=Stemming(
        endings=("owie", "ami", "ach", "owi", "ego", "emu", "ych", "ich", "ymi", "imi", "iem", "iej", "ów",
                 "om", "em", "ie", "ia", "iu", "ii", "ym", "im", "ej", "ą", "ę", "a", "i", "y", "u", "e", "o"),
        # Łukaszenka -> Łukaszence: a stem ending in the left side also stands for the right sides
        alternations=(("dz", ("g", "d")), ("rz", ("r",)), ("sz", ("ch",)), ("sc", ("sk",)), ("śc", ("st",)),
                      ("c", ("k", "t")), ("ż", ("g",)), ("l", ("ł",)), ("ń", ("n",)), ("ś", ("s",)),
                      ("ź", ("z",))),
        vowel_swaps=(("ó", "o"),),
    ),
    inflects=True,
    diacritics=MappingProxyType({"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś",
                                 "z": "żź"}),
)
