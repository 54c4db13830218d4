"""One signature type for every stage, in sacrebleu's style: `pysbd:0.3.4|lang:en|rules:tolmach-3`.

A stage (segmenter, cleanup, glossary, MT route) describes everything its output depends on as one
`Signature`. The same string is written into the PO header `X-Tolmach-<Stage>` and used as the stage's
cache key, so a header always says exactly how an entry was produced and a cache hit can never come from
other settings than the ones the header names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HEADER_PREFIX = "X-Tolmach-"
SEPARATOR = "|"
OFF = "off"  # the whole value of a stage that did not run (cleanup disabled, no glossary)


@dataclass(frozen=True)
class Signature:
    """`stage` names the PO header; `fields` are (name, value) pairs in a fixed order."""

    stage: str
    fields: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, stage: str, **fields: object) -> Signature:
        """Fields in the order given; a value is written with str(). Values may contain ':' but not '|'."""
        pairs = tuple((name.replace("_", "-"), str(value)) for name, value in fields.items())
        for name, value in pairs:
            if SEPARATOR in value or "\n" in value:
                raise ValueError(f"signature field {name!r} may not contain '|' or a newline: {value!r}")
        return cls(stage, pairs)

    @classmethod
    def off(cls, stage: str) -> Signature:
        """The stage did not run."""
        return cls(stage, ())

    @classmethod
    def parse(cls, stage: str, value: str) -> Signature:
        """Read a header value back (the inverse of str())."""
        if value == OFF or not value:
            return cls.off(stage)
        pairs = []
        for part in value.split(SEPARATOR):
            name, _, field_value = part.partition(":")
            pairs.append((name, field_value))
        return cls(stage, tuple(pairs))

    @property
    def header(self) -> str:
        """The PO header this signature is written to."""
        return header_name(self.stage)

    @property
    def key(self) -> str:
        """The cache key: the stage and every field (the header value is the same without the stage)."""
        return f"{self.stage}{SEPARATOR}{self}"

    def __getitem__(self, name: str) -> str:
        for field_name, value in self.fields:
            if field_name == name:
                return value
        raise KeyError(name)

    def __str__(self) -> str:
        if not self.fields:
            return OFF
        return SEPARATOR.join(f"{name}:{value}" for name, value in self.fields)


def header_name(stage: str) -> str:
    return f"{HEADER_PREFIX}{stage}"


def headers(signatures: Iterable[Signature]) -> dict[str, str]:
    """PO header values for a set of signatures."""
    return {s.header: str(s) for s in signatures}


def digest(parts: Iterable[str] | Mapping[str, object]) -> str:
    """A short stable hash of settings (rules, lists): changes when any part changes, reordering included."""
    items = [f"{k}={v}" for k, v in parts.items()] if isinstance(parts, Mapping) else list(parts)
    h = hashlib.sha256("\x00".join(items).encode("utf-8")).hexdigest()
    return f"sha256:{h[:12]}"
