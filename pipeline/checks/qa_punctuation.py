"""QA checks on punctuation and spacing: quotation marks, brackets, sentence ends, spaces, newlines.

A catalog entry is one sentence, and a quotation often spans sentences ("“In Belarus … dollars." then
"It is necessary …,” he said."), so balance is compared with the source's, not required absolutely.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from typing import NamedTuple

from pipeline import languages
from pipeline.checks.qa_text import qa_check
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem

# Every pairing of double quotation marks some language uses: what a language without quotation data
# (see pipeline.languages) is checked against, so an unpaired mark is found without assuming English.
ANY_QUOTES = (("“", "”"), ("„", "“"), ("„", "”"), ("«", "»"), ("»", "«"), ("”", "”"), ("»", "»"))
# ANY_QUOTES and “…“, the opening mark typed for both: what the eye reads as a closed quotation. Marks that
# pair in it but not in the target's pairing are a matter of style (quote-style), not a quote left open.
LOOSE_QUOTES = (*ANY_QUOTES, ("“", "“"))
DOUBLE_QUOTE_CHARS = "\"“”„‟«»"
BRACKETS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {v: k for k, v in BRACKETS.items()}
TRAILING_CLOSERS = "\"'“”„«»’‘)]}"
END_PUNCTUATION = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…"}
WORD_END_PUNCTUATION = ".,;:!?…\"'”»“)]}"
DOUBLE_SPACE_RE = re.compile(r"[ \u00a0]{2,}")
BRACKET_RE = re.compile(r"[()\[\]{}]")
QUOTE_MARK_RE = re.compile(f"[{re.escape(DOUBLE_QUOTE_CHARS)}]")  # any of DOUBLE_QUOTE_CHARS, one scan in C


def unmatched_quotes(text: str, lang: str | None) -> int:
    """How many double quotation marks in `text` have no partner in `lang`'s pairing (straight quotes: parity).

    A language without quotation data accepts any pairing some language uses („…“ and „…” alike); `lang`
    None accepts those and “…“ (LOOSE_QUOTES).
    """
    if not QUOTE_MARK_RE.search(text):
        return 0
    pairing = _pairing(lang)
    openers, closers = pairing.openers, pairing.closers
    stack: list[str] = []
    unmatched = 0
    for ch in pairing.marks.findall(text):  # the marks alone, in order: other characters change nothing
        if stack and ch in openers[stack[-1]]:
            stack.pop()
        elif ch in openers:
            stack.append(ch)
        elif ch in closers:
            unmatched += 1
    return unmatched + len(stack) + text.count('"') % 2


class _Pairing(NamedTuple):
    openers: dict[str, set[str]]  # opening mark -> the marks that close it
    closers: set[str]
    marks: re.Pattern[str]  # any opening or closing mark


@functools.lru_cache(maxsize=64)
def _pairing(lang: str | None) -> _Pairing:
    """`lang`'s quotation pairs as unmatched_quotes reads them, built once per language rather than per text."""
    quotes = LOOSE_QUOTES if lang is None else languages.get(lang).quotes or ANY_QUOTES
    pairs = [p for p in quotes if p[0] in DOUBLE_QUOTE_CHARS]
    openers: dict[str, set[str]] = {}
    for opening, closing in pairs:
        openers.setdefault(opening, set()).add(closing)
    closers = {c for _, c in pairs}
    marks = re.compile("[" + "".join(re.escape(c) for c in sorted(set(openers) | closers)) + "]")
    return _Pairing(openers, closers, marks)


