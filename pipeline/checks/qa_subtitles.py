"""The QA check for subtitles: a translated sentence must fit the cues it is shown in."""

from __future__ import annotations

import re

from pipeline.checks.qa_text import qa_check
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem
from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.documents.subtitles import LINE_WIDTH, NOTE_PREFIX

NOTE_RE = re.compile(rf"^{re.escape(NOTE_PREFIX)} (\d+) cues?, ([\d.]+) s, (\d+) characters$", re.MULTILINE)
DEFAULTS = {"subtitle_line_length": LINE_WIDTH, "subtitle_lines": 2, "subtitle_chars_per_second": 17}


@qa_check("subtitle-fit", "warning", "functional")
def subtitle_fit(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """A subtitle fits its cues: at most 2 lines of 42 characters a cue, at most 17 characters a second.

    The limits are settings: `subtitle_line_length`, `subtitle_lines`, `subtitle_chars_per_second` in
    [tool.tolmach.checks]. The sentence gets the share of its cues' room and time that its source text
    had (the `subtitle:` comment says how many cues, seconds and source characters), as `build` spreads it.
    """
    m = NOTE_RE.search(entry.comment)
    if m is None:
        return []
    limits = {key: float(ctx.settings.get(key, value)) for key, value in DEFAULTS.items()}
    cues, seconds, unit_chars = int(m.group(1)), float(m.group(2)), int(m.group(3))
    share = len(PLACEHOLDER_RE.sub("", entry.msgid)) / max(1, unit_chars)
    length = len(PLACEHOLDER_RE.sub("", entry.msgstr))
    problems = []
    room = share * cues * limits["subtitle_lines"] * limits["subtitle_line_length"]
    if length > room:
        problems.append(Problem(f"{length} characters do not fit {cues} cue(s) of {limits['subtitle_lines']:g} "
                                f"line(s) × {limits['subtitle_line_length']:g} (room for about {room:.0f})"))
    speed = length / max(0.001, share * seconds)
    if speed > limits["subtitle_chars_per_second"]:
        problems.append(Problem(f"{speed:.1f} characters a second on screen (at most "
                                f"{limits['subtitle_chars_per_second']:g}); shorten the translation"))
    return problems
