"""QA checks on the alphabet: look-alike letters from the wrong script, a neighbour language's letters
(Russian in Belarusian or Ukrainian, Ukrainian in Russian…), Polish words that lost their diacritics.

MT drafts and copy-paste produce words that look right and are wrong: a Latin "i" inside a Belarusian
word ("палітычны" with U+0069) breaks search and spell checking; a Russian "и" makes Belarusian text
Russian; "wiezniow" instead of "więźniów" reads as careless. The letter checks are built from the
language registry (one per language someone lists as a neighbour: `russian-letters`, …). The diacritics
check asks a Hunspell dictionary (Debian's hunspell-pl, libhunspell, loaded once per run) whether an
ASCII-only word exists only with diacritics.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from pipeline import languages
from pipeline.checks.qa_text import qa_check, without_code, without_format_directives
from pipeline.checks.registry import CheckContext, CheckFunction, EntryUnderCheck, Problem
from pipeline.languages import Language

CYRILLIC = "\u0400-\u04ff"
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01bf\u01c4-\u024f"  # letters: no × ÷, no click ǀ ǁ ǂ ǃ
MIXED_WORD_RE = re.compile(rf"[{CYRILLIC}{LATIN}]*(?:[{LATIN}][{CYRILLIC}]|[{CYRILLIC}][{LATIN}])[{CYRILLIC}{LATIN}]*")
CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
SCRIPT_SEAM_RE = re.compile(f"[{LATIN}][{CYRILLIC}]|[{CYRILLIC}][{LATIN}]")
LATIN_RE = re.compile(f"[{LATIN}]")
# Latin letters that look like Cyrillic ones (and back); used to say which letter to retype.
LATIN_TO_CYRILLIC = str.maketrans("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ")
CYRILLIC_TO_LATIN = str.maketrans("асеіорхуАВСЕНІКМОРТХ", "aceiopxyABCEHIKMOPTX")
LOOK_ALIKES = frozenset("aceiopxyABCEHIKMOPTXасеіорхуАВСЕНІКМОРТХ")
# printf's and Python's directives ("%s", "%ld", "%1$s", "%(name)s") and a backslash escape ("\\n")
DIRECTIVE_LETTER_RE = re.compile(r"%(?:\d+\$|\([^)\s]*\))?[-+ #0-9.*']*(?:hh|ll|[hlLqjzt])?[a-zA-Z]|\\[a-zA-Z]")
# A word's pieces as code names are built: "cTAG" c|TAG, "HTTPMethod" HTTP|Method, "IFree" I|Free, "xADDR".
CAMEL_PIECE_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
SOURCE_WORD_RE = re.compile(r"[A-Za-z]+")
SCRIPT_RUN_RE = re.compile(rf"[{CYRILLIC}]+|[^{CYRILLIC}]+")
JOINED_WORDS_RE = re.compile(rf"([{CYRILLIC}]{{2,}}|[{LATIN}]{{2,}})([{CYRILLIC}]{{2,}}|[{LATIN}]{{2,}})")


def _script(word: str) -> str:
    return "Cyrillic" if CYRILLIC_RE.match(word) else "Latin"


def _minority(word: str) -> set[str]:
    """The letters of `word` in the script it has fewer of."""
    cyrillic = [c for c in word if CYRILLIC_RE.match(c)]
    latin = [c for c in word if not CYRILLIC_RE.match(c)]
    return set(cyrillic if len(cyrillic) < len(latin) else latin)


ASCII_WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z]{3,}(?![\w'’-])")
MAX_DIACRITIC_CHANGES = 3
MAX_CANDIDATES = 300  # dictionary lookups per unknown word; beyond that the word is left alone


@qa_check("mixed-script", "error", "critical")
def mixed_script(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """No word mixes Latin and Cyrillic letters (look-alikes such as a Latin "i" in a Cyrillic word).

    A Latin "i", "o", "c" typed into a Cyrillic word, or the reverse, looks identical but breaks search,
    spell checking and sorting. The finding names the word retyped in its majority script. A word of each
    script run together ("файлуJSON", each at least two letters, not all look-alikes) is a missing space,
    and the finding says so. An upper-case word whose minority script has a letter with no twin in the
    other ("RФАЙЛ", "IDПРАГРАМЫ": a usage string's metavariable) was written so on purpose ("AРГ" with a
    Latin A was not), and so is a compound name of the source translated in part, upper-case first
    ("-cTAG" → "-cТЕГ", "IFree" → "IСвободно", "HTTPMethod" → "МетодHTTP"), as is a run of letters
    each in both cases, a prompt's answers ("nNнН"). A directive or an escape is code, flagged or not:
    `%(name)sне`, `%sПрачытана`, a literal `\\nкароткіх`.
    """
    text = entry.msgstr
    if entry.flags and any(f.endswith("-format") and not f.startswith("no-") for f in entry.flags):
        text = without_format_directives(text)
    # A mixed word holds a Latin letter next to a Cyrillic one; without_code only blanks characters (it can
    # part two letters, never join them), so a text with no such pair has no finding. The two one-class
    # scans first: they are the quicker way to turn away a text in one script.
    if not (CYRILLIC_RE.search(text) and LATIN_RE.search(text) and SCRIPT_SEAM_RE.search(text)):
        return []
    if "%" in text or "\\" in text:  # unflagged "%sПрачытана", a literal "\\nкароткіх": the letter is code
        text = DIRECTIVE_LETTER_RE.sub(lambda m: " " * len(m.group(0)), text)
    problems = []
    for m in MIXED_WORD_RE.finditer(without_code(text)):
        word = m.group(0)
        if word.isupper() and _minority(word) - LOOK_ALIKES:  # "RФАЙЛ", "IDПРАГРАМЫ": a metavariable, on purpose
            continue
        if _letter_set(word) or _built_from_source(word, entry.msgid):
            continue
        joined = JOINED_WORDS_RE.fullmatch(word)
        if joined and all(set(run) - LOOK_ALIKES for run in joined.groups()):  # "файлуJSON": no look-alike typed
            first, second = joined.group(1), joined.group(2)
            problems.append(Problem(f"{word!r} runs a {_script(first)} word into a {_script(second)} one; "
                                    "a space is missing", found=word, expected=f"{first} {second}"))
            continue
        cyrillic = len(CYRILLIC_RE.findall(word))
        latin = len(word) - cyrillic
        fixed = word.translate(LATIN_TO_CYRILLIC if cyrillic >= latin else CYRILLIC_TO_LATIN)
        majority = "Cyrillic" if cyrillic >= latin else "Latin"
        problems.append(Problem(f"{word!r} mixes Latin and Cyrillic letters; retype it in {majority}",
                                found=word, expected=fixed if fixed != word else None))
    return problems


def _letter_set(word: str) -> bool:
    """A run of letters each followed by its other case ("nNнН", "yYтТ"): the answers a prompt accepts."""
    pairs = zip(word[::2], word[1::2], strict=True)
    return len(word) % 2 == 0 and all(a != b and a.lower() == b.lower() for a, b in pairs)


def _built_from_source(word: str, source: str) -> bool:
    """A word of a Latin and a Cyrillic part whose Latin part is a piece of a compound name in the source and
    whose Cyrillic part translates the rest, upper-case first: an option letter before its metavariable
    ("-cTAG" → "-cТЕГ", "0xADDR" → "0xАДРЕСА"), df's "IFree" → "IСвободно", "HTTPMethod" → "МетодHTTP".
    A look-alike typed into a word ("Рixbuf", "Cбой") leaves a one-letter or lower-case part."""
    runs = SCRIPT_RUN_RE.findall(word)
    if len(runs) != 2:
        return False
    latin, cyrillic = (runs[0], runs[1]) if CYRILLIC_RE.match(runs[1]) else (runs[1], runs[0])
    if len(cyrillic) < 2 or not cyrillic[0].isupper():
        return False
    for name in SOURCE_WORD_RE.findall(source):
        pieces = CAMEL_PIECE_RE.findall(name)
        if len(pieces) > 1 and latin in pieces:
            return True
    return False


def foreign_letters(neighbour: Language, lang: Language) -> str:
    """The letters of `neighbour` that betray it in a text in `lang`: not in `lang`'s alphabet, and not
    already claimed by a neighbour `lang` lists before it (Belarusian и is Russian before it is Ukrainian)."""
    if neighbour.code not in lang.neighbours or not lang.letters:
        return ""
    claimed = set(lang.letters)
    for code in lang.neighbours[:lang.neighbours.index(neighbour.code)]:
        claimed |= set(languages.get(code).letters)
    return "".join(c for c in neighbour.letters if c not in claimed)


class _Betrayal(NamedTuple):
    """What a neighbour's letters check needs for one target language, built once per run."""

    lang: Language
    tell: re.Pattern[str]  # any of the letters, searched in the lower-cased text
    word: re.Pattern[str]  # a word holding one of them (either case), in the text as written
    owners: list[Language]  # the target's neighbours in its order of precedence
    variants: list[Language]  # other orthographies of the target (be@tarask for be), which may write them


