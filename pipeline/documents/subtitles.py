"""SubRip (.srt) and WebVTT (.vtt) subtitles: sentences across cues are units; build spreads them back.

A subtitle file is blocks separated by blank lines; a cue is an optional id, a timing line and text lines.
Everything but the cue text is skeleton, copied byte for byte: ids, timings and cue settings, the WEBVTT
header, NOTE, STYLE and REGION blocks. Consecutive cues are joined into one unit until one ends a sentence
(or the speaker changes, or a pause, or MAX_CUES_PER_UNIT), so the translator sees whole sentences; a
cue's line breaks are layout and read as spaces. A leading voice tag (`<v Anna>`) or dialogue dash stays
with its cue; other tags (`<i>`, `<b>`, `<c.yellow>`, `<font>`, timestamps, `{\\an8}`) are placeholders.

`write` spreads each unit's translation back over the same cues at word boundaries, in proportion to the
source text each cue held, closing and reopening a tag that spans a cut, and wraps each cue into lines
of at most `LINE_WIDTH` characters where it can. A unit whose text is unchanged is written as it was.

Parsed by hand rather than with `srt`, `webvtt-py` or `pysubs2`: those rebuild the file from their model
(dropping or normalising NOTE/STYLE/REGION blocks, cue settings, ids or timing spelling), and build must
write everything but the text back exactly as it was. The grammar used is the WebVTT spec's timing line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import CleanupConfig
from pipeline.documents.base import (
    PLACEHOLDER_RE,
    Document,
    ReadOptions,
    Unit,
    document_name,
    read_decoded,
    with_bom,
)
from pipeline.errors import TolmachError

FORMAT = "subtitles"
EXTENSIONS = (".srt", ".vtt")
LINE_WIDTH = 42  # characters per line, the common broadcast limit (also the QA check's default)
MAX_CUES_PER_UNIT = 8
PAUSE_SECONDS = 2.0  # a longer silence between cues ends a unit even without punctuation

# the WebVTT/SubRip timestamp, also as Microsoft Teams transcripts write it (0:0:3.54: digits not padded)
_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]?\d)[,.](\d{1,3})"
TIMING_RE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(.*)$")
LOOSE_TIMING_RE = re.compile(r"-->")
TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>|<\d[\d:.]*>|\{\\[^{}]*\}")
VOICE_RE = re.compile(r"^<v(?:\.[^\s>]+)*(?:\s+([^>]*))?>")
DASH_RE = re.compile(r"^[-‐–—]\s*")
SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
NOTE_BLOCKS = ("NOTE", "STYLE", "REGION")
NOTE_PREFIX = "subtitle:"
CUE_BREAK = "\ue010"  # a private-use character standing for the boundary between two cues of a unit
CUE_JOIN = "\ue011"  # the same, where a pair closed at the end of one cue reopens in the next
CONTINUED_RE = re.compile(rf"</([a-zA-Z]+)\s*>(\s*){CUE_BREAK}(\s*)(<\1(?:[.\s][^<>]*)?>)")
VOICE_END_RE = re.compile(r"</v\s*>(?=\s*$)")
LEADING_TAGS_RE = re.compile(r"(?:</?[a-zA-Z][^<>]*>|\{\\[^{}]*\})*")


@dataclass
class Turn:
    """One speaker's lines of a dialogue cue (`- Wait...` / `- What is it?`): a unit of its own."""

    first: int  # index into the cue's raw lines
    count: int
    dash: str  # the dialogue dash as written ("- "), kept in the skeleton


@dataclass
class Cue:
    """One cue: where its text lines are in the file, its timing, and its text as a unit piece."""

    first_line: int  # index into the file's lines of the first text line
    line_count: int
    start: float
    end: float
    prefix: str  # voice tag kept with the cue
    voice: str
    suffix: str  # the voice's closing tag at the end of the cue, kept with it
    turns: list[Turn]  # dialogue: one speaker a line (or lines), each a unit; empty for other cues
    raw: list[str]  # the text lines without line endings
    newline: str

    @property
    def dialogue(self) -> bool:
        return bool(self.turns)


@dataclass
class Group:
    """The cues of one unit, or one speaker's turn of a dialogue cue."""

    cues: list[int]
    turn: int | None = None


@dataclass
class Parsed:
    lines: list[str]  # the file's lines with their endings
    cues: list[Cue]
    groups: list[Group]  # one per unit
    vtt: bool


def read(path: Path, data: bytes, options: ReadOptions) -> Document:
    return read_decoded(_parse_document, path, data, options)


