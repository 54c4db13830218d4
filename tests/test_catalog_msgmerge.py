"""`tolmach update` against GNU `msgmerge --previous` on real catalogs (BleachBit pl/ru/be, tests/data/gettext).

Nothing msgmerge keeps is lost — active or obsolete, with contexts and plural forms; every written catalog
passes `msgfmt --check`; a second update changes no byte.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from msgmerge_diff import differences, msgmerge

from pipeline.cli import main
from pipeline.po import merge, read

DATA = Path(__file__).parent / "data" / "gettext" / "bleachbit"
LANGS = ("pl", "ru", "be")

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")


@pytest.fixture
def software_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """BleachBit's template and catalogs in tolmach's default layout."""
    (tmp_path / "locales" / "templates").mkdir(parents=True)
    shutil.copy(DATA / "bleachbit.pot", tmp_path / "locales" / "templates" / "bleachbit.pot")
    for lang in LANGS:
        target = tmp_path / "locales" / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(DATA / f"{lang}.po", target / "bleachbit.po")
    (tmp_path / "tolmach.toml").write_text('languages = ["pl", "ru", "be"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("lang", LANGS)
def test_update_keeps_everything_msgmerge_keeps(lang: str, tmp_path: Path) -> None:
    expected = msgmerge(DATA / f"{lang}.po", DATA / "bleachbit.pot", tmp_path / "msgmerge.po")
    merged = merge.update(read.load(DATA / "bleachbit.pot"), read.load(DATA / f"{lang}.po"), lang)
    assert differences(expected, merged) == []


def test_update_on_real_catalogs_writes_valid_stable_files(software_project: Path) -> None:
    assert main(["update"]) == 0
    paths = [software_project / "locales" / lang / "LC_MESSAGES" / "bleachbit.po" for lang in LANGS]
    for path in paths:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    first = [p.read_bytes() for p in paths]
    assert main(["update"]) == 0
    assert [p.read_bytes() for p in paths] == first


def test_entries_that_differ_only_by_context_keep_their_own_translations(software_project: Path) -> None:
    assert main(["update", "--lang", "ru"]) == 0
    po = read.load(software_project / "locales" / "ru" / "LC_MESSAGES" / "bleachbit.po")
    deletes = {e.msgctxt: (e.msgstr, e.fuzzy) for e in po if e.msgid == "Delete" and not e.obsolete}
    assert deletes == {None: ("Удалить", False), "column_label": ("Удалить", False)}
    plural = next(e for e in read.load(software_project / "locales" / "pl" / "LC_MESSAGES" / "bleachbit.po")
                  if e.msgid_plural)
    assert plural.msgstr_plural[2] == "Pozostało około %d minut." and "python-format" in plural.flags
