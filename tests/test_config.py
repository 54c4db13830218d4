"""Typed settings: every section validated once; a typo stops the run with file, line, key and a suggestion."""

from __future__ import annotations

import ast
import json
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import Config, EngineOptions, MTSettings, choices, load_config, settings_of
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


def test_engine_settings_take_their_defaults_from_the_mt_settings() -> None:
    mt = MTSettings()
    for f in fields(EngineSettings):
        assert getattr(mt, f.name) == f.default, f.name
    assert EngineSettings.of(MTSettings(beam_size=5)).beam_size == 5
    assert not set(vars(EngineSettings).get("__annotations__", {})), "EngineSettings adds no fields of its own"


def test_beam_size_walks_from_tolmach_toml_to_the_engine_through_one_default(tmp_path: Path) -> None:
    """The value in the file reaches the engine's settings and the MT signature (the header and cache key);
    without it, the one default does; and the default is written once in the whole of pipeline/."""
    from pipeline.mt.drafts import route_signature
    from pipeline.mt.routes import Route, Step

    route = Route("pl", (Step("neural", "en", "pl", "1", None, "argos en→pl 1", "argos:en-pl:1:x", "neural"),))
    for text, beam in (("[mt]\nbeam_size = 5\n", 5), ("", EngineOptions.beam_size)):
        engine = EngineSettings.of(settings(tmp_path, 'languages = ["pl"]\n' + text).mt)
        assert engine.beam_size == beam
        assert f"beam:{beam}" in str(route_signature(route, engine, None))
    assert EngineOptions.beam_size == 2
    defaults = [f"{path}:{node.lineno}" for path in PIPELINE.rglob("*.py")
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.target.id == "beam_size" and node.value is not None]
    assert defaults == [f"{PIPELINE / 'config.py'}:{_line('    beam_size: int = ')}"]


def _line(text: str) -> int:
    return next(n for n, line in enumerate((PIPELINE / "config.py").read_text().splitlines(), 1)
                if line.startswith(text))


# --- every setting is read by the stage it configures ------------------------------------------------------

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"


def _chain(node: ast.AST) -> list[str]:
    """`ws.config.report.title` -> ["ws", "config", "report", "title"] ([] for calls and subscripts)."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
    return names[::-1]


def _annotation_names(annotation: ast.expr | None) -> set[str]:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body
    if annotation is None:
        return set()
    return {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(annotation) if isinstance(n, ast.Attribute)}


def settings_read_in(trees: list[ast.Module]) -> set[str]:
    """The dotted settings ("report.title") some code reads: `<...>.report.title`, or `.title` on a name
    annotated with (or assigned from) the section, or `getattr(section, "title")`. A name's sections are
    gathered over the whole package, which errs towards "read", never towards a false alarm."""
    hints = typing.get_type_hints(Config)
    sections = {name for name, kind in hints.items() if isinstance(kind, type) and is_dataclass(kind)}
    section_of = {kind.__name__: name for name, kind in hints.items() if name in sections}
    section_of |= {"Config": "", "EngineOptions": "mt", "EngineSettings": "mt"}
    bound: dict[str, set[str]] = {"config": {""}}  # name -> the sections it may hold ("" = Config itself)
    for _ in range(3):  # assignments of assignments
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.arg | ast.AnnAssign):
                    name = node.arg if isinstance(node, ast.arg) else (_chain(node.target) or [""])[-1]
                    for kind in _annotation_names(node.annotation) & set(section_of):
                        bound.setdefault(name, set()).add(section_of[kind])
                elif isinstance(node, ast.Assign) and (value := _chain(node.value)):
                    got = {value[-1]} if value[-1] in sections else bound.get(value[-1], set())
                    for target in node.targets:
                        if got and (names := _chain(target)):
                            bound.setdefault(names[-1], set()).update(got)
                elif isinstance(node, ast.ClassDef):  # methods of EngineSettings read self.beam_size
                    for kind in {n for base in node.bases for n in _annotation_names(base)} & set(section_of):
                        bound.setdefault("self", set()).add(section_of[kind])
    reads = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                names = _chain(node)
                if len(names) < 2:
                    continue
                owner, attr = names[-2], names[-1]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                  and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
                owner, attr = (_chain(node.args[0]) or [""])[-1], str(node.args[1].value)
            else:
                continue
            for section in ({owner} & sections) | bound.get(owner, set()):
                reads.add(f"{section}.{attr}".lstrip("."))
    return reads


def test_every_setting_is_read_by_a_stage() -> None:
    """A setting nobody reads is a promise the program does not keep (`[report] title` once was one). The
    settings module itself does not count: it only parses and validates."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PIPELINE.rglob("*.py"))
             if path != PIPELINE / "config.py"]
    reads = settings_read_in(trees)
    keys = [key for key, _ in settings_of(Config())]
    assert [key for key in keys if key not in reads] == []
    # and the walk does find an unread one
    unread = ast.parse("def title(r: ReportSettings) -> str:\n    return r.output\n")
    assert "report.title" not in settings_read_in([unread]) and "report.output" in settings_read_in([unread])