def _parse_document(path: Path, text: str, source_lang: str, cleanup: CleanupConfig) -> Document:
    """Subtitles are never scraped pages: cleanup does not apply."""
    parsed = parse(path, text)
    units: list[Unit] = []
    for group in parsed.groups:
        unit_text, placeholders = _unit_text(_bodies(parsed, group), parsed.vtt)
        cues = [parsed.cues[i] for i in group.cues]
        line = cues[0].first_line + 1 + (cues[0].turns[group.turn].first if group.turn is not None else 0)
        units.append(Unit(len(units), unit_text, line, "subtitle", placeholders,
                          note=timing_note(cues, unit_text)))
    return Document(path, document_name(path, source_lang), FORMAT, tuple(units), (), (),
                    source=text.encode("utf-8"))


def write(doc: Document, unit_texts: Sequence[str], lang: str | None) -> bytes:
    parsed = parse(doc.path, doc.source.decode("utf-8"))
    replaced: dict[int, list[str]] = {}  # first text line of a cue -> its new lines
    turns: dict[int, dict[int, str]] = {}  # dialogue cue -> its translated turns' lines
    for unit, translated, group in zip(doc.units, unit_texts, parsed.groups, strict=True):
        if translated == unit.text:
            continue
        if group.turn is not None:
            turns.setdefault(group.cues[0], {})[group.turn] = _turn_line(
                parsed.cues[group.cues[0]], group.turn, translated, unit.placeholders, parsed.vtt)
            continue
        for cue_index, cue_lines in zip(group.cues, spread(parsed, group.cues, translated, unit.placeholders),
                                        strict=True):
            cue = parsed.cues[cue_index]
            replaced[cue.first_line] = [line + cue.newline for line in cue_lines]
    for cue_index, new in turns.items():
        cue = parsed.cues[cue_index]
        lines = []
        for k, turn in enumerate(cue.turns):
            lines += [new[k]] if k in new else cue.raw[turn.first:turn.first + turn.count]
        replaced[cue.first_line] = [line + cue.newline for line in lines]
    if not replaced:
        return with_bom(doc, doc.source)
    skip = {c.first_line: c.line_count for c in parsed.cues}
    out: list[str] = []
    i = 0
    while i < len(parsed.lines):
        if i in replaced:
            out += replaced[i]
            i += skip[i]
        else:
            out.append(parsed.lines[i])
            i += 1
    return with_bom(doc, "".join(out).encode("utf-8"))


# --- reading ------------------------------------------------------------------------------------------------

def parse(path: Path, text: str) -> Parsed:
    """The cues of an SRT or WebVTT file, and how they group into units; broken timings are refused.

    A cue's text ends at a blank line or, as in captions written by yt-dlp, at the next cue's timing line
    (a timing line holds `-->`, which cue text never does); a number just before that timing line is the
    next cue's id. WebVTT blank lines are empty lines (a line of spaces is cue text, as the spec says:
    YouTube's captions open cues with one); SubRip's may hold spaces.
    """
    vtt = path.suffix.lower() == ".vtt"
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    cues: list[Cue] = []
    i = 0
    if vtt:
        if not bare or not bare[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise TolmachError("not a WebVTT file: the first line must be WEBVTT", path, 1)
        i = _skip_block(bare, 0)

    def blank(line: str) -> bool:
        return not line if vtt else not line.strip()

    while i < len(bare):
        if not bare[i].strip():
            i += 1
            continue
        block_start = i
        if vtt and bare[i].split(" ", 1)[0].split("\t", 1)[0] in NOTE_BLOCKS and "-->" not in bare[i]:
            i = _skip_block(bare, i)
            continue
        timing_at = i if LOOSE_TIMING_RE.search(bare[i]) else i + 1
        if timing_at >= len(bare) or not LOOSE_TIMING_RE.search(bare[timing_at]):
            raise TolmachError(f"expected a cue timing line (00:00:01{',' if not vtt else '.'}000 --> "
                               f"00:00:02{',' if not vtt else '.'}000)", path, block_start + 1,
                               hint="fix the cue's timing")
        start, end = _timing(path, bare[timing_at], timing_at + 1, vtt)
        first = timing_at + 1
        j = first
        while j < len(bare) and not blank(bare[j]) and not LOOSE_TIMING_RE.search(bare[j]):
            j += 1
        next_cue = j
        if j < len(bare) and LOOSE_TIMING_RE.search(bare[j]) and j - 1 > first and bare[j - 1].strip().isdigit():
            j -= 1  # the next cue's number
            next_cue = j
        while j > first and not bare[j - 1].strip():
            j -= 1  # lines of spaces after the text belong to the gap, not the cue
        if j > first:
            cues.append(_cue(bare[first:j], first, start, end, lines[first]))
        i = next_cue
    return Parsed(lines, cues, _groups(cues), vtt)


def timing_note(cues: Sequence[Cue], unit_text: str) -> str:
    """'subtitle: 2 cues, 4.50 s, 76 characters': what the cue check needs to judge a translation."""
    seconds = sum(c.end - c.start for c in cues)
    characters = len(PLACEHOLDER_RE.sub("", unit_text))
    return f"{NOTE_PREFIX} {len(cues)} cue{'s' if len(cues) > 1 else ''}, {seconds:.2f} s, {characters} characters"


def _skip_block(bare: list[str], i: int) -> int:
    while i < len(bare) and bare[i].strip():
        i += 1
    return i


def _timing(path: Path, line: str, number: int, vtt: bool = False) -> tuple[float, float]:
    m = TIMING_RE.match(line)
    if m is None:
        mark = "." if vtt else ","  # WebVTT writes 00:00:01.000, SubRip 00:00:01,000
        raise TolmachError(f"broken cue timing {line.strip()[:80]!r}", path, number,
                           hint=f"write it as 00:00:01{mark}000 --> 00:00:02{mark}000")
    start = _seconds(m.group(1), m.group(2), m.group(3), m.group(4))
    end = _seconds(m.group(5), m.group(6), m.group(7), m.group(8))
    if end < start:
        raise TolmachError(f"cue ends before it starts: {line.strip()!r}", path, number,
                           hint="fix the cue's timing")
    return start, end


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction) / 10 ** len(fraction)


