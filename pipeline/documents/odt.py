"""OpenDocument text (.odt): every paragraph and heading a reader sees is a unit; build changes only text.

Parts read: content.xml (body, tables, lists, footnotes and endnotes, text boxes in frames) and
styles.xml (headers and footers of the master pages). Inside a paragraph, spans whose automatic style
only records a revision id or a language (what LibreOffice adds while someone edits or spell-checks)
are read through, so they never split a sentence; other spans and links are pairs (`<g1>…</g1>`);
notes, tabs, line breaks, fields, frames and comments are `<x1/>`. `text:s` runs of spaces are spaces.
Tracked changes: inserted text is read, deleted text (kept apart in text:tracked-changes) is not.
Bookmarks, reference marks, index entries and comment ranges are marks (`inline.Mark`): a range inside the
text is a pair that stays around its words, one around all of it stays so.

Build re-reads the original package, rewrites each translated paragraph (its attributes kept, its
tracked changes accepted), and replaces only content.xml/styles.xml; the default
paragraph language in styles.xml and the languages of the document's own styles become the target's.
Not translated: comments, document properties (meta.xml), field results, index bodies' generated text
is read like any paragraph (LibreOffice regenerates it).

Parsed with lxml rather than odfdo: odfdo saves by re-serialising the whole package, and build must
keep every other part byte for byte; its element API would not spare the paragraph walk below either.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.documents import inline as inl
from pipeline.documents.base import Document, ReadOptions
from pipeline.documents.package import (
    Element,
    Paragraph,
    document,
    inside,
    open_package,
    parse_part,
    read_part,
    region_of,
    rewrite_translated,
    serialize,
    write_package,
)
from pipeline.errors import TolmachError

FORMAT = "odt"
EXTENSIONS = (".odt", ".ott", ".oth")  # text documents, their templates, Writer/Web templates

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
MIMETYPES = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template",
             b"application/vnd.oasis.opendocument.text-web")  # Writer/Web saves HTML-bound text documents so
PARTS = ("content.xml", "styles.xml")
LIBRARY_INDEXES = {"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"}  # Basic/ with no module


def t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


PARAGRAPHS = {t("p"), t("h")}
MARKERS = {t(n) for n in ("bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start",
                          "reference-mark-end", "change", "change-start", "change-end", "soft-page-break",
                          "toc-mark", "toc-mark-start", "toc-mark-end", "alphabetical-index-mark",
                          "alphabetical-index-mark-start", "alphabetical-index-mark-end",
                          "user-index-mark", "user-index-mark-start", "user-index-mark-end")} | {
    f"{{{OFFICE}}}annotation-end"}
CHANGES = {t("change"), t("change-start"), t("change-end")}  # tracked changes: accepted where translated
# range marks: kind -> (what pairs a start with its end, what the translator is told)
RANGE_KINDS = {"bookmark": (t("name"), "bookmark"), "reference-mark": (t("name"), "reference mark"),
               "toc-mark": (t("id"), "index entry"), "alphabetical-index-mark": (t("id"), "index entry"),
               "user-index-mark": (t("id"), "index entry")}
ANNOTATION_NAME = f"{{{OFFICE}}}name"
WHITESPACE = re.compile(r"[ \t\n\r]+")  # ODF collapses a run of these in text to one space
SKIPPED_AREAS = {t("tracked-changes"), f"{{{OFFICE}}}annotation", t("note-citation")}
ITEM_NAMES = {t("tab"): "tab", t("line-break"): "line break", t("note"): "footnote",
              f"{{{OFFICE}}}annotation": "comment", f"{{{DRAW}}}frame": "image or text box"}
# automatic-style properties a reader does not see: a span with only these is read through
INVISIBLE_PROPERTIES = {"rsid", "paragraph-rsid", "language", "country", "script", "language-asian",
                        "country-asian", "language-complex", "country-complex", "rfc-language-tag", "hyphenate"}
LANGUAGE_ATTRIBUTES = ((f"{{{FO}}}language", f"{{{FO}}}country"),)


@dataclass
class Package:
    parts: dict[str, Element]
    paragraphs: list[Paragraph]


def read(path: Path, data: bytes, options: ReadOptions) -> Document:
    return document(path, data, options.source_lang, FORMAT, load(path, data).paragraphs)


def write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes:
    package = load(doc.path, doc.source)
    changed = rewrite_translated(doc, unit_texts, package.paragraphs, rewrite)
    for name in changed:
        drop_accepted_changes(package.parts[name])
    if lang:
        for name, root in package.parts.items():
            if set_language(root, lang):
                changed.add(name)
    parts = {name: serialize(package.parts[name]) for name in changed}
    return write_package(doc.source, parts) if parts else doc.source


def load(path: Path, data: bytes) -> Package:
    zipped = open_package(path, data, "OpenDocument .odt")
    names = set(zipped.namelist())
    mimetype = read_part(path, zipped, "mimetype").strip() if "mimetype" in names else b""
    if mimetype not in MIMETYPES:
        if "word/document.xml" in names:
            raise TolmachError("this is a Word .docx file, not OpenDocument", path, hint="rename it to .docx")
        what = mimetype.decode("ascii", "replace") or "no mimetype"
        raise TolmachError(f"not an OpenDocument text ({what})", path,
                           hint="only text documents (.odt) are translated")
    # (older LibreOffice templates' manifests use an undeclared prefix, so this is a byte search, not a parse)
    if "META-INF/manifest.xml" in names and b"encryption-data" in read_part(path, zipped, "META-INF/manifest.xml"):
        raise TolmachError("password-protected document", path, hint="open it, remove the password and save it again")
    macros = sorted(n for n in names if n.startswith("Scripts/") or (
        n.startswith("Basic/") and n.endswith(".xml") and n.rsplit("/", 1)[-1] not in LIBRARY_INDEXES))
    if macros:
        raise TolmachError(f"document with macros ({macros[0]}): they would ship in the translation", path,
                           hint="remove them (Tools > Macros > Organize) and save it again")
    if "content.xml" not in names and not mimetype.endswith(b"-template"):  # a template may be styles alone
        raise TolmachError("damaged package: its main part content.xml is missing", path,
                           hint="open and save it again in LibreOffice")
    parts: dict[str, Element] = {}
    paragraphs: list[Paragraph] = []
    for name in PARTS:
        if name not in names:
            continue
        root = parse_part(path, zipped, name)
        parts[name] = root
        styles = _invisible_styles(root)
        parents = _style_parents(root)
        for p in _paragraphs(root, name):
            flat = inl.flatten(list(_atoms(p, styles)))
            if any(ch.isalnum() for ch in inl.PLACEHOLDER_RE.sub("", flat.text)):
                paragraphs.append(Paragraph(p, name, flat, _kind(p, parents)))
    return Package(parts, paragraphs)


def _paragraphs(root: Element, name: str) -> Iterator[Element]:
    """Paragraphs in reading order: the body, or in styles.xml the master pages' headers and footers."""
    scope = root.find(f"{{{OFFICE}}}body") if name == "content.xml" else root.find(f"{{{OFFICE}}}master-styles")
    if scope is None:
        return
    for p in scope.iter(*PARAGRAPHS):
        if not inside(p, SKIPPED_AREAS):
            yield p


