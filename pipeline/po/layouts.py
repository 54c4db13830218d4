"""Where templates and catalogs live in a project, found by what is on disk, and which language a catalog is for.

Four layouts, each a way of naming a domain's template and its catalog for a language:

- `tolmach` (tolmach's own; `lc_messages` is its older name): <locales>/templates/<doc>.pot and
  <locales>/<lang>/LC_MESSAGES/<doc>.po;
- `babel` (pybabel, Sphinx, most Python projects): <locales>/<domain>.pot and
  <locales>/<lang>/LC_MESSAGES/<domain>.po;
- `flat` (GNU; `gnu` is another name for it): po/<domain>.pot and po/<lang>.po, one template per folder;
- `django` (makemessages writes catalogs, no template): <locales>/<lang>/LC_MESSAGES/<domain>.po, updated from
  a reference catalog standing in for the template: `tolmach update --template PATH`, else the source
  language's own catalog (<locales>/<source>/LC_MESSAGES/<domain>.po) when there is one.

`auto` looks at the folder: a templates/ folder is tolmach's; templates beside <lang>/LC_MESSAGES/ catalogs
are babel's; templates beside <lang>.po catalogs are flat; LC_MESSAGES catalogs without any template are
Django's. A folder holding both kinds of catalog is refused, naming one of each, rather than guessed at.
A language's catalog is the one that exists for it (`pl_PL/` or `pl_PL.po` serve `pl`); two that could
serve it are refused, naming both. So `update` never writes a second catalog beside a translator's.

Adding a layout: a name in `LAYOUTS`, its rule in `detect`, and its paths in `template`, `catalog` and
`catalogs_of`, with a test in tests/test_layouts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polib

from pipeline.errors import TolmachError

if TYPE_CHECKING:
    from pipeline.po.model import ReadCatalog


Layout = Literal["tolmach", "babel", "flat", "django"]
LayoutSetting = Literal["auto", "tolmach", "lc_messages", "babel", "flat", "gnu", "django"]
LAYOUTS: dict[str, Layout] = {"tolmach": "tolmach", "lc_messages": "tolmach", "babel": "babel", "flat": "flat",
                              "gnu": "flat", "django": "django"}


@dataclass(frozen=True)
class Paths:
    """Where the templates and catalogs of one locales folder live (see the module docstring).

    `reference`: the catalog that stands in for the template of its domain (Django; `update --template`).
    `source_lang`: whose catalog stands in for the templates of a Django project when no reference is given.
    """

    locales_dir: Path
    layout: Layout = "tolmach"
    reference: Path | None = None
    source_lang: str = "en"

    @classmethod
    def detect(cls, locales_dir: Path, layout: str = "auto", reference: Path | None = None,
               source_lang: str = "en") -> Paths:
        """The layout named, or for `auto` the one the folder's files show (see the module docstring)."""
        if layout != "auto":
            return cls(locales_dir, LAYOUTS[layout], reference, source_lang)
        if (locales_dir / "templates").is_dir():
            return cls(locales_dir, "tolmach", reference, source_lang)
        templates = any(locales_dir.glob("*.pot"))
        flat = sorted(p for p in locales_dir.glob("*.po") if _is_locale(p.stem))
        nested = sorted(locales_dir.glob("*/LC_MESSAGES/*.po"))
        if flat and nested:
            raise TolmachError(f"two catalog layouts in one folder: {flat[0]} (flat) and {nested[0]} (babel); "
                               "which one is yours?", locales_dir,
                               hint='set catalog_layout = "flat" or "babel", or move the stray catalogs away')
        if templates:
            if nested:
                found: Layout = "babel"
            elif flat:
                found = "flat"
            else:  # templates only, no catalog yet: GNU projects keep them in po/
                found = "flat" if locales_dir.name == "po" and len(list(locales_dir.glob("*.pot"))) == 1 else "babel"
        elif nested:
            found = "django"
        elif flat:
            found = "flat"
        else:
            found = "tolmach"
        return cls(locales_dir, found, reference, source_lang)

    @property
    def templates_dir(self) -> Path:
        if self.reference is not None:
            return self.reference.parent
        if self.layout == "tolmach":
            return self.locales_dir / "templates"
        if self.layout == "django":
            return self.locales_dir / self.source_lang / "LC_MESSAGES"
        return self.locales_dir

    def template(self, doc: str) -> Path:
        """The template of a document or domain; a reference catalog stands in for it (`--template`, or
        in a Django project the source language's catalog)."""
        if self.reference is not None:
            return self.reference
        return self.templates_dir / f"{doc}{'.po' if self.layout == 'django' else '.pot'}"

    def template_names(self) -> list[str]:
        """The documents or domains with a template on disk."""
        if self.reference is not None:
            return [self.reference.stem] if self.reference.is_file() else []
        folder = self.templates_dir
        pattern = "*.po" if self.layout == "django" else "*.pot"
        return sorted(p.stem for p in folder.glob(pattern)) if folder.is_dir() else []

    def catalog(self, doc: str, lang: str) -> Path:
        """A language's catalog of a document: the one on disk for the language if there is one."""
        if self.layout == "flat":
            return self.locales_dir / f"{self._language_name(lang, folders=False)}.po"
        return self.locales_dir / self._language_name(lang, folders=True) / "LC_MESSAGES" / f"{doc}.po"

    def catalogs_of(self, lang: str) -> list[Path]:
        """The existing catalogs of one language."""
        if self.layout == "flat":
            path = self.catalog("", lang)
            return [path] if path.is_file() else []
        folder = self.locales_dir / self._language_name(lang, folders=True) / "LC_MESSAGES"
        return sorted(folder.glob("*.po")) if folder.is_dir() else []

    def _language_name(self, lang: str, folders: bool) -> str:
        """How the project names `lang`: itself if it has a catalog under that name (or none at all), else
        the one locale of the language it has (`pl_PL`, `pt-BR`, `sr@latin`, `zh_TW.Big5`)."""
        if folders:
            if (self.locales_dir / lang / "LC_MESSAGES").is_dir():
                return lang
            names = [p.parent.name for p in self.locales_dir.glob("*/LC_MESSAGES") if p.is_dir()]
        else:
            if (self.locales_dir / f"{lang}.po").is_file():
                return lang
            names = [p.stem for p in self.locales_dir.glob("*.po")]
        same = sorted(n for n in names if _language_part(n) == lang)
        if len(same) > 1:
            where = [str(self.locales_dir / n) + ("" if folders else ".po") for n in same]
            raise TolmachError(f"{len(same)} catalogs could be the {lang!r} one: {', '.join(where)}",
                               self.locales_dir, hint="name the one you mean in `languages` (e.g. "
                                                      f"{same[0]!r}) or move the other away")
        return same[0] if same else lang


def _language_part(name: str) -> str:
    """The language of a locale name: pl_PL, pt-BR, sr@latin and zh_TW.Big5 -> pl, pt, sr, zh."""
    return name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0]


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
