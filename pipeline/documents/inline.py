"""A paragraph of an office document as unit text with placeholders, and back.

The .docx and .odt readers flatten a paragraph into atoms: text with its formatting (a key saying what
the formatting looks like, and the XML that carries it) and the link it is in, and standalone items
(a footnote reference, a tab, a field, an image). Runs split for reasons a reader never sees (revision
ids, spell-check state, a language tag) have the same key and so join: they never split a sentence.

The formatting most of the paragraph's text has is its base and reads as plain text; other formatting
is a pair `<g1>…</g1>`, a link is a pair around its text, a standalone item is `<x1/>`. `rebuild` turns
a translation back into content through a format's `Sink`.

Marks are the boundaries of ranges (a bookmark, a reference mark, a comment's range, an index entry) and
points. Where they are decides what a cross-reference or caption shows once the office program recomputes
its fields, so they stay with the words they enclose: a range that starts and ends inside the paragraph's
text is a pair `<g1>…</g1>` the translator moves with the words (it may overlap formatting pairs: ranges are
not nested containers); marks before all the text or after it (a heading's bookmark around the whole
heading) stay at the start or end, with no placeholder; any other mark in the middle of the text is `<x1/>`.
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


@dataclass
class Mark:
    """A range boundary or a point: copied back where the translation puts it."""

    payload: Any  # the element build copies back (a bookmark start, a comment range end)
    key: Any  # pairs a start with its end ((kind, id)); None for a point
    start: bool
    what: str  # for the translator: "bookmark", "comment range"
    link: Any = None


Atom = Text | Item | Mark


@dataclass
class Slot:
    kind: str  # format | link | item | range (a range's start) | range-end | close
    payload: Any = None  # format: style; link: link element; item, range, range-end: what is copied back
    style: Any = None  # link: the base style of the link's text
    what: str = ""


@dataclass
class Inline:
    """A paragraph's content as the translator sees it, and what each placeholder stands for."""

    text: str
    slots: dict[str, Slot] = field(default_factory=dict)
    base: Any = None  # the style of plain text
    lead: list[Any] = field(default_factory=list)  # marks before all the text, kept at the start
    trail: list[Any] = field(default_factory=list)  # marks after all the text, kept at the end

    def descriptions(self) -> dict[str, str]:
        return {tag: slot.what for tag, slot in self.slots.items()}


def flatten(atoms: Sequence[Atom]) -> Inline:
    """Atoms -> unit text with placeholders; the most common formatting outside links is plain."""
    outside = [a for a in atoms if isinstance(a, Text) and a.link is None]
    base_key, base_style = _base(outside or [a for a in atoms if isinstance(a, Text)])
    inline = Inline("", {}, base_style)
    placed = _place_marks(atoms, inline)
    emitter = _Emitter(inline.slots)
    parts: list[str] = []
    i = 0
    while i < len(placed):
        link = placed[i].link
        j = i
        while j < len(placed) and placed[j].link is link:
            j += 1
        group = list(placed[i:j])
        if link is None:
            parts += emitter.emit(group, base_key)
        else:
            key, style = _base([a for a in group if isinstance(a, Text)])
            n = emitter.number()
            inline.slots[f"<g{n}>"] = Slot("link", link, style, "link")
            inline.slots[f"</g{n}>"] = Slot("close")
            parts += [f"<g{n}>", *emitter.emit(group, key), f"</g{n}>"]
        i = j
    inline.text = "".join(parts)
    return inline


@dataclass
class _Placed:
    """A mark inside the text: `<gN>` (a range's start), `</gN>` (its end), or `<xN/>`."""

    mark: Mark
    role: str  # open | close | item
    pair: int = 0  # which range (open and close share it)
    link: Any = None
    partner: Any = None  # a zero-length range's end, written with its start


def _place_marks(atoms: Sequence[Atom], inline: Inline) -> list[Any]:
    """The atoms with each mark replaced by its place in the text (`_Placed`), or moved to the inline's
    lead (before all the text) or trail (after it)."""
    content = {i for i, a in enumerate(atoms) if isinstance(a, Item) or (isinstance(a, Text) and a.text.strip())}
    first, last = (min(content), max(content)) if content else (len(atoms), -1)
    where: dict[int, Any] = {}  # mark index -> "lead" | "trail" | "skip" | _Placed

    def outside(i: int) -> str | None:
        return "lead" if i < first else "trail" if i > last else None

    for i, atom in enumerate(atoms):
        if not isinstance(atom, Mark) or i in where:
            continue
        end = None
        if atom.start and atom.key is not None:
            end = next((j for j in range(i + 1, len(atoms)) if isinstance(atoms[j], Mark)
                        and not atoms[j].start and atoms[j].key == atom.key and j not in where), None)  # type: ignore[union-attr]
        if end is None:
            where[i] = outside(i) or _Placed(atom, "item", link=atom.link)
            continue
        closing = atoms[end]
        assert isinstance(closing, Mark)
        if i < first and end > last:  # around all the text: it stays so
            where[i], where[end] = "lead", "trail"
        elif not any(k in content for k in range(i + 1, end)):  # empty
            if outside(i) and outside(i) == outside(end):
                where[i] = where[end] = outside(i)
            else:
                where[i], where[end] = _Placed(atom, "item", link=atom.link, partner=closing.payload), "skip"
        else:
            where[i] = _Placed(atom, "open", pair=i, link=atom.link)
            where[end] = _Placed(closing, "close", pair=i, link=closing.link)
    out: list[Any] = []
    for i, atom in enumerate(atoms):
        place = where.get(i) if isinstance(atom, Mark) else atom
        if place == "lead":
            inline.lead.append(atom.payload)  # type: ignore[union-attr]
        elif place == "trail":
            inline.trail.append(atom.payload)  # type: ignore[union-attr]
        elif place is not None and place != "skip":
            out.append(place)
    return out


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


