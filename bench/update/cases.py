"""Real template changes for the update benches: catalogs of one release merged with the template of a later one.

Each project is downloaded once with `pip download --no-deps` (its wheel or sdist ships its .po files) into
the cache folder (default ~/.cache/tolmach-bench/update; nothing is committed). `bleachbit` is the small
BleachBit subset in tests/data/gettext (no download: the benches' smoke runs in tests/test_bench.py).
A case is a catalog of release A, the template of release B for the same domain, and the language. Release
B's template is its .pot where it ships one (Sphinx), else its English catalog with every msgstr emptied
(Django, Wagtail and allauth ship `en/LC_MESSAGES/*.po` as written by `makemessages`, which is the template
plus an untranslated header).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

CACHE = Path.home() / ".cache" / "tolmach-bench" / "update"
BLEACHBIT = Path(__file__).resolve().parents[2] / "tests" / "data" / "gettext" / "bleachbit"


@dataclass(frozen=True)
class Project:
    name: str
    old: str  # pip requirement of release A (the catalogs)
    new: str  # pip requirement of release B (the template)


# Tuned on: django. Reported on all four (the other three were not looked at while writing the matcher).
PROJECTS = {
    "django": Project("django", "django==4.2.30", "django==5.0.14"),
    "sphinx": Project("sphinx", "sphinx==7.2.6", "sphinx==8.1.3"),
    "wagtail": Project("wagtail", "wagtail==5.2.8", "wagtail==6.3.8"),
    "allauth": Project("allauth", "django-allauth==0.61.1", "django-allauth==65.3.1"),
}
LANGS = ("pl", "ru", "uk", "be", "de", "fr")
PROJECT_NAMES = (*PROJECTS, "bleachbit")


@dataclass(frozen=True)
class Case:
    project: str
    domain: str  # the catalog's path with the language as {lang}
    lang: str
    old: Path  # release A's catalog
    template: Path  # release B's template (made here when B ships none)


def _fetch(requirement: str, cache: Path) -> Path:
    """The release unpacked (its .po/.pot files only) under the cache; downloaded on first use."""
    target = cache / requirement.replace("==", "-")
    if (target / ".done").exists():
        return target
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", requirement, "-d", str(download)],
                   check=True)
    name, version = requirement.split("==")
    stem = f"{name}_{version}".replace("-", "_").lower()
    found = [p for p in download.iterdir() if p.name.replace("-", "_").lower().startswith(stem)]
    if not found:
        raise SystemExit(f"pip download gave no file for {requirement}")
    archive = found[0]
    target.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            for member in z.namelist():
                if member.endswith((".po", ".pot")):
                    z.extract(member, target)
    else:
        with tarfile.open(archive) as t:
            members = [m for m in t.getmembers() if m.isfile() and m.name.endswith((".po", ".pot"))]
            for m in members:  # an sdist has one top folder: drop it, as a wheel has none
                m.name = m.name.split("/", 1)[1]
            t.extractall(target, members=members, filter="data")
    (target / ".done").touch()
    return target


def _template_from(catalog: Path, out: Path) -> Path:
    """A template with what a .pot keeps: live messages, their comments, references and format flags."""
    po = polib.pofile(str(catalog), wrapwidth=79)
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {k: v for k, v in po.metadata.items() if k != "Plural-Forms"}
    pot.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for e in po:
        if e.obsolete:
            continue
        pot.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgid_plural=e.msgid_plural,
                                 msgstr_plural={0: "", 1: ""} if e.msgid_plural else {},
                                 comment=e.comment, occurrences=e.occurrences,
                                 flags=[f for f in e.flags if f != "fuzzy"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    pot.save(str(out))
    return out


def cases(projects: list[str], langs: tuple[str, ...] = LANGS, cache: Path = CACHE) -> Iterator[Case]:
    """Every (domain, language) both releases of each project have, in a stable order."""
    for name in projects:
        if name == "bleachbit":
            for lang in langs:
                if (BLEACHBIT / f"{lang}.po").is_file():
                    yield Case(name, "{lang}.po", lang, BLEACHBIT / f"{lang}.po", BLEACHBIT / "bleachbit.pot")
            continue
        project = PROJECTS[name]
        old_root, new_root = _fetch(project.old, cache), _fetch(project.new, cache)
        pots = {p.relative_to(new_root).as_posix(): p for p in new_root.rglob("*.pot")}
        domains: dict[str, Path] = {}
        for path in sorted(new_root.rglob("*.po")):
            parts = path.relative_to(new_root).parts
            if "LC_MESSAGES" not in parts:
                continue
            i = parts.index("LC_MESSAGES")
            domain = "/".join([*parts[:i - 1], "{lang}", *parts[i:]])
            pot_key = "/".join([*parts[:i - 1], path.stem + ".pot"])
            if pot_key in pots:
                domains[domain] = pots[pot_key]
            elif parts[i - 1] == "en":
                domains[domain] = _template_from(path, cache / "templates" / name / (domain.replace("/", "_")
                                                                                    .replace("{lang}", "en") + "t"))
        for domain, template in sorted(domains.items()):
            for lang in langs:
                old = old_root / domain.format(lang=lang)
                if old.is_file():
                    yield Case(name, domain, lang, old, template)