def _style_parents(root: Element) -> dict[str, str]:
    """Automatic paragraph style -> the named style it derives from (P1 -> Heading_20_1)."""
    return {str(s.get(f"{{{STYLE}}}name")): str(s.get(f"{{{STYLE}}}parent-style-name", ""))
            for s in root.iter(f"{{{STYLE}}}style") if s.get(f"{{{STYLE}}}family") == "paragraph"}


def _kind(p: Element, parents: dict[str, str]) -> str:
    style = str(p.get(t("style-name"), ""))
    if p.tag == t("h") or parents.get(style, style).startswith(("Heading", "Title", "Subtitle")):
        return "heading"
    for ancestor, kind in ((t("note"), "footnote"), (f"{{{DRAW}}}text-box", "text-box"),
                           (f"{{{STYLE}}}header", "header"), (f"{{{STYLE}}}footer", "footer"),
                           (f"{{{TABLE}}}table-cell", "table-cell"), (t("list-item"), "list-item")):
        if inside(p, {ancestor}):
            return kind
    return "paragraph"


def _invisible_styles(root: Element) -> set[str]:
    """Automatic text styles that change nothing a reader sees (revision ids, language)."""
    found = set()
    for style in root.iter(f"{{{STYLE}}}style"):
        if style.get(f"{{{STYLE}}}family") != "text":
            continue
        props = [c for c in style if isinstance(c.tag, str)]
        if all(c.tag == f"{{{STYLE}}}text-properties" for c in props) and all(
                etree.QName(a).localname in INVISIBLE_PROPERTIES for c in props for a in c.attrib):
            found.add(str(style.get(f"{{{STYLE}}}name")))
    return found


