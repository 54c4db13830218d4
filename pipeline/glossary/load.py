"""Reading glossary files: YAML (the project's own format) and TBX, with file:line in every error.

YAML is read through yaml's composer so every value keeps the line it was written on; that is what lets
an unknown key, a duplicate id or a broken regex be reported where it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pipeline import languages
from pipeline.errors import TolmachError
from pipeline.fileio import read_text
from pipeline.glossary import CONCEPT_TYPES, LANG_FIELDS, Concept, Glossary, LangTerms, make_glossary
from pipeline.glossary.normalize import normalize
from pipeline.regexguard import Origin, compile_user_pattern

GLOSSARY_SUFFIXES = (".yaml", ".yml", ".tbx")
CONCEPT_KEYS = ("id", "type", "note")
CONCEPT_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


def glossary_files(path: Path) -> list[Path]:
    """The glossary files at `path` (a file, or a folder's .yaml/.yml/.tbx files). One that cannot be read is
    an error, never skipped: a dangling link to a shared checkout missing in CI would otherwise leave the gate
    without its glossary rules, in silence."""
    refuse_unreadable(path)
    if not path.exists():
        raise TolmachError("no such glossary file or directory", path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in GLOSSARY_SUFFIXES)
        for file in files:
            refuse_unreadable(file)
        return files
    if path.suffix.lower() not in GLOSSARY_SUFFIXES:
        raise TolmachError("not a glossary file", path, hint="expected .yaml, .yml or .tbx")
    return [path]


def refuse_unreadable(path: Path) -> None:
    """A glossary path that is a dangling symlink, or a glossary file that is not a regular file, is refused."""
    if path.is_symlink() and not path.exists():
        raise TolmachError(f"is a symlink to {path.readlink()}, which does not exist", path,
                           hint="check out or mount the shared glossary, or remove the link")
    if path.exists() and not path.is_dir() and not path.is_file():
        raise TolmachError("is not a regular file (a pipe or device), expected a glossary file", path)


def load_path(path: Path) -> Glossary:
    """All glossary files under `path`, merged; a concept id defined twice is an error."""
    concepts: dict[str, Concept] = {}
    for file in glossary_files(path):
        for concept in read_file(file):
            if concept.id in concepts:
                raise TolmachError(f"duplicate concept id {concept.id!r} (first defined at "
                                   f"{concepts[concept.id].origin})", *_split_origin(concept.origin))
            concepts[concept.id] = concept
    return make_glossary(list(concepts.values()))


def read_file(file: Path) -> list[Concept]:
    """One glossary file, YAML or TBX by its suffix."""
    if file.suffix.lower() == ".tbx":
        from pipeline.glossary.tbx import read_tbx

        return read_tbx(file)
    return read_yaml(file)


def _split_origin(origin: str) -> tuple[str, int | None]:
    file, _, line = origin.rpartition(":")
    return (file, int(line)) if line.isdigit() else (origin, None)


def read_yaml(path: Path) -> list[Concept]:
    text = read_text(path, allow_guess=False).text
    try:
        # libyaml's composer when PyYAML has it (8x faster on a 1,000-concept glossary); same nodes, same marks.
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise TolmachError(f"invalid YAML: {exc.problem or exc}", path, line) from exc
    except yaml.YAMLError as exc:
        raise TolmachError(f"invalid YAML: {exc}", path) from exc
    if root is None:
        return []
    return _Reader(path).concepts(root)


class _Reader:
    """Turns composed YAML nodes into Concepts, checking the schema as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, node: yaml.Node, hint: str | None = None) -> TolmachError:
        return TolmachError(message, self.path, node.start_mark.line + 1, hint)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping", node)
        seen: set[str] = set()
        items = []
        for key_node, value_node in node.value:
            key = self.scalar(key_node, "a key")
            if key in seen:
                raise self.fail(f"duplicate key {key!r} in {what}", key_node)
            seen.add(key)
            items.append((key, key_node, value_node))
        return items

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(f"{what} must be a single value", node)
        return str(node.value)

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        """A list of strings; a single string is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null":
                return []
            return [(self.text(node, what), node)]
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(f"{what} must be a list of strings", node)
        return [(self.text(item, what), item) for item in node.value]

    def text(self, node: yaml.Node, what: str) -> str:
        value = " ".join(self.scalar(node, what).split())
        if not value:
            raise self.fail(f"empty string in {what}", node)
        return value

    def concepts(self, root: yaml.Node) -> list[Concept]:
        items = dict((k, v) for k, _, v in self.mapping(root, "the glossary file"))
        for key, key_node, _ in self.mapping(root, "the glossary file"):
            if key != "terms":
                raise self.fail(f"unknown key {key!r} at the top level", key_node, hint="expected 'terms:'")
        terms = items.get("terms")
        if terms is None:
            raise self.fail("missing 'terms:' list", root)
        if isinstance(terms, yaml.ScalarNode) and terms.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(terms, yaml.SequenceNode):
            raise self.fail("'terms' must be a list of concepts", terms)
        return [self.concept(node) for node in terms.value]

    def concept(self, node: yaml.Node) -> Concept:
        line = node.start_mark.line + 1
        fields: dict[str, str] = {"type": "term", "note": ""}
        langs: dict[str, LangTerms] = {}
        id_node = None
        for key, key_node, value in self.mapping(node, "a concept"):
            if key in CONCEPT_KEYS:
                fields[key] = self.scalar(value, key).strip() if key != "note" else " ".join(
                    self.scalar(value, key).split())
                if key == "id":
                    id_node = value
            elif LANG_RE.match(key):
                try:
                    languages.get(languages.base_code(key))
                except TolmachError as exc:
                    raise self.fail(exc.message, key_node, hint=exc.hint) from None
                langs[key.replace("_", "-")] = self.lang_terms(value, key)
            else:
                raise self.fail(f"unknown key {key!r} in a concept", key_node,
                                hint=f"expected {', '.join(CONCEPT_KEYS)} or a language code")
        if id_node is None:
            raise self.fail("concept without 'id'", node)
        concept_id = fields["id"]
        if not CONCEPT_ID_RE.match(concept_id):
            raise self.fail(f"invalid concept id {concept_id!r}", id_node,
                            hint="use letters, digits, '-', '_' or '.', e.g. pavel-latushka")
        if fields["type"] not in CONCEPT_TYPES:
            raise self.fail(f"unknown type {fields['type']!r}", node, hint=f"one of {', '.join(CONCEPT_TYPES)}")
        if not langs:
            raise self.fail(f"concept {concept_id!r} has no language", node)
        return Concept(concept_id, fields["type"], fields["note"], langs, f"{self.path}:{line}")

    def lang_terms(self, node: yaml.Node, lang: str) -> LangTerms:
        if not isinstance(node, yaml.MappingNode):  # shorthand: `pl: Łatuszka` or `pl: [Paweł Łatuszka, Łatuszka]`
            return LangTerms(preferred=tuple(t for t, _ in self.strings(node, lang)))
        values: dict[str, Any] = {}
        nodes: dict[str, list[tuple[str, yaml.Node]]] = {}
        for key, key_node, value in self.mapping(node, f"language {lang!r}"):
            if key not in LANG_FIELDS:
                raise self.fail(f"unknown key {key!r} in language {lang!r}", key_node,
                                hint=f"expected {', '.join(LANG_FIELDS)}")
            if key == "case_sensitive":
                word = self.scalar(value, key).lower()
                if word not in ("true", "false", "yes", "no"):
                    raise self.fail("case_sensitive must be true or false", value)
                values[key] = word in ("true", "yes")
                continue
            nodes[key] = self.strings(value, f"{lang}.{key}")
            values[key] = tuple(dict.fromkeys(t for t, _ in nodes[key]))
        case = bool(values.get("case_sensitive", False))
        for pattern, pattern_node in nodes.get("exclude", []):
            compile_user_pattern(pattern, Origin(f"{lang}.exclude", self.path, pattern_node.start_mark.line + 1),
                                 ignore_case=not case)
        allowed = {normalize(t, lang, case): t for key in ("preferred", "admitted")
                   for t, _ in nodes.get(key, [])}
        for term, term_node in nodes.get("forbidden", []):
            if normalize(term, lang, case) in allowed:
                raise self.fail(f"{term!r} is both allowed ({allowed[normalize(term, lang, case)]!r}) and "
                                f"forbidden in {lang}", term_node)
        return LangTerms(**values)
