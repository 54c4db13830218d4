"""TMX 1.4b: a byte-identical round trip through an empty memory, foreign files from CAT tools, and
refusal of XML that declares entities (external entities, billion laughs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.tm import TMUnit, TranslationMemory
from pipeline.tmx import parse_tmx

DATE, NEW_YEAR = "2026-01-02T03:04:05Z", "2025-12-31T23:59:59Z"
UNITS = [
    TMUnit("Minsk & <Brest>.", "Mińsk i „Brześć”.", "en", "pl", "human", True, "a.txt", DATE),
    TMUnit("Minsk & <Brest>.", "Мінск і Брэст.", "en", "be", "aligned", False, "a.txt", DATE),
    TMUnit("He said \"no\".", "Он сказал «нет».", "en", "ru", "mt-reviewed", True, "", NEW_YEAR),
]


def test_export_import_export_is_byte_identical(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "one.sqlite") as tm:
        tm.add(reversed(UNITS))
    assert main(["tm", "--tm", str(tmp_path / "one.sqlite"), "export", "-o", str(tmp_path / "one.tmx")]) == 0
    assert main(["tm", "--tm", str(tmp_path / "two.sqlite"), "import", str(tmp_path / "one.tmx")]) == 0
    assert main(["tm", "--tm", str(tmp_path / "two.sqlite"), "export", "-o", str(tmp_path / "two.tmx")]) == 0
    first, second = (tmp_path / "one.tmx").read_bytes(), (tmp_path / "two.tmx").read_bytes()
    assert first == second
    assert b'<tmx version="1.4">' in first and b"&amp; &lt;Brest&gt;" in first
    assert sorted(parse_tmx(tmp_path / "one.tmx"), key=lambda u: u.target_lang) == sorted(
        UNITS, key=lambda u: u.target_lang)


def test_export_is_valid_for_xmllint_style_parsers(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add(UNITS)
    assert main(["tm", "--tm", str(tmp_path / "tm.sqlite"), "export", "-o", str(tmp_path / "tm.tmx")]) == 0
    root = ET.parse(tmp_path / "tm.tmx").getroot()
    assert root.find("header").get("srclang") == "en"  # type: ignore[union-attr]
    assert len(root.findall("body/tu")) == 3


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6" datatype="plaintext" segtype="sentence"
          adminlang="EN-US" srclang="EN-US" o-tmf="OmegaT TMX"/>
  <body>
    <tu changedate="20250101T120000Z">
      <tuv xml:lang="EN-US"><seg>The court sentenced him.</seg></tuv>
      <tuv xml:lang="PL-PL">
        <seg>Sąd go <bpt i="1">&lt;b&gt;</bpt>skazał<ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""


def test_foreign_tmx_languages_are_normalised_and_not_reviewed_by_default(tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(FOREIGN, encoding="utf-8")
    [unit] = parse_tmx(path)
    assert (unit.source_lang, unit.target_lang, unit.origin, unit.reviewed) == ("en", "pl", "human", False)
    assert (unit.source, unit.target) == ("The court sentenced him.", "Sąd go skazał.")
    assert unit.date == "2025-01-01T12:00:00Z"
    [trusted] = parse_tmx(path, reviewed=True)
    assert trusted.reviewed


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&secret;</seg></tuv><tuv xml:lang="pl"><seg>x</seg></tuv></tu>
</body></tmx>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol4;</seg></tuv><tuv xml:lang="pl"><seg>x</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["external-entity", "billion-laughs"])
def test_entity_declarations_are_refused(tmp_path: Path, payload: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "evil.tmx"
    path.write_text(payload, encoding="utf-8")
    assert main(["tm", "--tm", str(tmp_path / "tm.sqlite"), "import", str(path)]) == 2
    assert f"{path}: error: refused unsafe XML: the file declares a DTD or entities" in capsys.readouterr().err
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert len(tm) == 0


def test_malformed_xml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n</tmx>\n', encoding="utf-8")
    with pytest.raises(TolmachError, match="not well-formed") as info:
        list(parse_tmx(path))
    assert info.value.line == 4


def test_a_non_tmx_xml_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(TolmachError, match="not a TMX file"):
        list(parse_tmx(path))
