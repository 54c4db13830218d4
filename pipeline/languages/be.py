"""Belarusian: pySBD's Russian machinery with a Belarusian list, «…», Hunspell's be_BY, ў/у and ё/е folded."""

from __future__ import annotations

import re
from types import MappingProxyType

from pipeline.languages import Language, Morphology, Segmentation, Stemming, capital_word

LETTERS = "абвгдеёжзійклмнопрстуўфхцчшыьэюя"
NEVER_FINAL = (
    *LETTERS,  # initials: "А. Лукашэнка", "І. Іваноў"; "г. Мінск" (горад), "в. Стайкі" (вёска)
    "гг",  # "2020–2021 гг." before a lowercase word; the year rule splits before a capital
    "сп", "спн",  # спадар, спадарыня
    "вул", "пр", "пл", "зав", "напр", "гл", "зн",  # вуліца, праспект, плошча, завулак, напрыклад, гл., т. зн.
    "гадз", "стар", "арт", "праф", "акад", "дац", "др", "ген", "дэп", "св",
)
# Month abbreviations end no sentence before a number ("26 студз. 2025 г."); protected everywhere they
# would also swallow the nouns "ліст." (a letter) and "траў." (of grasses) at a sentence end.
MONTH_BEFORE_NUMBER_RE = re.compile(
    r"(?<!\w)(?:студз|лют|сак|крас|трав|чэрв|ліп|жн|вер|кастр|ліст|снеж)\.$", re.IGNORECASE)
# "2024 г." and "і г. д." end a sentence before a capitalised word (pySBD's Russian rules never split after г.)
SPLIT_AFTER_RE = re.compile(rf"(?:\b\d{{4}}\s*гг?\.|\sі\s+г\.\s?д\.){capital_word(LETTERS)}")
YEAR_ALONE_RE = re.compile(r"(?:\S+\s+){0,2}\d{4}\s*гг?\.")  # "У 1994 г." alone is not a sentence

# Zero is also its adjective, negated ("non-0": niezerowy, ненулевой) and the absence the language says for it
# ("requires 0 arguments": wymaga braku argumentów; нет, немає, няма).
NUMBER_WORDS = MappingProxyType({
    0: r"ну(?:ль|ля|лю|лём|лі)|(?:не)?нуляв\w*|няма|ніводн\w*|ніяк\w*",
    1: r"ад(?:зін|на|но|наго|ной|наму|ным|ну|ны|ных)",
    2: r"дв(?:а|ух|ум|ума|ое)|дзве", 3: r"тр(?:ы|ох|ом|ыма|ое)", 4: r"чатыр(?:ы|ох|ом|ма)|чацвёра",
    5: r"пя(?:ць|ці|ццю)|пяцёра", 6: r"шэсць|шас(?:ці|цю)|шасцёра", 7: r"сем|сям(?:і|ю)|сямёра",
    8: r"восем|вась(?:мі|мю)", 9: r"дзевя(?:ць|ці|ццю)", 10: r"дзеся(?:ць|ці|ццю)",
    11: r"адзінацца(?:ць|ці|ццю)", 12: r"дванацца(?:ць|ці|ццю)", 13: r"трынацца(?:ць|ці|ццю)",
    14: r"чатырнацца(?:ць|ці|ццю)", 15: r"пятнацца(?:ць|ці|ццю)", 16: r"шаснацца(?:ць|ці|ццю)",
    17: r"сямнацца(?:ць|ці|ццю)", 18: r"васямнацца(?:ць|ці|ццю)", 19: r"дзевятнацца(?:ць|ці|ццю)",
    20: r"двацца(?:ць|ці|ццю)",
})

LANGUAGE = Language(
    code="be",
    name="Belarusian",
    script="Cyrl",
    encodings=("cp1251", "koi8_r"),
    segmentation=Segmentation(pysbd="ru", abbreviations=NEVER_FINAL, keep_pysbd_abbreviations=False,
                              split_after=SPLIT_AFTER_RE, not_alone=YEAR_ALONE_RE,
                              before_number=MONTH_BEFORE_NUMBER_RE),
    quotes=(("«", "»"), ("„", "“")),
    number_words=NUMBER_WORDS,
    day_periods=MappingProxyType({"am": r"раніцы|уначы|ночы", "pm": r"па\w*дні|вечара|уначы|ночы"}),
    # "24 hour" news (a round-the-clock service), "Past 7 days" (a week)
    number_phrases=MappingProxyType({24: r"кругласутачн\w*|круглы\w* сутк\w*|сутк\w*",
                                     7: r"тыдз[еі]нь|тыдн\w*"}),
    letters=LETTERS,
    neighbours=("ru", "uk"),
    respell=MappingProxyType({"и": "і", "щ": "шч", "ъ": "ʼ", "ї": "і", "є": "е", "ґ": "г"}),
    stopwords=frozenset({
        "і", "ў", "у", "не", "на", "што", "з", "па", "як", "ён", "гэта", "з'яўляецца", "быў", "была",
        "для", "ад", "які", "якія", "яго", "таксама", "але", "да", "за", "было", "пры", "іх", "ці"}),
    # Hunspell spends a millisecond failing on every surname: capitalised words go to the rule stems.
    morphology=Morphology("hunspell", knows_names=False),
    stemming=Stemming(
        endings=("амі", "ямі", "ага", "яга", "аму", "яму", "ымі", "імі", "ая", "яя", "ае", "яе", "ыя", "ія",
                 "ую", "юю", "ых", "іх", "ым", "ім", "ом", "ем", "ам", "ям", "ах", "ях", "оў", "аў", "еў",
                 "ой", "ай", "ей", "яй", "яў", "а", "я", "о", "е", "у", "ю", "ы", "і", "ў", "й", "ь"),
        alternations=(("дз", ("д",)), ("ц", ("к", "т")), ("з", ("г",)), ("с", ("х",)), ("в", ("ў",))),
        fleeting_vowels="еоё",
        doubled_before="ю",
        for_common_words=True,  # the Hunspell dictionary is thin
    ),
    folds=MappingProxyType({"ё": "е", "Ё": "Е"}),
    # у/ў at the start of a word depends on the word before: one word either way
    initial_folds=MappingProxyType({"ў": "у", "Ў": "У"}),
    inflects=True,
)
