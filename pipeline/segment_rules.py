"""Language rules on top of pySBD: pySBD classes built from the language registry, and span post-rules.

pySBD (a port of the Pragmatic Segmenter) does the heavy lifting; what it gets wrong in news text is
fixed by small rules that each name the pattern they handle. The language-specific ones live in each
language's `Segmentation` (pipeline/languages/<code>.py); this module applies them:

- Abbreviation lists. pySBD's Polish list is mostly linguistics jargon ("bałt.", "psł."), and its
  Russian list lacks common news abbreviations. Belarusian and Ukrainian have no pySBD rules at all: they
  reuse the Russian machinery (same script, same conventions) with lists of their own, including the
  letters Russian lacks (initials like "І. Іваноў", "Є. Ґудзь").
- Abbreviations that can end a sentence ("і інш.", "руб.", "proc.") are left *out* of the
  always-protected lists; pySBD splits after them and `refine_spans` joins the split again when the
  next piece plainly continues the sentence ("і інш. тавары").
- Merges: a piece that starts in lowercase (also after a dash: "Кто? — спросил он.") or with ","
  continues the previous sentence; "At 5 a.m." or "У 1994 г." alone is not a sentence; a quotation
  closed without final punctuation ("…energy" Mr Costello said) does not end one; a tag or stray
  mark alone joins its neighbour; "lat 70. XX wieku" is one phrase.
- Splits: "…" followed by a capitalised word ends a sentence; so do a language's `split_after` patterns
  (a Belarusian year "2024 г." or "і г. д." before a capitalised word: pySBD's Russian rules never split
  after "г."); an abbreviation in `before_number` ends no sentence before a digit ("ст. 342", a month).
- Quotation marks: a closing quote left at the start of the next piece („…?“ Next) goes back to the
  sentence it closes, and nothing inside „…“ is split (pySBD already keeps “…”, "…" and «…» whole).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline import languages
from pipeline.documents.base import PLACEHOLDER_RE

Span = tuple[int, int]

# Part of the segmenter signature in PO headers: bump when a rule change can move sentence boundaries.
RULES_VERSION = "1"

def _one_pass_replacer(base: Any, abbreviations: list[str]) -> Any:
    """pySBD's Russian replacer, with its per-abbreviation loop folded into one regex.

    pySBD's Russian rule protects the period of every listed abbreviation standing after whitespace
    (its look-ahead at the next word never fires), but it runs ~3 regex substitutions per abbreviation
    found, with patterns built per match: for Cyrillic text, where one-letter abbreviations occur in
    every sentence, that loop and the regex compilation it causes are most of pySBD's time. One
    alternation (longest first) protects the same periods in a single pass.
    """
    alternation = "|".join(re.escape(a) for a in sorted(set(abbreviations), key=len, reverse=True))
    abbreviation_period = re.compile(rf"(?<!\S)({alternation})\.", re.IGNORECASE)

    class OnePassReplacer(base):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            return abbreviation_period.sub(_protect_periods, text)

    return OnePassReplacer


def _one_pass_standard_replacer(base: Any, abbreviation: Any) -> Any:
    """pySBD's standard (English, Polish) replacer with the per-abbreviation loop folded into 3 regexes.

    Same decisions as pySBD's loop: a prepositive abbreviation ("Mr.") keeps its period before any
    space; a number abbreviation ("No.") before a digit or "("; any other listed one before lowercase,
    a digit, "I", or more punctuation. The abbreviation matches case-insensitively, the look-ahead not.
    """
    prepositive = set(abbreviation.PREPOSITIVE_ABBREVIATIONS)
    number = set(abbreviation.NUMBER_ABBREVIATIONS) - prepositive
    other = set(abbreviation.ABBREVIATIONS) - prepositive - number
    rules = [
        (_alternation_regex(prepositive, r"(?=\s|:\d+)")),
        (_alternation_regex(number, r"(?=\s\d|\s+\()")),
        (_alternation_regex(other, r"(?=[.:\-?,]|\s(?:[a-z]|I\s|I'm|I'll|\d|\())")),
    ]

    class OnePassReplacer(base):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            for rule in rules:
                text = rule.sub(_protect_period, text)
            return text

    return OnePassReplacer


def _alternation_regex(abbreviations: set[str], lookahead: str) -> re.Pattern[str]:
    alternation = "|".join(re.escape(a.strip()) for a in sorted(abbreviations, key=len, reverse=True))
    return re.compile(rf"(?<!\S)((?i:{alternation}))\.{lookahead}")


def _protect_period(match: re.Match[str]) -> str:
    return match.group(1) + "∯"


def _protect_periods(match: re.Match[str]) -> str:
    """"л.н." -> "л∯н∯": pySBD's marker for a period that ends no sentence (inner ones included)."""
    return match.group(1).replace(".", "∯") + "∯"


