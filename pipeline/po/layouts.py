"""Where templates and catalogs live in a project, and which language a catalog is for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polib

from pipeline.errors import TolmachError

if TYPE_CHECKING:
    from pipeline.po.model import ReadCatalog


Layout = Literal["lc_messages", "flat"]


@dataclass(frozen=True)
class Paths:
    """Where templates and catalogs live. Two gettext layouts:

    - `lc_messages` (the default): <locales>/templates/<doc>.pot and <locales>/<lang>/LC_MESSAGES/<doc>.po;
    - `flat`, one catalog per language beside its template, as software projects keep them (`po/bleachbit.pot`
      with `po/uk.po`, `po/pt_BR.po`): <locales>/<doc>.pot and <locales>/<lang>.po, one template per folder.
    """

    locales_dir: Path
    layout: Layout = "lc_messages"

    @classmethod
    def detect(cls, locales_dir: Path, layout: Layout | Literal["auto"] = "auto") -> Paths:
        """`auto`: flat when the folder holds a template itself and no templates/ folder, else lc_messages."""
        if layout == "auto":
            flat = not (locales_dir / "templates").is_dir() and any(locales_dir.glob("*.pot"))
            layout = "flat" if flat else "lc_messages"
        return cls(locales_dir, layout)

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir if self.layout == "flat" else self.locales_dir / "templates"

    def template(self, doc: str) -> Path:
        return self.templates_dir / f"{doc}.pot"

    def catalog(self, doc: str, lang: str) -> Path:
        if self.layout == "flat":
            return self.locales_dir / f"{lang}.po"
        return self.locales_dir / lang / "LC_MESSAGES" / f"{doc}.po"

    def catalogs_of(self, lang: str) -> list[Path]:
        """The existing catalogs of one language."""
        if self.layout == "flat":
            path = self.catalog("", lang)
            return [path] if path.is_file() else []
        folder = self.locales_dir / lang / "LC_MESSAGES"
        return sorted(folder.glob("*.po")) if folder.is_dir() else []


def language_of(po: polib.POFile | ReadCatalog, path: Path) -> str:
    """The target language code as the registry names it ("pl" for pl_PL, "be@tarask" for be-tarask or
    be_BY@tarask, "pt_BR"): the PO header's Language, else the path: <lang>/LC_MESSAGES/<doc>.po, or
    <lang>.po (po/uk.po)."""
    lang = (po.metadata.get("Language") or "").strip()
    if not lang:
        parts = path.parts
        if "LC_MESSAGES" in parts and parts.index("LC_MESSAGES") > 0:
            lang = parts[parts.index("LC_MESSAGES") - 1]
        elif _is_locale(path.stem):
            lang = path.stem
    if lang:
        return _registered(lang)
    raise TolmachError("cannot tell the target language", path,
                       hint="set the Language header, or keep the file as locales/<lang>/LC_MESSAGES/<doc>.po "
                            "or po/<lang>.po")


def _registered(code: str) -> str:
    """The registry's code for a catalog's language; a code it does not know is returned as gettext would
    write it, for the caller to refuse with the registry's suggestion."""
    from pipeline import languages

    try:
        return languages.get(code).code
    except TolmachError:
        return languages.canonical(code)


def _is_locale(name: str) -> bool:
    """Whether a file name is a locale code CLDR knows (uk, pt_BR, sr@latin), as flat layouts name catalogs."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name.split("@")[0].replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True
