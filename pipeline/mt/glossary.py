"""Glossary-aware drafts: the glossary side of pipeline/mt/drafts.py's GlossaryHooks.

- `repair`: forbidden variants in a draft are replaced by the preferred term, inflected like the variant
  the engine wrote (`glossary repair: Латушко → Латушка` in the entry).
- `names` / `present`: glossary names (and abbreviations) in the source, and whether a draft has them.
  Names a draft lacks are masked in a second pass and restored as the pinned target term. When the
  source language inflects (ru, be, pl), the term takes the case of the source form
  (`inflect_like`, close languages share endings); from English it stays in its dictionary form.
Terms (common nouns) are only repaired, never masked: a mask would take away the grammar around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.mt.drafts import REPAIR_PREFIX
from pipeline.mt.protect import Span

PROTECTED_TYPES = ("name", "abbreviation")
INFLECTING_SOURCES = ("ru", "be", "pl")


def _pick(preferred: Sequence[str], matched_term: str) -> str:
    """The preferred term shaped like the matched one: a surname for a surname, a full name for a full name."""
    n = len(matched_term.split())
    return next((t for t in preferred if len(t.split()) == n), preferred[0])


class GlossaryDrafts:
    """Matchers are built once per language and reused for every sentence of a run."""

    def __init__(self, glossary: Any, source_lang: str) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.key = f"glossary={glossary.version}"
        self._matchers: dict[str, Any] = {}
        self._source_hits: dict[str, list[Any]] = {}

    def _matcher(self, lang: str) -> Any:
        if lang not in self._matchers:
            from pipeline.glossary.match import matcher_for

            self._matchers[lang] = matcher_for(self.glossary, lang)
        return self._matchers[lang]

    def names(self, source: str, lang: str) -> list[Span]:
        hits = self._source_hits.get(source)
        if hits is None:
            hits = self._source_hits[source] = self._matcher(self.source_lang).find(source)
        out = []
        for hit in hits:
            concept = self.glossary.get(hit.concept)
            target = concept.langs.get(lang)
            if concept.type not in PROTECTED_TYPES or target is None or not target.preferred:
                continue
            term = _pick(target.preferred, hit.term)
            inflect = None
            if self.source_lang in INFLECTING_SOURCES and lang in INFLECTING_SOURCES:
                inflect = _like_source(term, lang, hit.text, hit.term)
            out.append(Span(hit.start, hit.end, "glossary", term, concept=hit.concept, inflect=inflect))
        return out

    def present(self, draft: str, lang: str) -> set[str]:
        return {h.concept for h in self._matcher(lang).find(draft) if h.status != "forbidden"}

    def repair(self, draft: str, lang: str) -> tuple[str, list[str]]:
        from pipeline.glossary.inflect import inflect_like

        notes: list[str] = []
        taken_from = len(draft) + 1
        hits = [h for h in self._matcher(lang).find(draft) if h.status == "forbidden"]
        for hit in sorted(hits, key=lambda h: (-h.start, h.end)):
            target = self.glossary.get(hit.concept).langs.get(lang)
            if target is None or not target.preferred or hit.end > taken_from:
                continue
            new = inflect_like(_pick(target.preferred, hit.term), lang, hit.text, sample_lemma=hit.term)
            draft = draft[:hit.start] + new + draft[hit.end:]
            taken_from = hit.start
            notes.append(f"{REPAIR_PREFIX} {hit.text} → {new}")
        return draft, list(reversed(notes))


def _like_source(term: str, lang: str, sample: str, sample_lemma: str) -> Any:
    def inflect(translated: str, at: int) -> str:
        from pipeline.glossary.inflect import inflect_like

        return str(inflect_like(term, lang, sample, sample_lemma=sample_lemma))

    return inflect


def load(path: Path, source_lang: str) -> GlossaryDrafts | None:
    """The project glossary's hooks, or None (no glossary, or the glossary stage is not installed)."""
    try:
        from pipeline.glossary import project_glossary
    except ImportError:
        return None
    glossary = project_glossary(path)
    return GlossaryDrafts(glossary, source_lang) if glossary is not None else None