@lru_cache(maxsize=32)
def language_module(lang: str) -> Any:
    """The pySBD language class for `lang`, built from its Segmentation in the language registry.

    A language with its own abbreviations gets a subclass of the pySBD language it builds on (Belarusian
    and Ukrainian on Russian: same script, same conventions) with the list folded into one regex. A
    language pySBD lacks gets pySBD's standard rules with its own list, or none: never English's.
    """
    from pysbd.lang.common import Common, Standard
    from pysbd.lang.russian import Russian
    from pysbd.languages import Language as PySBDLanguage

    rules = languages.get(lang).segmentation
    if rules.pysbd is None:

        class Generic(Common, Standard):
            iso_code = lang

            class Abbreviation(Standard.Abbreviation):
                ABBREVIATIONS = PREPOSITIVE_ABBREVIATIONS = NUMBER_ABBREVIATIONS = ()

        base: Any = Generic
    else:
        base = PySBDLanguage.get_language_code(rules.pysbd)
    if not rules.abbreviations and not rules.fast:
        return base  # pySBD's languages as pySBD has them; the generic rules for the rest
    own = list(rules.abbreviations)
    listed = sorted({*base.Abbreviation.ABBREVIATIONS, *own}) if rules.keep_pysbd_abbreviations else own
    cyrillic = issubclass(base, Russian)  # pySBD's Russian replacer: every listed abbreviation, any context

    class Abbreviation(base.Abbreviation):
        ABBREVIATIONS = listed
        if rules.prepositive:
            PREPOSITIVE_ABBREVIATIONS = own

    replacer = (_one_pass_replacer(base.AbbreviationReplacer, listed) if cyrillic
                else _one_pass_standard_replacer(base.AbbreviationReplacer, Abbreviation))
    return type(f"News{base.__name__}", (base,), {"iso_code": lang, "Abbreviation": Abbreviation,
                                                   "AbbreviationReplacer": replacer})


# ---------------------------------------------------------------------------------------------------------
# Post-rules on spans. Spans are (start, end) into the text pySBD saw, whitespace trimmed, in order.

LEADING_CLOSER_RE = re.compile(r"(?:[\"'”“»’)\]]|</g\d+>)+(?=\s|$)")
PLACEHOLDER_OR_PUNCT_RE = re.compile(rf"(?:{PLACEHOLDER_RE.pattern}|[^\w])+")
LOWER_WORD_RE = re.compile(r"(?:[—–-]\s+)?[\"'“„«(]?([^\W\d_A-Z]+)(?:\b|$)")
LIST_MARKER_RE = re.compile(r"(?:[a-z]|\d{1,3}|[ivx]{1,4})[.)]{1,2}(?:\s|$)")
CONTINUATION_PUNCT_RE = re.compile(r"[,;:)\]]")
DIGIT_START_RE = re.compile(r"\d")
UNFINISHED_QUOTE_END_RE = re.compile(r"[^\s.!?…][\"”»]$")
ELLIPSIS_SPLIT_RE = re.compile(r"…[\"'”“»’]*(?=\s+[\"'“„«]?[A-ZА-ЯЁІЇЄҐЎ])")
GERMAN_QUOTES_RE = re.compile(r"„[^„“”]*[“”]")


def refine_spans(text: str, spans: list[Span], lang: str) -> list[Span]:
    """Fix pySBD's spans for news text; see the module docstring for the rules and why."""
    if not spans:
        return spans
    spans = _return_closing_quotes(text, spans)
    spans = _split_at(text, spans, _extra_boundaries(text, lang))
    spans = _merge_inside(spans, [(m.start(), m.end()) for m in GERMAN_QUOTES_RE.finditer(text)])
    return _merge_continuations(text, spans, lang)


def _return_closing_quotes(text: str, spans: list[Span]) -> list[Span]:
    """„Хто?“ Адказу… — pySBD may start the next piece with the closing quote (or bracket, or the
    closing placeholder of the sentence's markup: "Shut.</g2> Open."); it belongs before."""
    out: list[Span] = []
    for start, end in spans:
        m = LEADING_CLOSER_RE.match(text, start, end) if out else None
        if m:
            out[-1] = (out[-1][0], m.end())
            start = m.end()
            while start < end and text[start].isspace():
                start += 1
            if start >= end:
                continue
        out.append((start, end))
    return out


