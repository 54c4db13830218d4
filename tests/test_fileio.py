"""Reading documents and writing files: clear refusals, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import TolmachError
from pipeline.fileio import atomic_write_many, atomic_write_text, decode_text, read_text, stamp


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


def test_files_written_together_are_each_written_unchanged_or_left_to_the_one_who_changed_them(tmp_path: Path
                                                                                           ) -> None:
    """atomic_write_many: every file synced before any is renamed; one that changed since its stamp was
    taken is left alone (None), one that already holds the bytes is not touched (False)."""
    same, theirs, new = tmp_path / "same.po", tmp_path / "theirs.po", tmp_path / "new" / "new.po"
    same.write_bytes(b"kept\n")
    theirs.write_bytes(b"read\n")
    read_stamp = stamp(theirs)
    theirs.write_bytes(b"saved by a translator meanwhile\n")
    results = atomic_write_many([(same, b"kept\n", stamp(same)), (theirs, b"ours\n", read_stamp),
                                 (new, b"made\n", None)])
    assert results == [False, None, True]
    assert theirs.read_bytes() == b"saved by a translator meanwhile\n" and new.read_bytes() == b"made\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["new", "new.po", "same.po", "theirs.po"]


def test_files_written_together_are_none_of_them_replaced_when_one_fails(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    first.write_bytes(b"a\n")
    second.write_bytes(b"b\n")
    synced: list[int] = []

    def failing_sync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_sync)
    with pytest.raises(TolmachError, match="no space left"):
        atomic_write_many([(first, b"A\n", None), (second, b"B\n", None)])
    assert (first.read_bytes(), second.read_bytes()) == (b"a\n", b"b\n")  # both synced before either is renamed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po"]


def test_unchanged_content_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    assert atomic_write_text(target, "one") is True
    mtime = target.stat().st_mtime_ns
    assert atomic_write_text(target, "one") is False
    assert target.stat().st_mtime_ns == mtime


def test_utf8_bom_is_dropped_and_other_encodings_are_guessed_from_the_projects_languages(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfHello")
    assert read_text(bom).text == "Hello"
    cyr = tmp_path / "cp1251.txt"
    cyr.write_bytes(BELARUSIAN.encode("cp1251"))
    decoded = read_text(cyr, languages=("en", "be"))
    assert decoded.guessed and decoded.text == BELARUSIAN
    with pytest.raises(TolmachError, match="not valid UTF-8"):
        read_text(cyr, allow_guess=False)


BELARUSIAN = "Палітычныя вязні ў Беларусі застаюцца за кратамі."
POLISH = "Świadkowie zeznali, że więźniowie polityczni są przetrzymywani w złych warunkach. Zażółć gęślą jaźń."
RUSSIAN = "Политические заключённые в Беларуси остаются за решёткой."
LEGACY = [  # (text, how it was saved, the document's language): the iso8859_4 / cp775 mistakes
    (POLISH, "iso8859_2", "pl"), (POLISH, "cp1250", "pl"), ("Łódź", "iso8859_2", "pl"),
    ("The café's naïve résumé was déjà vu for Zoë.", "latin_1", "en"),
    ("He said “free them” — and left… The café’s menu.", "cp1252", "en"),
    ("Pavel Latushka (Paweł Łatuszka in Polish) spoke.", "cp1250", "en"),
    (RUSSIAN, "cp1251", "ru"), (RUSSIAN, "koi8_r", "ru"), (BELARUSIAN, "cp1251", "be"),
]


@pytest.mark.parametrize(("text", "encoding", "lang"), LEGACY)
def test_legacy_encodings_of_the_projects_languages_decode_to_the_right_text(text: str, encoding: str,
                                                                           lang: str) -> None:
    languages = (lang, *[x for x in ("en", "pl", "be", "ru") if x != lang])
    decoded = decode_text(Path("a.txt"), text.encode(encoding), languages)
    assert decoded.text == text and decoded.guessed


def test_an_unclear_encoding_is_refused_with_the_candidates_and_settled_by_an_override() -> None:
    ambiguous = bytes([0xEA, 0xB6, 0xE6])  # "ęść" in ISO-8859-2, "ę¶ć" in cp1250: both read as text
    with pytest.raises(TolmachError, match=r"encoding is unclear: (cp1250, iso8859-2|iso8859-2, cp1250)") as err:
        decode_text(Path("a.txt"), ambiguous, ("pl",))
    assert "--encoding" in str(err.value)
    assert decode_text(Path("a.txt"), ambiguous, ("pl",), encoding="iso-8859-2").text == "ęść"
    with pytest.raises(TolmachError, match="unknown encoding"):
        decode_text(Path("a.txt"), ambiguous, ("pl",), encoding="klingon")


def test_a_nul_or_control_character_anywhere_is_refused_with_its_line_and_column() -> None:
    late = ("x" * 9000 + "\nsecond line: a\x00b\n").encode()
    with pytest.raises(TolmachError, match=r"a.txt:2: error: control character U\+0000 at column 15"):
        decode_text(Path("a.txt"), late)
    with pytest.raises(TolmachError, match="binary file"):
        decode_text(Path("a.txt"), b"PK\x03\x04\x00\x00")
    with pytest.raises(TolmachError, match="U\\+001B"):
        decode_text(Path("a.txt"), b"colour \x1b[31mred")
    assert decode_text(Path("a.txt"), b"tab\there\r\n").text == "tab\there\r\n"


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