def _cue(raw: list[str], first: int, start: float, end: float, first_line_with_end: str) -> Cue:
    newline = first_line_with_end[len(first_line_with_end.rstrip("\r\n")):] or "\n"
    prefix, voice, suffix = "", "", ""
    m = VOICE_RE.match(raw[0])
    if m:
        prefix, voice = m.group(0), (m.group(1) or "").strip()
        closing = VOICE_END_RE.search(raw[-1][len(prefix):] if len(raw) == 1 else raw[-1])
        suffix = closing.group(0) if closing else ""
    turns: list[Turn] = []
    dashes = [_dash(line[len(prefix):] if k == 0 else line) for k, line in enumerate(raw)]
    if any(dashes[1:]):  # one speaker a line: "- Wait..." / "- What is it?" (the first dash may be left out)
        for k, dash in enumerate(dashes):
            if dash or k == 0:
                turns.append(Turn(k, 1, dash))
            else:
                turns[-1].count += 1
    return Cue(first, len(raw), start, end, prefix, voice, suffix, turns, list(raw), newline)


def _dash(line: str) -> str:
    """The dialogue dash a line opens with (after any leading tags), or ''."""
    m = DASH_RE.match(line[len(_leading_tags(line)):])
    return m.group(0) if m else ""


def _leading_tags(line: str) -> str:
    m = LEADING_TAGS_RE.match(line)
    return m.group(0) if m else ""


def _lines(cue: Cue, first: int, count: int) -> list[str]:
    """The cue's text lines `first`..`first+count` without the voice tag, its closing tag and dashes."""
    out = []
    for k in range(first, first + count):
        line = cue.raw[k]
        if k == 0:
            line = line[len(cue.prefix):]
        if k == len(cue.raw) - 1 and cue.suffix:
            line = line.rstrip()[:-len(cue.suffix)]
        if cue.turns:
            dash = _dash(line)
            if dash:
                lead = _leading_tags(line)
                line = lead + line[len(lead) + len(dash):]
        out.append(line)
    return out


def _cue_body(cue: Cue) -> str:
    """The cue's text without its prefix, lines joined as the reader sees them (a cue's line breaks are
    layout)."""
    return " ".join(line.strip() for line in _lines(cue, 0, len(cue.raw)) if line.strip())


def _turn_body(cue: Cue, k: int) -> str:
    turn = cue.turns[k]
    return " ".join(line.strip() for line in _lines(cue, turn.first, turn.count) if line.strip())


def _bodies(parsed: Parsed, group: Group) -> list[str]:
    if group.turn is not None:
        return [_turn_body(parsed.cues[group.cues[0]], group.turn)]
    return [_cue_body(parsed.cues[i]) for i in group.cues]


def _plain(text: str) -> str:
    return TAG_RE.sub("", text).strip()


