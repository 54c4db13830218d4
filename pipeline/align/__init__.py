"""Sentence alignment of a source document with an existing human translation (see docs/alignment.md)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pipeline.align.aligner import AlignParams, Translate, align
from pipeline.align.anchors import AnchorSource
from pipeline.align.beads import Bead, check_cover
from pipeline.config import Config

__all__ = ["AlignParams", "Bead", "Translate", "align", "check_cover", "glossary_anchors"]


def glossary_anchors(config: Config, lang: str) -> tuple[list[AnchorSource], list[AnchorSource]]:
    """Glossary concepts as anchors on both sides, when the glossary stage and a glossary are present.

    Optional by design: alignment works without them (the glossary package may not be installed yet).
    """
    path = config.path(config.glossary)
    if not path.exists():
        return [], []
    try:
        glossary_mod = importlib.import_module("pipeline.glossary")
        match_mod = importlib.import_module("pipeline.glossary.match")
    except ImportError:
        return [], []
    glossary = glossary_mod.load_glossary(path)

    def source_for(language: str) -> AnchorSource:
        matcher = match_mod.matcher_for(glossary, language)
        find: Callable[[str], list[object]] = matcher.find
        return lambda text: [str(getattr(hit, "concept", hit)) for hit in find(text)]

    return [source_for(config.source_lang)], [source_for(lang)]
