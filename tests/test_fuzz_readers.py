"""Every reader of outside files, fuzzed: broken PO, XLIFF, TMX, TBX, YAML glossaries, docx, odt, srt, vtt,
HTML and Markdown either read or raise TolmachError (one line, exit 2) — never another exception.

Hypothesis mutates a real file of each format: bytes flipped, cut, repeated or inserted, and for the zip
formats the XML inside the package as well. The inputs stay small, so time and memory stay bounded; the
hostile cases that need size (nesting bombs, billion-form headers) are in tests/test_hostile.py.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import TolmachError

EXAMPLES = REPO / "examples"
FUZZ = settings(max_examples=int(os.environ.get("TOLMACH_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Text that readers treat specially: markup, escapes, entities, control codes, long runs, odd Unicode.
NASTY = [b"<", b">", b"&", b"&#0;", b"&amp;", b"\"", b"\\", b"\\x", b"\n", b"\r", b"\x00", b"\x07", b"\x1b",
         b"\xff", b"\xc3", b"\xef\xbb\xbf", b"]]>", b"<!DOCTYPE x [<!ENTITY a \"b\">]>", b"<g id=\"1\">",
         b"</g>", b"msgid ", b"msgstr[99999999999] ", b"#~ ", b"#| ", b"nplurals=99999999;", b"-->", b"WEBVTT",
         b"00:00:01,000 --> ", b"- ", b"> ", b"```", b"*", b"[", b"](", b"{", b"}", b": ", b"- id: ", b"&a;",
         "\u2028".encode(), "\ud7ff".encode(), b"\xed\xa0\x80", b"0" * 40, b"x" * 300]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with one to four mutations: a byte flipped, a slice cut, repeated or replaced by nasty bytes."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if kind == "flip" and data:
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[where:where + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[where:where] = data[where:where + draw(st.integers(1, 64))] * draw(st.integers(1, 8))
        elif kind == "insert":
            data[where:where] = draw(st.sampled_from(NASTY)) if draw(st.booleans()) else draw(st.binary(max_size=16))
        else:
            del data[where:]
    return bytes(data)


def only_tolmach_errors(read: Callable[[], object]) -> None:
    """The reader succeeds or says TolmachError; anything else (a traceback for the user) fails the test."""
    try:
        read()
    except TolmachError as exc:
        assert str(exc).strip() and "\n" not in exc.message, exc


def seed(path: Path, size: int = 6000) -> bytes:
    """The start of a real file (a few kilobytes keep each example fast)."""
    return path.read_bytes()[:size]


# --- gettext ---------------------------------------------------------------------------------------------------

_BLEACHBIT = (REPO / "tests" / "data" / "gettext" / "bleachbit" / "pl.po").read_bytes()
PO_SEED = _BLEACHBIT[:_BLEACHBIT.rindex(b"\n\n", 0, 4000) + 1] + (
    b'\n#, c-format\nmsgctxt "ctx"\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d plik"\n'
    b'msgstr[1] "%d pliki"\nmsgstr[2] "%d plik\\303\\263w \\a \\033"\n\n#~ msgid "old"\n#~ msgstr "stary"\n')


@FUZZ
@given(mutated(PO_SEED))
def test_po_reader(tmp_path: Path, data: bytes) -> None:
    from pipeline.po import read

    only_tolmach_errors(lambda: read.parse(data, tmp_path / "x.po"))
    only_tolmach_errors(lambda: read.parse_for_check(data, tmp_path / "x.po"))


# --- interchange -------------------------------------------------------------------------------------------------

def _xliff_seed(version: str) -> bytes:
    from pipeline import xliff

    po = polib.pofile(PO_SEED.decode("utf-8", "replace"))
    po.append(polib.POEntry(msgid="<g1>Bold</g1> and <x2/>", msgstr="<g1>Pogrubione</g1> i <x2/>"))
    return xliff.export([xliff.Catalog("story", po)], "en", "pl", version)


@FUZZ
@given(st.sampled_from(["1.2", "2.0"]).flatmap(lambda v: mutated(_xliff_seed(v))))
def test_xliff_reader(tmp_path: Path, data: bytes) -> None:
    from pipeline import xliff

    def read_and_apply() -> None:
        _, units = xliff.read(tmp_path / "x.xlf", data)
        xliff.apply(polib.pofile(PO_SEED.decode("utf-8", "replace")), units)

    only_tolmach_errors(read_and_apply)


TMX_SEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x"
 creationtool="x" creationtoolversion="1"/><body>
<tu tuid="1" creationdate="20240101T000000Z"><prop type="x-tolmach-origin">human</prop>
<tuv xml:lang="en"><seg>The <hi>court</hi> ruled.<ph>&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="pl-PL"><seg>S\xc4\x85d orzek\xc5\x82.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="ru"><seg>\xd0\x94\xd0\xb2\xd0\xb0.</seg></tuv></tu>
</body></tmx>
"""


