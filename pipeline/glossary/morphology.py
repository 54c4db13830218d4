"""Per-language word analysis for the glossary matcher: dictionary lemmas plus rule stems.

Dictionaries know common words and most places but not surnames; suffix rules know surnames but
over-generalise. The matcher therefore uses both, ranked: an exact surface form beats a shared lemma,
which beats a shared rule stem (see match.py). Each language names its back-end and rules in
pipeline.languages; back-ends load lazily and only for the languages in use: pymorphy3 (ru, uk),
lemmagen3 (pl), Hunspell's Belarusian dictionary (be).

Hunspell dictionaries are read by libhunspell itself through chunspell (a maintained Cython binding that
ships the library in its wheels): it loads pl_PL in about 0.2 s where the pure-Python spylls took seconds
at every run. `dictionary(lang)` and `knows(word, lang)` are the public way to ask one.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pipeline import languages
from pipeline.errors import TolmachError
from pipeline.languages import Morphology
from pipeline.memo import Memo
from pipeline.resources import language_resource, on_release

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell"))

MIN_STEM = 3  # a stem keeps at least this many characters
VOWELS = "аеёиоуыэюяіўєї"  # a fleeting vowel drops only before a consonant (вязень / вязні, not узник)


def rule_stems(word: str, lang: str) -> frozenset[str]:
    """Stems of a normalised word by suffix stripping, with the stem-final alternations undone
    (the language's Stemming in pipeline.languages)."""
    rules = languages.get(lang).stemming
    if not rules.endings:
        return frozenset()
    # Every reading: "Кастатааў" may be a stem + -аў or a nominative in -ў (gen. Кастатаава).
    stems = {word} | {word[: -len(e)] for e in rules.endings if word.endswith(e) and len(word) - len(e) >= MIN_STEM}
    found = set()
    for stem in stems:
        for swapped, plain in rules.vowel_swaps:  # Kraków / Krakowa
            if swapped in stem[-3:]:
                i = stem.rindex(swapped)
                stem = stem[:i] + plain + stem[i + 1:]
        found.add(stem)
        if rules.fleeting_vowels and stem == word[:-1] and word.endswith("ь") and len(stem) > 4 \
                and stem[-2] in rules.fleeting_vowels and stem[-1] not in VOWELS:
            found.add(stem[:-2] + stem[-1])  # fleeting vowel: вязень / вязні, узник stays
        if rules.doubled_before and len(stem) > 4 and stem[-1] == stem[-2] and word.endswith(rules.doubled_before):
            found.add(stem[:-1])  # instrumental doubling: Беларусь / Беларуссю
        for tail, sources in rules.alternations:
            if stem.endswith(tail) and len(stem) > len(tail) + 1:
                found.update(stem[: -len(tail)] + s for s in sources)
                break
    return frozenset(found)


def english_lemmas(word: str) -> frozenset[str]:
    """Plural and possessive: the only English inflection a glossary needs to see through."""
    found = set()
    if word.endswith("'s"):
        word = word[:-2]
        found.add(word)
    elif word.endswith("s'"):
        word = word[:-1]
        found.add(word)
    if word.endswith("ies") and len(word) > 4:
        found.add(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        found.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        found.add(word[:-1])
    return frozenset(found)


Lemmatizer = Callable[[str], frozenset[str]]


@language_resource
def pymorphy(resource: str):  # type: ignore[no-untyped-def]
    """The one pymorphy3 analyser per dictionary (ru, uk) of the process (loading costs a few hundred ms)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=resource)


def morphology_of(lang: str) -> Morphology | None:
    return languages.get(lang).morphology


@language_resource
def lemmatizer(lang: str) -> Lemmatizer:
    """word (normalised, lower case) -> its dictionary lemmas (normalised); built once per language from the
    back-end the language registry names (none: exact forms only)."""
    morphology = morphology_of(lang)
    if morphology is None:
        return lambda word: frozenset()
    return LEMMATIZERS[morphology.backend](lang, morphology.resource)


def _pymorphy_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    from pipeline.glossary.normalize import normalize

    morph = pymorphy(resource)

    def lemmas(word: str) -> frozenset[str]:
        return frozenset(normalize(p.normal_form, lang) for p in morph.parse(word)[:4])

    return lemmas


def _lemmagen_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    import lemmagen3

    from pipeline.glossary.normalize import normalize

    lemmagen = lemmagen3.Lemmatizer(resource)
    return lambda word: frozenset({normalize(lemmagen.lemmatize(word), lang)})


def _hunspell_lemmatizer(lang: str, resource: str) -> Lemmatizer:
    from pipeline.glossary.normalize import normalize

    hunspell = dictionary(lang)
    if hunspell is None:
        return lambda word: frozenset()

    def stems(word: str) -> frozenset[str]:
        found: set[str] = set()
        for variant in dict.fromkeys((word, word.capitalize(), word.replace("'", "’"))):
            found.update(normalize(stem, lang) for stem in hunspell.stems(variant))
        return frozenset(found)

    return stems


LEMMATIZERS: dict[str, Callable[[str, str], Lemmatizer]] = {
    "english": lambda lang, resource: english_lemmas,
    "pymorphy3": _pymorphy_lemmatizer,
    "lemmagen3": _lemmagen_lemmatizer,
    "hunspell": _hunspell_lemmatizer,
}


@language_resource
def knows_common_word(lang: str) -> Callable[[str], bool]:
    """word -> whether the language's dictionary has it, and its likeliest reading is a common word,
    where the back-end can say (pymorphy3). Its lemmas are then the dictionary's verdict: "Мінські" is the
    adjective мінський, so a rule stem shared with Мінськ is no evidence; "Сіліні", a form of the surname
    Сілін, may still be Siliņa's."""
    morphology = morphology_of(lang)
    if morphology is None or morphology.backend != "pymorphy3":
        return lambda word: False
    morph = pymorphy(morphology.resource)

    def known(word: str) -> bool:
        return bool(morph.word_is_known(word)) and not NAME_TAGS & morph.parse(word)[0].tag.grammemes

    return known


Paradigm = Callable[[str, bool], frozenset[str]]

NAME_TAGS = {"Surn", "Name", "Patr", "Geox", "Orgn", "Abbr"}


@language_resource
def paradigm(lang: str) -> Paradigm:
    """(dictionary form, is a name) -> every inflected form of it, where a generator exists (pymorphy3).

    For names the proper-noun reading wins: Russian Латушко is an indeclinable surname, not a neuter
    noun whose plural would be "латушки" (a form of the Belarusian spelling Латушка).
    """
    from pipeline.glossary.normalize import normalize

    morphology = morphology_of(lang)
    if morphology is None or morphology.backend != "pymorphy3":
        return lambda word, is_name: frozenset()
    morph = pymorphy(morphology.resource)

    def forms(word: str, is_name: bool) -> frozenset[str]:
        parses = [p for p in morph.parse(word) if "nomn" in p.tag and normalize(p.word, lang) == word]
        if is_name:
            parses = [p for p in parses if NAME_TAGS & p.tag.grammemes] or parses
        if not parses:
            return frozenset()
        return frozenset(normalize(f.word, lang) for f in parses[0].lexeme)

    return forms


class Dictionary:
    """One Hunspell dictionary (.aff + .dic) loaded by libhunspell; words it cannot encode are unknown."""

    # After this many `words_folding_to` look-ups a full index pays for itself (each scan reads the .dic).
    FULL_INDEX_AFTER = 64

    def __init__(self, base: Path) -> None:
        self.base = base
        self._loaded: Any = None  # libhunspell's handle, loaded on the first question the memo cannot answer
        self._memo = SpellingMemo.open(self)
        self._folded: tuple[str, str] | None = None  # the words as text, and folded
        self._index: dict[str, list[str]] | None = None
        self._lexicon: FoldedLexicon | None = None
        self._fold: Mapping[int, str] | None = None  # the table the three above are for
        self._scans = 0

    @property
    def _hunspell(self) -> Any:
        if self._loaded is None:
            from hunspell import Hunspell

            self._loaded = Hunspell(self.base.name, hunspell_data_dir=str(self.base.parent))
        return self._loaded

    @property
    def encoding(self) -> str:
        """The charset of the .dic and .aff files (libhunspell reads it from the .aff's SET line)."""
        encoding: str = self._hunspell._dic_encoding
        return encoding

    def knows(self, word: str) -> bool:
        """Hunspell's verdict on a word as written (it applies the dictionary's own case rules)."""
        if self._loaded is None and self._memo is not None and (known := self._memo.get(f"knows\x00{word}")):
            return known == "1"
        try:
            verdict = bool(self._hunspell.spell(word))
        except UnicodeEncodeError:  # a letter the dictionary's charset lacks: not one of its words
            verdict = False
        if self._memo is not None:
            self._memo.put(f"knows\x00{word}", "1" if verdict else "0")
        return verdict

    def stems(self, word: str) -> tuple[str, ...]:
        """The dictionary entries `word` is a form of (Belarusian "Беларусі" -> "Беларусь")."""
        known = self._memo.get(f"stems\x00{word}") if self._loaded is None and self._memo is not None else None
        if known is not None:
            return tuple(known.split("\n")) if known else ()
        try:
            found = tuple(self._hunspell.stem(word))
        except UnicodeEncodeError:
            found = ()
        if self._memo is not None:
            self._memo.put(f"stems\x00{word}", "\n".join(found))
        return found

    def words_folding_to(self, key: str, fold: Mapping[int, str]) -> list[str]:
        """Dictionary words (lower case, in file order) that `fold` turns into `key` but that differ from it.

        `fold` is a str.translate table of single characters (say, Polish letters to ASCII and upper to
        lower case). A lexicon built by an earlier run answers at once; without one the first look-ups scan
        the words as text, and after FULL_INDEX_AFTER the lexicon is built (once per dictionary version).
        """
        if self._fold is not fold:  # a new table: a lexicon an earlier run built, else scan from the start
            self._fold, self._lexicon, self._folded, self._index = fold, FoldedLexicon.cached(self, fold), None, None
        if self._lexicon is not None:
            return self._lexicon.words(key)
        if self._folded is None:
            text = self.dic.read_bytes().decode(self.encoding, "replace")
            # A .dic line is `word/FLAGS` or `word<TAB>morphology`; the first line is the word count.
            words = "\n" + "\n".join(_DIC_WORD_RE.findall(text)) + "\n"
            self._folded, self._scans = (words, words.translate(fold)), 0
        words, folded = self._folded
        if self._index is None:
            self._scans += 1
            if self._scans > self.FULL_INDEX_AFTER:
                self._lexicon = FoldedLexicon.build(self, fold)
                if self._lexicon is not None:
                    self._folded = None  # the text goes: the lexicon answers from now on
                    return self._lexicon.words(key)
                # no cache directory to write to: an index in memory (tens of MiB for pl_PL)
                self._index = {}
                for word, word_folded in zip(words.split("\n"), folded.split("\n"), strict=True):
                    if word.lower() != word_folded:
                        self._index.setdefault(word_folded, []).append(word.lower())
        if self._index is not None:
            return list(self._index.get(key, ()))
        found = []
        needle = f"\n{key}\n"
        at = folded.find(needle)
        while at != -1:
            word = words[at + 1:at + len(needle) - 1].lower()
            if word != key:
                found.append(word)
            at = folded.find(needle, at + 1)
        return found

    @property
    def dic(self) -> Path:
        return self.base.parent / f"{self.base.name}.dic"


def cache_file(dictionary: Dictionary, folder: str, key: object) -> Path:
    """The user-cache file of `folder` for this version of `dictionary` (path, size, mtime) and `key`."""
    import hashlib

    from pipeline.paths import user_dir

    stat = dictionary.dic.stat()
    version = repr((str(dictionary.dic.resolve()), stat.st_size, stat.st_mtime_ns, key))
    digest = hashlib.sha256(version.encode()).hexdigest()[:16]
    return user_dir("cache", "tolmach") / folder / f"{dictionary.base.name}-{digest}.sqlite"


def remove_older(path: Path, name: str) -> None:
    """Remove the files an earlier version of dictionary `name` left in `path`'s folder (one per dictionary)."""
    for older in path.parent.glob(f"{name}-*.sqlite"):
        if older != path:
            with contextlib.suppress(OSError):
                older.unlink()


class SpellingMemo(Memo):
    """Hunspell's answers (`knows`, `stems`) to words earlier runs asked about, in the user cache, so that a
    run loads a dictionary only when an entry asks about a word no earlier run did.

    Loading pl_PL costs about 0.26 s of CPU, most of what a pre-commit `check` of a few entries pays,
    while the words of a project's catalogs change little from one run to the next. Until a question
    misses, the memo answers; from the first miss on libhunspell is loaded and answers (a look-up in
    SQLite is no faster than libhunspell itself), and its new answers are written back when the
    dictionary is let go (`release()`) or the process exits, at most 50,000 per run. The file is keyed
    by the dictionary's version like the lexicons (pipeline/memo.py: a memo that cannot be read or
    written is none).
    """

    VERSION = 2

    def __init__(self, path: Path, dictionary_name: str) -> None:
        super().__init__(path, max_new=50_000)
        self.dictionary_name = dictionary_name

    @classmethod
    def open(cls, dictionary: Dictionary) -> SpellingMemo | None:
        try:
            path = cache_file(dictionary, "spelling", cls.VERSION)
        except (OSError, TolmachError):  # no cache folder (no home): libhunspell answers everything
            return None
        memo = cls(path, dictionary.base.name)
        _OPEN_MEMOS.add(memo)
        return memo

    def save(self) -> bool:
        saved = super().save()
        if saved:
            remove_older(self.path, self.dictionary_name)  # an updated dictionary's old one
        return saved


def _save_memos() -> None:
    for memo in list(_OPEN_MEMOS):
        memo.save()


_OPEN_MEMOS: weakref.WeakSet[SpellingMemo] = weakref.WeakSet()
on_release(_save_memos)  # before the dictionaries go: resources.release() calls these first
atexit.register(_save_memos)


class FoldedLexicon:
    """A Hunspell word list by folded spelling ("zolc" -> "żółć"), in an SQLite file in the user cache.

    Built once per dictionary version (path, size, mtime) and fold table, then shared by every run: a run
    opens it in a millisecond and it costs no memory, where an index of pl_PL's 120,000 accented words in
    Python objects cost 67 MiB and 0.15 s at every run. SQLite (the standard library's) gives the file an
    index and atomic, read-only use by parallel runs and workers; a run that cannot write the cache falls
    back to the scan and the in-memory index.
    """

    VERSION = 1  # of the file's layout: a new one builds new files

    def __init__(self, path: Path, fold: Mapping[int, str]) -> None:
        self.path = path
        self.fold = fold
        self._connection: tuple[int, sqlite3.Connection] | None = None

    @classmethod
    def location(cls, dictionary: Dictionary, fold: Mapping[int, str]) -> Path:
        return cache_file(dictionary, "lexicons", (cls.VERSION, sorted(fold.items())))

    @classmethod
    def cached(cls, dictionary: Dictionary, fold: Mapping[int, str]) -> FoldedLexicon | None:
        """The lexicon an earlier run built, if there is one."""
        try:
            path = cls.location(dictionary, fold)
        except (OSError, TolmachError):  # no cache folder (no home): the lexicon is built in memory
            return None
        return cls(path, fold) if path.is_file() else None

    @classmethod
    def build(cls, dictionary: Dictionary, fold: Mapping[int, str]) -> FoldedLexicon | None:
        """Write the lexicon (to a temporary file renamed into place: a parallel run sees all or nothing);
        None when the cache directory cannot be written."""
        import os
        import tempfile

        try:
            path = cls.location(dictionary, fold)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.close(fd)
        except (OSError, TolmachError):
            return None
        try:
            with contextlib.closing(sqlite3.connect(tmp)) as db:
                db.execute("CREATE TABLE words (folded TEXT NOT NULL, word TEXT NOT NULL)")
                with open(dictionary.dic, encoding=dictionary.encoding, errors="replace") as lines:
                    next(lines, None)  # the word count
                    db.executemany("INSERT INTO words VALUES (?, ?)", _accented(lines, fold))
                db.execute("CREATE INDEX by_folded ON words (folded)")
                db.commit()
            os.replace(tmp, path)
        except (OSError, sqlite3.Error):
            Path(tmp).unlink(missing_ok=True)
            return None
        remove_older(path, dictionary.base.name)  # an updated dictionary's old one
        return cls(path, fold)

    def words(self, key: str) -> list[str]:
        """The lower-case words that fold to `key` and differ from it, in the .dic's order."""
        return [word for (word,) in self._db().execute(
            "SELECT word FROM words WHERE folded = ? AND word != ? ORDER BY rowid", (key, key))]

    def _db(self) -> sqlite3.Connection:
        import os

        # a connection must not cross a fork (`check --jobs` workers open their own)
        if self._connection is None or self._connection[0] != os.getpid():
            self._connection = (os.getpid(), sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                                             check_same_thread=False))
        return self._connection[1]


def _accented(lines: Iterable[str], fold: Mapping[int, str]) -> Iterator[tuple[str, str]]:
    """(folded, lower-case word) for the .dic words that folding changes beyond case: the only ones a
    look-up can return (a word differing from its key in case alone is the key itself)."""
    for line in lines:
        word = line.split("/", 1)[0].split("\t", 1)[0].rstrip("\r\n")  # as _DIC_WORD_RE reads a line
        lower = word.lower()
        folded = word.translate(fold)
        if lower != folded:
            yield folded, lower


_DIC_WORD_RE = re.compile(r"^[^/\t\r\n]*", re.MULTILINE)


@language_resource
def dictionary(lang: str) -> Dictionary | None:
    """The system Hunspell dictionary for `lang` (pl -> pl_PL), loaded once per process; None if absent."""
    for directory in HUNSPELL_DIRS:
        names = [f"{lang}_{lang.upper()}", lang, *sorted(p.stem for p in directory.glob(f"{lang}_*.dic"))]
        for name in names:
            if (directory / f"{name}.dic").is_file() and (directory / f"{name}.aff").is_file():
                return Dictionary(directory / name)
    return None


def knows(word: str, lang: str) -> bool | None:
    """Whether the Hunspell dictionary of `lang` accepts `word`; None when no dictionary is installed."""
    found = dictionary(lang)
    return None if found is None else found.knows(word)
