"""The glossary: concepts with preferred, admitted and forbidden terms per language.

Terms are written in their dictionary form; `match.py` finds them in any inflected form. This module only
holds the data model and imports nothing heavy: `tolmach check` loads it for every run, morphology is
loaded later and only for the languages a run needs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.signature import Signature, header_name, headers

Status = Literal["preferred", "admitted", "forbidden"]
CONCEPT_TYPES = ("name", "term", "abbreviation")
LANG_FIELDS = ("preferred", "admitted", "forbidden", "exclude", "forms", "case_sensitive")


@dataclass(frozen=True)
class LangTerms:
    """One language's side of a concept."""

    preferred: tuple[str, ...] = ()
    admitted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # regexes: a hit inside a span these match is not this concept
    forms: tuple[str, ...] = ()  # explicit inflected forms of the preferred terms, matched exactly
    case_sensitive: bool = False

    def terms(self) -> list[tuple[str, Status]]:
        """Every term with its status, preferred first (the order suggestions are taken in)."""
        return ([(t, "preferred") for t in self.preferred] + [(t, "admitted") for t in self.admitted]
                + [(t, "forbidden") for t in self.forbidden])


@dataclass(frozen=True)
class Concept:
    id: str
    type: str
    note: str
    langs: Mapping[str, LangTerms]
    origin: str = field(default="", compare=False)  # "file:line" where it was defined, for messages


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    version: str  # "sha256:<12 hex>" of the normalised content: changes exactly when the glossary does

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.concepts})

    def get(self, concept_id: str) -> Concept:
        by_id: dict[str, Concept] = self._by_id  # type: ignore[attr-defined]
        return by_id[concept_id]

    def languages(self) -> set[str]:
        return {lang for c in self.concepts for lang in c.langs}


def make_glossary(concepts: list[Concept] | tuple[Concept, ...]) -> Glossary:
    """A Glossary with its content version (independent of file names, order of keys and comments)."""
    ordered = tuple(sorted(concepts, key=lambda c: c.id))
    content = [
        {"id": c.id, "type": c.type, "note": c.note,
         "langs": {lang: {"preferred": t.preferred, "admitted": t.admitted, "forbidden": t.forbidden,
                          "exclude": t.exclude, "forms": t.forms, "case_sensitive": t.case_sensitive}
                   for lang, t in sorted(c.langs.items())}}
        for c in ordered
    ]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return Glossary(ordered, f"sha256:{digest[:12]}")


def load_glossary(path: Path) -> Glossary:
    """Load a .yaml/.yml/.tbx file or a directory of them (merged; each concept id once).

    Errors are TolmachError with file and line (exit status 2).
    """
    from pipeline.glossary.load import load_path

    return load_path(Path(path))


__all__ = ["CONCEPT_TYPES", "GLOSSARY_HEADER", "Concept", "Glossary", "LangTerms", "Status", "load_glossary",
           "make_glossary", "project_glossary", "update_hooks"]


def project_glossary(path: Path) -> Glossary | None:
    """The glossary at `path` (file or directory), or None when there is none (no file, or an empty dir)."""
    if not path.exists() and not path.is_symlink():
        return None  # without loading the reader (YAML, user-regex guard): most software projects have none
    from pipeline.glossary.load import glossary_files, refuse_unreadable

    refuse_unreadable(path)  # a dangling link is an error, not "no glossary"
    if not path.exists() or not glossary_files(path):
        return None
    return load_glossary(path)


GLOSSARY_STAGE = "Glossary"
GLOSSARY_HEADER = header_name(GLOSSARY_STAGE)


def glossary_signature(glossary: Glossary | None) -> Signature:
    """The glossary a stage used: its version is a hash of every concept, so any edit changes it."""
    if glossary is None:
        return Signature.off(GLOSSARY_STAGE)
    return Signature.of(GLOSSARY_STAGE, version=glossary.version, concepts=len(glossary.concepts))


def update_hooks(path: Path, source_lang: str = "en") -> tuple[Callable[[str, str], list[str]] | None,
                                                                dict[str, str]]:
    """What `update` needs from the glossary: the comment writer and the provenance header (its version)."""
    glossary = project_glossary(path)
    if glossary is None:
        return None, {}
    from pipeline.glossary.inflect import annotate_entry

    def annotate(msgid: str, lang: str) -> list[str]:
        return annotate_entry(glossary, msgid, lang, source_lang)

    return annotate, headers([glossary_signature(glossary)])
