"""Models on disk: validate an `.argosmodel` (or a CTranslate2 model directory, `tolmach models add`) before
it touches the packages directory, install without ever destroying a working model, list, remove, verify.

An `.argosmodel` is a zip with one top-level folder holding `metadata.json`, a CTranslate2 model in
`model/` and a SentencePiece (or BPE) model. Installing never leaves half a package and never loses the one
installed: the archive is checked entry by entry (zip-slip, symlinks, a hidden or colliding top folder, how
far it expands, CRC) before anything is written; it is extracted into a staging folder inside the packages
directory (same filesystem), loaded and made to translate one sentence (as `tolmach models verify` does),
and only then swapped into place; a failed swap puts the old package back. Listing reads `metadata.json`
directly, so `tolmach models list` imports no MT library.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.config import Config, setting_path
from pipeline.errors import TolmachError
from pipeline.mt.model import KINDS, TOKENIZERS, PackageInfo

__all__ = ["PackageInfo", "add_directory", "install", "installed", "packages_dir", "remove", "verify"]

MODEL_FILES = ("model/model.bin", "model/config.json")
VOCABULARY_FILES = ("model/shared_vocabulary.json", "model/shared_vocabulary.txt",
                    "model/source_vocabulary.json", "model/source_vocabulary.txt")
# argos names its folders translate-en_pl-1_9; the pair in a name must agree with metadata.json
FOLDER_PAIR_RE = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})(?:-|$)")
# An archive may expand to RATIO times its size (model weights barely compress), never less than FLOOR nor
# more than CEILING: a 3 MB package that would expand to 2 GiB is refused before a byte is written.
EXPANSION_RATIO = 20
EXPANSION_FLOOR = 64 * 1024 ** 2
EXPANSION_CEILING = 16 * 1024 ** 3
Probe = Callable[[PackageInfo], list[str]]


def packages_dir(config: Config) -> Path:
    """`[tool.tolmach.mt] packages_dir` (or --packages-dir), then ARGOS_PACKAGES_DIR, then argostranslate's
    default."""

    def default() -> Path:
        from pipeline.paths import user_dir

        return user_dir("data", "argos-translate") / "packages"

    return setting_path(config.mt.packages_dir, config, env="ARGOS_PACKAGES_DIR", default=default)


# metadata.json is a few hundred bytes; its fields end up in PO headers, signatures and listings, so a
# package that holds more (a 50 MiB package_version) is refused before anything formats them.
MAX_METADATA_BYTES = 1024 * 1024
MAX_FIELD_CHARS = {"from_code": 20, "to_code": 20, "package_version": 100, "target_prefix": 100,
                   "source_prefix": 100, "format": 40, "type": 40}


def _metadata(data: bytes, where: Path, folder: str) -> dict[str, Any]:
    from pipeline.paths import language_from_file

    if len(data) > MAX_METADATA_BYTES:
        raise TolmachError(f"{folder}/metadata.json is {len(data)} bytes (at most {MAX_METADATA_BYTES})", where,
                           hint="the package is damaged or not a translation model")
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc)
        raise TolmachError(f"{folder}/metadata.json is not valid JSON: {reason}", where,
                           hint="the package is damaged; download it again") from exc
    if not isinstance(meta, dict):
        raise TolmachError(f"{folder}/metadata.json is not a JSON object", where)
    missing = [k for k in ("from_code", "to_code") if not isinstance(meta.get(k), str) or not meta.get(k)]
    if missing:
        raise TolmachError(f"{folder}/metadata.json lacks {', '.join(missing)}", where)
    for key, limit in MAX_FIELD_CHARS.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, str | int | float):
            raise TolmachError(f"{folder}/metadata.json: {key} must be a string", where)
        if value is not None and len(str(value)) > limit:
            raise TolmachError(f"{folder}/metadata.json: {key} is {len(str(value))} characters long (at most "
                               f"{limit})", where, hint="the package is damaged or not a translation model")
    for key in ("from_code", "to_code"):
        language_from_file(meta[key], where, f"{folder}/metadata.json: {key}")
    if meta.get("type", "translate") != "translate":
        raise TolmachError(f"not a translation package (type {meta.get('type')!r})", where)
    if meta.get("format", "argos") not in KINDS:
        raise TolmachError(f"{folder}/metadata.json: unknown model format {meta.get('format')!r} "
                           f"(known: {', '.join(KINDS)})", where)
    return meta


def _info(meta: dict[str, Any], folder: str, path: Path) -> PackageInfo:
    return PackageInfo(str(meta["from_code"]), str(meta["to_code"]), str(meta.get("package_version") or "0"),
                       folder, path, str(meta.get("target_prefix") or ""), str(meta.get("source_prefix") or ""),
                       meta.get("format", "argos"))


def _safe_member(name: str, archive: Path) -> PurePosixPath:
    """Refuse absolute paths, `..`, backslashes and drive letters: nothing may land outside the target."""
    p = PurePosixPath(name)
    if name.startswith("/") or "\\" in name or ".." in p.parts or (p.parts and ":" in p.parts[0]):
        raise TolmachError(f"unsafe path in archive: {name!r} (it would be written outside the packages "
                           "directory)", archive, hint="do not install this file; get the package from a "
                           "trusted source")
    return p


def expansion_limit(archive_size: int) -> int:
    return min(max(archive_size * EXPANSION_RATIO, EXPANSION_FLOOR), EXPANSION_CEILING)


def _missing_files(present: set[str]) -> list[str]:
    needed = [f for f in MODEL_FILES if f not in present]
    if not any(src in present and tgt in present for src, tgt in TOKENIZERS):
        needed.append("sentencepiece.model or bpe.model")
    if not any(v in present for v in VOCABULARY_FILES):
        needed.append("model/*_vocabulary.json")
    return needed


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
            if folder.startswith(".") or not any(len(n.parts) > 1 for n in names):
                raise TolmachError(f"the package folder {folder!r} is hidden or not a folder", archive,
                                   hint="an .argosmodel is a zip of one visible package folder; do not install "
                                   "this file")
            expanded = sum(m.file_size for m in members)
            limit = expansion_limit(archive.stat().st_size)
            if expanded > limit:
                raise TolmachError(f"the archive would expand to {expanded / 2 ** 20:.0f} MiB, more than the "
                                   f"{limit / 2 ** 20:.0f} MiB allowed for a {archive.stat().st_size / 2 ** 20:.1f}"
                                   " MiB package", archive, hint="do not install this file (a zip bomb?)")
            present = {n.relative_to(folder).as_posix() for n in names if len(n.parts) > 1}
            if "metadata.json" not in present:
                raise TolmachError(f"no {folder}/metadata.json in the archive", archive)
            meta = _metadata(z.read(f"{folder}/metadata.json"), archive, folder)
            needed = _missing_files(present)
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


def writable_dir(target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TolmachError(f"cannot create the packages directory: {exc.strerror}", target,
                           hint="choose another with --packages-dir or [tool.tolmach.mt] packages_dir") from exc
    if not os.access(target, os.W_OK | os.X_OK):
        raise TolmachError("packages directory is not writable", target,
                           hint="choose another with --packages-dir or fix its permissions")


def _refuse_collision(info: PackageInfo, target: Path, replacing: list[PackageInfo], where: Path) -> None:
    """The new folder's name must be free, or be the folder of a package it replaces (same pair)."""
    final = target / info.folder
    if not (final.exists() or final.is_symlink()) or any(p.folder == info.folder for p in replacing):
        return
    other = next((p for p in installed(target) if p.folder == info.folder), None)
    what = f"the installed {other.label}" if other else "something that is not a package"
    raise TolmachError(f"its folder {info.folder!r} would replace {what} in {target}; nothing was changed",
                       where, hint="remove that first with `tolmach models remove`, or rename the package folder")