def _groups(cues: list[Cue]) -> list[Group]:
    groups: list[Group] = []
    for index, cue in enumerate(cues):
        if cue.dialogue:
            groups += [Group([index], k) for k in range(len(cue.turns)) if _plain(_turn_body(cue, k))]
            continue
        if not _plain(_cue_body(cue)):
            continue
        last = groups[-1] if groups else None
        previous = cues[last.cues[-1]] if last is not None else None
        joins = (last is not None and previous is not None and not previous.dialogue
                 and previous.voice == cue.voice and len(last.cues) < MAX_CUES_PER_UNIT
                 and cue.start - previous.end <= PAUSE_SECONDS
                 and not SENTENCE_END_RE.search(_plain(_cue_body(previous))))
        if joins and last is not None:
            last.cues.append(index)
        else:
            groups.append(Group([index]))
    return groups


def _unit_text(bodies: Sequence[str], vtt: bool) -> tuple[str, dict[str, str]]:
    """The cues' texts joined, tags as placeholders numbered across the unit, entities decoded (WebVTT).

    A tag closed at the end of one cue and opened again, the same, at the start of the next (`<i>…</i>`
    twice) is one pair to the translator; `write` closes and reopens it wherever the cut falls. A class
    or voice that changes from one cue to the next (`<c.yellow>` then `<c.blue>`) stays each cue's own,
    and in WebVTT a tag is a pair only with its end in the same cue (a cue's end closes what it left open).
    """
    joined = CONTINUED_RE.sub(_continued, CUE_BREAK.join(b for b in bodies if b))
    placeholders: dict[str, str] = {}
    open_tags: list[tuple[str, int]] = []
    pieces: list[str] = []
    count = 0
    pos = 0
    for m in TAG_RE.finditer(joined):
        pieces.append(_text(joined[pos:m.start()], vtt))
        tag = m.group(0)
        name = _tag_name(tag)
        if tag.startswith("</") and open_tags and open_tags[-1][0] == name:
            _, n = open_tags.pop()
            placeholders[f"</g{n}>"] = tag
            pieces.append(f"</g{n}>")
        elif name and not tag.startswith("</") and _closes_later(joined, m.end(), name, vtt):
            count += 1
            open_tags.append((name, count))
            placeholders[f"<g{count}>"] = tag
            pieces.append(f"<g{count}>")
        else:
            count += 1
            placeholders[f"<x{count}/>"] = tag
            pieces.append(f"<x{count}/>")
        pos = m.end()
    pieces.append(_text(joined[pos:], vtt))
    return "".join(pieces).replace(CUE_BREAK, " ").replace(CUE_JOIN, " "), placeholders


def _continued(m: re.Match[str]) -> str:
    """`</i> | <i>` across a cue boundary joins when the reopening tag is the one that opened the pair."""
    before = m.string[:m.start()]
    cue_start = before.rfind(CUE_BREAK) + 1
    opened: list[str] = []
    for tag in TAG_RE.findall(before[cue_start:]):
        if tag.startswith("</"):
            if opened and _tag_name(opened[-1]) == _tag_name(tag):
                opened.pop()
        elif _tag_name(tag):
            opened.append(tag)
    if opened and opened[-1] == m.group(4):
        return CUE_JOIN
    return m.group(0)


def _tag_name(tag: str) -> str:
    m = re.match(r"</?([a-zA-Z]+)", tag)
    return m.group(1).lower() if m else ""


def _closes_later(body: str, pos: int, name: str, vtt: bool) -> bool:
    """Whether a tag opened at `pos` is closed: in WebVTT within its cue, in SubRip (no such rule, and
    files close an <i> in the next cue) anywhere in the unit."""
    end = body.find(CUE_BREAK, pos) if vtt else -1
    return re.search(rf"</{name}\s*>", body[pos:end if end >= 0 else len(body)], re.IGNORECASE) is not None


def _text(text: str, vtt: bool) -> str:
    return html.unescape(text) if vtt and "&" in text else text


def _escape(text: str, vtt: bool) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if vtt else text


# --- writing --------------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"</?g\d+>|<x\d+/>|\s+|[^\s<]+|<")


