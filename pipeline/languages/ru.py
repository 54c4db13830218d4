"""Russian: pySBD's Russian rules with news abbreviations, «…» quotes, pymorphy3 lemmas and paradigms."""

from __future__ import annotations

from types import MappingProxyType

from pipeline.languages import Language, Morphology, Segmentation, Stemming

# Added to pySBD's Russian list, which lacks common news abbreviations.
NEVER_FINAL_EXTRA = (
    "им", "ген", "обл", "напр", "св", "ст", "чл", "янв", "фев", "авг", "сент", "окт", "нояб", "дек",
)

# Zero is also its adjective, negated ("non-0": niezerowy, ненулевой) and the absence the language says for it
# ("requires 0 arguments": wymaga braku argumentów; нет, немає, няма).
NUMBER_WORDS = MappingProxyType({
    0: r"но(?:ль|ля|лю|лём|ле)|ну(?:ль|ля|лю|лём|ле)|(?:не)?нулев\w*|нет|ни одного|никак\w*",
    1: r"од(?:ин|на|но|ного|ной|ному|ним|ном|ну|ни|них)",
    2: r"дв(?:а|е|ух|ум|умя|ое|оих)", 3: r"тр(?:и|ёх|ех|ём|ем|емя|ое|оих)",
    4: r"четыр(?:е|ёх|ех|ём|ем|ьмя)|четверо", 5: r"пят(?:ь|и|ью)|пятеро", 6: r"шест(?:ь|и|ью)|шестеро",
    7: r"сем(?:ь|и|ью)|семеро", 8: r"восем(?:ь|ью)|восьм(?:и|ью)", 9: r"девят(?:ь|и|ью)",
    10: r"десят(?:ь|и|ью)", 11: r"одиннадцат(?:ь|и|ью)", 12: r"двенадцат(?:ь|и|ью)",
    13: r"тринадцат(?:ь|и|ью)", 14: r"четырнадцат(?:ь|и|ью)", 15: r"пятнадцат(?:ь|и|ью)",
    16: r"шестнадцат(?:ь|и|ью)", 17: r"семнадцат(?:ь|и|ью)", 18: r"восемнадцат(?:ь|и|ью)",
    19: r"девятнадцат(?:ь|и|ью)", 20: r"двадцат(?:ь|и|ью)",
})

LANGUAGE = Language(
    code="ru",
    name="Russian",
    script="Cyrl",
    encodings=("cp1251", "koi8_r"),
    segmentation=Segmentation(pysbd="ru", abbreviations=NEVER_FINAL_EXTRA),
    quotes=(("«", "»"), ("„", "“")),  # «…», inner „…“
    number_words=NUMBER_WORDS,
    # "24 hour" news (a round-the-clock service), "Past 7 days" (a week)
    number_phrases=MappingProxyType({24: r"круглосуточн\w*|кругл\w* сутк\w*|сутк\w*",
                                     7: r"недел[яюиь]\w*"}),
    letters="абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    neighbours=("be", "uk"),
    respell=MappingProxyType({"і": "и", "ў": "у", "ї": "и", "є": "е", "ґ": "г"}),
    stopwords=frozenset({
        "и", "в", "не", "на", "что", "с", "по", "как", "он", "это", "из", "был", "была", "для",
        "от", "который", "которые", "его", "также", "но", "к", "за", "было", "при", "их", "или"}),
    morphology=Morphology("pymorphy3", "ru"),
    stemming=Stemming(
        endings=("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие",
                 "ый", "ий", "ой", "ей", "ую", "юю", "ых", "их", "ым", "им", "ом", "ем", "ах", "ях", "ам",
                 "ям", "ов", "ев", "а", "я", "о", "е", "у", "ю", "ы", "и", "й", "ь"),
        fleeting_vowels="еоё",
    ),
    folds=MappingProxyType({"ё": "е", "Ё": "Е"}),
    inflects=True,
)