def install(archive: Path, target: Path, expect_pair: str | None = None,
            probe: Probe | None = None) -> tuple[PackageInfo, str]:
    """Install one package; returns it and what happened ('installed', 'replaced …', 'already installed').

    `probe` (default: load the model and translate one sentence) must find no problem before the swap."""
    info = inspect_archive(archive, expect_pair)
    writable_dir(target)
    sweep_staging(target)  # a killed install's leftovers (and the old package it had moved aside)
    existing = [p for p in installed(target) if p.pair == info.pair]
    if any(p.folder == info.folder and p.version == info.version for p in existing):
        return replace(info, path=target / info.folder), "already installed"
    _refuse_collision(info, target, existing, archive)

    def fill(staging: Path) -> None:
        with zipfile.ZipFile(archive) as z:
            z.extractall(staging)  # every member was checked by inspect_archive

    return _stage_and_swap(info, target, existing, fill, archive, probe)


def add_directory(source: Path, target: Path, pair: str, *, version: str | None = None, target_prefix: str = "",
                  source_prefix: str = "", probe: Probe | None = None) -> tuple[PackageInfo, str]:
    """Add a CTranslate2 model directory (converted from OPUS-MT, NLLB-200, M2M-100) as a package for `pair`:
    copied under `model/` with its tokenizer files, described by a metadata.json tolmach writes."""
    if not source.is_dir():
        raise TolmachError("no such model directory", source,
                           hint="give the directory a CTranslate2 converter wrote (model.bin, config.json, ...)")
    present = {f"model/{p.relative_to(source).as_posix()}" for p in source.rglob("*") if p.is_file()}
    needed = _missing_files(present)
    if needed:
        names = ", ".join(n.replace("model/", "").replace("sentencepiece.model or bpe.model",
                                                          "source.spm/target.spm or sentencepiece.bpe.model")
                          for n in needed)
        raise TolmachError(f"not a CTranslate2 model directory with its tokenizer: it lacks {names}", source,
                           hint="convert with ct2-transformers-converter --copy_files source.spm target.spm "
                           "(OPUS-MT) or sentencepiece.bpe.model (NLLB, M2M-100)")
    if any(p.is_symlink() for p in source.rglob("*")):
        raise TolmachError("the model directory contains symbolic links", source, hint="copy the real files in")
    src, tgt = pair.split("-")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", version or source.resolve().name).strip(".-") or "model"
    info = PackageInfo(src, tgt, version or name, f"ct2-{src}_{tgt}-{name}", target, target_prefix, source_prefix,
                       "ctranslate2")
    writable_dir(target)
    sweep_staging(target)  # a killed install's leftovers (and the old package it had moved aside)
    existing = [p for p in installed(target) if p.pair == info.pair]
    _refuse_collision(info, target, existing, source)
    meta = {"type": "translate", "format": "ctranslate2", "from_code": src, "to_code": tgt,
            "package_version": info.version, "target_prefix": target_prefix, "source_prefix": source_prefix,
            "source": str(source.resolve())}

    def fill(staging: Path) -> None:
        shutil.copytree(source, staging / info.folder / "model")
        (staging / info.folder / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                                             encoding="utf-8")

    return _stage_and_swap(info, target, existing, fill, source, probe)