class _Emitter:
    """Numbers placeholders in text order and records what each stands for."""

    def __init__(self, slots: dict[str, Slot]) -> None:
        self.slots = slots
        self.count = 0
        self.ranges: dict[int, int] = {}  # a range's pair -> its placeholder number

    def number(self) -> int:
        self.count += 1
        return self.count

    def mark(self, placed: _Placed) -> str:
        what = placed.mark.what
        if placed.role == "close":
            n = self.ranges[placed.pair]
            self.slots[f"</g{n}>"] = Slot("range-end", placed.mark.payload, what=what)
            return f"</g{n}>"
        n = self.number()
        if placed.role == "open":
            self.ranges[placed.pair] = n
            self.slots[f"<g{n}>"] = Slot("range", placed.mark.payload, what=what)
            return f"<g{n}>"
        payload = [placed.mark.payload, placed.partner] if placed.partner is not None else placed.mark.payload
        self.slots[f"<x{n}/>"] = Slot("item", payload, what=what)
        return f"<x{n}/>"

    def emit(self, atoms: Sequence[Any], base_key: str) -> list[str]:
        parts: list[str] = []
        i = 0
        while i < len(atoms):
            atom = atoms[i]
            if isinstance(atom, _Placed):
                parts.append(self.mark(atom))
                i += 1
            elif isinstance(atom, Item):
                tag = f"<x{self.number()}/>"
                self.slots[tag] = Slot("item", atom.payload, what=atom.what)
                parts.append(tag)
                i += 1
            elif atom.key == base_key:
                parts.append(atom.text)
                i += 1
            else:
                i = self._formatted(atoms, i, parts)
        return parts

    def _formatted(self, atoms: Sequence[Any], i: int, parts: list[str]) -> int:
        """A run of text in one formatting (marks inside it included) as one pair; returns where it ends."""
        key = atoms[i].key
        j = i
        pieces: list[Any] = []
        while j < len(atoms):
            if isinstance(atoms[j], Text) and atoms[j].key == key:
                pieces.append(atoms[j].text)
                j += 1
                continue
            k = j
            while k < len(atoms) and isinstance(atoms[k], _Placed):
                k += 1
            if k == j or k == len(atoms) or not (isinstance(atoms[k], Text) and atoms[k].key == key):
                break
            pieces += atoms[j:k]  # marks between two pieces of the same formatting stay inside the pair
            j = k
        if not "".join(p for p in pieces if isinstance(p, str)).strip():
            parts += [p if isinstance(p, str) else self.mark(p) for p in pieces]  # formatted spaces: spaces
            return j
        n = self.number()
        self.slots[f"<g{n}>"] = Slot("format", atoms[i].style, what="formatting")
        self.slots[f"</g{n}>"] = Slot("close")
        lead, core, trail = _split_space("".join(p if isinstance(p, str) else self.mark(p) for p in pieces))
        parts += [lead, f"<g{n}>", core, f"</g{n}>", trail]
        return j


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core[0]) if core else 0
    return text[:start], core, text[start + len(core):]


class Sink(Protocol):
    """How one format writes content into a paragraph being rebuilt."""

    def text(self, container: Any, style: Any, text: str) -> None: ...

    def open_link(self, container: Any, link: Any) -> Any: ...

    def item(self, container: Any, payload: Any) -> None: ...


def rebuild(text: str, inline: Inline, container: Any, sink: Sink) -> tuple[list[Any], list[Any]]:
    """Write a translation into `container` (emptied by the caller): prose in the base style, each pair
    in its formatting or link, each item and range boundary copied back where the translation puts it.
    An item the translator dropped is put at the end, so a footnote never loses its reference; a tag the
    unit does not have is written as text. Returns the range starts and ends the translator dropped, for
    the caller to put at the start and the end of the paragraph (the range then holds all of it)."""
    stack: list[tuple[str, Any, Any]] = [("", container, inline.base)]
    used: set[str] = set()
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        _prose(sink, stack[-1], text[pos:m.start()])
        tag = m.group(0)
        slot = inline.slots.get(tag)
        if slot is None or tag in used:
            _prose(sink, stack[-1], tag)
        elif slot.kind in ("item", "range", "range-end"):  # a range is no container: text goes on as it was
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
    return ([s.payload for t, s in inline.slots.items() if s.kind == "range" and t not in used],
            [s.payload for t, s in inline.slots.items() if s.kind == "range-end" and t not in used])


def _prose(sink: Sink, frame: tuple[str, Any, Any], text: str) -> None:
    if text:
        sink.text(frame[1], frame[2], text)
