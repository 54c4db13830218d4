"""Reading documents and writing files: clear refusals, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import TolmachError
from pipeline.fileio import atomic_write_text, read_text


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.po"
    target.write_text("translator's work\n", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "half")
    assert target.read_text(encoding="utf-8") == "translator's work\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]


def test_unchanged_content_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    assert atomic_write_text(target, "one") is True
    mtime = target.stat().st_mtime_ns
    assert atomic_write_text(target, "one") is False
    assert target.stat().st_mtime_ns == mtime


def test_utf8_bom_is_dropped_and_other_encodings_are_guessed(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfHello")
    assert read_text(bom).text == "Hello"
    cyr = tmp_path / "cp1251.txt"
    cyr.write_bytes("Палітычныя вязні ў Беларусі застаюцца за кратамі.".encode("cp1251"))
    decoded = read_text(cyr)
    assert decoded.guessed and "вязні" in decoded.text
    with pytest.raises(TolmachError, match="not valid UTF-8"):
        read_text(cyr, allow_guess=False)