def _stage_and_swap(info: PackageInfo, target: Path, existing: list[PackageInfo], fill: Callable[[Path], None],
                    where: Path, probe: Probe | None) -> tuple[PackageInfo, str]:
    """Fill a staging folder, probe the model there, then swap it in; the old package is only moved aside,
    and moved back if the swap fails."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
        held = os.open(staging, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        raise TolmachError(f"cannot write into the packages directory: {exc.strerror}", target,
                           hint="choose another with --packages-dir or fix its permissions") from exc
    fcntl.flock(held, fcntl.LOCK_EX)  # a live install: see sweep_staging
    final = target / info.folder
    try:
        try:
            fill(staging)
        except OSError as exc:
            raise TolmachError(f"cannot unpack: {exc.strerror or exc}", where,
                               hint="nothing was installed; check free space and permissions") from exc
        staged = replace(info, path=staging / info.folder)
        problems = (probe or verify)(staged)
        if problems:
            raise TolmachError(f"{info.label} does not work: {'; '.join(problems)}", where,
                               hint="nothing was installed; the package is damaged or not for CTranslate2 4")
        retired: list[tuple[Path, Path]] = []
        try:
            for old in existing:
                trash = staging / f"old-{old.folder}"
                os.replace(old.path, trash)
                retired.append((trash, old.path))
            os.replace(staging / info.folder, final)
        except OSError as exc:
            for trash, back in reversed(retired):
                os.replace(trash, back)
            raise TolmachError(f"cannot install: {exc.strerror}", target,
                               hint="nothing was changed; check free space and permissions") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        os.close(held)
    what = "installed" if not existing else "replaced " + ", ".join(f"{p.version}" for p in existing)
    return replace(info, path=final), what


STAGING_PREFIX = ".staging-"


def sweep_staging(target: Path) -> list[Path]:
    """Remove the staging folders of installs that were killed (no process holds their lock), first putting
    back any old package such an install had moved aside (`old-<folder>`) and not yet replaced."""
    removed: list[Path] = []
    for staging in sorted(target.glob(STAGING_PREFIX + "*")) if target.is_dir() else []:
        if staging.is_symlink() or not staging.is_dir():
            continue
        try:
            fd = os.open(staging, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # an install in progress
        try:
            for old in staging.glob("old-*"):
                home = target / old.name.removeprefix("old-")
                if not (home.exists() or home.is_symlink()):
                    os.replace(old, home)
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def installed(target: Path) -> list[PackageInfo]:
    """Installed translation models, sorted by pair; staging folders and damaged ones are skipped."""
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
    """Problems with a model: its files, then (with the [mt] extra) loading it and translating a probe."""
    problems = [f"missing {rel}" for rel in MODEL_FILES if not (package.path / rel).is_file()]
    if package.tokenizer_files() is None:
        problems.append("no tokenizer (sentencepiece.model, bpe.model, source.spm/target.spm, "
                        "sentencepiece.bpe.model)")
    if problems:
        return problems
    from pipeline.mt.engines import probe

    return probe(package)
