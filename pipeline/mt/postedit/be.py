"""Belarusian post-editing of a Russian→Belarusian MT step (Apertium rus-bel leaves Russian words in).

Three passes over each sentence:

1. Russian words (those the engines marked unknown, and any word spelled with и, щ, ъ, letters Belarusian
   does not have) are respelled by the regular correspondences between the two orthographies (и→і/ы,
   щ→шч, ъ→', -ться→-цца, т/д→ц/дз before soft vowels, unstressed о→а and е→я, в/л→ў, geminated -нне,
   …). A word has many possible spellings; they are tried cheapest first (each deviation from the most
   regular choice costs one) and the first one Belarusian Hunspell (stems and affixes) accepts is used.
   pymorphy3's analysis of the Russian word (part of speech, gender, case) picks the endings (-ют → -юць,
   adjective -ой → -ы or -ай) and what is a name; a spelling Hunspell traces to a verb is refused for a
   Russian noun and the other way round (пит ≠ піць, прошли ≠ прошлы). The last letter of a word is
   respelled only by its regular ending: changing it changes the form (выступая ≠ выступае).
2. Names (capitalised inside a sentence, or what pymorphy3 takes for a name) are never in a dictionary:
   they get only the letter rules Belarusian applies to names (Видаль → Відаль, Раоничу → Раонічу,
   -ского → -скага); vowels are left alone, since without the stress they cannot be respelled safely.
3. Orthography: the short ў at the start of a word after a word ending in a vowel (Apertium's
   post-generation misses it after quotes, names, numbers and hyphens), and у after a consonant or pause.

A word with no validated spelling stays as it is and is returned as unknown, for the QA finding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pipeline.glossary import morphology
from pipeline.glossary.inflect import match_case
from pipeline.mt.postedit import Edited

VERSION = "be-3"

VOWELS = set("аеёиоуыэюяіАЕЁИОУЫЭЮЯІ")
SOFT_VOWELS = set("еёиюяь")  # soften т/д into ц/дз (цеканне, дзеканне)
HARD = set("жшчцрщ")  # consonants that are always hard in Belarusian: и→ы, е→э, я→а after them
VELAR = set("кгх")
LOAN_HARD = set("зснл")  # besides т, д: consonants before which a loanword writes э (сэрвіс, інтэрнэт)
RUSSIAN_ONLY_RE = re.compile("[иИщЩъЪ]")
SENTENCE_START_RE = re.compile(r"(?:^|[.!?…:—]\s+)[«„\"'(\[]*$")  # a capital here need not be a name
WORD_RE = re.compile(r"[А-ЯЁа-яёІіЎў]+(?:'[А-ЯЁа-яёІіЎў]+)*")
MIN_LENGTH = 3  # shorter words (к, из, их) are function words: respelling them letter by letter misleads
MAX_COST = 4
MAX_CANDIDATES = 300  # spellings Hunspell is asked about per word; beyond that the word is reported
GEMINATE = {"л": "лл", "н": "нн", "с": "сс", "з": "зз", "т": "цц", "д": "ддз", "ч": "чч",
            "ш": "шш", "ж": "жж"}
# Name endings (adjectival surnames and places) where Belarusian spelling differs regularly.
NAME_ENDINGS = (("ского", "скага"), ("цкого", "цкага"), ("ский", "скі"), ("цкий", "цкі"), ("ской", "скай"),
                ("цкой", "цкай"), ("ском", "скім"), ("ским", "скім"), ("ских", "скіх"), ("ские", "скія"),
                ("скому", "скаму"), ("ское", "скае"))
NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
# ў after a word ending in a vowel (a closing quote between them is no pause), у otherwise; never at the
# start of a sentence or after a pause (punctuation), and never in a capitalised word: names keep their У
# (па Уайтхоле, the FLORES reference writes so ten times out of eleven).
AFTER_VOWEL_U_RE = re.compile(r"(?<=[аеёіоуыэюяАЕЁІОУЫЭЮЯ])([»”\"']?[ \-])у(?=[^\W\d_]|[\s\d«„\"(]|$)")
AFTER_CONSONANT_U_RE = re.compile(r"(?<=[^\W\d_аеёіоуыэюяАЕЁІОУЫЭЮЯ])([»”\"']?[ \-])ў")


class BelarusianPostEditor:
    """Respelling validated against Belarusian Hunspell, name transliteration, the short ў."""

    version = VERSION

    def __init__(self) -> None:
        self.lang = "be"
        self._words: dict[tuple[str, bool], str | None] = {}

    def edit(self, text: str, unknown: Sequence[str] = ()) -> Edited:
        flagged = {w for w in unknown if WORD_RE.fullmatch(w)}
        respelled: dict[str, str] = {}
        left: list[str] = []

        def replace(m: re.Match[str]) -> str:
            word = m.group(0)
            if word not in flagged and not RUSSIAN_ONLY_RE.search(word):
                return word
            sentence_start = bool(SENTENCE_START_RE.search(text, 0, m.start()))
            new = self.respell(word, sentence_start)
            if new is None or new == word:
                if new is None:
                    left.append(word)
                return word
            respelled[word] = new
            return new

        edited = short_u(WORD_RE.sub(replace, text))
        return Edited(edited, tuple(dict.fromkeys(left)), tuple(respelled.items()))

    def suggest(self, word: str) -> str | None:
        """A Belarusian spelling Hunspell accepts (or a name's), for a word an older draft left in Russian.

        Unverified rule spellings are never offered: most are not words (сообщают → "саабшчаюць").
        """
        found = self.respell(word, True) or self.respell(word, False)
        return found if found != word else None

    def respell(self, word: str, sentence_start: bool) -> str | None:
        """A Belarusian spelling of a Russian word: validated by Hunspell, or a name's; None if none."""
        key = (word, sentence_start)
        if key not in self._words:
            self._words[key] = self._respell(word, sentence_start)
        return self._words[key]

    def _respell(self, word: str, sentence_start: bool) -> str | None:
        if len(word) < MIN_LENGTH:
            return None
        if morphology.knows(word, "be"):
            return word  # a Belarusian word after all (Apertium's unknown mark on a word it could not analyse)
        lower = word.lower()
        capital = word[0].isupper()
        name = capital and (_is_name(word) or not sentence_start)
        if not (capital and _is_name(word)) and not word.isupper():
            grammar = _grammar(lower)
            for i, candidate in enumerate(candidates(lower, grammar)):
                if i >= MAX_CANDIDATES:
                    break
                cased = match_case(candidate, word)
                if morphology.knows(cased, "be") and _same_part_of_speech(cased, grammar):
                    return cased
        if name:
            return transliterate_name(word)
        return None


def short_u(text: str) -> str:
    """ў at the start of a word after a word that ends in a vowel, у after a consonant."""
    return AFTER_CONSONANT_U_RE.sub(r"\1у", AFTER_VOWEL_U_RE.sub(r"\1ў", text))


def transliterate_name(word: str) -> str:
    """A name in Belarusian letters: и→і (ы after a hard consonant), щ→шч, ъ→', regular adjectival endings.

    Vowels stay: without the stress, о/а and е/я cannot be told apart (Раоничу → Раонічу).
    """
    lower = word.lower()
    for ru, be in NAME_ENDINGS:
        if lower.endswith(ru) and len(lower) > len(ru) + 1:
            lower = lower[: -len(ru)] + be
            break
    out: list[str] = []
    for i, c in enumerate(lower):
        prev = lower[i - 1] if i else ""
        if c == "и":
            out.append("ы" if prev in HARD else "і")
        elif c == "щ":
            out.append("шч")
        elif c == "ъ":
            out.append("'")
        elif c == "й" and prev == "и" and i == len(lower) - 1 and len(lower) > 4:
            continue  # -ий: Дмитрий → Дмітры
        else:
            out.append(c)
    return match_case("".join(out), word)


def candidates(word: str, grammar: frozenset[str] = frozenset()) -> Iterator[str]:
    """Belarusian spellings of a lower-case Russian word, cheapest first (each less regular choice costs 1).

    The word is read twice: as a native word (цеканне: ти → ці) and, for one more, as a loanword (ти → ты,
    те → тэ, and э after з, с, н, л: интернет → інтэрнэт).
    """
    native, loan = _alternatives(word, grammar), _alternatives(word, grammar, loan=True)
    seen: set[str] = set()
    for cost in range(MAX_COST + 1):
        for slots, extra in ((native, 0), (loan, 1)):
            for parts in _with_cost(slots, 0, cost - extra) if cost >= extra else ():
                candidate = "".join(parts)
                if candidate not in seen:
                    seen.add(candidate)
                    yield candidate


def _with_cost(slots: list[list[str]], start: int, cost: int) -> Iterator[list[str]]:
    if start == len(slots):
        if cost == 0:
            yield []
        return
    for i, choice in enumerate(slots[start][: cost + 1]):
        for rest in _with_cost(slots, start + 1, cost - i):
            yield [choice, *rest]


def _alternatives(word: str, grammar: frozenset[str], loan: bool = False) -> list[list[str]]:
    """The word cut into pieces, each with its Belarusian spellings, most regular first."""
    slots: list[list[str]] = []
    i, n = 0, len(word)
    while i < n:
        rest = word[i:]
        prev = word[i - 1] if i else ""
        c = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        ending = _ending(rest, prev, grammar)
        if ending is not None:
            slots.append(ending)
            return slots
        if c in GEMINATE and nxt in "иь" and i > 0 and i + 2 < n and word[i + 2] in "еёяюи":
            # -ние → -нне, -тие → -ццё, -лье → -лле; or no gemination: -ния → -нія
            vowel = _vowel_after(word[i + 2], False, word, i + 2)[0]
            options = [GEMINATE[c] + vowel]
            if c in "тд" and word[i + 2] == "е":
                options.append(GEMINATE[c] + "ё")
            options.append(c + ("ы" if c in HARD else "і") + vowel if nxt == "и" else c + "'" + vowel)
            slots.append(options)
            i += 3
            continue
        if i > 0 and word.startswith("иров", i + 1) and c not in VOWELS:
            slots.append([c + ("ыра" if c in HARD else "іра"), c + "а", c + "ыра"])  # -ировать → -аваць
            i += 4
            continue
        if i > 0 and word.startswith("ическ", i + 1) and c not in VOWELS:
            hard = c in HARD or c in "тд"
            slots.append([c + ("ычн" if hard else "ічн"), c + ("ічн" if hard else "ычн")])  # -ический → -ічны
            i += 6
            continue
        if word.startswith("ционн", i):
            slots.append(["цыйн", "цыённ"])  # информационный → інфармацыйны
            i += 5
            continue
        if c in "ао" and prev == "и":
            slots.append(["я", "а"] if c == "а" else ["ё", "я", "а", "о"])  # социальный → сацыяльны, миллион → мільён
            i += 1
            continue
        if c in "тд" and nxt in "еи" and loan:
            slots.append([c + ("э" if nxt == "е" else "ы")])
            i += 2
            continue
        if c in LOAN_HARD and nxt == "е" and loan:
            slots.append([c + "э", c + "е"])
            i += 2
            continue
        if c in "тд" and nxt in SOFT_VOWELS:
            soft = "ц" if c == "т" else "дз"
            if nxt == "ь":
                slots.append([soft + "ь"])
            else:
                # ці, це, ця (цеканне) or, in a loanword, ты, тэ (мультымедыйны); never цы, цэ
                slots.append([soft + v for v in _vowel_after(nxt, False, word, i + 1) if v not in ("ы", "э")]
                             + [c + v for v in _vowel_after(nxt, True, word, i + 1)[:1]])
            i += 2
            continue
        if c == "щ":
            slots.append(["шч", "ч"])
            if nxt in SOFT_VOWELS:
                slots.append(_vowel_after(nxt, True, word, i + 1))
                i += 2
                continue
            i += 1
            continue
        if c in HARD and nxt in SOFT_VOWELS:
            slots.append([c + v for v in _vowel_after(nxt, True, word, i + 1)])
            i += 2
            continue
        if c in SOFT_VOWELS or c in "оэ" or (c == "у" and i == 0):
            slots.append(_vowel_after(c, False, word, i))
            i += 1
            continue
        if c == nxt and c not in VOWELS:
            slots.append([c + c, c] if c == "н" else [c, c + c])
            i += 2
            continue
        if c == "в" and prev in VOWELS and (nxt == "" or nxt not in VOWELS):
            slots.append(["ў", "в"])
        elif c == "в" and i == 0 and nxt and nxt not in VOWELS:
            slots.append(["в", "у"])
        elif c == "ъ":
            slots.append(["'"])
        elif c == "ы":
            slots.append(["ы"])
        else:
            slots.append([c])
        i += 1
    if slots:
        slots[-1] = slots[-1][:1]  # not a regular ending: the last letter keeps its most regular spelling
    return slots


def _vowel_after(v: str, hard: bool, word: str, at: int) -> list[str]:
    """Spellings of the Russian vowel (or soft sign) `v` at `word[at]`, after a hard consonant or not."""
    prev = word[at - 1] if at else ""
    after_vowel = at == 0 or prev in VOWELS
    if v == "и":
        if hard:
            return ["ы"]
        return ["і", "й"] if after_vowel and at > 0 else ["і"]
    if v == "е":  # Russian text writes ё as е
        if hard:
            return ["э", "а", "о", "е"]
        return ["е", "я", "ё", "э"]
    if v == "ё":
        return ["о"] if hard else ["ё", "е"]
    if v == "я":
        return ["а"] if hard else ["я", "е"]
    if v == "ю":
        return ["у"] if hard else ["ю"]
    if v == "ь":
        if hard or prev in VELAR:
            return [""]
        if at + 1 < len(word) and word[at + 1] in "еёяюи":
            return ["'", "ь"]
        return ["ь", ""]
    if v == "у" and at == 0:
        return ["у", "ву"]
    if v == "о":
        if at == 0:
            return ["а", "во", "о"]
        return ["о"] if hard and at + 1 == len(word) else ["а", "о"]
    return [v]


def _ending(rest: str, prev: str, grammar: frozenset[str]) -> list[str] | None:
    """Spellings of a word ending that Belarusian writes differently as a whole (None: not an ending)."""
    if not prev:
        return None
    hard = prev in HARD
    if rest in ("ться", "тся"):
        return ["цца"]
    if rest in ("ть", "ти") and prev in VOWELS:
        return ["ць"]
    if rest == "чь":
        return ["чы", "ч"]
    if rest in ("сь",) and prev in VOWELS:
        return ["ся", "сь"]
    if rest == "ий":
        return ["ы"] if hard else ["і", "ы"]
    if rest == "ый":
        return ["ы"]
    if rest == "ой":
        if {"ADJF", "masc", "nomn"} <= grammar or {"ADJF", "masc", "accs"} <= grammar:
            return ["і", "ы"] if prev in VELAR else ["ы", "і"]
        return ["ай", "ой", "ою"]
    if rest == "ые":
        return ["ыя"]
    if rest == "ие":
        return ["ыя"] if hard else ["ія", "іе"]
    if rest == "ое":
        return ["ае", "ое"]
    if rest == "ее":
        return ["яе", "ее"]
    if rest == "ом":
        return ["ім", "ым"] if prev in VELAR else ["ым", "ім"] if "ADJF" in grammar else ["ам", "ом"]
    if rest == "ей":
        return ["ей", "яй", "эй", "яў"]
    if rest == "л" and prev in VOWELS:
        return ["ў", "л"]
    if rest == "лся" and prev in VOWELS:
        return ["ўся", "лся"]
    if rest == "т" and prev in VOWELS:
        if "VERB" not in grammar:
            return ["т"]
        return ["ць", ""] if prev == "е" else ["ць"]  # -ют → -юць, -ет → -е or -ець
    return None


def _parse(word: str) -> Any:
    return morphology.pymorphy("ru").parse(word)[0]


@functools.lru_cache(maxsize=65536)
def _grammar(word: str) -> frozenset[str]:
    """pymorphy3's most likely analysis of a Russian word: its grammemes (VERB, ADJF, masc, gent, …)."""
    return frozenset(_parse(word).tag.grammemes)


VERB_STEM_ENDINGS = ("ць", "ці", "чы", "цца", "ю", "у")  # Hunspell's be_BY stems verbs by infinitive or 1sg


def _same_part_of_speech(candidate: str, grammar: frozenset[str]) -> bool:
    """A Russian verb needs a Belarusian verb and a noun or adjective no verb, judged by Hunspell's stems."""
    dictionary = morphology.dictionary("be")
    if dictionary is None or not grammar & {"VERB", "INFN", "NOUN", "ADJF"}:
        return True
    verb = any(stem.endswith(VERB_STEM_ENDINGS) for stem in dictionary.stems(candidate))
    return verb if grammar & {"VERB", "INFN"} else not verb


def _is_name(word: str) -> bool:
    """pymorphy3 takes it for a name, or does not know it at all."""
    morph = morphology.pymorphy("ru")
    if not morph.word_is_known(word.lower()):
        return True
    return bool(NAME_TAGS & _parse(word).tag.grammemes)
