"""Regular expressions written by users are compiled through one guard: no pattern costs minutes of CPU.

Python's `re` needs minutes for `(a+)+$` on 34 a's and a mismatch, and cannot be stopped. The guard refuses
such a pattern as it is loaded, naming the file, line and key it was written at; a pattern that slips past
the load-time probes is stopped by the timeout of the match that would have run away.
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

NESTED = "(a+)+$"  # the issue's pattern: catastrophic for re
A34 = "a" * 34 + "!"


def glossary_file(tmp_path: Path, pattern: str) -> Path:
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - id: utc\n    en:\n      preferred: [UTC]\n"
                    f"      exclude: ['{pattern}']\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", [NESTED, "(a|aa)+$", "(a*)*$", r"(\w+\s?)*$"])
def test_a_backtracking_pattern_is_refused_as_it_is_loaded(pattern: str) -> None:
    with pytest.raises(TolmachError) as caught:
        compile_user_pattern(pattern, Origin("en.exclude", "glossary/x.yaml", 7))
    assert (caught.value.path, caught.value.line) == ("glossary/x.yaml", 7)
    assert f"regex {pattern!r} in en.exclude took over 0.25 s on a test string" in caught.value.message
    assert "backtracks catastrophically" in str(caught.value)


@pytest.mark.parametrize("pattern", [r"\d{1,2}[:.]\d{2}\s*UTC", r"^top of page$", r"^\s*(Source|Photo):.*$",
                                     r"\w+\s+\w+\s+\w+", r"(\d+[.,]?)+ (mln|bn)", r"\bЛатушк\w*"])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert compile_user_pattern(pattern, Origin("en.exclude"), ignore_case=True).pattern == pattern


def test_a_match_that_runs_away_is_stopped_by_the_timeout_and_named() -> None:
    pattern = UserPattern("(a|aa)+$", Origin("en.exclude", "glossary/x.yaml", 7))  # as if it passed the probes
    with pytest.raises(TolmachError) as caught:
        pattern.search(A34)
    assert (caught.value.path, caught.value.line) == ("glossary/x.yaml", 7)
    assert "on a text of 35 characters" in caught.value.message


@pytest.mark.parametrize("pattern", ["a{4294967294}", "(?:x{65535}){65535}", "a{" + "9" * 5000 + "}"])
def test_a_repeat_count_that_would_take_forever_to_compile_is_refused_unread(pattern: str) -> None:
    """The regex module unrolls counted repeats as it compiles, and no timeout covers compiling."""
    with pytest.raises(TolmachError) as caught:
        compile_user_pattern(pattern, Origin("en.exclude"))
    assert "repeats too much" in caught.value.message and len(caught.value.message) < 300


@pytest.mark.parametrize("pattern", [r"\d{4}-\d{2}-\d{2}", r"\w{3,20}", r"a{1,100000}", r"\{99999999\}"])
def test_ordinary_counted_repeats_pass(pattern: str) -> None:
    assert compile_user_pattern(pattern, Origin("en.exclude")).pattern == pattern


def test_an_invalid_pattern_is_refused_with_its_key() -> None:
    with pytest.raises(TolmachError, match=r"invalid regex '\(a' in en.exclude"):
        compile_user_pattern("(a", Origin("en.exclude"))


def test_patterns_keep_re_semantics_for_cyrillic_words() -> None:
    pattern = compile_user_pattern(r"\bЛатушк\w*", Origin("ru.exclude"), ignore_case=True)
    match = pattern.search("Сказал латушко.")
    assert match is not None and match.group(0) == "латушко"


def test_a_glossary_exclude_that_backtracks_is_one_line_at_its_line(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = glossary_file(tmp_path, NESTED)
    assert main(["glossary", "lint", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"tolmach: {path}:5: error: regex '(a+)+$' in en.exclude took over 0.25 s")
    assert len(err.splitlines()) == 1


def test_glossary_excludes_still_drop_the_hits_they_cover(tmp_path: Path) -> None:
    matcher = Matcher(load_glossary(glossary_file(tmp_path, r"\d{1,2}[:.]\d{2}\s*UTC")), "en")
    assert [h.text for h in matcher.find("At 14:00 UTC the UTC met.")] == ["UTC"]


def test_a_cleanup_rule_that_backtracks_is_a_settings_error_before_any_document_is_read(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "doc.en.txt").write_text(f"A sentence.\n{A34}\n", encoding="utf-8")
    (project / "tolmach.toml").write_text(f"[cleanup]\nboilerplate = ['{NESTED}']\n", encoding="utf-8")
    with pytest.raises(TolmachError) as caught:
        load_config(project)
    assert caught.value.path == str(project / "tolmach.toml") and "[cleanup] boilerplate" in caught.value.message
    assert main(["translate", "doc.en.txt", "--to", "pl", "--no-mt"]) == 2
    assert capsys.readouterr().err.startswith(f"tolmach: {project / 'tolmach.toml'}:2: error: ")
    assert not (project / "locales").exists()


def test_the_anchored_rule_of_the_issue_removes_a_line_of_34_as_at_once(project: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`^(a+)+$` took re minutes on 34 a's and a mismatch; anchored, the regex module needs microseconds."""
    (project / "doc.en.txt").write_text(f"A sentence.\n{'a' * 34}\n{A34}\n", encoding="utf-8")
    (project / "tolmach.toml").write_text(f"[cleanup]\nboilerplate = ['^{NESTED}']\n", encoding="utf-8")
    assert main(["extract", "doc.en.txt"]) == 0
    assert f"doc.en.txt:2: cleanup: removed boilerplate: {'a' * 34}" in capsys.readouterr().err


def test_cleanup_compiles_its_rules_through_the_guard() -> None:
    with pytest.raises(TolmachError, match="boilerplate"):
        clean_lines(f"{A34}\n", CleanupConfig(boilerplate=(NESTED,)))
