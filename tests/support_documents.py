"""Helpers for the reader and build tests: real catalogs from extract/update, filled as a translator would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polib

from pipeline.build import BuildStats, build
from pipeline.config import CleanupConfig, Config
from pipeline.documents import Document, render_document
from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.jobs import Prepared, prepare
from pipeline.po import merge

DATA = Path(__file__).resolve().parent / "data" / "documents"
Translate = Callable[[str], str]


def copy_fixture(name: str, directory: Path) -> Path:
    target = directory / name
    shutil.copy(DATA / name, target)
    return target


def prepared(path: Path, cleanup: CleanupConfig | None = None) -> Prepared:
    """Read, clean and segment a document and make its template, as `tolmach extract` does."""
    config = Config(root=path.parent, cleanup=cleanup or CleanupConfig())
    return prepare(path, config)


def catalog_for(doc: Prepared, translate: Translate | None, lang: str = "pl") -> polib.POFile:
    """A fresh language catalog (merge.update from the template); `translate` fills every msgstr."""
    po = merge.update(doc.template, None, lang)
    if translate is not None:
        for entry in po:
            entry.msgstr = translate(entry.msgid)
    return po


def build_with(doc: Prepared, translate: Translate | None, lang: str = "pl") -> tuple[str, BuildStats]:
    po = catalog_for(doc, translate, lang) if translate is not None else None
    data, stats = build(doc.doc, doc.segments, po, lang=lang)
    return data.decode("utf-8"), stats


def outside_placeholders(change: Translate) -> Translate:
    """A translator who rewrites the words and keeps every tag where it was."""

    def translate(msgid: str) -> str:
        pieces = PLACEHOLDER_RE.split(msgid)
        tags = PLACEHOLDER_RE.findall(msgid)
        out = [change(pieces[0])]
        for tag, piece in zip(tags, pieces[1:], strict=True):
            out += [tag, change(piece)]
        return "".join(out)

    return translate


shout = outside_placeholders(str.upper)


def guillemets(msgid: str) -> str:
    return f"«{msgid}»"


def words(text: str) -> list[str]:
    """The words of a unit's text, placeholders left out."""
    return re.findall(r"\w+", PLACEHOLDER_RE.sub(" ", text))


def rendered(doc: Document, unit_texts: Sequence[str], lang: str | None = None) -> str:
    """A text document rendered with these unit texts, as text."""
    return render_document(doc, unit_texts, lang).decode("utf-8")


SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


def libreoffice_text(paths: Sequence[Path], workdir: Path) -> dict[Path, str]:
    """What LibreOffice renders of each document (PDF export, then pdftotext): the text a reader sees,
    fields such as cross-references recomputed. One LibreOffice run for all of them (it is slow)."""
    import subprocess

    import pytest

    if SOFFICE is None or PDFTOTEXT is None:
        pytest.skip("LibreOffice or pdftotext is not installed (scripts/install-system-deps.sh installs them)")
    assert len({p.stem for p in paths}) == len(paths), "LibreOffice names each PDF after its document's stem"
    outdir = workdir / "pdf"
    outdir.mkdir(exist_ok=True)
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, paths)], check=True, capture_output=True, timeout=600)
    texts = {}
    for path in paths:
        pdf = outdir / (path.stem + ".pdf")
        done = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                              timeout=120)
        texts[path] = done.stdout.decode("utf-8")
    return texts


def assert_refused(path: Path, project: Path, capsys: Any, message: str) -> None:
    """`tolmach translate` refuses the document with one line naming it, exit 2, nothing written; reading
    it raises the same message."""
    import pytest

    from pipeline.cli import main
    from pipeline.errors import TolmachError

    assert main(["translate", str(path), "--to", "pl", "--no-mt"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and path.name in err, err
    assert not (project / "locales").exists() and not (project / "out").exists()
    with pytest.raises(TolmachError, match=re.escape(message)):
        prepared(path)
