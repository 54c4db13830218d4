"""Makes ranges.en.docx and ranges.en.odt: the ranges office documents hold around words.

Run: python tests/data/documents/make_ranges.py (python-docx and odfdo make the packages; the markup a
newsroom's documents carry is put in by hand where those libraries have no call for it).
Each file has a caption whose number a cross-reference shows ("See Table 1"), a heading bookmarked whole,
a comment on a few words, a reference mark and a reference to it, tracked changes, a content control
inside a paragraph (.docx: a Citavi-style citation), a tracked move (.docx) and a line break typed inside
a text node.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import odfdo

HERE = Path(__file__).resolve().parent
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _field(code: str, result: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
            f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


DOCX_PARAGRAPHS = [
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="5" w:name="_Toc1"/>'
    + _t("Prisons in Belarus") + '<w:bookmarkEnd w:id="5"/></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr><w:bookmarkStart w:id="1" w:name="_Ref1"/>' + _t("Table ")
    + _field("SEQ Table \\* ARABIC", "1") + '<w:bookmarkEnd w:id="1"/>' + _t(": Prisons and colonies") + "</w:p>",
    "<w:p>" + _t("See ") + _field("REF _Ref1 \\h", "Table 1") + _t(" for the number of prisons.") + "</w:p>",
    "<w:p>" + _t("Belarus holds ")
    + '<w:del w:id="20" w:author="Editor" w:date="2024-01-01T00:00:00Z">'
    + "<w:r><w:delText>about </w:delText></w:r></w:del>"
    + '<w:ins w:id="21" w:author="Editor" w:date="2024-01-01T00:00:00Z">' + _t("more than ") + "</w:ins>"
    + _t("1,100 political prisoners.") + "</w:p>",
    "<w:p>" + _t("Figures come from a report ")
    + '<w:sdt><w:sdtPr><w:tag w:val="CITAVI_Json"/><w:id w:val="-1987654321"/></w:sdtPr><w:sdtContent>'
    + _t("(Viasna 2024)") + "</w:sdtContent></w:sdt>" + _t(" published in March.") + "</w:p>",
    '<w:p><w:r><w:t xml:space="preserve">The court met on Monday\nand sentenced him.</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:rPr><w:moveFrom w:id="30" w:author="Editor" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'
    '<w:moveFromRangeStart w:id="31" w:author="Editor" w:date="2024-01-01T00:00:00Z" w:name="move1"/>'
    '<w:moveFrom w:id="32" w:author="Editor" w:date="2024-01-01T00:00:00Z">' + _t("His family was not told.")
    + '</w:moveFrom><w:moveFromRangeEnd w:id="31"/></w:p>',
    "<w:p>" + _t("The lawyer appealed.") + "</w:p>",
    '<w:p><w:moveToRangeStart w:id="33" w:author="Editor" w:date="2024-01-01T00:00:00Z" w:name="move1"/>'
    '<w:moveTo w:id="34" w:author="Editor" w:date="2024-01-01T00:00:00Z">' + _t("His family was not told.")
    + '</w:moveTo><w:moveToRangeEnd w:id="33"/></w:p>',
]


def make_docx() -> bytes:
    document = docx.Document()
    commented = document.add_paragraph("The ministry ")
    run = commented.add_run("stressed the call")
    commented.add_run(" for release.")
    document.add_comment(run, text="Check the wording.", author="Editor", initials="E")
    out = io.BytesIO()
    document.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                body_end = text.index("<w:sectPr")
                text = text[:body_end] + "".join(DOCX_PARAGRAPHS) + text[body_end:]
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


ODT_CONTENT = {
    "HEADING": '<text:bookmark-start text:name="_Toc1"/>Prisons in Belarus<text:bookmark-end text:name="_Toc1"/>',
    "CAPTION": '<text:bookmark-start text:name="tab1"/>Table <text:sequence text:ref-name="refTable0" '
               'text:name="Table" text:formula="ooow:Table+1" style:num-format="1">1</text:sequence>'
               '<text:bookmark-end text:name="tab1"/>: Prisons and colonies',
    "SEE": 'See <text:bookmark-ref text:reference-format="text" text:ref-name="tab1">Table 1</text:bookmark-ref>'
           " for the number of prisons.",
    "MARK": 'The <text:reference-mark-start text:name="utc"/>United Transitional Cabinet'
            '<text:reference-mark-end text:name="utc"/> met in Warsaw.',
    "REFER": 'Members of the <text:reference-ref text:reference-format="text" text:ref-name="utc">United '
             "Transitional Cabinet</text:reference-ref> spoke to the press.",
    "COMMENT": 'The ministry <office:annotation office:name="__Annotation__0"><dc:creator>Editor</dc:creator>'
               "<dc:date>2024-01-01T00:00:00</dc:date><text:p>Check the wording.</text:p></office:annotation>"
               'stressed the call<office:annotation-end office:name="__Annotation__0"/> for release.',
    "CHANGES": 'Belarus holds <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>more '
               'than <text:change-end text:change-id="ct2"/>1,100 political prisoners.',
    "NEWLINE": "The court met on Monday\nand sentenced him.",
}
TRACKED = ('<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
           "<dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info>"
           '<text:p>about </text:p></text:deletion></text:changed-region><text:changed-region text:id="ct2">'
           "<text:insertion><office:change-info><dc:creator>Editor</dc:creator><dc:date>2024-01-01T00:00:00"
           "</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>")


def make_odt() -> bytes:
    document = odfdo.Document("text")
    body = document.body
    body.append(odfdo.Header(1, "HEADING"))
    for name in list(ODT_CONTENT)[1:]:
        body.append(odfdo.Paragraph(name))
    out = io.BytesIO()
    document.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "content.xml":
                text = data.decode("utf-8")
                for name, markup in ODT_CONTENT.items():
                    text = re.sub(rf">{name}<", lambda _, m=markup: f">{m}<", text, count=1)  # type: ignore[misc]
                text = text.replace("<office:text>", "<office:text>" + TRACKED, 1)
                if "xmlns:dc=" not in text:
                    text = text.replace("<office:document-content ",
                                        '<office:document-content xmlns:dc="http://purl.org/dc/elements/1.1/" ', 1)
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


if __name__ == "__main__":
    (HERE / "ranges.en.docx").write_bytes(make_docx())
    (HERE / "ranges.en.odt").write_bytes(make_odt())