@FUZZ
@given(mutated(TMX_SEED))
def test_tmx_reader(tmp_path: Path, data: bytes) -> None:
    from pipeline.tmx import parse_tmx

    path = tmp_path / "x.tmx"
    path.write_bytes(data)
    only_tolmach_errors(lambda: list(parse_tmx(path)))


TBX_SEEDS = sorted((REPO / "tests" / "data" / "glossary" / "tbx").glob("*.tbx"))


@FUZZ
@given(st.sampled_from(TBX_SEEDS).flatmap(lambda p: mutated(seed(p))))
def test_tbx_reader(tmp_path: Path, data: bytes) -> None:
    from pipeline.glossary.tbx import read_tbx

    path = tmp_path / "x.tbx"
    path.write_bytes(data)
    only_tolmach_errors(lambda: read_tbx(path))


YAML_SEEDS = sorted((REPO / "glossary").glob("*.yaml"))


@FUZZ
@given(st.sampled_from(YAML_SEEDS).flatmap(lambda p: mutated(seed(p, 3000))))
def test_yaml_glossary_reader(tmp_path: Path, data: bytes) -> None:
    from pipeline.glossary.load import load_path

    (tmp_path / "g").mkdir(exist_ok=True)
    path = tmp_path / "g" / "x.yaml"
    path.write_bytes(data)
    only_tolmach_errors(lambda: load_path(tmp_path / "g"))


def test_a_yaml_glossary_of_aliases_is_no_bomb(tmp_path: Path) -> None:
    """The billion laughs in YAML: nine levels of nine aliases each."""
    from pipeline.glossary.load import load_path

    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nconcepts: *a9\n", encoding="utf-8")
    only_tolmach_errors(lambda: load_path(tmp_path))


# --- documents ---------------------------------------------------------------------------------------------------

TEXT_SEEDS = {ext: EXAMPLES / f"belarus-political-prisoners-{ext}.en.{ext}" for ext in ("srt", "vtt", "html", "md")}


def _read_and_segment(path: Path, data: bytes) -> None:
    from pipeline.documents import reader_for
    from pipeline.documents.base import ReadOptions
    from pipeline.segment import segment_units

    segment_units(reader_for(path).read(path, data, ReadOptions(languages=("pl", "ru"))), "en")


@FUZZ
@given(st.sampled_from(sorted(TEXT_SEEDS)).flatmap(lambda ext: st.tuples(st.just(ext),
                                                                           mutated(seed(TEXT_SEEDS[ext])))))
def test_text_document_readers(tmp_path: Path, case: tuple[str, bytes]) -> None:
    ext, data = case
    only_tolmach_errors(lambda: _read_and_segment(tmp_path / f"x.en.{ext}", data))


OFFICE = {"docx": ("belarus-political-prisoners-docx.en.docx", "word/document.xml"),
          "odt": ("belarus-political-prisoners-odt.en.odt", "content.xml")}


def _with_part(package: bytes, part: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info.filename))
    return out.getvalue()


@st.composite
def office_files(draw: st.DrawFn) -> tuple[str, bytes]:
    ext = draw(st.sampled_from(sorted(OFFICE)))
    name, part = OFFICE[ext]
    package = (EXAMPLES / name).read_bytes()
    if draw(st.booleans()):  # the XML inside, where the readers do their work
        with zipfile.ZipFile(io.BytesIO(package)) as z:
            xml = z.read(part)
        return ext, _with_part(package, part, draw(mutated(xml)))
    return ext, draw(mutated(package))  # the zip itself


@FUZZ
@given(office_files())
def test_office_document_readers(tmp_path: Path, case: tuple[str, bytes]) -> None:
    ext, data = case
    only_tolmach_errors(lambda: _read_and_segment(tmp_path / f"x.en.{ext}", data))


@pytest.mark.parametrize("ext", sorted([*TEXT_SEEDS, *OFFICE]))
def test_every_seed_reads_as_it_is(ext: str, tmp_path: Path) -> None:
    """The fuzzing starts from files that read: a mutation is what breaks them."""
    path = EXAMPLES / (OFFICE[ext][0] if ext in OFFICE else TEXT_SEEDS[ext].name)
    _read_and_segment(tmp_path / f"x.en.{ext}", path.read_bytes())
