"""Progress bars: for a person watching a terminal, never in CI, in a pipe or with --quiet."""

from __future__ import annotations

import io

import pytest

from pipeline import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _loud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    progress.set_quiet(False)


@pytest.mark.parametrize("ci, shown", [(None, True), ("false", True), ("0", True), ("true", False), ("1", False),
                                       ("yes", False)])
def test_ci_turns_bars_off_only_when_true(monkeypatch: pytest.MonkeyPatch, ci: str | None, shown: bool) -> None:
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    assert progress.enabled(Terminal()) is shown


def test_no_bar_in_a_pipe_or_when_quiet() -> None:
    assert progress.enabled(io.StringIO()) is False
    progress.set_quiet(True)
    try:
        assert progress.enabled(Terminal()) is False
    finally:
        progress.set_quiet(False)


def test_a_bar_counts_items_and_a_disabled_one_does_nothing() -> None:
    screen = Terminal()
    with progress.Progress("mt", stream=screen) as bar:
        bar.set_total(3)
        for _ in range(3):
            bar.update(1)
        assert bar.active and bar.count == 3
    assert "mt:" in screen.getvalue() and "/3" in screen.getvalue()
    with progress.Progress("mt", stream=io.StringIO()) as quiet:
        quiet.update(5)
        assert not quiet.active


def test_a_stage_that_reports_its_position_moves_the_bar_there() -> None:
    screen = Terminal()
    with progress.Progress("align", 10, stream=screen) as bar:
        bar.at(4)
        assert bar.count == 4
        bar.at(10)
        assert bar.count == 10
    assert "10/10" in screen.getvalue()


def test_the_aligner_reports_every_source_sentence_it_passes() -> None:
    from pipeline.align import align

    src = [f"Sentence number {w} is here." for w in ("one", "two", "three", "four", "five")]
    seen: list[int] = []
    align(src, list(src), progress=seen.append)
    assert seen[-1] == len(src) and seen == sorted(seen)