def spread(parsed: Parsed, group: list[int], translated: str, placeholders: Mapping[str, str]) -> list[list[str]]:
    """A unit's translation cut into the cues of `group` (text lines per cue), in proportion to the source."""
    cues = [parsed.cues[i] for i in group]
    weights = [max(1, len(_plain(_cue_body(c)))) for c in cues]
    shares = split_words(translated, weights)
    result = []
    for cue, share in zip(cues, shares, strict=True):
        markup_lines = [_markup(line, placeholders, parsed.vtt) for line in wrap(share, cue.line_count)]
        markup_lines[0] = cue.prefix + markup_lines[0]
        markup_lines[-1] += cue.suffix
        result.append(markup_lines)
    return result


def _turn_line(cue: Cue, k: int, translated: str, placeholders: Mapping[str, str], vtt: bool) -> str:
    """One speaker's translated turn as one line: its dash (after any leading tags), the voice tag on the
    cue's first line, the voice's closing tag on its last."""
    turn = cue.turns[k]
    line = _markup(" ".join(translated.split()), placeholders, vtt)
    if turn.dash:
        lead = _leading_tags(line)
        line = lead + turn.dash + line[len(lead):]
    if turn.first == 0:
        line = cue.prefix + line
    if turn.first + turn.count == len(cue.raw):
        line += cue.suffix
    return line


def split_words(text: str, weights: Sequence[int]) -> list[str]:
    """Cut `text` at word boundaries into len(weights) pieces sized like the weights; a placeholder pair
    cut in two is closed at the end of one piece and reopened at the start of the next.

    Every piece gets at least one word while there are words enough; a piece left without any is a
    no-break space, so the cue stays a cue.
    """
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    total = sum(len(PLACEHOLDER_RE.sub("", w)) + 1 for w in words) or 1
    pieces: list[list[str]] = [[] for _ in weights]
    targets = []
    acc = 0
    for w in weights[:-1]:
        acc += w
        targets.append(acc / sum(weights) * total)
    piece, done = 0, 0.0
    for k, word in enumerate(words):
        remaining_words = len(words) - k
        remaining_pieces = len(weights) - piece - 1
        size = len(PLACEHOLDER_RE.sub("", word)) + 1
        if piece < len(targets) and pieces[piece] and (
                done + size / 2 > targets[piece] or remaining_words <= remaining_pieces):
            piece += 1
        pieces[piece].append(word)
        done += size
    return _balance_tags([" ".join(p) if p else "\u00a0" for p in pieces])


def _balance_tags(pieces: list[str]) -> list[str]:
    """Close the pairs still open at the end of a piece and reopen them at the start of the next."""
    out = []
    carried: list[str] = []
    for piece in pieces:
        text = "".join(carried) + piece
        opened: list[str] = []
        for m in PLACEHOLDER_RE.finditer(text):
            tag = m.group(0)
            if tag.startswith("<g"):
                opened.append(tag)
            elif tag.startswith("</g") and f"<{tag[2:]}" in opened:
                opened.remove(f"<{tag[2:]}")
        out.append(text + "".join(f"</{t[1:]}" for t in reversed(opened)))
        carried = opened
    return out


def wrap(text: str, source_lines: int, width: int = LINE_WIDTH) -> list[str]:
    """A cue's text as lines: one line if it fits `width`, else as many as the source cue had (two at
    least), cut at the word boundaries that make the longest line shortest."""
    visible = len(PLACEHOLDER_RE.sub("", text))
    count = 1 if visible <= width else max(2, source_lines)
    words = text.split(" ")
    if count == 1 or len(words) < 2:
        return [text]
    count = min(count, len(words))
    return _balanced(words, count)


def _balanced(words: list[str], count: int) -> list[str]:
    """Split words into `count` lines minimising the longest (placeholders take no width)."""
    sizes = [len(PLACEHOLDER_RE.sub("", w)) for w in words]
    n = len(words)
    prefix = [0]
    for s in sizes:
        prefix.append(prefix[-1] + s)

    def width(i: int, j: int) -> int:
        return prefix[j] - prefix[i] + (j - i - 1)

    # best[k][j]: the smallest longest line when the first j words make k lines
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                value = max(best[k - 1][i], width(i, j))
                if value < best[k][j]:
                    best[k][j], cut[k][j] = value, i
    lines, j = [], n
    for k in range(count, 0, -1):
        i = cut[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return lines[::-1]


def _markup(text: str, placeholders: Mapping[str, str], vtt: bool) -> str:
    """Unit text back into cue markup: prose escaped (WebVTT), placeholders into their tags."""
    pieces = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        pieces.append(_escape(text[pos:m.start()], vtt))
        tag = m.group(0)
        pieces.append(placeholders.get(tag, _escape(tag, vtt)))
        pos = m.end()
    pieces.append(_escape(text[pos:], vtt))
    return "".join(pieces)