# --- a paragraph as atoms ------------------------------------------------------------------------------------

def _atoms(p: Element, invisible: set[str]) -> Iterator[inl.Atom]:
    yield from _content(p, invisible, (), None, None)


def _content(parent: Element, invisible: set[str], spans: tuple[str, ...], span_chain: Any,
             link: Element | None) -> Iterator[inl.Atom]:
    key = "|".join(spans)
    if parent.text:
        yield inl.Text(WHITESPACE.sub(" ", parent.text), key, span_chain, link)
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag == t("soft-page-break") or tag in CHANGES:
            pass  # layout the office program redoes; tracked changes: see rewrite
        elif tag in MARKERS or (tag == f"{{{OFFICE}}}annotation" and child.get(ANNOTATION_NAME)):
            yield _mark(child, link)
        elif tag == t("span"):
            name = str(child.get(t("style-name"), ""))
            if name in invisible or not name:
                yield from _content(child, invisible, spans, span_chain, link)
            else:
                yield from _content(child, invisible, (*spans, name), (span_chain, child), link)
        elif tag == t("a"):
            yield from _content(child, invisible, spans, span_chain, child)
        elif tag == t("s"):
            yield inl.Text(" " * int(child.get(t("c"), "1") or 1), key, span_chain, link)
        elif tag == t("meta"):
            yield from _content(child, invisible, spans, span_chain, link)
        else:
            yield inl.Item(child, ITEM_NAMES.get(tag, etree.QName(tag).localname), link)
        if child.tail:
            yield inl.Text(WHITESPACE.sub(" ", child.tail), key, span_chain, link)


def _mark(element: Element, link: Element | None) -> inl.Mark:
    """A range's start or end (bookmark, reference mark, index entry, a comment's range), or a point."""
    name = etree.QName(element).localname
    if element.tag == f"{{{OFFICE}}}annotation":  # a comment that covers a range: it opens it
        return inl.Mark(element, ("annotation", element.get(ANNOTATION_NAME)), True, "comment", link)
    if element.tag == f"{{{OFFICE}}}annotation-end":
        return inl.Mark(element, ("annotation", element.get(ANNOTATION_NAME)), False, "comment range", link)
    kind, _, side = name.rpartition("-") if name.endswith(("-start", "-end")) else (name, "", "")
    attribute, what = RANGE_KINDS.get(kind, (t("name"), kind))
    if not side:
        return inl.Mark(element, None, True, what, link)  # a point
    return inl.Mark(element, (kind, element.get(attribute)), side == "start", what, link)


# --- writing a paragraph -------------------------------------------------------------------------------------

