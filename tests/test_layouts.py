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
    assert layouts.Paths.detect(tmp_path).layout == "tolmach"
    po = tmp_path / "po"
    po.mkdir()
    (po / "app.pot").write_text("", encoding="utf-8")
    flat = layouts.Paths.detect(po)  # GNU projects keep their one template in po/
    assert (flat.layout, flat.catalog("app", "uk")) == ("flat", po / "uk.po")
    assert layouts.Paths.detect(po, "lc_messages").catalog("app", "uk") == po / "uk/LC_MESSAGES/app.po"
    (tmp_path / "app.pot").write_text("", encoding="utf-8")
    babel = layouts.Paths.detect(tmp_path)  # pybabel's `locale/` with a template and no catalog yet
    assert (babel.layout, babel.catalog("app", "uk")) == ("babel", tmp_path / "uk/LC_MESSAGES/app.po")


def sphinx_like(root: Path, lang_folder: str = "pl") -> Path:
    """What pybabel and Sphinx keep: locale/sphinx.pot and locale/<lang>/LC_MESSAGES/sphinx.po."""
    (root / "locale" / lang_folder / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(DATA / "bleachbit.pot", root / "locale" / "sphinx.pot")
    shutil.copy(DATA / "pl.po", root / "locale" / lang_folder / "LC_MESSAGES" / "sphinx.po")
    (root / "tolmach.toml").write_text('languages = ["pl"]\nlocales_dir = "locale"\n', encoding="utf-8")
    return root / "locale" / lang_folder / "LC_MESSAGES" / "sphinx.po"


@pytest.mark.parametrize("lang_folder", ["pl", "pl_PL"])
def test_the_pybabel_layout_is_updated_in_place(tmp_path: Path, lang_folder: str) -> None:
    catalog = sphinx_like(tmp_path, lang_folder)
    translations = {e.msgstr for e in read.load(catalog) if e.msgstr}
    assert main(["-C", str(tmp_path), "update"]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.po")) == [
        f"locale/{lang_folder}/LC_MESSAGES/sphinx.po"]
    assert translations <= {e.msgstr for e in read.load(catalog) if e.msgstr}  # every translation kept


def test_a_folder_with_both_kinds_of_catalog_is_refused_in_one_line(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    sphinx_like(tmp_path)
    shutil.copy(DATA / "ru.po", tmp_path / "locale" / "ru.po")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.po")}
    assert main(["-C", str(tmp_path), "update"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "locale/ru.po" in err and "locale/pl/LC_MESSAGES/sphinx.po" in err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.po")} == before


def test_two_catalogs_that_could_serve_a_language_are_refused(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    sphinx_like(tmp_path, "pl_PL")
    sphinx_like(tmp_path, "pl_BE")
    assert main(["-C", str(tmp_path), "update"]) == 2
    err = capsys.readouterr().err
    assert "pl_BE" in err and "pl_PL" in err


def test_a_django_project_updates_from_a_reference_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """makemessages writes no template: the source language's catalog (or --template PATH) stands in."""
    locale = tmp_path / "locale"
    for lang, name in (("pl", "pl.po"), ("ru", "ru.po")):
        (locale / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(DATA / name, locale / lang / "LC_MESSAGES" / "django.po")
    (tmp_path / "tolmach.toml").write_text('languages = ["pl", "ru"]\nlocales_dir = "locale"\n', encoding="utf-8")
    assert main(["-C", str(tmp_path), "update"]) == 2
    assert "update --template" in capsys.readouterr().err
    (tmp_path / "ref").mkdir()
    shutil.copy(DATA / "bleachbit.pot", tmp_path / "ref" / "other.po")
    assert main(["-C", str(tmp_path), "update", "--template", "ref/other.po"]) == 2  # would be second catalogs
    assert "no catalog is named after the template" in capsys.readouterr().err
    shutil.copy(DATA / "bleachbit.pot", tmp_path / "ref" / "django.po")
    assert main(["-C", str(tmp_path), "update", "--template", "ref/django.po"]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "locale").rglob("*.po")) == [
        "locale/pl/LC_MESSAGES/django.po", "locale/ru/LC_MESSAGES/django.po"]
    (locale / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(DATA / "bleachbit.pot", locale / "en" / "LC_MESSAGES" / "django.po")
    before = (locale / "en" / "LC_MESSAGES" / "django.po").read_bytes()
    assert main(["-C", str(tmp_path), "update"]) == 0  # the source language's catalog is the template
    assert (locale / "en" / "LC_MESSAGES" / "django.po").read_bytes() == before


def test_a_flat_folder_with_two_templates_is_refused(flat_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(flat_project / "po" / "bleachbit.pot", flat_project / "po" / "other.pot")
    assert main(["update"]) == 2
    assert "2 templates in a flat layout" in capsys.readouterr().err
