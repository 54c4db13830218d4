"""Typed settings: every section validated once; a typo stops the run with file, line, key and a suggestion."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import Config, MTSettings, load_config
from pipeline.errors import TolmachError
from pipeline.mt.engines import EngineSettings


def settings(tmp_path: Path, text: str) -> Config:
    (tmp_path / "tolmach.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def refused(tmp_path: Path, text: str) -> TolmachError:
    with pytest.raises(TolmachError) as info:
        settings(tmp_path, text)
    return info.value


def test_sections_become_typed_objects(tmp_path: Path) -> None:
    config = settings(tmp_path, 'languages = ["pl"]\n[mt]\nbeam_size = 4\npivot = "argos"\ncache_dir = "c"\n'
                                '[tm]\nthreshold = 80\n[checks]\ndisable = ["numbers"]\n'
                                'severity = {"glossary-source-variant" = "error"}\n[report]\ntitle = "Review"\n')
    assert config.languages == ("pl",)
    assert config.mt.beam_size == 4 and config.mt.pivot == "argos" and config.mt.cache_dir == Path("c")
    assert config.tm.threshold == 80
    assert config.checks.disable == ("numbers",)
    assert config.checks.severity == {"glossary-source-variant": "error"}
    assert config.report.title == "Review"
    assert config.source == tmp_path / "tolmach.toml"


def test_an_unknown_key_names_file_line_key_and_the_nearest_name(tmp_path: Path) -> None:
    err = refused(tmp_path, 'languages = ["pl"]\n\n[mt]\nbeam = 9\n')
    assert err.path == str(tmp_path / "tolmach.toml") and err.line == 4
    assert "[mt] beam" in err.message and "did you mean 'beam_size'?" in str(err)


def test_pyproject_settings_are_named_as_written(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tolmach]\nsource_lang = "en"\n'
                                             '[tool.tolmach.checks]\ndisable = ["glosary-source-variant"]\n',
                                             encoding="utf-8")
    with pytest.raises(TolmachError) as info:
        load_config(tmp_path)
    assert info.value.line == 7 and "[tool.tolmach.checks] disable" in info.value.message
    assert "did you mean 'glossary-source-variant'?" in str(info.value)


@pytest.mark.parametrize(("text", "key", "hint"), [
    ("languages = 5\n", "languages", "list"),
    ('languages = ["pl", "xx"]\n', "languages", "supported"),
    ('source_lang = "xx"\n', "source_lang", "language code"),
    ('glossary = "glosary"\n', "glossary", "no such file"),
    ('[cleanup]\nboilerplate = ["(unclosed"]\n', "boilerplate", "invalid regex"),
    ('[cleanup]\nenabled = "yes"\n', "enabled", "true or false"),
    ('[mt]\npivot = "apertum"\n', "pivot", "did you mean 'apertium'?"),
    ('[mt]\nbeam_size = 0\n', "beam_size", "at least 1"),
    ('[mt]\ncompute_type = "int4"\n', "compute_type", "int8"),
    ('[tm]\nthreshold = 101\n', "threshold", "1-100"),
    ('[checks]\nseverity = {"numbers" = "fatal"}\n', "severity", "'error' or 'warning'"),
    ('[checks]\nseverity = {"nmbers" = "error"}\n', "severity", "did you mean 'numbers'?"),
    ('[report]\ntitle = 3\n', "title", "a string"),
    ('[segmnt]\n', "segmnt", "did you mean 'segment'?"),
    ('mt = 3\n', "mt", "must be a table"),
])
def test_bad_settings_name_the_key(tmp_path: Path, text: str, key: str, hint: str) -> None:
    err = refused(tmp_path, text)
    assert key in str(err) and hint in str(err)
    assert err.path == str(tmp_path / "tolmach.toml")


def test_a_glossary_folder_named_in_the_settings_must_exist_the_default_may_not(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    err = refused(tmp_path, 'glossary = "glosary"\n')
    assert err.line == 1 and "did you mean 'glossary'?" in str(err)
    assert settings(tmp_path, 'languages = ["pl"]\n').glossary == Path("glossary")
    (tmp_path / "glossary").rmdir()
    assert settings(tmp_path, 'languages = ["pl"]\n').glossary == Path("glossary")


def test_bad_settings_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tolmach.toml").write_text('[mt]\nbeam = 9\n', encoding="utf-8")
    assert main(["-C", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tolmach.toml:2: error: [mt] beam: unknown setting" in err


def test_an_unknown_only_rule_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "locales").mkdir()
    assert main(["-C", str(tmp_path), "check", "--only", "nmbers"]) == 2
    assert "did you mean 'numbers'?" in capsys.readouterr().err


def test_every_engine_setting_is_an_mt_setting_with_the_same_default() -> None:
    mt = MTSettings()
    for f in fields(EngineSettings):
        assert getattr(mt, f.name) == f.default, f.name
    assert EngineSettings.of(MTSettings(beam_size=5)).beam_size == 5
