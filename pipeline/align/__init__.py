"""Sentence alignment of a source document with an existing human translation (see docs/alignment.md)."""

from __future__ import annotations

from pipeline.align.aligner import AlignParams, Translate, align
from pipeline.align.anchors import AnchorSource
from pipeline.align.beads import Bead, check_cover
from pipeline.config import Config

__all__ = ["AlignParams", "Bead", "Translate", "align", "check_cover", "glossary_anchors"]


def glossary_anchors(config: Config, lang: str) -> tuple[list[AnchorSource], list[AnchorSource]]:
    """Glossary concepts as anchors on both sides, when the project has a glossary (alignment works
    without one)."""
    from pipeline.glossary import project_glossary
    from pipeline.glossary.match import matcher_for

    glossary = project_glossary(config.path(config.glossary))
    if glossary is None:
        return [], []

    def source_for(language: str) -> AnchorSource:
        find = matcher_for(glossary, language).find
        return lambda text: [hit.concept for hit in find(text)]

    return [source_for(config.source_lang)], [source_for(lang)]
