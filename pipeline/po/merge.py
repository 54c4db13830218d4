"""Update a language catalog from its template with msgmerge semantics.

As `msgmerge --previous`: translations are kept; a changed source sentence becomes fuzzy with the previous
msgid (`#| msgid`); removed sentences become obsolete (`#~`). A translated (non-fuzzy) msgstr is never
changed here. Headers come from Babel (CLDR plural forms, language names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polib

from pipeline.po.fuzzy import FuzzyIndex
from pipeline.po.headers import catalog_header_comment, merged_headers, nplurals_of, plural_rule
from pipeline.po.model import Key, is_template_flag, is_translated, key_of
from pipeline.po.notes import ORIGIN_PREFIXES, ordered
from pipeline.po.write import WRAP_WIDTH

Annotate = Callable[[str], list[str]]  # msgid -> extra extracted-comment lines (e.g. glossary hits)


def update(template: polib.POFile, existing: polib.POFile | None, lang: str,
           annotate: Annotate | None = None, provenance: Mapping[str, str] | None = None) -> polib.POFile:
    """Merge a template into a language catalog with msgmerge semantics; returns a new POFile.

    As `msgmerge --previous`: messages are keyed by (msgctxt, msgid); an exact match keeps its translation
    (every plural form), translator comments and fuzzy state; format flags, references and extracted
    comments come from the template; a new message takes the most similar old translation as a fuzzy
    entry with `#| msgctxt/msgid/msgid_plural`; a changed msgid_plural makes an entry fuzzy; translated
    messages no longer in the template become obsolete with everything they had.
    """
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = merged_headers(template, existing, lang, provenance or {})
    if existing is not None:
        po.header = existing.header
        po.metadata_is_fuzzy = existing.metadata_is_fuzzy
    else:
        po.header = catalog_header_comment(template, lang)
    nplurals = nplurals_of(po, lang)
    one_number = plural_rule(po, lang)[1]

    old_entries = [e for e in existing if e.msgid] if existing is not None else []
    old_live = {key_of(e): e for e in old_entries if not e.obsolete}
    old_obsolete = {key_of(e): e for e in old_entries if e.obsolete}
    used: set[Key] = set()
    candidates = FuzzyIndex(old_entries)  # msgmerge's candidates: see pipeline/po/fuzzy.py
    for tentry in template:
        if not tentry.msgid or tentry.obsolete:  # a reference catalog's obsolete entries are no messages
            continue
        key = key_of(tentry)
        old = old_live.get(key) or old_obsolete.get(key)
        extra = annotate(tentry.msgid) if annotate else []
        if old is not None:
            used.add(key)
            entry = _merged(tentry, old, nplurals, exact=True, one_number=one_number)
        else:
            match = candidates.best(tentry.msgid, tentry.msgctxt)
            if match is not None:
                used.add(key_of(match))  # as msgmerge: the old message lives on in the fuzzy entry, not as #~
                entry = _merged(tentry, match, nplurals, exact=False)
            else:
                entry = _merged(tentry, None, nplurals, exact=False)
        entry.comment = _merge_comments(tentry.comment, extra, old.comment if old is not None else None)
        po.append(entry)
    live_keys = {key_of(e) for e in po}
    for old in old_entries:
        key = key_of(old)
        if key in used or key in live_keys or not is_translated(old):
            continue
        po.append(_copy(old, obsolete=True, occurrences=[], comment=""))
    return po


def _breaks_new_format(entry: polib.POEntry, new_flags: list[str], one_number: frozenset[int]) -> bool:
    """Whether the translation fails a format flag the template has newly given the message."""
    if not new_flags:  # the usual case: nothing to check
        return False
    from pipeline import format_strings

    for flag in (f for f in new_flags if f in format_strings.PARSERS):
        if entry.msgid_plural:
            forms = [(n, text) for n, text in sorted(entry.msgstr_plural.items()) if text]
            source = entry.msgid_plural
        else:
            forms, source = ([(0, entry.msgstr)] if entry.msgstr else []), entry.msgid
        for n, text in forms:
            if format_strings.problems(flag, source, text, bool(entry.msgid_plural) and n in one_number) != []:
                return True
    return False


def _copy(entry: polib.POEntry, **changes: Any) -> polib.POEntry:
    fields: dict[str, Any] = dict(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                  msgstr=entry.msgstr, msgstr_plural=dict(entry.msgstr_plural), flags=list(entry.flags),
                  tcomment=entry.tcomment, comment=entry.comment, occurrences=list(entry.occurrences),
                  previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
                  previous_msgid_plural=entry.previous_msgid_plural, obsolete=entry.obsolete)
    fields.update(changes)
    return polib.POEntry(**fields)


def _merged(tentry: polib.POEntry, old: polib.POEntry | None, nplurals: int, exact: bool,
            one_number: frozenset[int] = frozenset()) -> polib.POEntry:
    """One template message with what the old catalog had for it (`old`, matched exactly or fuzzily)."""
    entry = polib.POEntry(msgctxt=tentry.msgctxt, msgid=tentry.msgid, msgid_plural=tentry.msgid_plural,
                          occurrences=list(tentry.occurrences))
    template_flags = [f for f in tentry.flags if f != "fuzzy"]
    if old is None:
        entry.flags = template_flags
        if tentry.msgid_plural:
            entry.msgstr_plural = {i: "" for i in range(nplurals)}
        return entry
    entry.tcomment = old.tcomment
    own_flags = [f for f in old.flags if f != "fuzzy" and not is_template_flag(f) and f not in template_flags]
    fuzzy = old.fuzzy or not exact
    if tentry.msgid_plural and old.msgid_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    elif tentry.msgid_plural:  # a message gained a plural: every form starts from the old translation
        entry.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")
    if exact and (tentry.msgid_plural or None) != (old.msgid_plural or None):
        fuzzy = True
    if exact and not fuzzy and _breaks_new_format(entry, [f for f in template_flags if f not in old.flags],
                                                  one_number):
        fuzzy = True  # as msgmerge: the template now says it is a format string, and the translation is not one
    if fuzzy and not old.fuzzy:
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
    elif old.fuzzy:  # as msgmerge: a draft keeps the previous text it had (the source it was made from) ...
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
        if not exact and old.previous_msgid is None:
            # ... and, beyond msgmerge, a draft carried from another sentence says which: `tolmach mt` replaces
            # a carried msgstr only when it drafted it for that sentence (mt/drafts.py: action_for)
            entry.previous_msgctxt, entry.previous_msgid = old.msgctxt, old.msgid
            entry.previous_msgid_plural = old.msgid_plural or None
    entry.flags = (["fuzzy"] if fuzzy else []) + template_flags + own_flags
    return entry


def _merge_comments(template_comment: str, extra: Iterable[str], old_comment: str | None) -> str:
    """The template's extracted comments as they are, then regenerated lines (glossary hits) and the old
    entry's origin notes that are not already there."""
    if not extra and not (old_comment and any(prefix in old_comment for prefix in ORIGIN_PREFIXES)):
        return template_comment  # nothing to add (most entries): the same text the lines below would join
    lines = template_comment.split("\n") if template_comment else []
    seen = set(lines)
    added = [*extra, *(x for x in (old_comment or "").split("\n") if x.startswith(ORIGIN_PREFIXES))]
    added = [x for x in dict.fromkeys(added) if x not in seen]
    return "\n".join(ordered([*lines, *added]) if added else lines)