class _MixedSink:
    """Writes into ODF's mixed content: text goes into .text/.tail, spaces runs as text:s, tabs as text:tab."""

    def text(self, container: Element, style: Any, text: str) -> None:
        target = container
        for span in _chain(style):
            target = etree.SubElement(target, t("span"), dict(span.attrib))
        _append_text(target, text)

    def open_link(self, container: Element, link: Element) -> Element:
        return etree.SubElement(container, link.tag, dict(link.attrib))

    def item(self, container: Element, payload: Element | list[Element]) -> None:
        for element in payload if isinstance(payload, list) else [payload]:
            clone = copy.deepcopy(element)
            clone.tail = None
            container.append(clone)


def _chain(style: Any) -> list[Element]:
    """A span chain (parent chain, span) as the list of spans, outermost first."""
    spans: list[Element] = []
    while style is not None:
        style, span = style
        spans.append(span)
    return spans[::-1]


def _append_text(target: Element, text: str) -> None:
    """Text with ODF's whitespace rules: a run of spaces keeps one and the rest as text:s, a tab is
    text:tab, a newline text:line-break."""
    pieces: list[tuple[str, str | int]] = []
    buffer = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "\t\n":
            pieces.append(("text", buffer))
            buffer = ""
            pieces.append(("tab" if ch == "\t" else "line-break", 0))
            i += 1
        elif ch == " " and (i == 0 or text[i - 1] == " " or (i + 1 < len(text) and text[i + 1] == " ")):
            j = i
            while j < len(text) and text[j] == " ":
                j += 1
            keep = 0 if i == 0 else 1
            pieces.append(("text", buffer + " " * keep))
            buffer = ""
            if j - i - keep:
                pieces.append(("s", j - i - keep))
            i = j
        else:
            buffer += ch
            i += 1
    pieces.append(("text", buffer))
    for kind, value in pieces:
        if kind == "text":
            _put(target, str(value))
        else:
            element = etree.SubElement(target, t(kind))
            if kind == "s" and int(value) > 1:
                element.set(t("c"), str(value))


def _put(target: Element, text: str) -> None:
    if not text:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def rewrite(para: Paragraph, text: str) -> None:
    """The paragraph's content replaced by the translation: range marks before or after all its text kept
    there, the others where the translation put their placeholders. Its tracked changes are accepted (a
    deletion's text goes, an insertion stays as plain text), as a translated .docx paragraph's are:
    `drop_accepted_changes` then removes their records."""
    p = para.element
    replacement = etree.Element(p.tag)
    dropped_starts, dropped_ends = inl.rebuild(text, para.inline, replacement, _MixedSink())
    lead = [*para.inline.lead, *dropped_starts]
    trail = [*dropped_ends, *para.inline.trail]
    sink = _MixedSink()
    for child in list(p):
        p.remove(child)
    p.text = None
    sink.item(p, lead)
    _put(p, replacement.text or "")
    for child in list(replacement):
        p.append(child)
    sink.item(p, trail)


def drop_accepted_changes(root: Element) -> None:
    """Tracked-change records (text:changed-region) no mark refers to any more: accepted in a translated
    paragraph."""
    regions = root.find(f".//{t('tracked-changes')}")
    if regions is None:
        return
    marked = {m.get(t("change-id")) for m in root.iter(*CHANGES)}
    for region in list(regions):
        ids = {region.get(t("id")), region.get("{http://www.w3.org/XML/1998/namespace}id")} - {None}
        if region.tag == t("changed-region") and not ids & marked:
            regions.remove(region)


def set_language(root: Element, lang: str) -> bool:
    """Every style that names a language (fo:language, fo:country) names the target instead."""
    region = region_of(lang)
    changed = False
    for props in root.iter(f"{{{STYLE}}}text-properties"):
        for language, country in LANGUAGE_ATTRIBUTES:
            if props.get(language) is None or props.get(language) == "zxx":  # zxx: "no language", kept
                continue
            if props.get(language) != lang:
                props.set(language, lang)
                changed = True
            if region and props.get(country) not in (None, region):
                props.set(country, region)
                changed = True
    return changed
