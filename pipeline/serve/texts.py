"""A request's text cut into the sentences MT sees, and put back together around their drafts.

The same cut as a document gets from `tolmach extract`: the project's segmenter for the source language, each
sentence with its spaces normalised, so a sentence Weblate sends is the msgid `tolmach mt` drafted and the
draft cache answers it. What lies between sentences (line breaks, spaces) stays as it was.

`format=html` goes through the HTML reader (`documents.html`): inline markup becomes `<g1>…</g1>`/`<x1/>`
placeholders that MT masks and puts back, untranslatable elements (code, script, translate="no") are
skipped, `alt` and `title` are translated; the fragment is parsed inside a body and the body's content is
written back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import CleanupConfig
from pipeline.segment import normalize, replace_spans, split_spans

BODY_OPEN, BODY_CLOSE = "<body>", "</body>"
REQUEST_PATH = Path("request.html")  # named in the HTML reader's errors


@dataclass(frozen=True)
class Cut:
    """One text of a request: its sentences in order and how to rebuild it from their drafts."""

    sentences: tuple[str, ...]
    rebuild: Callable[[Sequence[str]], str]  # drafts in the order of `sentences` -> the translated text

    def translated(self, drafts: Mapping[str, str]) -> str:
        """The text with each sentence replaced by its draft (a sentence without one stays as it was)."""
        return self.rebuild([drafts.get(s, s) for s in self.sentences])


def cut_text(text: str, lang: str) -> Cut:
    spans = [(s, e) for s, e in split_spans(text, lang) if normalize(text[s:e])]
    sentences = tuple(normalize(text[s:e]) for s, e in spans)
    return Cut(sentences, lambda drafts: replace_spans(text, spans, drafts))


def cut_html(fragment: str, lang: str, cleanup: CleanupConfig) -> Cut:
    """An HTML fragment; `TolmachError` for what the reader refuses (private-use characters, deep nesting)."""
    from pipeline.documents import html
    from pipeline.documents.base import render

    doc = html.parse(REQUEST_PATH, f"<!DOCTYPE html><html><head></head>{BODY_OPEN}{fragment}{BODY_CLOSE}</html>",
                     lang, cleanup)
    units = [cut_text(unit.text, lang) for unit in doc.units]
    sizes = [len(u.sentences) for u in units]

    def rebuild(drafts: Sequence[str]) -> str:
        texts, pos = [], 0
        for unit, size in zip(units, sizes, strict=True):
            texts.append(unit.rebuild(drafts[pos:pos + size]))
            pos += size
        page = render(doc, texts, html.escape)
        return page[page.index(BODY_OPEN) + len(BODY_OPEN):page.rindex(BODY_CLOSE)]

    return Cut(tuple(s for u in units for s in u.sentences), rebuild)
