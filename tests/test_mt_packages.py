"""Installing argos packages: validated before anything is written, atomic, never half-installed."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.mt import packages


def contents(d: Path) -> list[str]:
    return sorted(str(p.relative_to(d)) for p in d.rglob("*")) if d.exists() else []


def rezip(src: Path, dst: Path, rename: dict[str, str] | None = None, drop: str | None = None,
          meta: dict[str, object] | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of a real package with one thing changed."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if drop and item.filename.endswith(drop):
                continue
            data = zin.read(item.filename)
            if meta is not None and item.filename.endswith("metadata.json"):
                data = json.dumps({**json.loads(data), **meta}).encode()
            name = item.filename
            for old, new in (rename or {}).items():
                name = name.replace(old, new)
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def test_install_then_argostranslate_sees_the_package(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    from argostranslate.package import get_installed_packages

    info, what = packages.install(argos_packages["en-pl"], tmp_path / "pk")
    assert what == "installed"
    assert info.label == "argos en→pl 1.0"
    [pkg] = get_installed_packages([tmp_path / "pk"])
    assert (pkg.from_code, pkg.to_code, pkg.package_version) == ("en", "pl", "1.0")
    assert [p.pair for p in packages.installed(tmp_path / "pk")] == ["en-pl"]


def test_a_target_prefix_in_the_metadata_reaches_the_engine_through_the_package(
        argos_packages: dict[str, Path], tmp_path: Path) -> None:
    """Multilingual models need a target-language token first; metadata.json is read once, at listing."""
    from pipeline.mt.engines import CTranslate2Engine, EngineSettings

    tagged = rezip(argos_packages["en-pl"], tmp_path / "tagged.argosmodel", meta={"target_prefix": "__pl__"})
    info, _ = packages.install(tagged, tmp_path / "pk")
    [listed] = packages.installed(tmp_path / "pk")
    assert info.target_prefix == listed.target_prefix == "__pl__"
    assert CTranslate2Engine(listed, EngineSettings()).target_prefix == "__pl__"


def test_installing_twice_is_a_no_op_and_a_new_version_replaces_the_old(argos_packages: dict[str, Path],
                                                                         tmp_path: Path) -> None:
    target = tmp_path / "pk"
    packages.install(argos_packages["en-pl"], target)
    assert packages.install(argos_packages["en-pl"], target)[1] == "already installed"
    newer = rezip(argos_packages["en-pl"], tmp_path / "new.argosmodel", rename={"1_0": "1_1"},
                  meta={"package_version": "1.1"})
    _, what = packages.install(newer, target)
    assert what == "replaced 1.0"
    assert [(p.pair, p.version) for p in packages.installed(target)] == [("en-pl", "1.1")]
    assert not [p for p in target.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("damage, message", [
    ("truncated", "not a readable .argosmodel"),
    ("not-zip", "not a readable .argosmodel"),
    ("dotdot", "unsafe path in archive: 'translate-en_pl-1_0/../../evil.txt'"),
    ("absolute", "unsafe path in archive: '/etc/evil'"),
    ("two-tops", "expected one top-level folder, found 2"),
    ("no-metadata", "no translate-en_pl-1_0/metadata.json"),
    ("bad-metadata", "metadata.json is not valid JSON"),
    ("no-model", "package lacks model/model.bin"),
    ("mislabelled", "named for en→pl but its metadata says en→de"),
])
def test_a_bad_package_is_refused_and_nothing_is_installed(argos_packages: dict[str, Path], tmp_path: Path,
                                                           damage: str, message: str) -> None:
    good = argos_packages["en-pl"]
    bad = tmp_path / "bad.argosmodel"
    if damage == "truncated":
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "not-zip":
        bad.write_text("hello", encoding="utf-8")
    elif damage == "dotdot":
        rezip(good, bad, extra={"translate-en_pl-1_0/../../evil.txt": b"x"})
    elif damage == "absolute":
        rezip(good, bad, extra={"/etc/evil": b"x"})
    elif damage == "two-tops":
        rezip(good, bad, extra={"other/readme.txt": b"x"})
    elif damage == "no-metadata":
        rezip(good, bad, drop="metadata.json")
    elif damage == "bad-metadata":
        rezip(good, bad, drop="metadata.json", extra={"translate-en_pl-1_0/metadata.json": b"{oops"})
    elif damage == "no-model":
        rezip(good, bad, drop="model.bin")
    elif damage == "mislabelled":
        rezip(good, bad, meta={"to_code": "de"})
    target = tmp_path / "pk"
    with pytest.raises(TolmachError) as err:
        packages.install(bad, target)
    assert message in str(err.value)
    assert str(bad) in str(err.value)
    assert contents(target) == []
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_corrupted_member_fails_its_checksum(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(argos_packages["en-pl"].read_bytes())
    with zipfile.ZipFile(argos_packages["en-pl"]) as z:
        info = z.getinfo("translate-en_pl-1_0/model/model.bin")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0xFF
    bad = tmp_path / "corrupt.argosmodel"
    bad.write_bytes(bytes(data))
    with pytest.raises(TolmachError, match=r"damaged archive|not a readable"):
        packages.install(bad, tmp_path / "pk")
    assert contents(tmp_path / "pk") == []


def test_a_package_for_another_pair_than_asked_is_refused(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(TolmachError, match="package translates en→ru, not en→pl"):
        packages.install(argos_packages["en-ru"], tmp_path / "pk", expect_pair="en-pl")
    assert contents(tmp_path / "pk") == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_packages_dir_is_a_clear_error(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(TolmachError, match="packages directory is not writable"):
            packages.install(argos_packages["en-pl"], target)
    finally:
        target.chmod(0o755)
    assert contents(target) == []


def test_an_unwritable_packages_dir_under_root_is_still_refused(argos_packages: dict[str, Path],
                                                                 tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(TolmachError, match="cannot create the packages directory"):
        packages.install(argos_packages["en-pl"], blocker / "pk")


def test_remove_and_the_cli(argos_packages: dict[str, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    pk = tmp_path / "pk"
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(pk), "install",
                 str(argos_packages["en-ru"]), str(argos_packages["ru-be"])]) == 0
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(pk), "verify"]) == 0
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(pk), "remove", "ru-be"]) == 0
    assert [p.pair for p in packages.installed(pk)] == ["en-ru"]
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(pk), "remove", "en-pl"]) == 2
    assert "no installed package 'en-pl'" in capsys.readouterr().err


def test_cli_install_of_a_bad_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.argosmodel"
    bad.write_bytes(b"PK\x03\x04broken")
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(tmp_path / "pk"), "install", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"tolmach: {bad}: error: not a readable .argosmodel")


def working(target: Path) -> list[tuple[str, str, list[str]]]:
    """Each installed package with the problems `models verify` finds (none when it translates)."""
    return [(p.pair, p.folder, packages.verify(p)) for p in packages.installed(target)]


def test_a_hidden_top_folder_is_refused_before_anything_is_touched(argos_packages: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "pk"
    packages.install(argos_packages["en-pl"], target)
    before = contents(target)
    hidden = rezip(argos_packages["en-pl"], tmp_path / "h.argosmodel", rename={"translate-en_pl-1_0": ".sneaky"},
                   meta={"package_version": "2.0"})
    with pytest.raises(TolmachError, match=r"package folder '\.sneaky' is hidden"):
        packages.install(hidden, target)
    assert contents(target) == before
    assert working(target) == [("en-pl", "translate-en_pl-1_0", [])]


def test_a_folder_colliding_with_another_installed_package_changes_nothing(argos_packages: dict[str, Path],
                                                                           tmp_path: Path) -> None:
    """The new en-ru package's folder is the one the installed en-pl lives in: refused, both kept."""
    target = tmp_path / "pk"
    shared = rezip(argos_packages["en-pl"], tmp_path / "a.argosmodel", rename={"translate-en_pl-1_0": "shared"})
    packages.install(shared, target)
    packages.install(argos_packages["en-ru"], target)
    before = contents(target)
    clash = rezip(argos_packages["en-ru"], tmp_path / "b.argosmodel", rename={"translate-en_ru-1_0": "shared"},
                  meta={"package_version": "2.0"})
    with pytest.raises(TolmachError, match=r"its folder 'shared' would replace the installed argos en→pl 1\.0"):
        packages.install(clash, target)
    assert contents(target) == before
    assert working(target) == [("en-pl", "shared", []), ("en-ru", "translate-en_ru-1_0", [])]


