"""Argos packages on disk: validate an `.argosmodel` before it touches the packages directory, install
atomically, list, remove and verify.

An `.argosmodel` is a zip with one top-level folder holding `metadata.json`, a CTranslate2 model in
`model/` and a SentencePiece (or BPE) model. Installing never leaves half a package: the archive is
checked entry by entry (zip-slip, symlinks, CRC), extracted into a staging folder inside the packages
directory (same filesystem), loaded with argostranslate's own `Package`, and only then renamed into place.
Listing reads `metadata.json` directly, so `tolmach models list` works without importing argostranslate.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.config import Config, setting_path
from pipeline.errors import TolmachError

TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
MODEL_FILES = ("model/model.bin", "model/config.json")
VOCABULARY_FILES = ("model/shared_vocabulary.json", "model/shared_vocabulary.txt",
                    "model/source_vocabulary.json", "model/source_vocabulary.txt")
# argos names its folders translate-en_pl-1_9; the pair in a name must agree with metadata.json
FOLDER_PAIR_RE = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})(?:-|$)")


@dataclass(frozen=True)
class PackageInfo:
    """What metadata.json says about a package, and where it is (a folder, or a folder inside a zip)."""

    from_code: str
    to_code: str
    version: str
    folder: str
    path: Path  # the installed folder, or the archive
    target_prefix: str = ""  # a token the model wants first in every output (multilingual models), or ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def label(self) -> str:
        """How drafts name the model: `argos en→pl 1.9`."""
        return f"argos {self.from_code}→{self.to_code} {self.version}"


def packages_dir(config: Config) -> Path:
    """`[tool.tolmach.mt] packages_dir` (or --packages-dir), then ARGOS_PACKAGES_DIR, then argostranslate's
    default."""

    def default() -> Path:
        from platformdirs import user_data_path

        return user_data_path("argos-translate") / "packages"

    return setting_path(config.mt.packages_dir, config, env="ARGOS_PACKAGES_DIR", default=default)


def _metadata(data: bytes, where: Path, folder: str) -> dict[str, Any]:
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TolmachError(f"{folder}/metadata.json is not valid JSON: {exc}", where,
                           hint="the package is damaged; download it again") from exc
    if not isinstance(meta, dict):
        raise TolmachError(f"{folder}/metadata.json is not a JSON object", where)
    missing = [k for k in ("from_code", "to_code") if not isinstance(meta.get(k), str) or not meta.get(k)]
    if missing:
        raise TolmachError(f"{folder}/metadata.json lacks {', '.join(missing)}", where)
    if meta.get("type", "translate") != "translate":
        raise TolmachError(f"not a translation package (type {meta.get('type')!r})", where)
    return meta


def _info(meta: dict[str, Any], folder: str, path: Path) -> PackageInfo:
    return PackageInfo(str(meta["from_code"]), str(meta["to_code"]), str(meta.get("package_version") or "0"),
                       folder, path, str(meta.get("target_prefix") or ""))


def _safe_member(name: str, archive: Path) -> PurePosixPath:
    """Refuse absolute paths, `..`, backslashes and drive letters: nothing may land outside the target."""
    p = PurePosixPath(name)
    if name.startswith("/") or "\\" in name or ".." in p.parts or (p.parts and ":" in p.parts[0]):
        raise TolmachError(f"unsafe path in archive: {name!r} (it would be written outside the packages "
                           "directory)", archive, hint="do not install this file; get the package from a "
                           "trusted source")
    return p


def inspect_archive(archive: Path, expect_pair: str | None = None) -> PackageInfo:
    """Validate an .argosmodel without extracting it; return what it contains."""
    if not archive.is_file():
        raise TolmachError("no such package file", archive, hint="give the path to a .argosmodel file")
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            names: list[PurePosixPath] = []
            for m in members:
                if stat.S_ISLNK(m.external_attr >> 16):
                    raise TolmachError(f"archive contains a symbolic link: {m.filename!r}", archive,
                                       hint="argos packages never do; do not install this file")
                names.append(_safe_member(m.filename, archive))
            tops = {n.parts[0] for n in names if n.parts}
            if len(tops) != 1:
                raise TolmachError(f"expected one top-level folder, found {len(tops)}: "
                                   f"{', '.join(sorted(tops)[:5])}", archive,
                                   hint="an .argosmodel is a zip of one package folder")
            folder = tops.pop()
            present = {n.relative_to(folder).as_posix() for n in names if len(n.parts) > 1}
            if "metadata.json" not in present:
                raise TolmachError(f"no {folder}/metadata.json in the archive", archive)
            meta = _metadata(z.read(f"{folder}/metadata.json"), archive, folder)
            needed = [f for f in MODEL_FILES if f not in present]
            if not any(t in present for t in TOKENIZER_FILES):
                needed.append(" or ".join(TOKENIZER_FILES))
            if not any(v in present for v in VOCABULARY_FILES):
                needed.append("model/*_vocabulary.json")
            if needed:
                raise TolmachError(f"package lacks {', '.join(needed)}", archive,
                                   hint="the package is incomplete; download it again")
            bad = z.testzip()  # reads every member: a truncated or corrupted file fails here
            if bad is not None:
                raise TolmachError(f"damaged archive: {bad} fails its checksum", archive,
                                   hint="download the package again")
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise TolmachError(f"not a readable .argosmodel (zip): {exc}", archive,
                           hint="the file is truncated or not a package; download it again") from exc
    info = _info(meta, folder, archive)
    _check_pair(info, archive, expect_pair)
    return info


def _check_pair(info: PackageInfo, where: Path, expect_pair: str | None) -> None:
    m = FOLDER_PAIR_RE.match(info.folder)
    if m and (m.group(1), m.group(2)) != (info.from_code, info.to_code):
        raise TolmachError(f"package folder {info.folder!r} is named for {m.group(1)}→{m.group(2)} but its "
                           f"metadata says {info.from_code}→{info.to_code}", where,
                           hint="the package is mislabelled; do not install it")
    if expect_pair is not None and info.pair != expect_pair:
        raise TolmachError(f"package translates {info.from_code}→{info.to_code}, not "
                           f"{expect_pair.replace('-', '→')}", where,
                           hint="pick the package for the pair you asked for")


def _writable_dir(target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TolmachError(f"cannot create the packages directory: {exc.strerror}", target,
                           hint="choose another with --packages-dir or [tool.tolmach.mt] packages_dir") from exc
    if not os.access(target, os.W_OK | os.X_OK):
        raise TolmachError("packages directory is not writable", target,
                           hint="choose another with --packages-dir or fix its permissions")


def install(archive: Path, target: Path, expect_pair: str | None = None) -> tuple[PackageInfo, str]:
    """Install one package; returns it and what happened ('installed', 'replaced …', 'already installed')."""
    info = inspect_archive(archive, expect_pair)
    _writable_dir(target)
    existing = [p for p in installed(target) if p.pair == info.pair]
    if any(p.folder == info.folder and p.version == info.version for p in existing):
        return replace(info, path=target / info.folder), "already installed"
    try:
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target))
    except OSError as exc:
        raise TolmachError(f"cannot write into the packages directory: {exc.strerror}", target,
                           hint="choose another with --packages-dir or fix its permissions") from exc
    try:
        with zipfile.ZipFile(archive) as z:
            z.extractall(staging)  # every member was checked by inspect_archive
        _load_with_argos(staging / info.folder)
        retired: list[Path] = []
        for old in existing:
            trash = staging / f"old-{old.folder}"
            os.replace(old.path, trash)
            retired.append(trash)
        final = target / info.folder
        os.replace(staging / info.folder, final)
    except OSError as exc:
        raise TolmachError(f"cannot install: {exc.strerror}", target,
                           hint="nothing was installed; check free space and permissions") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    what = "installed" if not existing else "replaced " + ", ".join(f"{p.version}" for p in existing)
    return replace(info, path=final), what


def _load_with_argos(folder: Path) -> None:
    """argostranslate must accept the folder as it will after the rename (metadata, tokenizer)."""
    try:
        from argostranslate.package import Package
    except ImportError:
        return  # the [mt] extra is not installed: the structural checks above still hold
    try:
        pkg = Package(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise TolmachError(f"argostranslate cannot load the package: {exc}", folder) from exc
    if getattr(pkg, "tokenizer", None) is None:
        raise TolmachError("argostranslate finds no tokenizer in the package", folder)


def installed(target: Path) -> list[PackageInfo]:
    """Installed translation packages, sorted by pair; staging folders and damaged ones are skipped."""
    if not target.is_dir():
        return []
    found = []
    for folder in sorted(target.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        meta_path = folder / "metadata.json"
        try:
            meta = _metadata(meta_path.read_bytes(), meta_path, folder.name)
        except (OSError, TolmachError):
            continue
        found.append(_info(meta, folder.name, folder))
    return sorted(found, key=lambda p: (p.pair, p.version))


def remove(target: Path, what: str) -> list[PackageInfo]:
    """Remove packages by pair (`en-pl`) or folder name; renamed away first so a crash leaves no half."""
    gone = [p for p in installed(target) if what in (p.pair, p.folder)]
    if not gone:
        raise TolmachError(f"no installed package {what!r}", target, hint="see `tolmach models list`")
    for p in gone:
        trash = target / f".removing-{p.folder}"
        try:
            os.replace(p.path, trash)
        except OSError as exc:
            raise TolmachError(f"cannot remove: {exc.strerror}", p.path) from exc
        shutil.rmtree(trash, ignore_errors=True)
    return gone


def verify(package: PackageInfo) -> list[str]:
    """Problems with an installed package: files, argostranslate loading, CTranslate2 loading, a probe."""
    problems = []
    for rel in MODEL_FILES:
        if not (package.path / rel).is_file():
            problems.append(f"missing {rel}")
    if problems:
        return problems
    try:
        _load_with_argos(package.path)
        from pipeline.mt.engines import ArgosEngine, EngineSettings

        engine = ArgosEngine(package, EngineSettings(beam_size=1, max_decoding_length=16))
        drafts = engine.translate(["Test."])
        if len(drafts) != 1:
            problems.append("the model returned no translation")
    except TolmachError as exc:
        problems.append(exc.message)
    except (RuntimeError, OSError, ValueError) as exc:
        problems.append(f"the model does not load: {exc}")
    return problems

