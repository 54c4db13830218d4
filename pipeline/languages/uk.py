"""Ukrainian: rules of our own on pySBD's Cyrillic machinery (pySBD has no Ukrainian), «…» quotes,
pymorphy3's Ukrainian dictionary, the apostrophe in its three spellings (ʼ, ’, ').
"""

from __future__ import annotations

import re
from types import MappingProxyType

from pipeline.languages import Language, Morphology, Segmentation, Stemming, capital_word

LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# Abbreviations that (practically) never end a sentence in news prose. Those that can ("р.", "рр.",
# "тис.", "млн.", "грн.", "т. д.", "ін.") are left out: pySBD splits after them, and the continuation rule
# joins the pieces again when the next one starts in lower case ("5 тис. осіб").
NEVER_FINAL = (
    *LETTERS,  # initials: "П. Латушко", "Є. Ґудзь"; "м. Київ" (місто), "с. Гута" (село)
    "вул", "просп", "пров", "пл", "бульв", "обл", "смт", "напр", "див", "зв", "ім", "св",
    "проф", "акад", "доц", "д-р", "ген", "деп", "ред", "пп", "стор", "ч", "п", "пан",
)
# A year "2024 р." and "і т. д." / "та ін." end a sentence before a capitalised word.
SPLIT_AFTER_RE = re.compile(
    rf"(?:\b\d{{4}}\s*рр?\.|\s(?:і|й|та)\s+(?:т\.\s?д\.|т\.\s?п\.|ін\.)){capital_word(LETTERS)}")
YEAR_ALONE_RE = re.compile(r"(?:\S+\s+){0,2}\d{4}\s*рр?\.")  # "У 1994 р." alone is not a sentence
# Abbreviations before a number that can also end a sentence elsewhere: "ст. 342" (стаття) but "XX ст."
# (століття); months, "12 трав. 2025 р." but "насіння трав." (of herbs) and "лист." (a letter). Before a
# digit they never end one; before a lower-case word the continuation rule joins them anyway.
BEFORE_NUMBER_RE = re.compile(
    r"(?<!\w)(?:ст|ч|п|пп|с|стор|рис|табл|розд|№|січ|лют|бер|берез|квіт|трав|черв|лип|серп|вер|верес|жовт|"
    r"лист|листоп|груд)\.$", re.IGNORECASE)

_A = "['’ʼ]"  # the apostrophe as Ukrainian writers type it
# Zero is also its adjective, negated ("non-0": niezerowy, ненулевой) and the absence the language says for it
# ("requires 0 arguments": wymaga braku argumentów; нет, немає, няма).
NUMBER_WORDS = MappingProxyType({
    0: r"нул(?:ь|я|ю|ем|і)|(?:не)?нульов\w*|немає|жодн\w*",
    1: r"од(?:ин|на|не|но|ного|нієї|ної|ній|ному|ним|ною|ну|ні|них|ними)",
    2: r"дв(?:а|і|ох|ом|ома|оє)", 3: r"три|трь(?:ох|ом|ома)|троє", 4: r"чотир(?:и|ьох|ьом|ма|ьма)|четверо",
    5: rf"п{_A}ят(?:ь|и|ьох|ьом|ьма|ьома|еро)", 6: r"шіст(?:ь|ьох|ьом|ьма|ьома)|шести|шестеро",
    7: r"сім(?:ох|ом|ома)?|семи|сьома|семеро", 8: r"вісім|вісьм(?:ох|ом|ома|а)|восьм(?:и|а|ома|еро)",
    9: rf"дев{_A}ят(?:ь|и|ьох|ьом|ьма|ьома|еро)", 10: r"десят(?:ь|и|ьох|ьом|ьма|ьома|еро)",
    11: r"одинадцят(?:ь|и|ьох|ьом|ьма|ьома)", 12: r"дванадцят(?:ь|и|ьох|ьом|ьма|ьома)",
    13: r"тринадцят(?:ь|и|ьох|ьом|ьма|ьома)", 14: r"чотирнадцят(?:ь|и|ьох|ьом|ьма|ьома)",
    15: rf"п{_A}ятнадцят(?:ь|и|ьох|ьом|ьма|ьома)", 16: r"шістнадцят(?:ь|и|ьох|ьом|ьма|ьома)",
    17: r"сімнадцят(?:ь|и|ьох|ьом|ьма|ьома)", 18: r"вісімнадцят(?:ь|и|ьох|ьом|ьма|ьома)",
    19: rf"дев{_A}ятнадцят(?:ь|и|ьох|ьом|ьма|ьома)", 20: r"двадцят(?:ь|и|ьох|ьом|ьма|ьома)",
})

LANGUAGE = Language(
    code="uk",
    name="Ukrainian",
    script="Cyrl",
    encodings=("cp1251", "koi8_u"),
    segmentation=Segmentation(pysbd="ru", abbreviations=NEVER_FINAL, keep_pysbd_abbreviations=False,
                              split_after=SPLIT_AFTER_RE, not_alone=YEAR_ALONE_RE,
                              before_number=BEFORE_NUMBER_RE),
    quotes=(("«", "»"), ("„", "“")),  # «…», inner „…“ (Правопис 2019)
    number_words=NUMBER_WORDS,
    # "24 hour" news (a round-the-clock service), "Past 7 days" (a week)
    number_phrases=MappingProxyType({24: r"цілодобов\w*|цілу добу|доб[аиуі]",
                                     7: r"тиждень|тижн\w*"}),
    letters=LETTERS,
    neighbours=("ru", "be"),
    respell=MappingProxyType({"ы": "и", "э": "е", "ъ": "ʼ", "ё": "ьо", "ў": "в"}),
    stopwords=frozenset({
        "і", "й", "в", "у", "не", "на", "що", "з", "із", "та", "як", "це", "до", "за", "від", "для", "його",
        "але", "був", "була", "було", "також", "який", "які", "яка", "при", "їх", "або", "ще", "вже"}),
    morphology=Morphology("pymorphy3", "uk"),
    stemming=Stemming(
        endings=("ами", "ями", "ього", "ьому", "ого", "ому", "ими", "іми", "ові", "еві", "єві", "ою", "ею",
                 "єю", "ої", "ій", "ий", "их", "іх", "им", "ім", "ом", "ем", "єм", "ах", "ях", "ам", "ям",
                 "ів", "їв", "ей", "а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и", "й", "ь"),
        # Латушка -> Латушці, Ольга -> Ользі, Чаплюха -> Чаплюсі (the second palatalisation)
        alternations=(("ц", ("к",)), ("з", ("г",)), ("с", ("х",))),
        fleeting_vowels="ео",
    ),
    inflects=True,
)
