"""QA checks on whether there is a translation at all, whether it is the whole sentence, and whether words MT
left untranslated are still in it."""

from __future__ import annotations

import re

from pipeline import languages
from pipeline.checks.qa_text import LETTER_RE, WORD_RE, qa_check, without_code, without_format_directives
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem, check
from pipeline.mt.postedit import posteditor
from pipeline.po.notes import parse_mt

LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Length of a translation relative to its source, for prose from English (pl/ru/be run ~5-25% longer).
DEFAULT_LENGTH_RATIO = (0.5, 2.2)
MIN_LENGTH_FOR_RATIO = 20  # below this, "Yes." -> "Tak." style ratios say nothing
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”»“)\]]*\s+\S")
# A likely sentence boundary: end mark, closing quotes, space, then a capital, digit or opening quote.
BOUNDARY_RE = re.compile(r"[.!?…][\"'”»“)\]]*\s+(?=[„«\"“(\[—–-]?\s?[^\W\d_a-zа-яёіўєїґ]|\d)")


def _is_names_only(text: str) -> bool:
    """Only capitalised words (and digits/punctuation): a name, a title or an acronym such as "PAP"."""
    words = WORD_RE.findall(text)
    return bool(words) and all(w[0].isupper() for w in words)


@qa_check("untranslated", "warning", "functional")
def untranslated(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation is not just a copy of the source.

    Allowed copies: strings without letters outside code (numbers, punctuation, URLs, e-mails, format
    directives such as `%(cleaner)s - %(option)s` or a strftime `%A, %e %B %Y`) and, for languages written
    in Latin script (Polish, German…), names ("Pavel Latushko" stays in Latin script). For Cyrillic ones
    (Belarusian, Russian, Ukrainian) a Latin-script copy is reported even for names, because names are
    transliterated there.
    """
    if entry.msgstr.strip() != entry.msgid.strip():
        return []
    rest = without_code(without_format_directives(entry.msgid))
    if not LETTER_RE.search(rest):
        return []
    if languages.get(entry.lang).keeps_latin_names and _is_names_only(rest):
        return []
    return [Problem("translation is a copy of the source", found=entry.msgstr)]


@check("empty", "error", "critical", needs_translation=False)
def empty(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation is not blank: whitespace only is an error, an empty fuzzy draft a warning.

    Gettext counts a whitespace-only msgstr as translated, so `build` would publish a blank.

    Plain untranslated entries (empty msgstr, not fuzzy) are progress, not a finding: the report
    counts them.
    """
    if not entry.msgid.strip():
        return []
    if entry.msgstr and not entry.msgstr.strip():
        return [Problem("translation is only whitespace", found=repr(entry.msgstr))]
    if not entry.msgstr and entry.fuzzy:
        return [Problem("fuzzy entry without a draft", severity="warning")]
    return []


@qa_check("mt-untranslated-word", "warning", "functional")
def mt_untranslated_word(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """Words machine translation left untranslated are not still in the translation.

    The entry's MT comment (`#. MT: words left untranslated: …`) names them: words the engines did not
    know and the post-editor could not respell (in Belarusian: Russian words for which no spelling passes
    the Hunspell dictionary, such as "сообщают"). Each one still in the msgstr is reported, with a spelling
    to use where the language's post-editor has one (a draft made before it: "объявили" → "аб'явілі").
    """
    if "untranslated" not in entry.comment:
        return []
    note = parse_mt(entry.comment)
    if note is None or not note.untranslated:
        return []
    text = without_code(entry.msgstr)
    words = [w for w in dict.fromkeys(note.untranslated) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    editor = posteditor(entry.lang) if words else None
    problems = []
    for word in words:
        suggestion = editor.suggest(word) if editor is not None else None
        problems.append(Problem(f"{word!r} was left untranslated by MT"
                                + (f"; in {entry.lang}: {suggestion!r}" if suggestion else ""),
                                found=word, expected=suggestion))
    return problems


@qa_check("length-ratio", "warning", "functional")
def length_ratio(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation is 0.5-2.2 × the length of its source (sources of 20+ characters).

    Outside that band it is likely half translated, doubled or an MT hallucination; Polish,
    Belarusian and Russian prose runs about 5-25 % longer than English.
    """
    source_len = len(entry.msgid.strip())
    if source_len < MIN_LENGTH_FOR_RATIO or not entry.msgstr.strip():
        return []
    low, high = DEFAULT_LENGTH_RATIO
    ratio = len(entry.msgstr.strip()) / source_len
    if ratio < low:
        return [Problem(f"translation is {ratio:.2f} × the source length (shorter than {low})",
                        found=f"{ratio:.2f}", expected=f"{low}-{high}")]
    if ratio > high:
        return [Problem(f"translation is {ratio:.2f} × the source length (longer than {high})",
                        found=f"{ratio:.2f}", expected=f"{low}-{high}")]
    return []


def sentence_count(text: str, lang: str) -> int:
    """Sentences by pipeline.segment (pySBD); texts without an inner sentence end skip the segmenter.

    A piece that starts in lower case continues the previous sentence: the segmenter may split after an
    abbreviation it does not know ("ok. dwóch lat").
    """
    if not SENTENCE_END_RE.search(text.strip()):
        return 1 if text.strip() else 0
    from pipeline.segment import split_sentences

    pieces = split_sentences(text, lang)
    return sum(1 for i, piece in enumerate(pieces) if i == 0 or not piece[:1].islower())


@qa_check("sentence-count", "warning", "functional")
def sentence_count_differs(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation has as many sentences as the source, split by the same segmenter as extraction.

    Catalog entries are sentences, so an extra sentence means a merge, an addition or MT rambling,
    and a missing one a dropped clause. pySBD runs only when a quick count of boundaries (end mark,
    space, capital) differs between the two texts.
    """
    # The segmenter is slow; where a cheap count of boundaries agrees, the sentences do too.
    if len(BOUNDARY_RE.findall(entry.msgid)) == len(BOUNDARY_RE.findall(entry.msgstr)):
        return []
    want = sentence_count(entry.msgid, entry.source_lang)
    have = sentence_count(entry.msgstr, entry.lang)
    if want != have:
        return [Problem(f"{have} sentence(s) in the translation, {want} in the source",
                        found=str(have), expected=str(want))]
    return []