def _orthography_of(word: str, lang: Language, variants: list[Language]) -> Language | None:
    """The other orthography of `lang` whose alphabet has every letter of `word` (ґ: be@tarask), if any."""
    foreign = {c for c in word.lower() if c not in lang.letters}
    return next((v for v in variants if foreign <= set(v.letters)), None)


def _letters_check(neighbour: Language) -> CheckFunction:
    """The check for `neighbour`'s letters in the texts of every language that lists it as a neighbour."""
    plans: dict[str, _Betrayal | None] = {}

    def plan(code: str) -> _Betrayal | None:
        """The letters and regexes for texts in `code`: None where no letter of the neighbour betrays it."""
        lang = languages.get(code)
        letters = foreign_letters(neighbour, lang)
        if not letters:
            return None
        # the same test as `any(c in letters for c in text.lower())`, one scan in C
        tell = re.compile("[" + "".join(re.escape(c) for c in letters) + "]")
        word = re.compile(rf"[{CYRILLIC}]*[{letters}{letters.upper()}][{CYRILLIC}]*")
        variants = [v for v in languages.deep_languages() if v.variant_of == lang.code]
        return _Betrayal(lang, tell, word, [languages.get(c) for c in lang.neighbours], variants)

    def letters_of_neighbour(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
        try:
            found = plans[entry.lang]
        except KeyError:
            found = plans[entry.lang] = plan(entry.lang)
        if found is None or not found.tell.search(entry.msgstr.lower()):
            return []
        lang = found.lang
        words = sorted({m.group(0) for m in found.word.finditer(entry.msgstr)})
        problems = []
        for w in words:
            variant = _orthography_of(w, lang, found.variants)
            if variant is not None:  # ґ in Belarusian: the classical orthography's, a matter of spelling
                letters = " ".join(sorted({c for c in w.lower() if c not in lang.letters}))
                problems.append(Problem(f"{letters} in {w!r} is {variant.name} spelling ({variant.code}), not "
                                        f"{lang.code}'s", found=w, expected=_respelled(w, lang), severity="warning"))
                continue
            # і in a Russian text is Belarusian or Ukrainian: name every neighbour that writes the letter
            problems.append(Problem(f"{_writers(w, lang, found.owners)} letter(s) in {lang.name} word {w!r}",
                                    found=w, expected=_respelled(w, lang)))
        return problems

    targets = [lang for lang in languages.deep_languages() if neighbour.code in lang.neighbours
               and foreign_letters(neighbour, lang) and lang.variant_of is None]
    examples = "; ".join(f"{lang.name} {' '.join(foreign_letters(neighbour, lang))}" for lang in targets)
    variants = [v for v in languages.deep_languages() if v.variant_of in {lang.code for lang in targets}]
    spelt = [(" ".join(sorted(set(v.letters) & set(foreign_letters(neighbour, languages.get(v.variant_of))))), v)
             for v in variants if v.variant_of]
    letters_of_neighbour.__doc__ = (
        f"No letters only {neighbour.name} uses in a neighbour's text ({examples}).\n\n"
        f"Typical of a {neighbour.name} MT draft or pivot left in place, or of copy-paste between language "
        "versions; the finding respells the word where the letter has a counterpart."
        + "".join(f" {letters} in a {v.variant_of} text is the spelling of {v.name} ({v.code}): a warning, "
                  "the catalog mixes orthographies." for letters, v in spelt if letters))
    return letters_of_neighbour


def _writers(word: str, lang: Language, owners: list[Language]) -> str:
    foreign = {c for c in word.lower() if c not in lang.letters}
    return " or ".join(owner.name for owner in owners if foreign & set(owner.letters))


def _respelled(word: str, lang: Language) -> str | None:
    out = "".join(lang.respell.get(c.lower(), c) if c.islower() else lang.respell.get(c.lower(), c).capitalize()
                  for c in word)
    return out if out != word else None


for _neighbour in languages.deep_languages():
    if any(_neighbour.code in lang.neighbours for lang in languages.deep_languages()):
        qa_check(f"{_neighbour.name.lower()}-letters", "error", "functional")(_letters_check(_neighbour))


@functools.cache
def _ascii_fold_lower(alternatives: tuple[tuple[str, str], ...]) -> dict[int, str]:
    fold = {m: plain for plain, marked in alternatives for m in marked}
    fold |= {m.upper(): plain for m, plain in fold.items()}
    return str.maketrans({**{c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, **fold})


def ascii_fold_lower(alternatives: Mapping[str, str]) -> Mapping[int, str]:
    """Lower case and without the language's diacritics in one pass: the key of the dictionary's words by
    their ASCII spelling. One table object per language: the dictionary caches its folded words by it."""
    return _ascii_fold_lower(tuple(alternatives.items()))


class PolishSpelling:
    """Debian's pl_PL Hunspell dictionary asked for the diacritics an ASCII-only word lost.

    One per run and language (kept in CheckContext.language_cache); every verdict on a word is memoised,
    so a run pays for each distinct word once.
    """

    def __init__(self, dictionary: Any, alternatives: Mapping[str, str]) -> None:
        self.dictionary = dictionary  # pipeline.glossary.morphology.Dictionary
        self.alternatives = alternatives
        self.fold = ascii_fold_lower(alternatives)
        self.verdicts: dict[str, str | None] = {}
        self._markable = re.compile("[" + "".join(re.escape(c + c.upper()) for c in alternatives) + "]")

    def plain_only(self, word: str) -> bool:
        """Whether no letter of `word` stands for a marked one (the word cannot have lost diacritics)."""
        return self._markable.search(word) is None

    def knows(self, word: str) -> bool:
        return bool(self.dictionary.knows(word))

    def with_diacritics(self, word: str) -> str | None:
        """The dictionary's spelling of an ASCII-only `word` that it knows only with diacritics, else None."""
        if word in self.verdicts:
            return self.verdicts[word]
        verdict = None
        # Without a letter that has a marked form (pl: a c e l n o s z) there is nothing to re-accent, and
        # the folded index can only give the word itself back (every other letter folds to itself alone):
        # the verdict is None whatever the dictionary says, so it is not asked.
        if not self.plain_only(word) and not self.knows(word):
            verdict = next((c for c in self._candidates(word.lower()) if self.knows(c)), None)
            if verdict is not None and word[0].isupper():
                verdict = verdict[0].upper() + verdict[1:]
        self.verdicts[word] = verdict
        return verdict

    def _candidates(self, word: str) -> Iterator[str]:
        """Dictionary base forms first (folded index), then re-accented forms with the fewest changes."""
        yield from self.dictionary.words_folding_to(word, self.fold)
        positions = [i for i, c in enumerate(word) if c in self.alternatives]
        tried = 0
        for changes in range(1, min(MAX_DIACRITIC_CHANGES, len(positions)) + 1):
            for chosen in itertools.combinations(positions, changes):
                for letters in itertools.product(*(self.alternatives[word[i]] for i in chosen)):
                    tried += 1
                    if tried > MAX_CANDIDATES:
                        return
                    chars = list(word)
                    for i, letter in zip(chosen, letters, strict=True):
                        chars[i] = letter
                    yield "".join(chars)


def polish_spelling(ctx: CheckContext, lang: str) -> PolishSpelling | None:
    """The run's shared dictionary for `lang`'s diacritics check, or None (and the check stays silent) when
    the language lists no diacritics or its Hunspell dictionary (hunspell-pl) is not installed."""
    key = f"diacritics-spelling-{lang}"
    if key not in ctx.language_cache:
        from pipeline.glossary.morphology import dictionary

        alternatives = languages.get(lang).diacritics
        found = dictionary(lang) if alternatives else None
        ctx.language_cache[key] = PolishSpelling(found, alternatives) if found is not None else None
    spelling: PolishSpelling | None = ctx.language_cache[key]
    return spelling


@qa_check("polish-diacritics", "warning", "functional")
def polish_diacritics(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Polish words are not missing their diacritics ("wiezniow" for "więźniów", "sie" for "się").

    A word written in plain ASCII that the Polish Hunspell dictionary (Debian's hunspell-pl) does not know,
    but knows with ą ć ę ł ń ó ś ź ż, is reported with the dictionary's spelling. Words that are also in
    the source (names, acronyms) and capitalised words inside a sentence (names) are left alone.
    """
    if not languages.get(entry.lang).diacritics:
        return []
    words = [m for m in ASCII_WORD_RE.finditer(without_code(entry.msgstr))
             if m.group(0) not in entry.msgid and (m.start() == 0 or not m.group(0)[0].isupper())]
    if not words:
        return []
    spelling = polish_spelling(ctx, entry.lang)
    if spelling is None:
        return []
    problems = []
    for m in words:
        fixed = spelling.with_diacritics(m.group(0))
        if fixed:
            problems.append(Problem(f"{m.group(0)!r} is missing its diacritics", found=m.group(0), expected=fixed))
    return problems
