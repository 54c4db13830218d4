"""Glossary rules: the concepts in the source must appear in the translation in their pinned form.

Matching is inflection-aware (pipeline/glossary/match.py): "Łatuszce" counts as Łatuszka, and the
forbidden "Łatuszko" is caught even though it could be read as a form of Łatuszka. Each text is matched
once for all three rules (memoised in the run's CheckContext), and a translation only where a rule needs
it: glossary-missing reads it only when the source names a concept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check

if TYPE_CHECKING:
    from pipeline.glossary import Glossary
    from pipeline.glossary.match import Matcher, TermHit

_SOURCE_MEMO_LIMIT = 200_000


def _source_hits(entry: EntryUnderCheck, context: CheckContext) -> tuple[TermHit, ...]:
    """The glossary terms in the entry's source, memoised per source text (a source recurs in every
    language's catalog); () without a glossary."""
    glossary = context.glossary
    if glossary is None or not glossary.concepts:
        return ()
    memo = context.cache.get("glossary-source-hits")
    if memo is None:
        memo = context.cache["glossary-source-hits"] = {}
    key = (entry.source_lang, entry.msgid)
    hits: tuple[TermHit, ...] | None = memo.get(key)
    if hits is None:
        hits = tuple(_matcher(context, glossary, entry.source_lang).find(entry.msgid))
        if len(memo) > _SOURCE_MEMO_LIMIT:
            memo.clear()
        memo[key] = hits
    return hits


def _target_hits(entry: EntryUnderCheck, context: CheckContext) -> tuple[TermHit, ...]:
    """The glossary terms in the entry's translation, found once per entry for the rules that ask.

    The runner hands every rule the same entry object one after the other, so the last answer is kept
    with the entry itself (held, so its identity cannot be reused) and found by identity rather than by
    building and comparing a key; the hits depend only on the text and language, so an equal entry
    elsewhere that misses this memo gets the same answer anew.
    """
    glossary = context.glossary
    if glossary is None or not glossary.concepts or not entry.msgstr:
        return ()
    last = context.cache.get("glossary-last")
    if last is not None and last[0] is entry:
        cached: tuple[TermHit, ...] = last[1]
        return cached
    hits = tuple(_matcher(context, glossary, entry.lang).find(entry.msgstr))
    context.cache["glossary-last"] = (entry, hits)
    return hits


def _matcher(context: CheckContext, glossary: Glossary, lang: str) -> Matcher:
    """The run's matcher for `lang`, kept with the language's resources: a dict look-up per entry instead of
    an import and matcher_for's key (the glossary's version) every time."""
    kept = context.language_cache.get("glossary-matchers")
    if kept is None or kept[0] is not glossary:
        kept = context.language_cache["glossary-matchers"] = (glossary, {})
    matchers: dict[str, Matcher] = kept[1]
    matcher = matchers.get(lang)
    if matcher is None:
        from pipeline.glossary.match import matcher_for

        matcher = matchers[lang] = matcher_for(glossary, lang)
    return matcher


@check("glossary-missing", "error", "glossary")
def glossary_missing(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """The source names a glossary concept, the translation has none of its preferred or admitted forms.

    Inflected forms count ("Łatuszce" is Łatuszka). A concept whose forbidden variant the translation
    uses is reported by glossary-forbidden instead. Silence one entry with `#, ignore-glossary-missing`.
    """
    source_hits = _source_hits(entry, context)
    if not source_hits:  # nearly always: the translation need not be matched
        return
    from pipeline.glossary.inflect import target_for

    present = {h.concept for h in _target_hits(entry, context)}
    seen: set[str] = set()
    for hit in source_hits:
        if hit.concept in present or hit.concept in seen:
            continue
        seen.add(hit.concept)
        concept = context.glossary.get(hit.concept)
        target = concept.langs.get(entry.lang)
        if target is None or not (target.preferred or target.admitted):
            continue
        expected = target_for(context.glossary, hit.concept, hit.term, entry.source_lang, entry.lang)
        allowed = ", ".join(f'"{t}"' for t in (*target.preferred, *target.admitted))
        yield Problem(f'source has "{hit.text}" but the translation has none of {allowed} (in any form)',
                      found=hit.text, expected=expected or target.admitted[0], term=hit.concept)


@check("glossary-forbidden", "error", "glossary")
def glossary_forbidden(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """The translation uses a forbidden (deprecated) variant of a glossary term, in any inflected form.

    The suggestion puts the preferred term into the case of the found form when it can.
    """
    target_hits = _target_hits(entry, context)
    if not target_hits:
        return
    from pipeline.glossary.inflect import inflect_like

    reported: set[tuple[str, str]] = set()
    for hit in target_hits:
        if hit.status != "forbidden" or (hit.concept, hit.text) in reported:
            continue
        reported.add((hit.concept, hit.text))
        target = context.glossary.get(hit.concept).langs[entry.lang]
        preferred = _same_length(hit.term, target.preferred or target.admitted)
        expected = inflect_like(preferred, entry.lang, hit.text, hit.term) if preferred else None
        yield Problem(f'"{hit.text}" is a forbidden variant of {hit.concept}', found=hit.text,
                      expected=expected, term=hit.concept)


@check("glossary-source-variant", "warning", "glossary", needs_translation=False)
def glossary_source_variant(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """The source text uses a forbidden variant (the article's "Latushko" for Latushka).

    A warning: the source is not ours to fix, but the translation must use the preferred form.
    """
    source_hits = _source_hits(entry, context)
    if not source_hits:
        return
    from pipeline.glossary.inflect import suggested_source

    reported: set[str] = set()
    for hit in source_hits:
        if hit.status != "forbidden" or hit.text in reported:
            continue
        reported.add(hit.text)
        source = context.glossary.get(hit.concept).langs[entry.source_lang]
        yield Problem(f'the source spells {hit.concept} "{hit.text}"', found=hit.text,
                      expected=suggested_source(source, hit.term), term=hit.concept)


def _same_length(term: str, preferred: tuple[str, ...]) -> str | None:
    """[Łatuszko, ...] -> [Paweł Łatuszka, Łatuszka]: the preferred term with as many words as `term`."""
    if not preferred:
        return None
    n = len(term.split())
    for candidate in preferred:
        if len(candidate.split()) == n:
            return candidate
    return preferred[0]
