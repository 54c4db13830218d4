"""The comment lines tolmach writes into catalogs, written and parsed here only: origin notes (`#.` lines saying
where a msgstr came from: MT, translation memory, alignment, glossary repair), their order, and text made safe
for one comment line or reference.

An MT note is one short line saying where the draft came from (`MT: argos en→pl 1.9`): the draft itself is the
fuzzy msgstr, so the note carries no copy of it, no hash and no score, and no line is cut to a width (a
catalog's comments are never re-wrapped). Lines for what the translator should look at follow it: words left
untranslated, words the post-editor respelled, a glossary name that could not be protected. Glossary lines come
first in an entry's comment (Poedit and Lokalize show the first lines of a long note), then the template's
context, then the origin notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

# Extracted-comment lines that record where a msgstr came from, written by mt, tm and align; update
# keeps them with the msgstr and `tm learn` reads them back, so each prefix is spelled only here.
MT_PREFIX = "MT:"


TM_PREFIX = "TM "


ALIGNED_PREFIX = "aligned from"


REPAIR_PREFIX = "glossary repair:"


ORIGIN_PREFIXES = (MT_PREFIX, TM_PREFIX, ALIGNED_PREFIX, REPAIR_PREFIX)
GLOSSARY_PREFIX = "glossary"  # `glossary: Pavel Latushka → Paweł Łatuszka` (update) and `glossary repair: …` (mt)

UNTRANSLATED = "words left untranslated:"
RESPELLED = "respelled by the post-editor:"
SUGGESTION = "source changed, new draft:"
_KEYS = (UNTRANSLATED, RESPELLED, SUGGESTION)
_LEGACY_HASH_RE = re.compile(r"^draft ([0-9a-f]{8})$")
_LEGACY_SCORE_RE = re.compile(r", score -?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class MTNote:
    """What an entry's `MT:` lines say about its machine draft."""

    route: str  # where the draft came from: "argos en→pl 1.9", "argos en→ru 1.9 → apertium rus-bel 0.2.1"
    untranslated: tuple[str, ...] = ()  # words the engines left as they were
    respelled: tuple[str, ...] = ()  # "old → new": spelled by the post-editor's rules, worth a look
    remarks: tuple[str, ...] = ()  # anything else worth the translator's eye (a glossary name not protected)
    suggestion: str = ""  # a new draft offered beside a translator's msgstr (the source changed)
    legacy_hash: str = ""  # catalogs drafted before notes lost their hash: `MT: draft 3eb0f191`

    def drafted(self, text: str) -> bool:
        """Whether `text` is the draft an older note's hash names (notes written now carry none)."""
        return bool(self.legacy_hash) and draft_hash(text) == self.legacy_hash

    def lines(self) -> list[str]:
        out = [f"{MT_PREFIX} {self.route}"] if self.route else []
        if self.untranslated:
            out.append(f"{MT_PREFIX} {UNTRANSLATED} {', '.join(self.untranslated)}")
        if self.respelled:
            out.append(f"{MT_PREFIX} {RESPELLED} {', '.join(self.respelled)}")
        out += [f"{MT_PREFIX} {remark}" for remark in self.remarks]
        if self.suggestion:
            out.append(f"{MT_PREFIX} {SUGGESTION} {self.suggestion}")
        return [safe_comment(line) for line in out]


def draft_hash(text: str) -> str:
    """The hash older catalogs' notes kept of their draft (`MT: draft 3eb0f191`), to read them."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def parse_mt(comment: str) -> MTNote | None:
    """The MT note of an entry's extracted comment, or None; reads the notes of older catalogs too (lines cut
    at 68 columns and continued on the next `MT:` line, a score after the route, a `draft <hash>` line)."""
    parts: list[list[str]] = []  # [key or "", text] per logical line
    for line in comment.split("\n"):
        if not line.startswith(MT_PREFIX):
            continue
        text = line[len(MT_PREFIX):].strip()
        key = next((k for k in _KEYS if text.startswith(k)), None)
        if key is not None:
            parts.append([key, text[len(key):].strip()])
        elif parts and parts[-1][0] in (UNTRANSLATED, RESPELLED) and (not parts[-1][1] or parts[-1][1].endswith(",")):
            parts[-1][1] = f"{parts[-1][1]} {text}".strip()  # an old note's list cut at 68 columns
        else:
            parts.append(["", text])
    if not parts:
        return None
    route, untranslated, respelled, remarks, suggestion, legacy = "", [], [], [], "", ""
    for key, text in parts:
        if key == UNTRANSLATED:
            untranslated += [w for w in re.split(r",\s*", text) if w]
        elif key == RESPELLED:
            respelled += [w for w in re.split(r",\s*", text) if w]
        elif key == SUGGESTION:
            suggestion = text
        elif m := _LEGACY_HASH_RE.match(text):
            legacy = m.group(1)
        elif not route:
            route = _LEGACY_SCORE_RE.sub("", text)
        else:
            remarks.append(text)
    return MTNote(route, tuple(untranslated), tuple(respelled), tuple(remarks), suggestion, legacy)


def ordered(lines: Iterable[str]) -> list[str]:
    """An entry's extracted-comment lines in the order a translator reads them: glossary lines first, then the
    template's own (context, a subtitle's timing), then origin notes."""
    lines = list(lines)
    glossary = [x for x in lines if x.startswith(GLOSSARY_PREFIX)]
    origin = [x for x in lines if x.startswith(ORIGIN_PREFIXES) and not x.startswith(GLOSSARY_PREFIX)]
    rest = [x for x in lines if not x.startswith((GLOSSARY_PREFIX, *ORIGIN_PREFIXES))]
    return [*glossary, *rest, *origin]


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


# `MT: draft 1a2b3c4d`: in catalogs drafted before notes lost their hash, the hash of the msgstr MT wrote
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
    # notes written now carry no hash: an MT note that offers no other draft says the msgstr is the draft
    if "mt" in found and found["mt"] and not any(x.startswith(SUGGESTION) for x in found["mt"]):
        drafts.add("mt")
    return [OriginNote(kind, tuple(lines), kind in drafts) for kind, lines in found.items()]
