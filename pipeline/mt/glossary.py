"""Glossary-aware drafts: which source spans MT must not touch, and repairs on the target side.

Names (and abbreviations) the glossary knows are masked in the source and come back as the pinned target
term: a model cannot misspell what it never sees. Terms (common nouns) stay in the sentence, because a
mask would take away the grammar around them; after translation the target side is searched for
forbidden variants, which are replaced by the preferred term inflected like the variant the engine wrote
(`glossary repair: Латушко → Латушка` in the entry).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pipeline.mt.drafts import REPAIR_PREFIX
from pipeline.mt.protect import Span

PROTECTED_TYPES = ("name", "abbreviation")

GlossarySpans = Callable[[str, str], list[Span]]
Repair = Callable[[str, str], tuple[str, list[str]]]  # (draft, lang) -> (repaired draft, comment lines)


def _pick(preferred: Sequence[str], matched_term: str) -> str:
    """The preferred term shaped like the matched one: a surname for a surname, a full name for a full name."""
    n = len(matched_term.split())
    return next((t for t in preferred if len(t.split()) == n), preferred[0])


def protection(glossary: Any, source_lang: str) -> GlossarySpans:
    """Spans of glossary names in a source sentence, each restored as the target language's preferred term."""
    from pipeline.glossary.match import matcher_for

    matcher = matcher_for(glossary, source_lang)
    found: dict[str, list[Any]] = {}

    def spans(text: str, lang: str) -> list[Span]:
        hits = found.get(text)
        if hits is None:
            hits = found[text] = matcher.find(text)
        out = []
        for hit in hits:
            concept = glossary.get(hit.concept)
            target = concept.langs.get(lang)
            if concept.type not in PROTECTED_TYPES or target is None or not target.preferred:
                continue
            out.append(Span(hit.start, hit.end, "glossary", _pick(target.preferred, hit.term), concept=hit.concept))
        return out

    return spans


def repairer(glossary: Any) -> Repair:
    """Replace forbidden variants in a draft by the preferred term, inflected like the variant."""
    from pipeline.glossary.inflect import inflect_like
    from pipeline.glossary.match import matcher_for

    matchers: dict[str, Any] = {}

    def repair(draft: str, lang: str) -> tuple[str, list[str]]:
        matcher = matchers.get(lang)
        if matcher is None:
            matcher = matchers[lang] = matcher_for(glossary, lang)
        notes: list[str] = []
        taken_from = len(draft) + 1
        for hit in sorted((h for h in matcher.find(draft) if h.status == "forbidden"), key=lambda h: -h.start):
            target = glossary.get(hit.concept).langs.get(lang)
            if target is None or not target.preferred or hit.end > taken_from:
                continue
            new = inflect_like(_pick(target.preferred, hit.term), lang, hit.text, sample_lemma=hit.term)
            draft = draft[:hit.start] + new + draft[hit.end:]
            taken_from = hit.start
            notes.append(f"{REPAIR_PREFIX} {hit.text} → {new}")
        return draft, list(reversed(notes))

    return repair


def load(config_glossary_path: Any) -> Any:
    """The project glossary, or None (no glossary, or the glossary stage is not installed)."""
    try:
        from pipeline.glossary import project_glossary
    except ImportError:
        return None
    return project_glossary(config_glossary_path)