def test_the_report_and_align_sections_reach_their_commands(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "tolmach.toml").write_text('languages = ["pl"]\n[report]\ntitle = "Przegląd <pl>"\n'
                                           'output = "review/pl.html"\n[align]\nlanguage_check = false\n'
                                           'tm = false\n', encoding="utf-8")
    source = tmp_path / "story.en.txt"
    english = ("The prisoners were released on Monday. They said that the conditions in the prison were very "
               "hard and that they had no news from their families for a long time.\n")
    source.write_text(english, encoding="utf-8")
    assert main(["-C", str(tmp_path), "translate", str(source), "--no-mt"]) == 0
    assert main(["-C", str(tmp_path), "report"]) == 0
    html = (tmp_path / "review/pl.html").read_text(encoding="utf-8")
    assert "<h1>Przegląd &lt;pl&gt;</h1>" in html and "<title>Przegląd &lt;pl&gt;</title>" in html
    assert main(["-C", str(tmp_path), "report", "--title", "Flag", "-o", str(tmp_path / "r.html")]) == 0
    assert "<h1>Flag</h1>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    # English is not Polish, but the language check is off and the memory is left alone
    translation = tmp_path / "story.pl.txt"
    translation.write_text(english, encoding="utf-8")
    assert main(["-C", str(tmp_path), "align", str(source), str(translation), "--lang", "pl", "--no-mt"]) == 0
    assert not (tmp_path / ".tolmach" / "tm.sqlite").exists()
    assert main(["-C", str(tmp_path), "align", str(source), str(translation), "--lang", "pl", "--no-mt",
                 "--language-check"]) == 2


def test_config_prints_each_value_with_its_origin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tolmach.toml").write_text('languages = ["pl"]\n\n[mt]\nbeam_size = 4\n', encoding="utf-8")
    assert main(["-C", str(tmp_path), "config", "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    lines = {line.split("=")[0].strip(): " ".join(line.split()) for line in out.splitlines() if "=" in line}
    assert lines["languages"] == 'languages = ["uk"] # --lang'
    assert lines["beam_size"] == f"beam_size = 4 # {tmp_path / 'tolmach.toml'}:4"
    assert lines["pivot"] == 'pivot = "apertium" # default'
    assert "[mt]" in out and "[report]" in out
    assert main(["-C", str(tmp_path), "config", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mt.beam_size"] == {"value": 4, "origin": f"{tmp_path / 'tolmach.toml'}:4"}
    assert data["languages"] == {"value": ["pl"], "origin": f"{tmp_path / 'tolmach.toml'}:1"}
    assert data["report.title"]["origin"] == "default"


def test_flag_choices_are_the_settings_choices() -> None:
    from pipeline.cli import make_parser

    parser, _ = make_parser("mt")
    args = parser.parse_args(["mt", "--device", "auto"])
    assert args.device == "auto"
    device = typing.get_type_hints(MTSettings)["device"]
    with pytest.raises(SystemExit):
        parser.parse_args(["mt", "--device", "tpu"])
    assert choices(MTSettings, "device") == typing.get_args(device)
