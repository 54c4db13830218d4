"""Glossary-aware drafts: the glossary side of pipeline/mt/drafts.py's GlossaryHooks.

- `repair`: forbidden variants in a draft are replaced by the preferred term, inflected like the variant
  the engine wrote (`glossary repair: Латушко → Латушка` in the entry).
- `names` / `present`: glossary names (and abbreviations) in the source, and whether a draft has them.
  Names a draft lacks are masked in a second pass and restored as the pinned target term. When the
  source language inflects (pipeline.languages: ru, be, pl, uk), the term takes the case of the source
  form (`inflect_like`, close languages share endings); from English it stays in its dictionary form.
Terms (common nouns) are only repaired, never masked: a mask would take away the grammar around them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import languages
from pipeline.glossary import Glossary, project_glossary
from pipeline.mt.protect import Inflect, Span
from pipeline.po.notes import REPAIR_PREFIX

if TYPE_CHECKING:  # the matcher module itself is imported when drafting first needs it
    from pipeline.glossary.match import Matcher, TermHit

PROTECTED_TYPES = ("name", "abbreviation")


def _inflects(lang: str) -> bool:
    return languages.get(lang).inflects


def _pick(preferred: Sequence[str], matched_term: str) -> str:
    """The preferred term shaped like the matched one: a surname for a surname, a full name for a full name."""
    n = len(matched_term.split())
    return next((t for t in preferred if len(t.split()) == n), preferred[0])


class GlossaryDrafts:
    """Matchers are built once per language and reused for every sentence of a run."""

    def __init__(self, glossary: Glossary, source_lang: str) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.key = glossary.version
        self._source_hits: dict[str, list[TermHit]] = {}

    def _matcher(self, lang: str) -> Matcher:
        from pipeline.glossary.match import matcher_for

        return matcher_for(self.glossary, lang)

    def names(self, source: str, lang: str) -> list[Span]:
        out = []
        for hit in self._hits(source):
            concept = self.glossary.get(hit.concept)
            target = concept.langs.get(lang)
            if concept.type not in PROTECTED_TYPES or target is None or not target.preferred:
                continue
            term = _pick(target.preferred, hit.term)
            inflect = None
            if _inflects(self.source_lang) and _inflects(lang):
                inflect = _like_source(term, lang, hit.text, hit.term)
            out.append(Span(hit.start, hit.end, "glossary", term, concept=hit.concept, inflect=inflect))
        return out

    def present(self, draft: str, lang: str) -> set[str]:
        return {h.concept for h in self._matcher(lang).find(draft) if h.status != "forbidden"}

    def _hits(self, source: str) -> list[TermHit]:
        hits = self._source_hits.get(source)
        if hits is None:
            hits = self._source_hits[source] = self._matcher(self.source_lang).find(source)
        return hits

    def repair(self, draft: str, lang: str, source: str = "") -> tuple[str, list[str]]:
        """Forbidden variants become the preferred term; so do glossary words the engine left in the source
        language (Apertium keeps words it does not know: `политзаключённых`)."""
        from pipeline.glossary.inflect import inflect_like

        fixes: list[tuple[int, int, str, str, bool]] = []  # start, end, old, new, left in dictionary form
        for hit in self._matcher(lang).find(draft):
            target = self.glossary.get(hit.concept).langs.get(lang)
            if hit.status == "forbidden" and target is not None and target.preferred:
                new = inflect_like(_pick(target.preferred, hit.term), lang, hit.text, sample_lemma=hit.term)
                fixes.append((hit.start, hit.end, hit.text, new, False))
        if source and self.source_lang != lang:
            have = self.present(draft, lang)
            for hit in self._hits(source):
                target = self.glossary.get(hit.concept).langs.get(lang)
                if hit.concept in have or target is None or not target.preferred:
                    continue
                for m in re.finditer(rf"(?<!\w){re.escape(hit.text)}(?!\w)", draft):
                    term = _pick(target.preferred, hit.term)
                    new = term
                    if _inflects(self.source_lang):
                        new = inflect_like(term, lang, hit.text, sample_lemma=hit.term)
                    warn = new == term and hit.text.casefold() != hit.term.casefold()
                    fixes.append((m.start(), m.end(), hit.text, _match_initial(new, hit.text), warn))
        notes: list[str] = []
        taken_from = len(draft) + 1
        for start, end, old, new, warn in sorted(fixes, key=lambda f: (-f[0], f[1])):
            if end > taken_from:
                continue
            draft = draft[:start] + new + draft[end:]
            taken_from = start
            notes.append(f"{REPAIR_PREFIX} {old} → {new}" + (" (check its case)" if warn else ""))
        return draft, list(reversed(notes))


def _match_initial(new: str, old: str) -> str:
    """Sentence-initial capital of the replaced word carries over to a lower-case term."""
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def _like_source(term: str, lang: str, sample: str, sample_lemma: str) -> Inflect:
    def inflect(translated: str, at: int) -> str:
        from pipeline.glossary.inflect import inflect_like

        return inflect_like(term, lang, sample, sample_lemma=sample_lemma)

    return inflect


def load(path: Path, source_lang: str) -> GlossaryDrafts | None:
    """The project glossary's hooks, or None when the project has no glossary."""
    glossary = project_glossary(path)
    return GlossaryDrafts(glossary, source_lang) if glossary is not None else None
