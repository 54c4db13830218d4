"""The QA check for subtitles: a translated sentence must fit the cues it is shown in."""

from __future__ import annotations

import re

from pipeline.checks.qa_text import qa_check
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem
from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.documents.subtitles import NOTE_PREFIX

NOTE_RE = re.compile(rf"^{re.escape(NOTE_PREFIX)} (\d+) cues?, ([\d.]+) s, (\d+) characters$", re.MULTILINE)


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
    width, lines, max_speed = (ctx.settings.subtitle_line_length, ctx.settings.subtitle_lines,
                               ctx.settings.subtitle_chars_per_second)
    cues, seconds, unit_chars = int(m.group(1)), float(m.group(2)), int(m.group(3))
    share = len(PLACEHOLDER_RE.sub("", entry.msgid)) / max(1, unit_chars)
    length = len(PLACEHOLDER_RE.sub("", entry.msgstr))
    problems = []
    room = share * cues * lines * width
    if length > room:
        problems.append(Problem(f"{length} characters do not fit {cues} cue(s) of {lines} line(s) × {width} "
                                f"(room for about {room:.0f})"))
    speed = length / max(0.001, share * seconds)
    if speed > max_speed:
        problems.append(Problem(f"{speed:.1f} characters a second on screen (at most {max_speed:g}); "
                                "shorten the translation"))
    return problems
