"""Word (.docx) and LibreOffice (.odt) documents made by real LibreOffice: every part a reader sees is
translated, the package keeps its structure, bad files get one line.

The example documents were made by `scripts/make-office-examples.sh` (soffice from an HTML version of the
example article with a header, a footer, a footnote, a table, a list and links). python-docx and odfdo
read the built files independently of tolmach's own reader; LibreOffice opens them (PDF export).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx as python_docx
import odfdo
import pytest
from conftest import REPO
from lxml import etree
from support_documents import assert_refused, catalog_for, prepared, shout

from pipeline.build import build
from pipeline.documents import docx, odt
from pipeline.errors import TolmachError

EXAMPLES = {"docx": REPO / "examples" / "belarus-political-prisoners-docx.en.docx",
            "odt": REPO / "examples" / "belarus-political-prisoners-odt.en.odt"}
W = docx.W


def copy_example(fmt: str, directory: Path, name: str | None = None) -> Path:
    target = directory / (name or EXAMPLES[fmt].name)
    shutil.copy(EXAMPLES[fmt], target)
    return target


def built(fmt: str, tmp_path: Path, translate: Callable[[str], str] | None, lang: str = "pl") -> bytes:
    doc = prepared(copy_example(fmt, tmp_path))
    po = catalog_for(doc, translate, lang) if translate is not None else None
    return build(doc.doc, doc.segments, po, lang=lang)[0]


def units_of(fmt: str, data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / f"again.en.{fmt}"
    path.write_bytes(data)
    return [(u.kind, u.text) for u in prepared(path).doc.units]


def structure(fmt: str, data: bytes) -> dict[str, int]:
    """Counts read by the third-party library for the format, not by tolmach."""
    if fmt == "docx":
        document = python_docx.Document(io.BytesIO(data))
        body = document.element.body
        return {"paragraphs": len(document.paragraphs), "tables": len(document.tables),
                "cells": sum(len(row.cells) for table in document.tables for row in table.rows),
                "links": len(body.findall(f".//{{{W}}}hyperlink")),
                "footnote references": len(body.findall(f".//{{{W}}}footnoteReference")),
                "headers": sum(1 for s in document.sections if s.header.paragraphs)}
    odf: Any = odfdo.Document(io.BytesIO(data)).body  # odfdo's Body has get_links/get_notes untyped
    return {"paragraphs": len(odf.get_paragraphs()), "headings": len(odf.get_headers()),
            "tables": len(odf.get_tables()), "cells": sum(len(t.get_cells(flat=True)) for t in odf.get_tables()),
            "links": len(odf.get_links()), "notes": len(odf.get_notes())}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_every_part_a_reader_sees_is_a_unit_with_formatting_as_placeholders(fmt: str, tmp_path: Path) -> None:
    doc = prepared(copy_example(fmt, tmp_path))
    kinds = {u.kind for u in doc.doc.units}
    assert {"heading", "table-cell", "list-item", "footnote", "header", "footer", "paragraph"} <= kinds
    texts = [u.text for u in doc.doc.units]
    assert "Source: <g1>pap.pl</g1>" in texts
    assert "Sanctions depend on <g1>the European Union</g1>. " in texts
    quote = next(t for t in texts if t.startswith("“In Belarus"))
    assert quote.endswith("Ambassador to Poland <g1>Pavel Latushka</g1>.<x2/>")  # bold, then the footnote mark
    assert doc.doc.units[texts.index(quote)].placeholders["<x2/>"] == "footnote"
    msgids = {e.msgid for e in doc.template}
    assert "Interview with the Polish Press Agency, January 2024." in msgids or \
        "<x1/>Interview with the Polish Press Agency, January 2024." in msgids
    assert "PAP news service — World" in msgids and "Prisons in Belarus" in msgids


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_an_empty_catalog_builds_the_same_text_and_only_the_language_changes(fmt: str, tmp_path: Path) -> None:
    source = EXAMPLES[fmt].read_bytes()
    data = built(fmt, tmp_path, None)
    assert units_of(fmt, data, tmp_path) == units_of(fmt, source, tmp_path)
    changed = {name for name, content in parts(data).items() if parts(source)[name] != content}
    styles = "word/styles.xml" if fmt == "docx" else "styles.xml"
    assert styles in changed and changed <= {styles, "content.xml"}  # (automatic styles may name a language)
    assert list(parts(data)) == list(parts(source))  # same entries, same order (mimetype first in ODF)
    doc = prepared(copy_example(fmt, tmp_path))
    assert build(doc.doc, doc.segments, None)[0] == source  # no language given: the very same bytes


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_full_translation_keeps_the_structure_and_declares_the_target_language(fmt: str, tmp_path: Path) -> None:
    source = EXAMPLES[fmt].read_bytes()
    data = built(fmt, tmp_path, shout, "be")
    assert structure(fmt, data) == structure(fmt, source)
    before, after = units_of(fmt, source, tmp_path), units_of(fmt, data, tmp_path)
    assert [k for k, _ in after] == [k for k, _ in before]
    assert [t for _, t in after] == [shout(t) for _, t in before]
    if fmt == "docx":
        styles = etree.fromstring(parts(data)["word/styles.xml"])
        assert styles.find(f".//{{{W}}}docDefaults//{{{W}}}lang").get(f"{{{W}}}val") == "be-BY"
        untouched = {"word/numbering.xml", "word/settings.xml", "word/fontTable.xml", "[Content_Types].xml"}
    else:
        assert b'fo:language="be" fo:country="BY"' in parts(data)["styles.xml"]
        untouched = {"meta.xml", "settings.xml", "META-INF/manifest.xml", "mimetype"}
    assert all(parts(data)[name] == parts(source)[name] for name in untouched)


def _split_runs_docx(data: bytes) -> bytes:
    """What Word writes after an edit and a spell check: one sentence in several runs with revision ids,
    language tags and proofing marks."""
    files = parts(data)
    xml = files["word/document.xml"].decode("utf-8")
    sentence = "The ministry stressed the call for release. "
    split = ('The ministry </w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00A1"><w:rPr>'
             '<w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">stressed</w:t></w:r>'
             '<w:proofErr w:type="spellEnd"/><w:ins w:id="7" w:author="Editor"><w:r><w:rPr><w:noProof/></w:rPr>'
             '<w:t xml:space="preserve"> the call for release. </w:t></w:r></w:ins>')
    assert sentence + "</w:t></w:r>" in xml
    files["word/document.xml"] = xml.replace(sentence + "</w:t></w:r>", split, 1).encode("utf-8")
    return _zip(files)


def _split_runs_odt(data: bytes) -> bytes:
    files = parts(data)
    xml = files["content.xml"].decode("utf-8")
    style = ('<style:style style:name="T99" style:family="text"><style:text-properties officeooo:rsid="0012ab" '
             'fo:language="en" fo:country="GB"/></style:style></office:automatic-styles>')
    xml = xml.replace("</office:automatic-styles>", style, 1)
    if "xmlns:officeooo" not in xml:
        xml = xml.replace("<office:document-content ", '<office:document-content xmlns:officeooo='
                          '"http://openoffice.org/2009/office" ', 1)
    xml = xml.replace("The ministry stressed the call", 'The ministry <text:span text:style-name="T99">stressed'
                      '</text:span><text:soft-page-break/> the call', 1)
    files["content.xml"] = xml.encode("utf-8")
    return _zip(files)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in files.items():
            z.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "split"), [("docx", _split_runs_docx), ("odt", _split_runs_odt)])
def test_runs_split_by_revisions_or_spell_checking_do_not_split_a_sentence(fmt: str, split: Callable[[bytes], bytes],
                                                                          tmp_path: Path) -> None:
    path = tmp_path / f"edited.en.{fmt}"
    path.write_bytes(split(EXAMPLES[fmt].read_bytes()))
    doc = prepared(path)
    assert "The ministry stressed the call for release." in {e.msgid for e in doc.template}
    data = build(doc.doc, doc.segments, catalog_for(doc, shout), lang="pl")[0]
    assert ("list-item", "THE MINISTRY STRESSED THE CALL FOR RELEASE. ") in units_of(fmt, data, tmp_path)


def test_a_fields_code_is_kept_and_its_result_translated(tmp_path: Path) -> None:
    """A cross-reference (REF field): Word shows its result, so the translator gets the words and build
    keeps the field code around them."""
    files = parts(EXAMPLES["docx"].read_bytes())
    sentence = "<w:t>On December 20, 2023, the Prime Ministers of Estonia, Latvia, and Lithuania announced a joint " \
               "regional mechanism.</w:t></w:r>"
    field = ('<w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
             '<w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r><w:r><w:fldChar '
             'w:fldCharType="separate"/></w:r><w:r><w:t>the table below</w:t></w:r><w:r><w:fldChar '
             'w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> for the numbers.</w:t></w:r>')
    files["word/document.xml"] = files["word/document.xml"].replace(sentence.encode(), field.encode(), 1)
    path = tmp_path / "fields.en.docx"
    path.write_bytes(_zip(files))
    doc = prepared(path)
    assert "See <x1/>the table below<x2/> for the numbers." in {e.msgid for e in doc.template}
    data = build(doc.doc, doc.segments, catalog_for(doc, shout), lang="pl")[0]
    assert ("paragraph", "SEE <x1/>THE TABLE BELOW<x2/> FOR THE NUMBERS.") in units_of("docx", data, tmp_path)
    assert b"REF _Ref1" in parts(data)["word/document.xml"]


def _odt_as_docx(tmp_path: Path) -> Path:
    return copy_example("odt", tmp_path, "story.en.docx")


def _docx_as_odt(tmp_path: Path) -> Path:
    return copy_example("docx", tmp_path, "story.en.odt")


def _corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "story.en.docx"
    path.write_bytes(EXAMPLES["docx"].read_bytes()[:3000])
    return path


def _password_docx(tmp_path: Path) -> Path:
    path = tmp_path / "story.en.docx"  # Office saves an encrypted document as an OLE compound file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptionInfo")
    return path


def _password_odt(tmp_path: Path) -> Path:
    """LibreOffice's "save with password": each part's manifest entry gets its encryption data."""
    files = parts(EXAMPLES["odt"].read_bytes())
    manifest = etree.fromstring(files["META-INF/manifest.xml"])
    ns = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    entry = next(e for e in manifest if e.get(f"{{{ns}}}full-path") == "content.xml")
    etree.SubElement(entry, f"{{{ns}}}encryption-data", {f"{{{ns}}}checksum-type": "SHA1/1K", f"{{{ns}}}checksum": "x"})
    files["META-INF/manifest.xml"] = etree.tostring(manifest)
    path = tmp_path / "story.en.odt"
    path.write_bytes(_zip(files))
    return path


def _doctype(tmp_path: Path) -> Path:
    files = parts(EXAMPLES["docx"].read_bytes())
    xml = files["word/document.xml"]
    files["word/document.xml"] = xml.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
    path = tmp_path / "story.en.docx"
    path.write_bytes(_zip(files))
    return path


BAD = [(_odt_as_docx, "this is an OpenDocument file, not a Word .docx"),
       (_docx_as_odt, "this is a Word .docx file, not OpenDocument"),
       (_corrupt, "damaged or not a Word .docx file"),
       (_password_docx, "password-protected or an old binary Office file"),
       (_password_odt, "password-protected document"),
       (_doctype, "declares a DOCTYPE")]


@pytest.mark.parametrize(("make", "message"), BAD, ids=[m.__name__.strip("_") for m, _ in BAD])
def test_bad_office_files_get_one_line_exit_2_and_nothing_written(project: Path, capsys: pytest.CaptureFixture[str],
                                                                  make: Callable[[Path], Path], message: str) -> None:
    assert_refused(make(project), project, capsys, message)


# --- real LibreOffice opens what build wrote -----------------------------------------------------------------

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One LibreOffice run (it is slow) converting a translated .docx and .odt to PDF."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (scripts/install-system-deps.sh installs it)")
    directory = tmp_path_factory.mktemp("office")
    inputs = []
    for fmt in ("docx", "odt"):
        doc = prepared(copy_example(fmt, directory))
        target = directory / f"translated-{fmt}.{fmt}"
        target.write_bytes(build(doc.doc, doc.segments, catalog_for(doc, shout, "pl"), lang="pl")[0])
        inputs.append(str(target))
    profile = (directory / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(directory), *inputs], check=True, capture_output=True, timeout=600)
    return {fmt: directory / f"translated-{fmt}.pdf" for fmt in ("docx", "odt")}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_opens_the_built_document(pdfs: dict[str, Path], fmt: str) -> None:
    pdf = pdfs[fmt].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page ") + len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1


def test_odt_whitespace_is_written_as_odf_spells_it() -> None:
    p = etree.Element(odt.t("p"))
    odt._append_text(p, "a  b\tc")
    assert (p.text, [(etree.QName(c).localname, c.tail) for c in p]) == ("a ", [("s", "b"), ("tab", "c")])


TEMPLATES = sorted(Path("/usr/lib/libreoffice/share/template/common").rglob("*.ott"))[:12]


@pytest.mark.skipif(not TEMPLATES, reason="LibreOffice's templates are not installed")
def test_libreoffices_own_templates_translate_and_read_back_as_the_translation(tmp_path: Path) -> None:
    """Third-party files tolmach's authors did not make: frames, fields, text boxes, old manifests."""
    read = 0
    for i, template in enumerate(TEMPLATES):
        path = tmp_path / f"t{i}.en.odt"
        shutil.copy(template, path)
        try:
            doc = prepared(path)
        except TolmachError as exc:
            assert "empty document" in str(exc)
            continue
        data = build(doc.doc, doc.segments, catalog_for(doc, shout), lang="pl")[0]
        assert [" ".join(t.split()) for _, t in units_of("odt", data, tmp_path)] == [
            " ".join(shout(u.text).split()) for u in doc.doc.units]
        read += 1
    assert read >= len(TEMPLATES) // 2