@qa_check("quote-pairs", "error", "functional")
def quote_pairs(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Every quotation mark has its partner, in the target's pairing (pl „…”, ru/be «…» with „…“ inside).

    A quotation that runs over several sentences leaves marks open in the source; the translation may
    leave as many open. Fewer open than in the source (the translator closed the quotation within the
    sentence) is a warning, more is an error. Marks that pair in another language's style (English “…” in a
    Russian text) are closed quotations: `quote-style` reports their style, this check nothing. A message
    that is one mark alone (gnulib's "`" and "'", translated "„" and "”") names the mark to quote with.
    """
    if not QUOTE_MARK_RE.search(entry.msgid) and not QUOTE_MARK_RE.search(entry.msgstr):
        return []
    if len(entry.msgid.strip()) == 1 and len(entry.msgstr.strip()) == 1:
        return []
    want = unmatched_quotes(entry.msgid, entry.source_lang)
    have = unmatched_quotes(entry.msgstr, entry.lang)
    if have > want and unmatched_quotes(entry.msgstr, None) > unmatched_quotes(entry.msgid, None):
        return [Problem(f"quotation marks unbalanced: {have} without a partner (source: {want})",
                        expected=languages.get(entry.lang).quote_style)]
    if have < want:  # the source's quotation spans sentences; the translation closed or dropped it here
        return [Problem(f"the source leaves {want} quotation mark(s) open, the translation {have}",
                        expected=languages.get(entry.lang).quote_style, severity="warning")]
    return []


@qa_check("quote-style", "warning", "cosmetic")
def quote_style(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Quotation marks are the target's: Polish „…” (inner «…»), Russian, Belarusian, Ukrainian «…» (inner „…“).

    Straight quotes (") and English curly quotes (“…”) left from the source or an MT draft are reported,
    except around code copied from the source (`path="%s"`, `search="walk.all"`: a quoted span without
    spaces that the source has as it is). A language without quotation data (pipeline.languages) is not
    checked, and the run says so once.
    """
    foreign = _foreign_quotes(entry.lang)
    if foreign is None:
        return []
    # None of the marks the language does not use: only its own marks the wrong way round to report
    if not foreign.search(entry.msgstr):
        return _misused_marks(entry)
    language = languages.get(entry.lang)
    allowed = {c for pair in language.quotes for c in pair}
    text = _without_copied_code(entry.msgstr, entry.msgid) if '"' in entry.msgstr else entry.msgstr
    wrong = sorted(c for c in DOUBLE_QUOTE_CHARS if c not in allowed and c in text)  # 7 scans in C, not a loop
    if wrong:
        return [Problem(f"quotation marks {' '.join(wrong)} are not {entry.lang} style",
                        found="".join(wrong), expected=language.quote_style)]
    return []


def _misused_marks(entry: EntryUnderCheck) -> list[Problem]:
    """Marks of the language's own set that pair only the wrong way round (“…“ in Russian, whose “ closes)."""
    have = unmatched_quotes(entry.msgstr, entry.lang)
    if have and have > unmatched_quotes(entry.msgid, entry.source_lang) and \
            unmatched_quotes(entry.msgstr, None) <= unmatched_quotes(entry.msgid, None):
        return [Problem(f"quotation marks do not pair in {entry.lang} style",
                        expected=languages.get(entry.lang).quote_style)]
    return []


@functools.lru_cache(maxsize=64)
def _foreign_quotes(lang: str) -> re.Pattern[str] | None:
    """Any double quotation mark `lang` does not use; None for a language without quotation data."""
    allowed = {c for pair in languages.get(lang).quotes for c in pair}
    if not allowed:
        return None
    foreign = [c for c in DOUBLE_QUOTE_CHARS if c not in allowed]
    return re.compile("[" + "".join(re.escape(c) for c in foreign) + "]") if foreign else re.compile("(?!)")


STRAIGHT_QUOTED_RE = re.compile(r'[\w-]*="[^"\s]*"|"[^"\s]+"')


def _without_copied_code(text: str, source: str) -> str:
    """`text` with the straight-quoted code spans it copies from `source` blanked."""
    return STRAIGHT_QUOTED_RE.sub(lambda m: " " * len(m.group(0)) if m.group(0) in source else m.group(0), text)


def _bracket_errors(text: str) -> list[str]:
    stack: list[str] = []
    errors = []
    for ch in BRACKET_RE.findall(text):  # the brackets alone, in order: other characters change nothing
        if ch in BRACKETS:
            stack.append(ch)
        elif ch in CLOSERS:
            if stack and stack[-1] == CLOSERS[ch]:
                stack.pop()
            else:
                errors.append(ch)
    return errors + stack


@qa_check("brackets", "error", "functional")
def brackets(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Round, square and curly brackets in the translation are paired and properly nested.

    A translator may add or drop a parenthesis ("Nairobi, Kenya" -> "Nairobi (Kenia)"), so counts are not
    compared with the source, unlike pofilter; an unpaired bracket is accepted only where the source
    has the same one unpaired (a list item "1)"). A translation that closes what its source left open
    (binutils' `(for gcc, "-Wa,-no-expand"`) mends it.
    """
    if not BRACKET_RE.search(entry.msgstr):
        return []
    have = _bracket_errors(entry.msgstr)
    extra = Counter(have) - Counter(_bracket_errors(entry.msgid))
    if extra:
        unpaired = "".join(have)
        return [Problem(f"unpaired bracket(s) {unpaired} in the translation", found=unpaired)]
    return []


def end_mark(text: str) -> str:
    """The sentence-final punctuation of `text`, looking through closing quotes and brackets ("…”." -> ".")."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in TRAILING_CLOSERS:
        stripped = stripped[:-1].rstrip()
    if stripped.endswith("..."):
        return "…"
    return END_PUNCTUATION.get(stripped[-1:], "") if stripped else ""


@qa_check("end-punctuation", "warning", "cosmetic")
def end_punctuation(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation ends with the same kind of punctuation as the source (. ! ? : ; …).

    Closing quotes and brackets are looked through, so Polish „…”. matches English “….”; "..." equals "…".
    """
    last = entry.msgid[-1:]
    # Both texts end with the same character, neither a space nor a closing mark: end_mark reads that
    # character alone in each (a "." also the "..." before it), so the two agree.
    if last and last == entry.msgstr[-1:] and last not in TRAILING_CLOSERS and not last.isspace() \
            and (last != "." or entry.msgid.endswith("...") == entry.msgstr.endswith("...")):
        return []
    want, have = end_mark(entry.msgid), end_mark(entry.msgstr)
    if want != have:
        return [Problem(f"ends with {have or 'no punctuation'!r}, the source with {want or 'no punctuation'!r}",
                        found=have or None, expected=want or None)]
    return []


@qa_check("double-space", "warning", "cosmetic")
def double_space(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """No double spaces in the translation where the source has none."""
    if "  " not in entry.msgstr and "\u00a0 " not in entry.msgstr and " \u00a0" not in entry.msgstr:
        return []
    have = len(DOUBLE_SPACE_RE.findall(entry.msgstr.strip()))
    want = len(DOUBLE_SPACE_RE.findall(entry.msgid.strip()))
    if have > want:
        return [Problem(f"{have} double space(s) in the translation", found="  ", expected=" ")]
    return []


@qa_check("repeated-word", "warning", "cosmetic")
def repeated_word(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """No word is written twice in a row ("в в", "się się"), unless the source repeats it too."""
    repeats = _repeats(entry.msgstr)
    if not repeats:  # nearly always: the source need not be read
        return []
    source_repeats = set(_repeats(entry.msgid))
    return [Problem(f"repeated word {word!r}", found=f"{word} {word}", expected=word)
            for word in repeats if word.lower() not in source_repeats]


def _repeats(text: str) -> list[str]:
    """Words written twice with only whitespace between ("w w", "тюрьме тюрьме."), case-insensitively."""
    # A repeat is a token `a` and the next one `b` with b[:len(a)].lower() == a.lower() and only end
    # punctuation after it, so b.lower() starts with a.lower() (lower-casing the text lower-cases each token,
    # whitespace stays whitespace). That test runs in C over all pairs; nearly every text has no such pair.
    lowered = text.lower().split()
    if not any(map(str.startswith, lowered[1:], lowered)):
        return []
    tokens = text.split()
    return [a.lower() for a, b in itertools.pairwise(tokens)
            if a.isalpha() and b[:len(a)].lower() == a.lower() and not b[len(a):].strip(WORD_END_PUNCTUATION)]


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


@qa_check("leading-whitespace", "warning", "cosmetic")
def leading_whitespace(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation starts with the same whitespace as the source (usually none)."""
    if not entry.msgid[:1].isspace() and not entry.msgstr[:1].isspace():
        return []  # neither starts with whitespace: both have none
    want, have = _leading(entry.msgid), _leading(entry.msgstr)
    if want != have:
        return [Problem("leading whitespace differs from the source", found=repr(have), expected=repr(want))]
    return []


@qa_check("trailing-whitespace", "warning", "cosmetic")
def trailing_whitespace(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation ends with the same whitespace as the source (usually none)."""
    if not entry.msgid[-1:].isspace() and not entry.msgstr[-1:].isspace():
        return []  # neither ends with whitespace: both have none
    want, have = _trailing(entry.msgid), _trailing(entry.msgstr)
    if want != have:
        return [Problem("trailing whitespace differs from the source", found=repr(have), expected=repr(want))]
    return []


@qa_check("newlines", "error", "functional")
def newlines(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation has the line breaks of the source.

    An error where what a program prints changes: a line break more or fewer at the start or the end of the
    message (a blank line a command writes; msgfmt itself refuses a message whose source and translation do
    not both begin, or both end, with a break), and PO quoting pasted into the text (a line ending in `"` and
    the next one starting with it, where the source has no such lines: the reader sees the quotes).

    A warning where the translator laid the inside of the message out anew, since translators do so for good
    reasons (of 80 such findings on real catalogs judged by hand, bench/precision, none had to be fixed):
    only breaks that carry layout count: a paragraph break, a list item's, and every break between short
    lines (verse, an address). Text wrapped at a column (a help text's long lines, a template's indented
    continuation lines) may be wrapped anew; a source whose every line is indented (a template's markup) may
    be written on one line. A source of one line wants no other break, unless the translation is long text
    wrapped at a column (lines of 40 characters or more but the last: whitespace where the text is HTML, a
    terminal's line length in a command's help); a short label, a paragraph break or a list still counts.
    """
    if PO_QUOTING in entry.msgstr and PO_QUOTING not in entry.msgid:
        return [Problem("the translation has PO quoting pasted into it (a line ends with \" and the next starts "
                        "with \"); remove the quotes and the extra line break", found=repr(PO_QUOTING))]
    for where, source, target in zip(("begins", "ends"), _edge_breaks(entry.msgid), _edge_breaks(entry.msgstr),
                                     strict=True):
        if source != target:
            return [Problem(f"the translation {where} with {target or 'no'} line break(s), the source with "
                            f"{source or 'none'}: the program prints a line more or fewer", found=str(target),
                            expected=str(source))]
    if "\n" not in entry.msgid.strip("\n"):  # one line, perhaps between a break before and one after
        want = entry.msgid.count("\n")
        if entry.msgstr.count("\n") == want:
            return []
        have = _layout_breaks(entry.msgstr, _wrapped(entry.msgstr))
        if have == want:
            return []
        return [_inner_layout(have, want)]
    if all(line[:1] in " \t" for line in entry.msgid.split("\n")[1:] if line):
        return []  # every break of the source is a template's indentation: whitespace, HTML's to collapse
    wrapped = _wrapped(entry.msgid)
    indents = any(INDENTED_CONTINUATION_RE.match(line) for line in entry.msgid.split("\n")[1:])
    want, have = _layout_breaks(entry.msgid, wrapped, indents), _layout_breaks(entry.msgstr, wrapped, indents)
    if want != have:
        return [_inner_layout(have, want)]
    return []


def _edge_breaks(text: str) -> tuple[int, int]:
    """The line breaks a text begins with and ends with: those in its leading white space if its first
    character is a break, and in its trailing white space if its last is (msgfmt's test, counted: a blank
    line more or fewer is one too). A template's indentation after its last break is no end break."""
    if not text.strip():
        return text.count("\n"), 0
    head = text[:len(text) - len(text.lstrip())].count("\n") if text[0] == "\n" else 0
    tail = text[len(text.rstrip()):].count("\n") if text[-1] == "\n" else 0
    return head, tail


def _inner_layout(have: int, want: int) -> Problem:
    return Problem(f"{have} line break(s) inside the message, the source has {want or 'none'}: check the layout",
                   found=str(have), expected=str(want), severity="warning")


# Breaks that carry layout in any text: a paragraph break, a list item's, one at the start or end. A source
# with a paragraph of long lines (all but its last) was wrapped at a column (a help text): its other breaks,
# and the translation's, are free. Otherwise (verse, an address) every break counts, except before an
# indented lower-case word (a template's source lines).
PO_QUOTING = '"\n"'  # a catalog line's closing quote and the next one's opening quote, pasted as text
LIST_ITEM_RE = re.compile(r"[ \t]*(?:[-*•–—]|\d+[.)])\s")
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n+")
INDENTED_CONTINUATION_RE = re.compile(r"[ \t]+[^\W\d_A-ZА-ЯЁІЎЄЇҐ]")
WRAPPED_LINE = 40  # characters: a paragraph whose lines are all this long was wrapped at a column


def _wrapped(text: str) -> bool:
    """Whether some paragraph of `text` has several lines, at least half of them but the last WRAPPED_LINE
    long or longer (a command's help: a short usage line, "  or:  %s OPTION", then sentences wrapped)."""
    for paragraph in PARAGRAPH_BREAK_RE.split(text.strip("\n")):
        lines = paragraph.split("\n")[:-1]
        if lines and 2 * sum(len(line) >= WRAPPED_LINE for line in lines) >= len(lines):
            return True
    return False


def _layout_breaks(text: str, wrapped: bool, indents: bool = True) -> int:
    """The line breaks of `text` that carry layout (see above); a paragraph break counts once. A break before
    an indented continuation line is free only where the source `indents` so (a template's source lines):
    in a usage string the translator indents to align ("Składnia: %s …\n    albo: %s …") it still counts."""
    if "\n" not in text:
        return 0
    count = len(text) - len(text.lstrip("\n")) + len(text) - len(text.rstrip("\n"))
    paragraphs = PARAGRAPH_BREAK_RE.split(text.strip("\n"))
    count += len(paragraphs) - 1
    for paragraph in paragraphs:
        for line in paragraph.split("\n")[1:]:
            if LIST_ITEM_RE.match(line) or not (wrapped or (indents and INDENTED_CONTINUATION_RE.match(line))):
                count += 1
    return count
