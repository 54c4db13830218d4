"""The header of a catalog: Babel's (CLDR) standard fields, Plural-Forms and plural rules, the charset, and the
document a catalog belongs to."""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from pipeline import __version__
from pipeline.errors import TolmachError
from pipeline.po.notes import safe_comment

if TYPE_CHECKING:
    from pipeline.po.model import ReadCatalog


DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")


DOCUMENT_HEADER = "X-Tolmach-Document"


def babel_headers(lang: str | None, provenance: Mapping[str, str]) -> dict[str, str]:
    """Standard gettext headers from Babel's CLDR data, plus our provenance headers."""
    from babel import Locale
    from babel.messages.catalog import Catalog

    team = f"{Locale.parse(lang).english_name} <LL@li.org>" if lang else None
    catalog = Catalog(locale=lang, project="tolmach", version=__version__, language_team=team, fuzzy=False)
    headers = {k: v.strip() for k, v in catalog.mime_headers if k != "Generated-By"}
    headers["X-Generator"] = f"tolmach {__version__}"
    headers.update(provenance)
    return headers


def merged_headers(template: polib.POFile, existing: polib.POFile | None, lang: str,
                   provenance: Mapping[str, str]) -> dict[str, str]:
    """The header of a catalog after `update`. An existing catalog keeps every field as it is (what the
    translator and their editor set, dates included), except POT-Creation-Date, which msgmerge copies from
    the template; nothing is added that was not there. A new catalog starts from Babel's standard header
    (tolmach's own templates), or, as msginit does, from the template's own header with the language's
    Language and Plural-Forms. Tolmach's X-Tolmach-* fields of the template and the provenance of comments
    it adds (the glossary's version) are carried over."""
    if existing is not None:
        headers = dict(existing.metadata)
        if "POT-Creation-Date" in template.metadata:
            headers["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    elif DOCUMENT_HEADER in template.metadata or not template.metadata.get("Project-Id-Version"):
        headers = babel_headers(lang, {})
        for key in (DOCUMENT_HEADER, "POT-Creation-Date"):
            if key in template.metadata:
                headers[key] = template.metadata[key]
        headers["Language"] = lang
    else:
        headers = dict(template.metadata)
        standard = babel_headers(lang, {})
        headers["Language"] = lang
        headers["Plural-Forms"] = standard["Plural-Forms"]
        if "charset=CHARSET" in headers.get("Content-Type", "charset=CHARSET"):
            headers["Content-Type"] = "text/plain; charset=UTF-8"
    for key, value in template.metadata.items():
        if key.startswith("X-Tolmach-"):
            headers[key] = value
    headers.update(provenance)
    return headers


# CLDR's languages have at most 6 plural forms; a header asking for more than this is refused before anything
# makes a list that long (nplurals=1000000000 in a 500-byte file would take gigabytes).
MAX_PLURAL_FORMS = 20
NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def header_nplurals(po: polib.POFile | ReadCatalog, path: str | Path | None = None) -> int | None:
    """The Plural-Forms header's nplurals, None without one; refused beyond MAX_PLURAL_FORMS."""
    m = NPLURALS_RE.search(po.metadata.get("Plural-Forms", ""))
    if m is None:
        return None
    digits = m.group(1).lstrip("0") or "0"
    if len(digits) > 3 or int(digits) > MAX_PLURAL_FORMS:
        shown = digits if len(digits) <= 12 else digits[:12] + "..."
        raise TolmachError(f"Plural-Forms: nplurals={shown} is more than any language has "
                           f"(at most {MAX_PLURAL_FORMS} are accepted)", path or getattr(po, "fpath", None),
                           hint="fix the header, e.g. from `msginit` or Babel's plural forms for the language")
    return int(digits)


def nplurals_of(po: polib.POFile, lang: str | None, path: str | Path | None = None) -> int:
    """Plural forms in this catalog: its Plural-Forms header, else Babel's (CLDR) for the language."""
    n = header_nplurals(po, path)
    if n is not None:
        return n
    return (babel_nplurals(lang) if lang else None) or 2


def plural_examples(po: polib.POFile | ReadCatalog, lang: str) -> dict[int, list[int]]:
    """For each plural form, the numbers (0-999) it serves: by the header's Plural-Forms, else Babel's rule
    for the language (empty when neither can be read)."""
    expr = re.search(r"plural\s*=\s*([^;]+)", po.metadata.get("Plural-Forms", ""))
    rule = expr.group(1).strip() if expr else _cldr_plural_expr(lang)
    return {form: list(numbers) for form, numbers in _plural_table(rule).items()} if rule else {}


@functools.lru_cache(maxsize=64)
def _cldr_plural_expr(lang: str) -> str | None:
    from babel.messages.plurals import get_plural

    try:
        return get_plural(lang).plural_expr
    except (ValueError, LookupError):
        return None


@functools.lru_cache(maxsize=64)
def _plural_table(rule: str) -> dict[int, tuple[int, ...]]:
    """The numbers 0-999 by the plural form a C plural expression gives them: computed once per rule and run,
    not once per catalog (a thousand evaluations each; issue 26)."""
    import gettext

    try:
        choose = gettext.c2py(rule)
        examples: dict[int, list[int]] = {}
        for n in range(1000):
            examples.setdefault(choose(n), []).append(n)
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return {}
    return {form: tuple(numbers) for form, numbers in examples.items()}


def plural_rule(po: polib.POFile | ReadCatalog, lang: str) -> tuple[int | None, frozenset[int]]:
    """The header's nplurals (None when it has none) and the plural forms that serve one number only
    (Polish and English "one": n == 1; not Russian "one", which is also 21, 31...): msgfmt lets those
    forms leave out the number."""
    nplurals = header_nplurals(po)
    return nplurals, frozenset(form for form, ns in plural_examples(po, lang).items() if len(ns) == 1)


def babel_nplurals(lang: str) -> int | None:
    """CLDR's number of plural forms for a language (Babel), None for a code Babel does not know."""
    from babel.messages.plurals import get_plural

    try:
        return get_plural(lang).num_plurals
    except (ValueError, LookupError):
        return None


CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9._:-]+)")