def _extra_boundaries(text: str, lang: str) -> list[int]:
    cuts = [m.end() for m in ELLIPSIS_SPLIT_RE.finditer(text)]
    split_after = languages.get(lang).segmentation.split_after
    if split_after is not None:
        cuts += [m.end() for m in split_after.finditer(text)]
    return sorted(cuts)


def _split_at(text: str, spans: list[Span], cuts: list[int]) -> list[Span]:
    """Add boundaries at `cuts` (sorted positions right after the sentence's last character). Spans and cuts
    are both in text order, so one walk over each does it: linear in the paragraph."""
    if not cuts:
        return spans
    out: list[Span] = []
    i = 0
    for start, end in spans:
        while i < len(cuts) and cuts[i] <= start:
            i += 1
        while i < len(cuts) and cuts[i] < end:
            cut = cuts[i]
            i += 1
            if cut <= start:
                continue
            nxt = cut
            while nxt < end and text[nxt].isspace():
                nxt += 1
            out.append((start, cut))
            start = nxt
        out.append((start, end))
    return out


def _merge_inside(spans: list[Span], regions: list[Span]) -> list[Span]:
    """Join pieces whose boundary falls strictly inside one of `regions` (quotations, in text order, not
    overlapping): one walk over both, linear in the paragraph."""
    if not regions:
        return spans
    out: list[Span] = [spans[0]]
    i = 0
    for start, end in spans[1:]:
        boundary = out[-1][1]
        while i < len(regions) and regions[i][1] <= start:
            i += 1  # quotations that close before this piece starts can hold no later boundary
        if i < len(regions) and regions[i][0] < boundary:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# The rules that join a piece to the one before read the end of that piece (its last words, a closing
# quote, an abbreviation) or ask whether it is a short phrase alone ("У 1994 г."): they see at most its
# last PREVIOUS_WINDOW characters, so a paragraph of a million continuing pieces costs a million short looks,
# not a re-read of an ever longer sentence (which made 20 MB take 217 s).
PREVIOUS_WINDOW = 256


def _merge_continuations(text: str, spans: list[Span], lang: str) -> list[Span]:
    out: list[Span] = [spans[0]]
    for start, end in spans[1:]:
        prev_start, prev_end = out[-1]
        if prev_end - prev_start <= PREVIOUS_WINDOW:
            prev = text[prev_start:prev_end]
        else:  # a leading space: no "alone" rule (a fullmatch from the first word) can take the tail for the whole
            prev = " " + text[prev_end - PREVIOUS_WINDOW:prev_end]
        if _continues(prev, text[start:end], lang):
            out[-1] = (prev_start, end)
        else:
            out.append((start, end))
    return out


def _continues(prev: str, nxt: str, lang: str) -> bool:
    """True when `nxt` plainly goes on with the sentence `prev` and pySBD split them wrongly."""
    if PLACEHOLDER_OR_PUNCT_RE.fullmatch(nxt):
        return True  # "Hello. <x1/>": a tag or a stray mark alone is no sentence to translate
    if LIST_MARKER_RE.match(nxt):
        return False  # "a. The first item b. The second item": list items are their own segments
    if CONTINUATION_PUNCT_RE.match(nxt):
        return True  # "HK Management Inc., firma…"
    m = LOWER_WORD_RE.match(nxt)
    if m and m.group(1).islower():
        # "… і інш. тавары", "r. w szpitalu", "Кто виноват? — спросил он."; "iPhone" is not all-lowercase
        return True
    if UNFINISHED_QUOTE_END_RE.search(prev):
        return True  # "…nuclear energy" Mr Costello said.
    rules = languages.get(lang).segmentation
    if rules.not_alone is not None and rules.not_alone.fullmatch(prev):
        return True  # "У 1994 г." alone is not a sentence
    if rules.before_number is not None and rules.before_number.search(prev) and DIGIT_START_RE.match(nxt):
        return True  # "за ч. 2 ст. 342 КК", "12 трав. 2025 р."
    # the language's own joins: "At 5 a.m. Mr. Smith went…", "w latach 70. XX wieku"
    return rules.joins is not None and rules.joins(prev, nxt)