def test_a_package_that_expands_far_beyond_its_size_is_refused_unread(argos_packages: dict[str, Path],
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packages, "EXPANSION_FLOOR", 1024 ** 2)  # so that 40 MiB of zeros is a bomb here
    bomb = tmp_path / "bomb.argosmodel"
    rezip(argos_packages["en-pl"], bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("translate-en_pl-1_0/padding.bin", bytes(40 * 1024 ** 2))
    assert bomb.stat().st_size < 3 * 1024 ** 2
    with pytest.raises(TolmachError, match=r"would expand to 4\d MiB, more than the \d+ MiB allowed"):
        packages.install(bomb, tmp_path / "pk")
    assert contents(tmp_path / "pk") == []


def test_a_garbage_model_is_refused_at_install_and_the_working_one_stays(argos_packages: dict[str, Path],
                                                                         tmp_path: Path) -> None:
    target = tmp_path / "pk"
    packages.install(argos_packages["en-pl"], target)
    before = contents(target)
    garbage = rezip(argos_packages["en-pl"], tmp_path / "g.argosmodel", rename={"1_0": "1_1"},
                    meta={"package_version": "1.1"}, drop="model.bin",
                    extra={"translate-en_pl-1_1/model/model.bin": os.urandom(4096)})
    with pytest.raises(TolmachError, match=r"argos en→pl 1.1 does not work: .*nothing was installed"):
        packages.install(garbage, target)
    assert contents(target) == before
    assert working(target) == [("en-pl", "translate-en_pl-1_0", [])]


def test_a_model_damaged_after_install_is_one_line_at_mt_time(argos_packages: dict[str, Path], project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\ncache_dir = "c"\n',
                                          encoding="utf-8")
    (project / "news.txt").write_text("Hello.\n", encoding="utf-8")
    info, _ = packages.install(argos_packages["en-pl"], project / "pk")
    (info.path / "model" / "model.bin").write_bytes(os.urandom(4096))
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    capsys.readouterr()
    assert main(["mt", "--lang", "pl"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "argos en→pl 1.0 does not load" in err[0] and "models verify" in err[0]
    assert main(["models", "verify"]) == 1
