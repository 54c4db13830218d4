"""English: the usual source language. pySBD's own rules, a time-phrase join, plural/possessive lemmas."""

from __future__ import annotations

import re

from pipeline.languages import Language, Morphology, Segmentation

TIME_ALONE_RE = re.compile(r"(?:\w+\s+){0,2}\d{1,2}(?::\d\d)?\s*[ap]\.m\.", re.IGNORECASE)
WEEKDAY_OR_MONTH_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b"
)


def time_phrase_goes_on(prev: str, nxt: str) -> bool:
    """"At 5 a.m. Mr. Smith went…", "at 1:15 a.m. Saturday": a clock time is not a sentence end."""
    if TIME_ALONE_RE.fullmatch(prev):
        return True
    return prev.lower().endswith(("a.m.", "p.m.")) and WEEKDAY_OR_MONTH_RE.match(nxt) is not None


LANGUAGE = Language(
    code="en",
    name="English",
    script="Latn",
    encodings=("cp1252", "latin_1"),
    segmentation=Segmentation(pysbd="en", fast=True, joins=time_phrase_goes_on),
    quotes=(("“", "”"), ("‘", "’")),
    letters="abcdefghijklmnopqrstuvwxyz",
    stopwords=frozenset({
        "the", "and", "of", "to", "in", "is", "that", "for", "was", "on", "with", "as", "by", "he",
        "it", "are", "from", "at", "his", "have", "be", "this", "which", "were", "has", "not"}),
    morphology=Morphology("english"),
)
