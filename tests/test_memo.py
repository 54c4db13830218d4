"""pipeline/memo.py: what one run computed is there for the next; a memo that cannot be kept is none."""

from __future__ import annotations

from pathlib import Path

from pipeline.memo import Memo


def test_values_saved_by_one_run_are_read_by_the_next(tmp_path: Path) -> None:
    first = Memo(tmp_path / "folder" / "memo.sqlite3")
    assert first.get("a") is None
    first.put("a", "1")
    first.put("b", "")
    assert first.save()
    later = Memo(tmp_path / "folder" / "memo.sqlite3")
    assert (later.get("a"), later.get("b"), later.get("c")) == ("1", "", None)


def test_a_parallel_run_adding_the_same_keys_loses_nothing(tmp_path: Path) -> None:
    one, two = Memo(tmp_path / "memo.sqlite3"), Memo(tmp_path / "memo.sqlite3")
    one.put("a", "1")
    two.put("a", "1")
    two.put("b", "2")
    assert one.save() and two.save()
    assert (Memo(tmp_path / "memo.sqlite3").get("a"), Memo(tmp_path / "memo.sqlite3").get("b")) == ("1", "2")


def test_new_values_are_bounded_per_run(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "memo.sqlite3", max_new=2)
    for key in "abc":
        memo.put(key, key)
    memo.save()
    assert [Memo(tmp_path / "memo.sqlite3").get(k) for k in "abc"] == ["a", "b", None]


def test_a_memo_that_cannot_be_written_or_read_is_none(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    memo = Memo(tmp_path / "file" / "memo.sqlite3")
    memo.put("a", "1")
    assert not memo.save()
    assert memo.get("a") is None
    (tmp_path / "garbage.sqlite3").write_bytes(b"not a database at all" * 100)
    assert Memo(tmp_path / "garbage.sqlite3").get("a") is None
