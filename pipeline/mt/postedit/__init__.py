"""Post-editing of MT drafts, per target language: the last stage of every route that ends in a language
with a post-editor here, before the glossary repair.

A post-editor takes the route's output sentence and the words the engines left untranslated, and gives
the edited sentence, the words still untranslated (reported to the translator) and what it respelled.
Adding one for a language is one module and one line in POSTEDITORS. Its VERSION goes into the route's
label and key, so the PO header says a draft was post-edited and the draft cache misses when the rules
change.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Edited:
    text: str
    unknown: tuple[str, ...] = ()  # words still in the source language (or unknown to the engines)
    respelled: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (word, replacement)


class PostEditor(Protocol):
    version: str

    def edit(self, text: str, unknown: Sequence[str] = ()) -> Edited:
        """The sentence post-edited; `unknown` are the words the route's engines marked untranslated."""

    def suggest(self, word: str) -> str | None:
        """A spelling to offer the translator for a word left untranslated, or None."""


# target language -> "module:class"; imported only when a route ends in that language
POSTEDITORS: dict[str, str] = {
    "be": "pipeline.mt.postedit.be:BelarusianPostEditor",
}


@functools.cache
def posteditor(lang: str) -> PostEditor | None:
    """The language's post-editor (one per process: its dictionaries load once), or None."""
    where = POSTEDITORS.get(lang)
    if where is None:
        return None
    module, name = where.split(":")
    editor: PostEditor = getattr(importlib.import_module(module), name)()
    return editor


def version(lang: str) -> str:
    """The version of the language's post-editor (`be-2`), "" if it has none (cheap: loads no dictionary)."""
    where = POSTEDITORS.get(lang)
    if where is None:
        return ""
    module, _ = where.split(":")
    found: str = importlib.import_module(module).VERSION
    return found
