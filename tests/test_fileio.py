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


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "story.po"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "story.po"
    link.symlink_to(Path("shared") / "story.po")  # relative, as `ln -s` makes them
    assert atomic_write_text(link, "new\n") is True
    assert link.is_symlink() and os.readlink(link) == str(Path("shared") / "story.po")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["story.po"]  # no temporary left


def test_a_chain_of_symlinks_reaches_the_last_target(tmp_path: Path) -> None:
    target = tmp_path / "real.po"
    target.write_text("old\n", encoding="utf-8")
    (tmp_path / "one.po").symlink_to(target)
    (tmp_path / "two.po").symlink_to(tmp_path / "one.po")
    atomic_write_text(tmp_path / "two.po", "new\n")
    assert (tmp_path / "two.po").is_symlink() and (tmp_path / "one.po").is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_symlink_loop_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "a.po").symlink_to(tmp_path / "b.po")
    (tmp_path / "b.po").symlink_to(tmp_path / "a.po")
    with pytest.raises(TolmachError, match="leads back to itself"):
        atomic_write_text(tmp_path / "a.po", "new\n")
    assert (tmp_path / "a.po").is_symlink() and (tmp_path / "b.po").is_symlink()
