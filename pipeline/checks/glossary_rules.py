"""Glossary rules: the concepts in the source must appear in the translation in their pinned form.

Matching is inflection-aware (pipeline/glossary/match.py): "Łatuszce" counts as Łatuszka, and the
forbidden "Łatuszko" is caught even though it could be read as a form of Łatuszka. Each entry is matched
once for all three rules (the analysis is memoised in the run's CheckContext).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check

if TYPE_CHECKING:
    from pipeline.glossary.match import TermHit

_SOURCE_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class _Analysis:
    source_hits: tuple[TermHit, ...]
    target_hits: tuple[TermHit, ...]


def _analyse(entry: EntryUnderCheck, context: CheckContext) -> _Analysis | None:
    """Source and target hits of one entry, computed once per entry for the three rules."""
    glossary = context.glossary
    if glossary is None or not glossary.concepts:
        return None
    cache = context.cache
    key = (entry.msgid, entry.msgstr, entry.lang, entry.source_lang)
    last = cache.get("glossary-last")
    if last is not None and last[0] == key:
        cached: _Analysis = last[1]
        return cached
    from pipeline.glossary.match import matcher_for

    source_memo = cache.setdefault("glossary-source-hits", {})
    source_hits = source_memo.get((entry.source_lang, entry.msgid))
    if source_hits is None:
        source_hits = tuple(matcher_for(glossary, entry.source_lang).find(entry.msgid))
        if len(source_memo) > _SOURCE_MEMO_LIMIT:
            source_memo.clear()
        source_memo[(entry.source_lang, entry.msgid)] = source_hits
    target_hits = tuple(matcher_for(glossary, entry.lang).find(entry.msgstr)) if entry.msgstr else ()
    analysis = _Analysis(source_hits, target_hits)
    cache["glossary-last"] = (key, analysis)
    return analysis


@check("glossary-missing", "error", "glossary")
def glossary_missing(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """The source names a glossary concept, the translation has none of its preferred or admitted forms.

    Inflected forms count ("Łatuszce" is Łatuszka). A concept whose forbidden variant the translation
    uses is reported by glossary-forbidden instead. Silence one entry with `#, ignore-glossary-missing`.
    """
    analysis = _analyse(entry, context)
    if analysis is None:
        return
    from pipeline.glossary.inflect import target_for

    present = {h.concept for h in analysis.target_hits}
    seen: set[str] = set()
    for hit in analysis.source_hits:
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
    analysis = _analyse(entry, context)
    if analysis is None:
        return
    from pipeline.glossary.inflect import inflect_like

    reported: set[tuple[str, str]] = set()
    for hit in analysis.target_hits:
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
    analysis = _analyse(entry, context)
    if analysis is None:
        return
    from pipeline.glossary.inflect import suggested_source

    reported: set[str] = set()
    for hit in analysis.source_hits:
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
