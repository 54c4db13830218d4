"""Per document format: coverage, structure after a full translation, and time for 100 documents.

Run: python bench/documents/run.py [--documents 100]
     python bench/documents/run.py --sweep [--corpus DIR]   (real documents: see bench/documents/sweep.py)

- coverage: the words of the source (read by an independent extraction: every text node of the file, not
  tolmach's reader) that are in the template's msgids. Below 100 % means text tolmach leaves untranslated
  (or, for office files, field results and the like; see docs/documents.md).
- structure: the document built from a catalog where every msgid is "translated" (upper-cased) is read
  again; its units must be the source's units translated, and its structure counts (paragraphs, tables,
  cells, links, notes; cues and timings) those of the source as an empty catalog builds it (which for
  .docx, .odt, .srt, .vtt and .md is the source's bytes; .txt loses what cleanup removed, .html is
  re-serialised by html5lib).
- time: extract (read, segment, template) and build of N copies of the example, seconds per 100
  documents and the ratio against plain text measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.build import build  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.documents.base import PLACEHOLDER_RE  # noqa: E402
from pipeline.jobs import prepare  # noqa: E402
from pipeline.po import merge  # noqa: E402

EXAMPLES = REPO / "examples"
FILES = {"text": "belarus-political-prisoners.en.txt", "markdown": "belarus-political-prisoners-md.en.md",
         "html": "belarus-political-prisoners-html.en.html", "srt": "belarus-political-prisoners-srt.en.srt",
         "vtt": "belarus-political-prisoners-vtt.en.vtt", "docx": "belarus-political-prisoners-docx.en.docx",
         "odt": "belarus-political-prisoners-odt.en.odt"}
WORD_RE = re.compile(r"\w+")


def source_words(path: Path) -> Counter[str]:
    """Every word a reader of the file sees, by a plain extraction that knows nothing of units."""
    data = path.read_bytes()
    suffix = path.suffix
    if suffix == ".docx":
        text = _xml_text(data, lambda name: name.startswith("word/") and name.endswith(".xml")
                         and "/_rels/" not in name, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    elif suffix == ".odt":
        text = _xml_text(data, lambda name: name in ("content.xml", "styles.xml"), None)
    elif suffix == ".html":
        import html5lib

        dom = html5lib.parse(data.decode("utf-8"), namespaceHTMLElements=False)
        for tag in ("script", "style"):
            for skipped in dom.iter(tag):
                skipped.text = ""
        text = " ".join(dom.find("body").itertext())
    elif suffix in (".srt", ".vtt"):
        blocks = re.split(r"\n\n+", data.decode("utf-8"))
        text = " ".join(b.split("-->", 1)[1].split("\n", 1)[-1] for b in blocks if "-->" in b)
        text = re.sub(r"<[^>]+>", " ", text)
    else:
        text = data.decode("utf-8")
    return Counter(w.lower() for w in WORD_RE.findall(text))


def _xml_text(data: bytes, wanted: Callable[[str], bool], tag: str | None) -> str:
    pieces = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not wanted(name):
                continue
            root = etree.fromstring(z.read(name))
            if tag:
                pieces += [t.text or "" for t in root.iter(tag)]
            else:
                body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
                masters = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}master-styles")
                for scope in (body, masters):
                    if scope is not None:
                        pieces += list(scope.itertext())
    return " ".join(pieces)


def coverage(path: Path, msgids: list[str]) -> float:
    want = source_words(path)
    have: Counter[str] = Counter()
    for msgid in msgids:
        have.update(w.lower() for w in WORD_RE.findall(PLACEHOLDER_RE.sub(" ", msgid)))
    found = sum(min(count, have[word]) for word, count in want.items())
    return found / max(1, sum(want.values()))


def upper_outside_tags(msgid: str) -> str:
    tags = PLACEHOLDER_RE.findall(msgid)
    pieces = PLACEHOLDER_RE.split(msgid)
    out = pieces[0].upper()
    for tag, piece in zip(tags, pieces[1:], strict=True):
        out += tag + piece.upper()
    return out


def structure(path: Path, data: bytes) -> dict[str, int]:
    suffix = path.suffix
    if suffix == ".docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        return {"paragraphs": len(d.paragraphs), "tables": len(d.tables),
                "cells": sum(len(r.cells) for t in d.tables for r in t.rows),
                "links": len(d.element.body.findall(f".//{w}hyperlink")),
                "notes": len(d.element.body.findall(f".//{w}footnoteReference"))}
    if suffix == ".odt":
        import odfdo

        body: Any = odfdo.Document(io.BytesIO(data)).body  # odfdo's Body has get_links/get_notes untyped
        return {"paragraphs": len(body.get_paragraphs()), "headings": len(body.get_headers()),
                "tables": len(body.get_tables()), "links": len(body.get_links()), "notes": len(body.get_notes())}
    text = data.decode("utf-8")
    if suffix in (".srt", ".vtt"):
        timings = re.findall(r"^.*-->.*$", text, re.MULTILINE)
        return {"cues": len(timings), "timings": hash(tuple(timings)) & 0xFFFF}
    if suffix == ".html":
        return {tag: len(re.findall(rf"<{tag}\b", text)) for tag in ("p", "a", "li", "td", "h1", "h2", "img")}
    # plain text and Markdown: blocks and their markup (a translated sentence is not wrapped as its source was)
    return {"blocks": len(re.findall(r"\n\s*\n", text)), "headings": len(re.findall(r"^#", text, re.MULTILINE)),
            "links": text.count("]("), "list items": len(re.findall(r"^\s*[-*+] ", text, re.MULTILINE))}


def measure(fmt: str, name: str, count: int, root: Path) -> dict[str, object]:
    source = EXAMPLES / name
    folder = root / fmt
    folder.mkdir()
    config = Config(root=folder, languages=("pl",))
    copies = []
    for i in range(count):
        target = folder / name.replace(".en.", f"-{i}.en.")
        shutil.copy(source, target)
        copies.append(target)
    start = time.perf_counter()
    last = None
    for path in copies:
        last = prepare(path, config)
        build(last.doc, last.segments, None, lang="pl")
    seconds = time.perf_counter() - start
    assert last is not None
    po = merge.update(last.template, None, "pl")
    for entry in po:
        entry.msgstr = upper_outside_tags(entry.msgid)
    built, _ = build(last.doc, last.segments, po, lang="pl")
    plain, _ = build(last.doc, last.segments, None, lang="pl")  # the source as tolmach writes it back
    again, before = folder / ("again" + source.suffix), folder / ("plain" + source.suffix)
    again.write_bytes(built)
    before.write_bytes(plain)
    reread, reference = prepare(again, config), prepare(before, config)
    units_ok = [" ".join(u.text.split()) for u in reread.doc.units] == [
        " ".join(upper_outside_tags(u.text).split()) for u in reference.doc.units]
    same = structure(before, plain) == structure(again, built)
    return {"units": len(last.doc.units), "entries": len(last.template),
            "coverage": coverage(source, [e.msgid for e in last.template]),
            "structure": "equal" if same and units_ok else "DIFFERENT", "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--sweep", action="store_true",
                        help="instead: real documents from well-kept libraries' sdists (bench/documents/sweep.py)")
    parser.add_argument("--corpus", type=Path, default=Path.home() / ".cache" / "tolmach" / "bench-documents",
                        help="where --sweep keeps the downloaded documents")
    args = parser.parse_args()
    if args.sweep:
        from sweep import sweep  # bench/documents/sweep.py, beside this script

        sweep(args.corpus)
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = {fmt: measure(fmt, name, args.documents, Path(tmp)) for fmt, name in FILES.items()}
    base = float(results["text"]["seconds"])  # type: ignore[arg-type]
    print(f"{args.documents} documents each; time = extract (read, segment, template) + build, one process")
    print(f"{'format':<9}{'units':>6}{'entries':>8}{'coverage':>10}{'structure':>11}{'s/100 docs':>12}{'x text':>8}")
    for fmt, r in results.items():
        seconds = float(r["seconds"]) * 100 / args.documents  # type: ignore[arg-type]
        print(f"{fmt:<9}{r['units']:>6}{r['entries']:>8}{float(r['coverage']):>10.1%}{r['structure']!s:>11}"  # type: ignore[arg-type]
              f"{seconds:>12.2f}{float(r['seconds']) / base:>8.2f}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
