"""Text pieces the QA checks share: what counts as a URL, an e-mail, a placeholder, a word.

Kept apart from the check modules so a check about numbers can blank out URLs without importing
(and thereby registering) the markup checks in a different order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pipeline.checks.registry import (
    Category,
    CheckContext,
    CheckFunction,
    EntryUnderCheck,
    Problem,
    Severity,
    check,
)
from pipeline.documents.base import PLACEHOLDER_RE

# Scheme URLs and www. hosts, as pofilter's urls check; trailing sentence punctuation is not part of them.
# A backtick is no URL character (RFC 3986): Markdown's `…` around a link ends it.
URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"`«»„“”]+[^\s<>\"`«»„“”.,;:!?)\]]|www\.[^\s<>\"`«»„“”]+[^\s<>\"`«»„“”.,;:!?)\]]",
                    re.IGNORECASE)
# Bare domains news text writes without a scheme ("Source: pap.pl"); only well-known TLDs, so "e.g" is not one.
DOMAIN_RE = re.compile(r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
                       r"(?:pl|by|ru|ua|com|org|net|eu|info|gov|io|uk|de|lt|lv)(?![\w-]|\.\w)", re.IGNORECASE)
# Cheap test before DOMAIN_RE, whose search backtracks from every letter: a word character, a dot and a
# known TLD. Written to start with the literal dot (the word character is a look-behind), so the search
# skips to each "." in C instead of trying the pattern at every letter; it matches where `\w\.tld` does.
TLD_RE = re.compile(r"\.(?<=\w\.)(?:pl|by|ru|ua|com|org|net|eu|info|gov|io|uk|de|lt|lv)(?![\w-])", re.IGNORECASE)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w-])", re.IGNORECASE)
# HTML/XML tags and entities that are not reader placeholders.
# Not inside double angle brackets: Sphinx's "<<original entry>>" is text.
TAG_RE = re.compile(r"(?<!<)</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>(?!>)")
ENTITY_RE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
LETTER_RE = re.compile(r"[^\W\d_]")


def without_code(text: str) -> str:
    """The text with URLs, e-mails, placeholders, tags and unmistakable format directives blanked (same
    length), for word and number checks.

    Several checks ask for the same entry's texts in turn (numbers twice for each), so the last few answers
    are kept: a handful of strings, never more than _CODELESS_LIMIT.
    """
    try:
        return _CODELESS[text]
    except KeyError:
        pass
    blanked = text
    # Each regex runs only when its tell-tale character is there: most sentences have none of them.
    for regex, tell in _BLANKERS:
        if tell in blanked and (regex is not DOMAIN_RE or TLD_RE.search(blanked)):
            blanked = regex.sub(_blank, blanked)
    if len(_CODELESS) >= _CODELESS_LIMIT:
        _CODELESS.clear()
    _CODELESS[text] = blanked
    return blanked


_CODELESS: dict[str, str] = {}
_CODELESS_LIMIT = 8


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


# A printf directive with a width or precision ("%(total)0.3f", "%5d"): its digits are no number of the text.
PRINTF_DIGITS_RE = re.compile(r"%(?:\d+\$|\([^()\s]*\))?[-+ #0']*(?:\d+(?:\.\d+)?|\.\d+)(?:hh|h|ll|l|L|z|j|t)?"
                              r"[diouxXeEfFgGaAcrs]")
# Python's named directives, which no prose writes (`%(link)sВойдите`): code, whose letters are no words.
FORMAT_CODE_RE = re.compile(r"%\(\w+\)[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BLANKERS = ((PRINTF_DIGITS_RE, "%"), (EMAIL_RE, "@"), (URL_RE, "/"), (URL_RE, "www."), (DOMAIN_RE, "."),
             (PLACEHOLDER_RE, "<"), (TAG_RE, "<"), (ENTITY_RE, "&"), (FORMAT_CODE_RE, "%("))


# Messages whose translation is free text rather than a translation of the msgid: the translators' names
# (GNOME's "translator-credits", KDE's "Your names"/"Your emails" in their contexts).
FREE_FORM_MESSAGES = frozenset({(None, "translator-credits"), (None, "translator_credits"),
                                ("NAME OF TRANSLATORS", "Your names"), ("EMAIL OF TRANSLATORS", "Your emails")})
# Format directives (printf, Python %(name)s, str.format fields, strftime %A/%e/%Y): code, not words.
FORMAT_DIRECTIVE_RE = re.compile(r"%(?:\(\w*\)|\d+\$)?[-+ #0'_^]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                                 r"(?:hh|h|ll|l|L|q|j|z|t|E|O)?[a-zA-Z%]|\{[^{}\s]*\}")


def without_format_directives(text: str) -> str:
    """The text with printf/strftime directives and brace fields blanked (same length)."""
    return FORMAT_DIRECTIVE_RE.sub(_blank, text) if "%" in text or "{" in text else text


def is_blank(entry: EntryUnderCheck) -> bool:
    """A translation the comparing checks leave alone: whitespace only, or free text (translator credits)."""
    return not entry.msgstr.strip() or (entry.msgctxt, entry.msgid) in FREE_FORM_MESSAGES


def qa_check(name: str, severity: Severity, category: Category) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check that compares a translation with its source.

    A blank translation (whitespace only) is the `empty` check's finding alone: comparing its
    punctuation, spacing or sentences with the source would only repeat it in other words. The
    translators' names (`translator-credits`) are not a translation of their msgid: not compared either.
    """

    def register(function: CheckFunction) -> CheckFunction:
        @functools.wraps(function)
        def unless_blank(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
            if is_blank(entry):
                return []
            return list(function(entry, ctx))

        check(name, severity, category, skips_blank=True, body=function)(unless_blank)
        return function

    return register
