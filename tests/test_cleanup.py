"""Cleanup of scraped text, specified on the bundled example: what goes, what stays, what is reported."""

from __future__ import annotations

from conftest import EXAMPLE

from pipeline.config import CleanupConfig
from pipeline.documents.cleanup import clean_lines

SOURCE = EXAMPLE.read_text(encoding="utf-8")
CAPTION = "Pavel Latushko Source: PAP (Photo by Albert Zawada)"


def cleaned(config: CleanupConfig | None = None) -> tuple[str, list[tuple[int, str, str]]]:
    lines, removed = clean_lines(SOURCE, config or CleanupConfig())
    return "\n".join(line.text for line in lines), [(r.line, r.kind, r.text) for r in removed]


def test_page_boilerplate_lines_are_removed_and_reported_with_their_lines() -> None:
    text, removed = cleaned()
    assert "top of page" not in text and "bottom of page" not in text
    boilerplate = [(line, what) for line, kind, what in removed if kind == "boilerplate"]
    assert boilerplate == [(1, "top of page"), (SOURCE.count("\n") + 1, "bottom of page")]


def test_a_caption_repeated_on_the_next_line_is_kept_once_and_the_repeat_reported() -> None:
    text, removed = cleaned()
    assert text.count(CAPTION) == 1
    assert [(line, what) for line, kind, what in removed if kind == "repeated-line"] == [(7, CAPTION)]


def test_non_breaking_and_trailing_spaces_are_normalised_and_counted_per_line() -> None:
    text, removed = cleaned()
    assert "\u00a0" not in text
    assert all(line == line.rstrip(" \t") for line in text.split("\n"))
    nbsp_lines = [i for i, line in enumerate(SOURCE.split("\n"), 1) if "\u00a0" in line]
    assert [line for line, kind, _ in removed if kind == "nbsp"] == nbsp_lines


def test_typographic_quotes_and_both_spellings_of_a_name_are_left_alone() -> None:
    text, _ = cleaned()
    for mark in "“”—":
        assert text.count(mark) == SOURCE.count(mark)
    assert text.count("Latushko") == SOURCE.count("Latushko") - 1  # only the repeated caption went
    assert text.count("Latushka") == SOURCE.count("Latushka")


def test_every_other_line_is_kept_with_its_original_number() -> None:
    lines, removed = clean_lines(SOURCE, CleanupConfig())
    original = SOURCE.split("\n")
    dropped = {r.line for r in removed if r.kind in ("boilerplate", "repeated-line")}
    for line in lines:
        assert line.number not in dropped
        assert line.text == original[line.number - 1].replace("\u00a0", " ").rstrip(" \t")


def test_disabled_cleanup_changes_nothing() -> None:
    text, removed = cleaned(CleanupConfig(enabled=False))
    assert text + "\n" == SOURCE.rstrip("\n") + "\n" and removed == []


def test_each_rule_can_be_switched_off() -> None:
    off = CleanupConfig(boilerplate=(), collapse_repeated_lines=False, normalize_spaces=False)
    text, removed = cleaned(off)
    assert "top of page" in text and text.count(CAPTION) == 2 and "\u00a0" in text
    assert removed == []


def test_protected_lines_and_markdown_hard_breaks_are_kept() -> None:
    source = "same\nsame\nline with a break  \nnext line\nend \n"
    lines, removed = clean_lines(source, CleanupConfig(), protected={1, 2}, keep_hard_breaks=True)
    assert [line.text for line in lines] == ["same", "same", "line with a break  ", "next line", "end"]
    assert [(r.line, r.kind) for r in removed] == [(5, "trailing-space")]
