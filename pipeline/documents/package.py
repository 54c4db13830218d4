"""Office packages (a zip of XML parts): opened safely, parts parsed with lxml, written back part by part.

Shared by the .docx and .odt formats. A package is refused with one line when it is not a zip (an old
binary .doc, or a password-protected file, which Office stores as an encrypted OLE container), is damaged,
would expand past MAX_EXPANDED_BYTES, or has XML with a DOCTYPE (entity tricks: the same rule as
defusedxml, applied with lxml because the writers need lxml's tree). Writing copies every entry of the
original zip in order with its own compression and date, replacing only the parts whose XML changed, so
styles, numbering, images and settings stay byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.documents.base import Document, Unit, document_name
from pipeline.documents.inline import Inline
from pipeline.errors import TolmachError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 10_000
ZIP_ENCRYPTED = 0x1  # general purpose flag bit 0: the entry is encrypted (ZipCrypto or AES)
READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False)

# lxml elements; lxml ships no type stubs this project installs
Element = Any


def open_package(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip of an office document, or a one-line refusal saying what the file is instead."""
    if data.startswith(OLE_MAGIC):
        raise TolmachError(f"password-protected or an old binary Office file, not a {kind} package", path,
                           hint=f"open it, remove the password, and save it as {path.suffix or kind}")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TolmachError(f"damaged or not a {kind} file (not a zip package)", path,
                           hint="open and save it again in your office program") from exc
    infos = package.infolist()
    if any(i.flag_bits & ZIP_ENCRYPTED for i in infos):
        raise TolmachError(f"parts of this {kind} file are encrypted with a password", path,
                           hint=f"open it, remove the password, and save it as {path.suffix or kind}")
    unknown = {i.compress_type for i in infos} - READABLE_COMPRESSION
    if unknown:
        raise TolmachError(f"the package uses a zip compression method tolmach cannot read ({min(unknown)})", path,
                           hint="open and save it again in your office program")
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_EXPANDED_BYTES:
        raise TolmachError(f"package expands to more than {MAX_EXPANDED_BYTES // 2**20} MiB or "
                           f"{MAX_ENTRIES} entries", path, hint="is it really a document?")
    return package


def read_part(path: Path, package: zipfile.ZipFile, name: str) -> bytes:
    try:
        return package.read(name)
    except KeyError as exc:
        raise TolmachError(f"damaged package: {name} is missing", path) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError) as exc:
        raise TolmachError(f"damaged package: cannot read {name} ({exc})", path,
                           hint="open and save it again in your office program") from exc


def parse_part(path: Path, package: zipfile.ZipFile, name: str) -> Element:
    """One XML part, parsed without DTDs, entities or network access."""
    return parse_bytes(path, name, read_part(path, package, name))


def parse_bytes(path: Path, name: str, data: bytes) -> Element:
    """The XML of part `name`, parsed without DTDs, entities or network access."""
    try:
        root = etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise TolmachError(f"damaged XML in {name}: {exc.msg}", path, exc.lineno,
                           hint="open and save it again in your office program") from exc
    if root.getroottree().docinfo.doctype:
        raise TolmachError(f"{name} declares a DOCTYPE, which office documents never do", path,
                           hint="refused for safety (entity expansion)")
    return root


def serialize(root: Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def write_package(data: bytes, parts: Mapping[str, bytes]) -> bytes:
    """The original package with `parts` replaced; every other entry copied as it was, in order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = parts.get(info.filename)
            if content is None:
                content = source.read(info.filename)
            clone = zipfile.ZipInfo(info.filename, info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = info.create_system
            clone.comment = info.comment
            clone.extra = info.extra
            target.writestr(clone, content)
    return out.getvalue()


def region_of(lang: str) -> str | None:
    """The likely country of a language ('pl' -> 'PL', 'be' -> 'BY'), from CLDR via Babel."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(lang.replace("-", "_").lower(), ""))
    parts = likely.split("_")
    return parts[-1] if len(parts) >= 3 else None


@dataclass
class Paragraph:
    """A paragraph of an office document that holds text: its element, the part it is in, its content."""

    element: Element
    part: str
    inline: Inline
    kind: str


def document(path: Path, data: bytes, source_lang: str, fmt: str, paragraphs: Sequence[Paragraph]) -> Document:
    """One unit per paragraph (its number in reading order as its line); the package kept for build."""
    units = [Unit(i, p.inline.text, i + 1, p.kind, p.inline.descriptions()) for i, p in enumerate(paragraphs)]
    return Document(path, document_name(path, source_lang), fmt, tuple(units), (), source=data)


def rewrite_translated(doc: Document, unit_texts: Sequence[str], paragraphs: Sequence[Paragraph],
                       rewrite: Callable[[Paragraph, str], None]) -> set[str]:
    """Rewrite each paragraph whose text changed; returns the parts that changed. Inner paragraphs (a text
    box or a note inside a paragraph) come later in reading order and are rewritten first, so the outer
    paragraph copies them translated."""
    changed: set[str] = set()
    for unit, text, para in reversed(list(zip(doc.units, unit_texts, paragraphs, strict=True))):
        if text != unit.text:
            rewrite(para, text)
            changed.add(para.part)
    return changed


def inside(element: Element, names: set[str]) -> bool:
    """Whether an ancestor of `element` has one of these tags."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag in names:
            return True
        parent = parent.getparent()
    return False
