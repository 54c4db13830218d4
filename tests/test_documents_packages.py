"""Office packages as newsrooms have them: Strict OOXML, templates, Writer/Web; macros and broken packages
refused with one line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx as python_docx
import odfdo
import pytest
from support_documents import assert_refused, catalog_for, libreoffice_text, prepared, shout

from pipeline.build import build

STRICT = {b"http://schemas.openxmlformats.org/wordprocessingml/2006/main":
          b"http://purl.oclc.org/ooxml/wordprocessingml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
          b"http://purl.oclc.org/ooxml/officeDocument/relationships",
          b"http://schemas.openxmlformats.org/officeDocument/2006/math": b"http://purl.oclc.org/ooxml/officeDocument/math",
          b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
          b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":
          b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing"}


def word_document() -> bytes:
    """A small .docx made by python-docx: a heading and a paragraph with a bold word."""
    document = python_docx.Document()
    document.add_heading("Sanctions on Belarus", 1)
    paragraph = document.add_paragraph("Mr. Latushka met the ")
    paragraph.add_run("ministers").bold = True
    paragraph.add_run(" in Warsaw on Monday.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """The package with each entry passed through `change` (None drops it), and `extra` entries added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def strict(data: bytes) -> bytes:
    """The package as Word saves a "Strict Open XML Document": Strict namespaces and relationship types."""
    def change(name: str, content: bytes) -> bytes:
        for transitional, strict_uri in STRICT.items():
            content = content.replace(transitional, strict_uri)
        if name == "word/document.xml":
            content = content.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
        return content
    return rezip(data, change)


def odt_document(mimetype: bytes | None = None) -> bytes:
    """A small .odt made by odfdo (optionally with another mimetype, as Writer/Web writes)."""
    document = odfdo.Document("text")
    document.body.append(odfdo.Header(1, "Sanctions on Belarus"))
    document.body.append(odfdo.Paragraph("Mr. Latushka met the ministers in Warsaw on Monday."))
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if mimetype is not None:
        data = rezip(data, lambda name, content: mimetype if name == "mimetype" else content)
    return data


def translated(path: Path, lang: str = "pl") -> bytes:
    doc = prepared(path)
    return build(doc.doc, doc.segments, catalog_for(doc, shout, lang), lang=lang)[0]


def test_a_strict_ooxml_document_is_read_and_built_back_in_strict_namespaces(tmp_path: Path) -> None:
    path = tmp_path / "strict.en.docx"
    path.write_bytes(strict(word_document()))
    doc = prepared(path)
    assert [e.msgid for e in doc.template] == ["Sanctions on Belarus",
                                               "Mr. Latushka met the <g1>ministers</g1> in Warsaw on Monday."]
    assert build(doc.doc, doc.segments, None)[0] == path.read_bytes()
    data = translated(path)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
        styles = z.read("word/styles.xml")
    assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in xml
    assert b"schemas.openxmlformats.org/wordprocessingml" not in xml + styles
    assert b"MINISTERS" in xml and b'w:conformance="strict"' in xml
    out = tmp_path / "strict.pl.docx"
    out.write_bytes(data)
    assert prepared(out).template[1].msgid == "MR. LATUSHKA MET THE <g1>MINISTERS</g1> IN WARSAW ON MONDAY."


@pytest.mark.parametrize(("name", "make"), [
    ("template.en.dotx", word_document),
    ("template.en.ott", lambda: odt_document(b"application/vnd.oasis.opendocument.text-template")),
    ("web.en.odt", lambda: odt_document(b"application/vnd.oasis.opendocument.text-web")),
    ("web.en.oth", lambda: odt_document(b"application/vnd.oasis.opendocument.text-web")),
])
def test_templates_and_writer_web_documents_are_read(tmp_path: Path, name: str, make: Callable[[], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    doc = prepared(path)
    assert "Sanctions on Belarus" in [e.msgid for e in doc.template]
    assert build(doc.doc, doc.segments, None)[0] == path.read_bytes()
    out = tmp_path / name.replace(".en.", ".pl.")
    out.write_bytes(translated(path))
    assert "SANCTIONS ON BELARUS" in [e.msgid for e in prepared(out).template]


def _macro_enabled(tmp_path: Path, vba: dict[str, bytes]) -> Path:
    """A .docm renamed .docx: the macro-enabled content type, and `vba` parts."""
    def change(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
        return content
    path = tmp_path / "story.en.docx"
    path.write_bytes(rezip(word_document(), change, vba))
    return path


def _docm(tmp_path: Path) -> Path:
    return _macro_enabled(tmp_path, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"})


def _docm_type_only(tmp_path: Path) -> Path:
    return _macro_enabled(tmp_path, {})


def _odt_macros(tmp_path: Path) -> Path:
    path = tmp_path / "story.en.odt"
    path.write_bytes(rezip(odt_document(), lambda _, content: content,
                           {"Basic/Standard/Module1.xml": b"<script:module/>",
                            "Basic/Standard/script-lb.xml": b"<library/>"}))
    return path


def _no_main_docx(tmp_path: Path) -> Path:
    path = tmp_path / "story.en.docx"
    path.write_bytes(rezip(word_document(), lambda name, content: None if name == "word/document.xml" else content))
    return path


def _no_main_odt(tmp_path: Path) -> Path:
    path = tmp_path / "story.en.odt"
    path.write_bytes(rezip(odt_document(), lambda name, content: None if name == "content.xml" else content))
    return path


REFUSED = [(_docm, "macro-enabled Word document (word/vbaProject.bin)"),
           (_docm_type_only, "macro-enabled Word document (macroEnabled)"),
           (_odt_macros, "document with macros (Basic/Standard/Module1.xml)"),
           (_no_main_docx, "its main document word/document.xml is missing"),
           (_no_main_odt, "its main part content.xml is missing")]


@pytest.mark.parametrize(("make", "message"), REFUSED, ids=[m.__name__.strip("_") for m, _ in REFUSED])
def test_macros_and_packages_without_their_main_part_are_refused_with_one_line(
        project: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path], message: str) -> None:
    assert_refused(make(project), project, capsys, message)


@pytest.mark.slow
def test_libreoffice_renders_the_translated_strict_and_template_documents(tmp_path: Path) -> None:
    """(Debian's headless LibreOffice converts neither a text-web document nor an .ott, translated or not.)"""
    sources = {"strict.en.docx": strict(word_document()), "template.en.dotx": word_document()}
    built = []
    for name, data in sources.items():
        path = tmp_path / name
        path.write_bytes(data)
        out = tmp_path / name.replace(".en.", ".pl.")
        out.write_bytes(translated(path))
        built.append(out)
    for path, text in libreoffice_text(built, tmp_path).items():
        words = text.split()
        assert "SANCTIONS" in words and "MINISTERS" in words and "Sanctions" not in words, (path, text)
