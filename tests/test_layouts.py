"""Catalog layouts: locales/<lang>/LC_MESSAGES/<doc>.po (the default) and the flat po/<lang>.po beside its
template that software projects use; update, check and report understand both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.po import layouts, read

DATA = Path(__file__).parent / "data" / "gettext" / "bleachbit"


@pytest.fixture
def flat_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BleachBit as it keeps its catalogs: po/bleachbit.pot, po/pl.po, po/ru.po (no Language header)."""
    (tmp_path / "po").mkdir()
    for name in ("bleachbit.pot", "pl.po", "ru.po"):
        shutil.copy(DATA / name, tmp_path / "po" / name)
    (tmp_path / "tolmach.toml").write_text('languages = ["pl", "ru", "uk"]\nlocales_dir = "po"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_update_merges_and_creates_catalogs_beside_the_template(flat_project: Path) -> None:
    assert main(["update"]) == 0
    po = flat_project / "po"
    assert sorted(p.name for p in po.iterdir()) == ["bleachbit.pot", "pl.po", "ru.po", "uk.po"]
    ru = read.load(po / "ru.po")
    assert layouts.language_of(ru, po / "ru.po") == "ru"
    assert next(e for e in ru if e.msgctxt == "column_label" and e.msgid == "Delete").msgstr == "Удалить"
    assert read.load(po / "uk.po").metadata["Plural-Forms"].startswith("nplurals=3")


def test_check_and_report_read_the_flat_layout(flat_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "po"]) == 1  # pl has a real error: a stray "}" after %(fstype)s
    assert "po/pl.po" in capsys.readouterr().out
    assert main(["report", "--lang", "pl,ru", "-o", "review.html"]) == 0
    html = (flat_project / "review.html").read_text(encoding="utf-8")
    assert "column_label" in html and "Pozostało około %d minut." in html


def test_the_language_comes_from_the_header_else_the_path(tmp_path: Path) -> None:
    po = read.parse(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', Path("x.po"))
    assert layouts.language_of(po, Path("po/pt_BR.po")) == "pt_BR"  # a region Babel knows: its own data
    assert layouts.language_of(po, Path("locales/be/LC_MESSAGES/doc.po")) == "be"
    assert layouts.language_of(po, Path("locales/be@tarask/LC_MESSAGES/doc.po")) == "be@tarask"
    assert layouts.language_of(po, Path("sphinx/locale/sr@latin/LC_MESSAGES/sphinx.po")) == "sr@latin"
    with pytest.raises(TolmachError, match="cannot tell the target language"):
        layouts.language_of(po, Path("po/messages.po"))
    po.metadata["Language"] = "uk_UA"
    assert layouts.language_of(po, Path("po/messages.po")) == "uk"  # a region of a language with a module
    po.metadata["Language"] = "be-tarask"
    assert layouts.language_of(po, Path("po/messages.po")) == "be@tarask"


def test_layout_is_detected_and_can_be_set(tmp_path: Path) -> None:
    assert layouts.Paths.detect(tmp_path).layout == "lc_messages"
    (tmp_path / "app.pot").write_text("", encoding="utf-8")
    flat = layouts.Paths.detect(tmp_path)
    assert (flat.layout, flat.catalog("app", "uk")) == ("flat", tmp_path / "uk.po")
    assert layouts.Paths.detect(tmp_path, "lc_messages").catalog("app", "uk") == tmp_path / "uk/LC_MESSAGES/app.po"


def test_a_flat_folder_with_two_templates_is_refused(flat_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(flat_project / "po" / "bleachbit.pot", flat_project / "po" / "other.pot")
    assert main(["update"]) == 2
    assert "2 templates in a flat layout" in capsys.readouterr().err