CHARSET_SUB_RE = re.compile(r"charset=[A-Za-z0-9._:-]+")


def charset_of(data: bytes, path: Path) -> str:
    """The charset a PO file declares in its header's Content-Type (msgfmt honours it; so do we)."""
    head = data[: data.find(b"\n\n")] if b"\n\n" in data else data[:4096]
    m = CHARSET_RE.search(head)
    name = m.group(1).decode("ascii") if m else "UTF-8"
    if name.upper() == "CHARSET":  # an unfilled template header: gettext reads it as ASCII/UTF-8
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TolmachError(f"invalid PO file: unknown charset {name!r} in the Content-Type header", path, None,
                           hint="set charset=UTF-8 (and convert with msgconv --to-code=UTF-8)") from None


def catalog_header_comment(template: polib.POFile, lang: str) -> str:
    from babel import Locale

    if DOCUMENT_HEADER not in template.metadata and template.header:
        return str(template.header)  # as msginit: another project's template says whose catalog this is
    ref = template.metadata.get(DOCUMENT_HEADER, "the source document")
    name = Locale.parse(lang).english_name
    return (f"{name} translation of {ref}.\n"
            "Made by tolmach; edit msgstr in a PO editor. Tolmach never overwrites a translated entry.")


def check_document(po: polib.POFile | ReadCatalog, path: Path, doc_ref: str) -> None:
    """Refuse a catalog that was made for another document."""
    have = po.metadata.get(DOCUMENT_HEADER)
    if have is not None and have != safe_comment(doc_ref):
        raise TolmachError(f"catalog belongs to {have!r}, not to {doc_ref!r}", path,
                           hint="check the document name or the catalog path")
