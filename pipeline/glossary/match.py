"""Finding glossary terms in running text, in any inflected form.

Per glossary and language the matcher precomputes, for every word of every term, its keys: normalised
surface form, generated paradigm (ru), lemmas (the dictionary's, plus the surface itself) and rule stems.
Each word of the text gets the same keys (memoised per distinct word, and only for words whose first
letters could begin a glossary word), so matching an entry is a walk over its words with dict look-ups;
multi-word terms are indexed by the keys of their first two words.

A hit's level is the weakest evidence among its words: 0 exact surface form, 1 a form in the term
word's generated paradigm, 2 shared lemma, 3 shared rule stem (see `_stems_count`). Forbidden terms never
match on rule stems alone (a false "forbidden" error is worse than a missed one), and an exact forbidden
surface form beats any lemma match: Polish "Łatuszko" is a forbidden spelling even though a lemmatiser
reads it as a form of Łatuszka.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass

from pipeline import languages
from pipeline.glossary import Concept, Glossary, Status
from pipeline.glossary.morphology import knows_common_word, lemmatizer, paradigm, rule_stems
from pipeline.glossary.normalize import GAP_RE, TOKEN_RE, gap_key, normalize, tokens, words
from pipeline.regexguard import Origin, UserPattern, compile_user_pattern
from pipeline.resources import on_release

PREFIX = 3  # words are only analysed when their first letters could begin a glossary word
ANALYSED_LIMIT = 500_000  # distinct text words remembered per matcher (relevant and irrelevant together)
_STATUS_RANK = {"preferred": 0, "admitted": 1, "forbidden": 2}


@dataclass(frozen=True)
class TermHit:
    concept: str  # concept id
    term: str  # the glossary term (dictionary form) that matched
    status: Status
    start: int
    end: int
    text: str  # the surface text in the input, text[start:end]
    level: int = 0  # 0 exact form, 1 generated form, 2 lemma, 3 rule stem


@dataclass(frozen=True)
class _Word:
    original: str
    surface: str
    forms: frozenset[str]  # its generated paradigm (ru), for term words
    lemmas: frozenset[str]  # includes the surface
    stems: frozenset[str]
    keys: frozenset[str] = frozenset()  # all of the above: what the index is looked up by

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset((self.surface, *self.forms, *self.lemmas, *self.stems)))


# The terms that may begin at a word: (order, one-word term) pairs, and longer terms by their second word's key.
_Starts = tuple[tuple[tuple[int, "_Pattern"], ...], dict[str, tuple["_Pattern", ...]]]


@dataclass(frozen=True)
class _Pattern:
    concept: str
    term: str
    status: Status
    words: tuple[_Word, ...]
    gaps: tuple[str, ...]  # gap_key of what stands between the term's words ("" for spaces)
    exact_only: bool  # an explicit `forms:` entry: surface match only
    case_sensitive: bool
    order: int


class Matcher:
    """Finds the terms of one glossary in texts of one language; build with `matcher_for`."""

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.lang = lang
        language = languages.get(lang)
        # a dictionary that knows no names: a capitalised word goes straight to the rule stems
        self._names_in_dictionary = language.morphology is not None and language.morphology.knows_names
        self._stems_for_common_words = language.stemming.for_common_words
        self._lemmatize = lemmatizer(lang)
        self._knows = knows_common_word(lang)
        self._paradigm = paradigm(lang)
        self._analysed: dict[str, _Word | None] = {}  # text words: their keys, None if in no term
        # The analysed words a term may begin with (a key in _start_keys): few, so a text's words are tested
        # against them, and against _analysed for the unknown ones, in C.
        self._starters: set[str] = set()
        self._index: dict[str, list[_Pattern]] = {}  # one-word terms by their keys
        self._pairs: dict[tuple[str, str], list[_Pattern]] = {}  # longer terms by their first two words' keys
        self._term_words: dict[tuple[str, bool, bool], _Word] = {}
        self._prefixes: set[str] = set()
        self._exclude: dict[str, tuple[UserPattern, ...]] = {}
        order = 0
        for concept in glossary.concepts:
            terms = concept.langs.get(lang)
            if terms is None:
                continue
            if terms.exclude:
                origin = _exclude_origin(concept, lang)
                self._exclude[concept.id] = tuple(compile_user_pattern(p, origin, ignore_case=not terms.case_sensitive)
                                                  for p in terms.exclude)
            entries: list[tuple[str, str, Status, bool]] = [(t, t, s, False) for t, s in terms.terms()]
            for form in terms.forms:
                entries.append((form, _form_term(form, terms.preferred), "preferred", True))
            for text, term, status, exact in entries:
                spans = tokens(text)
                ws = tuple(self._term_word(w, exact, concept.type == "name") for _, _, w in spans)
                if not ws:
                    continue
                gaps = tuple(gap_key(text[a[1]:b[0]]) for a, b in itertools.pairwise(spans))
                pattern = _Pattern(concept.id, term, status, ws, gaps, exact, terms.case_sensitive, order)
                order += 1
                # Index by the keys of the first word, and of the second for multi-word terms: a first
                # name shared by hundreds of people must not make every "Paweł" verify them all.
                if len(ws) == 1:
                    for key in ws[0].keys:
                        self._index.setdefault(key, []).append(pattern)
                else:
                    for key in ws[0].keys:
                        for key2 in ws[1].keys:
                            self._pairs.setdefault((key, key2), []).append(pattern)
                for w in ws:
                    self._prefixes.update(_prefix(k) for k in (w.surface, *w.forms, *w.lemmas, *w.stems))
        # the keys a term is found by at its first word: a text with no word having one of them has no hit
        self._start_keys = frozenset(self._index) | {first for first, _ in self._pairs}
        self._pairs_by_first: dict[str, dict[str, list[_Pattern]]] = {}
        for (first, second), patterns in self._pairs.items():
            self._pairs_by_first.setdefault(first, {})[second] = patterns
        self._starts: dict[str, _Starts] = {}  # memo of _starts_at, by text word

    def _term_word(self, original: str, exact: bool, is_name: bool) -> _Word:
        key = (original, exact, is_name)
        word = self._term_words.get(key)
        if word is None:
            word = self._term_words[key] = self._make_term_word(original, exact, is_name)
        return word

    def _make_term_word(self, original: str, exact: bool, is_name: bool) -> _Word:
        surface = normalize(original, self.lang)
        if exact:
            return _Word(original, surface, frozenset(), frozenset({surface}), frozenset())
        # A capitalised term word is a name: lemmatisers guess badly on names (pl Polska -> polski,
        # Kaja -> kaj), so only the name itself stands as its lemma; text words still get lemmatised.
        lemmas = frozenset({surface}) if original[:1].isupper() else frozenset({surface}) | self._lemmatize(surface)
        return _Word(original, surface, self._paradigm(surface, is_name), lemmas, rule_stems(surface, self.lang))

    def _word(self, original: str) -> _Word:
        surface = normalize(original, self.lang)
        lemmas = frozenset({surface})
        if self._names_in_dictionary or not original[:1].isupper():
            lemmas |= self._lemmatize(surface)
        # a common word the dictionary knows gets no rule stems: its lemmas say what it is (Мінські ≠ Мінськ)
        # (asked only where a stem could count: capitalised words, or common words in thin dictionaries)
        stems = rule_stems(surface, self.lang)
        if stems and (original[:1].isupper() or self._stems_for_common_words) and self._knows(surface):
            stems = frozenset()
        return _Word(original, surface, frozenset(), lemmas, stems)

    def _analyse(self, token: str) -> _Word | None:
        """Keys of one text word, memoised; None for words that cannot be part of any term."""
        try:
            return self._analysed[token]
        except KeyError:
            pass
        surface = normalize(token, self.lang)
        result = self._word(token) if _prefix(surface) in self._prefixes else None
        if len(self._analysed) < ANALYSED_LIMIT:
            self._analysed[token] = result
            if result is not None and not result.keys.isdisjoint(self._start_keys):
                self._starters.add(token)
        return result

    def _may_start(self, token: str) -> bool:
        """Whether a term may begin at this text word: it has a key some term is indexed by."""
        word = self._analyse(token)
        return word is not None and not word.keys.isdisjoint(self._start_keys)

    def find(self, text: str) -> list[TermHit]:
        """Glossary terms in `text`: non-overlapping, longest first, forbidden surface forms first."""
        # Most texts hold no word a term could begin with. TOKEN_RE.findall yields every word tokens() does
        # (and those inside placeholders besides), and a candidate below starts only at a word with a key in
        # _index or first in _pairs (= _start_keys). Every analysed word that has one is in _starters; so
        # when no word is a starter and the words not analysed yet (a set difference with the memo, in C)
        # have none either, there is no hit, and no offsets or analyses are needed.
        words = TOKEN_RE.findall(text)
        if self._starters.isdisjoint(words) \
                and not any(self._may_start(t) for t in set(words).difference(self._analysed)):
            return []
        toks = tokens(text)
        memo = self._analysed
        analysed = [memo[t] if t in memo else self._analyse(t) for _, _, t in toks]
        candidates: list[tuple[tuple[int, int, int, int, int], int, int, _Pattern, int]] = []
        for i, word in enumerate(analysed):
            if word is None:
                continue
            starts = self._starts.get(toks[i][2])
            if starts is None:
                starts = self._starts_at(toks[i][2], word)
            singles, by_second = starts
            if not singles and not by_second:
                continue
            patterns: dict[int, _Pattern] = dict(singles)
            following = analysed[i + 1] if i + 1 < len(analysed) else None
            if following is not None and by_second:
                for key2 in following.keys:
                    for p in by_second.get(key2, ()):
                        patterns[p.order] = p
            for p in patterns.values():
                level = self._match_at(p, toks, analysed, text, i)
                if level is None:
                    continue
                j = i + len(p.words)
                rank = (0 if p.status == "forbidden" and level == 0 else 1, -len(p.words), level,
                        _STATUS_RANK[p.status], p.order)
                candidates.append((rank, i, j, p, level))
        candidates.sort(key=lambda c: c[0])
        taken = [False] * len(toks)
        hits = []
        for _, i, j, p, level in candidates:
            if any(taken[i:j]):
                continue
            start, end = toks[i][0], toks[j - 1][1]
            if self._excluded(p.concept, text, start, end):
                continue
            taken[i:j] = [True] * (j - i)
            hits.append(TermHit(p.concept, p.term, p.status, start, end, text[start:end], level))
        hits.sort(key=lambda h: h.start)
        return hits

    def _starts_at(self, token: str, word: _Word) -> _Starts:
        """The terms that may begin at `word`, looked up once per distinct word: one-word terms by any of
        its keys, and longer ones by the keys their second word must have (the pairs under its keys)."""
        singles = {p.order: p for key in word.keys for p in self._index.get(key, ())}
        by_second: dict[str, list[_Pattern]] = {}
        for key in word.keys:
            for key2, patterns in self._pairs_by_first.get(key, {}).items():
                by_second.setdefault(key2, []).extend(patterns)
        starts = (tuple(singles.items()), {k: tuple(v) for k, v in by_second.items()})
        if len(self._starts) < ANALYSED_LIMIT:
            self._starts[token] = starts
        return starts

    def _match_at(self, p: _Pattern, toks: list[tuple[int, int, str]], analysed: list[_Word | None],
                  text: str, i: int) -> int | None:
        if i + len(p.words) > len(toks):
            return None
        level = 0
        for k, w in enumerate(p.words):
            token = analysed[i + k]
            if token is None:
                return None
            if k and not GAP_RE.fullmatch(text, toks[i + k - 1][1], toks[i + k][0]) \
                    and gap_key(text[toks[i + k - 1][1]:toks[i + k][0]]) != p.gaps[k - 1]:
                return None
            if p.case_sensitive and not _same_case(toks[i + k][2], w.original):
                return None
            if token.surface == w.surface:
                continue
            if p.exact_only:
                return None
            if token.surface in w.forms:
                level = max(level, 1)
            elif token.lemmas & w.lemmas:
                level = max(level, 2)
            elif p.status != "forbidden" and token.stems & w.stems and self._stems_count(token, w):
                level = 3
            else:
                return None
        return level

    def _stems_count(self, token: _Word, w: _Word) -> bool:
        """Whether a shared rule stem is evidence: for names (capitalised term words) only in a capitalised
        word (Polska is not polski); for common words only where the dictionary is thin (Belarusian) —
        Polish więzień and więzienie share a stem but lemmagen3 tells them apart."""
        if w.original[:1].isupper():
            return token.original[:1].isupper()
        return self._stems_for_common_words

    def _excluded(self, concept: str, text: str, start: int, end: int) -> bool:
        for pattern in self._exclude.get(concept, ()):
            for m in pattern.finditer(text):
                if m.start() <= start and end <= m.end():
                    return True
        return False


def _exclude_origin(concept: Concept, lang: str) -> Origin:
    """Where a concept's exclude patterns were written: its origin is "file:line" (YAML) or "file#id" (TBX)."""
    file, _, line = concept.origin.rpartition(":")
    if line.isdigit():
        return Origin(f"{lang}.exclude of {concept.id!r}", file, int(line))
    return Origin(f"{lang}.exclude of {concept.id!r}", concept.origin or None)


def _prefix(word: str) -> str:
    """The first letters of a word, up to an apostrophe (EU's, аб'яднаны)."""
    return word[:PREFIX].split("'")[0]


def _form_term(form: str, preferred: tuple[str, ...]) -> str:
    """The preferred term an explicit inflected form belongs to: the one with as many words."""
    n = len(words(form))
    for term in preferred:
        if len(words(term)) == n:
            return term
    return preferred[0] if preferred else form


def _same_case(token: str, word: str) -> bool:
    if word.isupper() and len(word) > 1:
        return token.isupper()
    if word[:1].isupper():
        return token[:1].isupper()
    return True


_MATCHERS: OrderedDict[tuple[str, int, str], Matcher] = OrderedDict()
on_release(_MATCHERS.clear)  # a matcher holds its language's analysers and its memo of words


def matcher_for(glossary: Glossary, lang: str) -> Matcher:
    """The matcher for (glossary, lang), built once and reused (it memoises word analyses)."""
    key = (glossary.version, len(glossary.concepts), lang)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = _MATCHERS[key] = Matcher(glossary, lang)
        while len(_MATCHERS) > 12:
            _MATCHERS.popitem(last=False)
    return matcher
