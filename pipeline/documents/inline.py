"""A paragraph of an office document as unit text with placeholders, and back.

The .docx and .odt readers flatten a paragraph into atoms: text with its formatting (a key saying what
the formatting looks like, and the XML that carries it) and the link it is in, and standalone items
(a footnote reference, a tab, a field, an image). Runs split for reasons a reader never sees (revision
ids, spell-check state, a language tag) have the same key and so join: they never split a sentence.

The formatting most of the paragraph's text has is its base and reads as plain text; other formatting
is a pair `<g1>…</g1>`, a link is a pair around its text, a standalone item is `<x1/>`. `rebuild` turns
a translation back into content through a format's `Sink`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.documents.base import PLACEHOLDER_RE


@dataclass
class Text:
    text: str
    key: str  # what the formatting looks like; equal keys read the same
    style: Any  # the format's carrier of that formatting (an rPr element, a list of spans)
    link: Any = None  # the link element the text is in


@dataclass
class Item:
    payload: Any  # what build copies back (a run with a footnote reference, a field, a frame)
    what: str  # for the translator: "footnote", "tab", "image"
    link: Any = None


Atom = Text | Item


@dataclass
class Slot:
    kind: str  # format | link | item
    payload: Any = None  # format: style; link: link element; item: the item's payload
    style: Any = None  # link: the base style of the link's text
    what: str = ""


@dataclass
class Inline:
    """A paragraph's content as the translator sees it, and what each placeholder stands for."""

    text: str
    slots: dict[str, Slot] = field(default_factory=dict)
    base: Any = None  # the style of plain text

    def descriptions(self) -> dict[str, str]:
        return {tag: slot.what for tag, slot in self.slots.items()}


def flatten(atoms: Sequence[Atom]) -> Inline:
    """Atoms -> unit text with placeholders; the most common formatting outside links is plain."""
    outside = [a for a in atoms if isinstance(a, Text) and a.link is None]
    base_key, base_style = _base(outside or [a for a in atoms if isinstance(a, Text)])
    inline = Inline("", {}, base_style)
    parts: list[str] = []
    counter = [0]
    i = 0
    while i < len(atoms):
        link = atoms[i].link
        j = i
        while j < len(atoms) and atoms[j].link is link:
            j += 1
        group = list(atoms[i:j])
        if link is None:
            parts += _emit(group, base_key, inline.slots, counter)
        else:
            key, style = _base([a for a in group if isinstance(a, Text)])
            counter[0] += 1
            n = counter[0]
            inline.slots[f"<g{n}>"] = Slot("link", link, style, "link")
            inline.slots[f"</g{n}>"] = Slot("close")
            parts += [f"<g{n}>", *_emit(group, key, inline.slots, counter), f"</g{n}>"]
        i = j
    inline.text = "".join(parts)
    return inline


def _base(texts: Sequence[Text]) -> tuple[str, Any]:
    if not texts:
        return "", None
    weights: Counter[str] = Counter()
    styles: dict[str, Any] = {}
    for t in texts:
        weights[t.key] += len(t.text.strip()) or 1
        styles.setdefault(t.key, t.style)
    key = weights.most_common(1)[0][0]
    return key, styles[key]


def _emit(atoms: Sequence[Atom], base_key: str, slots: dict[str, Slot], counter: list[int]) -> list[str]:
    parts: list[str] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if isinstance(atom, Item):
            counter[0] += 1
            tag = f"<x{counter[0]}/>"
            slots[tag] = Slot("item", atom.payload, what=atom.what)
            parts.append(tag)
            i += 1
        elif atom.key == base_key:
            parts.append(atom.text)
            i += 1
        else:
            j = i
            texts = []
            while j < len(atoms) and isinstance(atoms[j], Text) and atoms[j].key == atom.key:  # type: ignore[union-attr]
                texts.append(atoms[j].text)  # type: ignore[union-attr]
                j += 1
            joined = "".join(texts)
            if joined.strip():
                counter[0] += 1
                n = counter[0]
                slots[f"<g{n}>"] = Slot("format", atom.style, what="formatting")
                slots[f"</g{n}>"] = Slot("close")
                lead, core, trail = _split_space(joined)
                parts += [lead, f"<g{n}>", core, f"</g{n}>", trail]
            else:
                parts.append(joined)  # formatted spaces read as spaces
            i = j
    return parts


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core[0]) if core else 0
    return text[:start], core, text[start + len(core):]


class Sink(Protocol):
    """How one format writes content into a paragraph being rebuilt."""

    def text(self, container: Any, style: Any, text: str) -> None: ...

    def open_link(self, container: Any, link: Any) -> Any: ...

    def item(self, container: Any, payload: Any) -> None: ...


def rebuild(text: str, inline: Inline, container: Any, sink: Sink) -> None:
    """Write a translation into `container` (emptied by the caller): prose in the base style, each pair
    in its formatting or link, each item copied back. An item the translator dropped is put at the end,
    so a footnote never loses its reference; a tag the unit does not have is written as text."""
    stack: list[tuple[str, Any, Any]] = [("", container, inline.base)]
    used: set[str] = set()
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        _prose(sink, stack[-1], text[pos:m.start()])
        tag = m.group(0)
        slot = inline.slots.get(tag)
        if slot is None or tag in used:
            _prose(sink, stack[-1], tag)
        elif slot.kind == "item":
            sink.item(stack[-1][1], slot.payload)
        elif slot.kind == "format":
            stack.append((tag, stack[-1][1], slot.payload))
        elif slot.kind == "link":
            stack.append((tag, sink.open_link(stack[-1][1], slot.payload), slot.style))
        elif slot.kind == "close" and len(stack) > 1 and stack[-1][0] == "<" + tag[2:]:
            stack.pop()
        used.add(tag)
        pos = m.end()
    _prose(sink, stack[-1], text[pos:])
    for tag, slot in inline.slots.items():
        if slot.kind == "item" and tag not in used:
            sink.item(container, slot.payload)


def _prose(sink: Sink, frame: tuple[str, Any, Any], text: str) -> None:
    if text:
        sink.text(frame[1], frame[2], text)
