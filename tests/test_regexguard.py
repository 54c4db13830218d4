"""Regular expressions written by users are compiled through one guard: no pattern costs minutes of CPU.

Python's `re` needs minutes for `(a+)+$` on 34 a's and a mismatch, and cannot be stopped; the guard's engine
(the `regex` module) answers it at once, and a pattern it cannot defuse (`(a|aa)+$`) is refused with the file,
line and key it was written at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import CleanupConfig, load_config
from pipeline.documents.cleanup import clean_lines
from pipeline.errors import TolmachError
from pipeline.glossary import load_glossary
from pipeline.glossary.match import Matcher
from pipeline.regexguard import Origin, UserPattern, compile_user_pattern

NESTED = "(a+)+$"  # catastrophic for re; the regex module defuses it
OVERLAPPING = "(a|aa)+$"  # catastrophic for every backtracking engine
A34 = "a" * 34 + "!"


def glossary_file(tmp_path: Path, pattern: str) -> Path:
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - id: utc\n    en:\n      preferred: [UTC]\n"
                    f"      exclude: ['{pattern}']\n", encoding="utf-8")
    return path


def test_a_nested_repeat_against_34_as_is_answered_at_once() -> None:
    pattern = compile_user_pattern(NESTED, Origin("en.exclude"))
    assert pattern.search(A34) is None
    assert pattern.search("a" * 34) is not None


def test_a_backtracking_pattern_is_stopped_by_the_timeout_and_named() -> None:
    pattern = UserPattern(OVERLAPPING, Origin("en.exclude", "glossary/x.yaml", 7))  # not probed: as if it passed
    with pytest.raises(TolmachError) as caught:
        pattern.search(A34)
    assert (caught.value.path, caught.value.line) == ("glossary/x.yaml", 7)
    assert "en.exclude" in caught.value.message and "backtracks catastrophically" in str(caught.value)


def test_a_backtracking_pattern_is_refused_when_compiled_by_its_probe() -> None:
    with pytest.raises(TolmachError, match="took over"):
        compile_user_pattern(OVERLAPPING, Origin("cleanup.boilerplate"))


def test_an_invalid_pattern_is_refused_with_its_key() -> None:
    with pytest.raises(TolmachError, match=r"invalid regex '\(a' in en.exclude"):
        compile_user_pattern("(a", Origin("en.exclude"))


def test_patterns_keep_re_semantics_for_cyrillic_words() -> None:
    pattern = compile_user_pattern(r"\bЛатушк\w*", Origin("ru.exclude"), ignore_case=True)
    match = pattern.search("Сказал латушко.")
    assert match is not None and match.group(0) == "латушко"


def test_a_glossary_exclude_that_backtracks_is_refused_at_its_line(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = glossary_file(tmp_path, OVERLAPPING)
    assert main(["glossary", "lint", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"tolmach: {path}:5: error: regex '(a|aa)+$' in en.exclude took over")
    assert len(err.splitlines()) == 1


def test_a_glossary_exclude_with_a_nested_repeat_matches_34_as_quickly(tmp_path: Path) -> None:
    matcher = Matcher(load_glossary(glossary_file(tmp_path, NESTED)), "en")
    assert [h.concept for h in matcher.find(f"{A34} UTC")] == ["utc"]


def test_a_cleanup_rule_with_a_nested_repeat_removes_the_line_of_34_as() -> None:
    lines, removed = clean_lines(f"Keep me.\n{'a' * 34}\n{A34}\n", CleanupConfig(boilerplate=("^(a+)+$",)))
    assert [line.text for line in lines] == ["Keep me.", A34]
    assert [(r.line, r.kind) for r in removed] == [(2, "boilerplate")]


def test_a_cleanup_rule_that_backtracks_is_a_settings_error(tmp_path: Path) -> None:
    (tmp_path / "tolmach.toml").write_text(f"[cleanup]\nboilerplate = ['^{OVERLAPPING}']\n", encoding="utf-8")
    with pytest.raises(TolmachError) as caught:
        load_config(tmp_path)
    assert caught.value.path == str(tmp_path / "tolmach.toml")
    assert "[cleanup] boilerplate" in caught.value.message
