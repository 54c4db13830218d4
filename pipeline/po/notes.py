"""The comment lines tolmach writes into catalogs: origin notes (`#.` lines saying where a msgstr came from:
MT, translation memory, alignment, glossary repair), and text made safe for one comment line or reference."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Extracted-comment lines that record where a msgstr came from, written by mt, tm and align; update
# keeps them with the msgstr and `tm learn` reads them back, so each prefix is spelled only here.
MT_PREFIX = "MT:"


TM_PREFIX = "TM "


ALIGNED_PREFIX = "aligned from"


REPAIR_PREFIX = "glossary repair:"


ORIGIN_PREFIXES = (MT_PREFIX, TM_PREFIX, ALIGNED_PREFIX, REPAIR_PREFIX)


# Characters that would end a PO comment line or header field early (str.splitlines breaks on all of these)
# or that editors show as garbage: C0/C1 controls, line and paragraph separators.
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_comment(text: str) -> str:
    """Text for one PO comment line or header value: control characters and line breaks escaped
    (`\\n`, `\\x1b`), so a document name or text can never start a line of its own in a catalog."""
    return _UNSAFE_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def safe_reference(name: str) -> str:
    """A document path as a `#:` reference: escaped as a comment, and a name with spaces isolated by
    U+2068/U+2069 as xgettext (0.22+) writes it, so readers do not split it into two references."""
    name = safe_comment(name)
    return f"\u2068{name}\u2069" if " " in name else name


# `MT: draft 1a2b3c4d`: the hash of the msgstr MT wrote, so a later run knows whether a translator touched it
MT_DRAFT_RE = re.compile(rf"^{re.escape(MT_PREFIX)} draft ([0-9a-f]{{8}})$")
OriginKind = Literal["mt", "tm", "aligned", "repair"]
_KINDS: tuple[tuple[str, OriginKind], ...] = ((MT_PREFIX, "mt"), (TM_PREFIX, "tm"), (ALIGNED_PREFIX, "aligned"),
                                              (REPAIR_PREFIX, "repair"))


@dataclass(frozen=True)
class OriginNote:
    """What the origin notes of one kind say about an entry's msgstr: `lines` without their prefix (an MT
    note wrapped over several `MT:` lines comes back as those lines), and for MT whether the msgstr is the
    draft itself (`MT: draft <hash>`) or the draft was only offered in the comment."""

    kind: OriginKind
    lines: tuple[str, ...]
    draft: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def origin_notes(comment: str | None) -> list[OriginNote]:
    """The origin notes in an entry's extracted comments, one per kind, in the order they first appear."""
    found: dict[OriginKind, list[str]] = {}
    drafts: set[OriginKind] = set()
    for line in (comment or "").splitlines():
        if MT_DRAFT_RE.match(line):
            drafts.add("mt")
            found.setdefault("mt", [])
            continue
        for prefix, kind in _KINDS:
            if line.startswith(prefix):
                found.setdefault(kind, []).append(line[len(prefix):].strip())
                break
    return [OriginNote(kind, tuple(lines), kind in drafts) for kind, lines in found.items()]
