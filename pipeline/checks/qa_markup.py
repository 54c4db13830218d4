"""QA checks on what must pass through translation unchanged: links, addresses, placeholders, markup."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.checks.qa_text import DOMAIN_RE, EMAIL_RE, ENTITY_RE, TAG_RE, TLD_RE, URL_RE, qa_check
from pipeline.checks.registry import CheckContext, EntryUnderCheck, Problem
from pipeline.documents.base import PLACEHOLDER_RE


def _missing(regex: re.Pattern[str], source: str, translation: str, what: str) -> list[Problem]:
    """Each occurrence in the source must be in the translation verbatim, as often."""
    want = Counter(m.group(0) for m in regex.finditer(source))
    have = Counter(m.group(0) for m in regex.finditer(translation))
    problems = []
    for item, count in want.items():
        if have[item] < count:
            problems.append(Problem(f"{what} {item!r} is missing or changed in the translation", expected=item))
    return problems


@qa_check("urls", "error", "critical")
def urls(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """URLs and bare web domains ("https://…", "www.…", "pap.pl") are copied unchanged.

    A translated or mistyped link sends readers elsewhere. Bare domains count too, unlike pofilter,
    because news text cites sources as "Source: pap.pl".
    """
    if "." not in entry.msgid:
        return []
    problems = _missing(URL_RE, entry.msgid, entry.msgstr, "URL") if "/" in entry.msgid or "www." in entry.msgid else []
    if not TLD_RE.search(entry.msgid):
        return problems
    source_domains = [m for m in DOMAIN_RE.finditer(entry.msgid)
                      if not any(u.start() <= m.start() < u.end() for u in URL_RE.finditer(entry.msgid))
                      and not any(e.start() <= m.start() < e.end() for e in EMAIL_RE.finditer(entry.msgid))]
    for m in source_domains:
        if m.group(0).lower() not in entry.msgstr.lower():
            problems.append(Problem(f"web address {m.group(0)!r} is missing or changed", expected=m.group(0)))
    return problems


# C0 controls but tab, newline and carriage return; DEL and the C1 controls.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@qa_check("control-characters", "error", "critical")
def control_characters(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The translation holds no control character (BEL, VT, ESC…) that its source does not have.

    Invisible in a PO editor, a stray control code rings terminals, and XML cannot carry it at all: an
    XLIFF or HTML export of the entry would not be well-formed. One the source has (a terminal program's
    `\033[1m`) is expected in the translation too.
    """
    if CONTROL_RE.search(entry.msgstr) is None:
        return []
    source = entry.msgid + (entry.msgid_plural or "")
    extra = sorted({ch for ch in CONTROL_RE.findall(entry.msgstr) if ch not in source})
    if not extra:
        return []
    names = ", ".join(f"U+{ord(ch):04X}" for ch in extra)
    return [Problem(f"control character {names} in the translation, not in the source", found=names)]


@qa_check("emails", "error", "critical")
def emails(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """E-mail addresses are copied unchanged."""
    if "@" not in entry.msgid:
        return []
    return _missing(EMAIL_RE, entry.msgid, entry.msgstr, "e-mail address")


@qa_check("placeholders", "error", "critical")
def placeholders(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """The reader's placeholders (`<g1>…</g1>`, `<x1/>`) are all kept, once each, and pairs stay in order.

    `build` puts the original markup (a link, bold text, a line break) back in their place: a lost
    placeholder loses the markup, a duplicated one repeats it, and `</g1>` before `<g1>` breaks it.
    """
    if "<" not in entry.msgid and "<" not in entry.msgstr:
        return []
    want = Counter(PLACEHOLDER_RE.findall(entry.msgid))
    have = Counter(PLACEHOLDER_RE.findall(entry.msgstr))
    problems = []
    for tag in sorted(want.keys() | have.keys()):
        if have[tag] < want[tag]:
            problems.append(Problem(f"placeholder {tag} is missing", expected=tag))
        elif have[tag] > want[tag]:
            what = "duplicated" if want[tag] else "not in the source"
            problems.append(Problem(f"placeholder {tag} is {what}", found=tag))
    if not problems:
        opened: set[str] = set()
        for tag in PLACEHOLDER_RE.findall(entry.msgstr):
            if tag.startswith("</"):
                if tag[2:-1] not in opened:
                    problems.append(Problem(f"{tag} comes before <{tag[2:-1]}>", found=tag))
            elif tag.startswith("<g"):
                opened.add(tag[1:-1])
    return problems


@qa_check("markup", "error", "critical")
def markup(entry: EntryUnderCheck, ctx: CheckContext) -> list[Problem]:
    """HTML/XML tags and escaped markup (`<b>`, `&lt;`) in the source are kept exactly.

    Reader placeholders are the `placeholders` check's job; this one covers markup that reached the
    catalog as text. Tags must match as a multiset: attribute values may not be translated; a message that is
    HTML already may gain styling in pairs (`<i>True</i>`), one without markup may not. A word in angle
    brackets ("<Empty>", "<no view>", a usage string's "<link>": no attributes, never closed, or what follows
    its name is no attribute list) is text the translator translates. Entities for
    characters (`&amp;`, `&quot;`, `&nbsp;`) are text the translator may write otherwise ("&amp;" as
    "i"), but not as another entity (`&#169;` as `&#177;`), and a bare "&" where the source escapes it
    breaks the markup (`&#234` for `&#234;`); `&lt;` and `&gt;` are kept. A translation that keeps every
    entity of its source may name the character itself (glib's "escape ampersand as &amp;" → "symbol «&»
    … як &amp;").
    """
    if "<" not in entry.msgid and "<" not in entry.msgstr and "&" not in entry.msgid and "&" not in entry.msgstr:
        return []  # (four scans: no concatenated copy of the texts per entry)
    problems = []
    want = Counter(markup_tags(entry.msgid))
    have = Counter(markup_tags(entry.msgstr))
    added = {item: have[item] - want[item] for item in have if have[item] > want[item]}
    styling = want and _balanced_styling(added)  # <i>…</i> added to a message that is HTML already
    for item in sorted(want.keys() | have.keys()):
        if have[item] < want[item]:
            problems.append(Problem(f"tag {item} is missing or changed", expected=item))
        elif have[item] > want[item] and not styling:
            problems.append(Problem(f"tag {item} is not in the source", found=item))
    if "&" in entry.msgid:
        entities = Counter(ENTITY_RE.findall(entry.msgid))
        kept = Counter(ENTITY_RE.findall(entry.msgstr))
        replaced = sorted(e for e in kept if kept[e] > entities[e])  # another entity in its place: a changed one
        for item in sorted(e for e in entities if kept[e] < entities[e] and (e in MARKUP_ENTITIES or replaced)):
            problems.append(Problem(f"entity {item} is missing or changed", found=" ".join(replaced) or None,
                                    expected=item))
        lost = any(kept[e] < n for e, n in entities.items())  # else a further "&" is the character, named
        if entities and lost and BARE_AMPERSAND_RE.search(entry.msgstr):
            problems.append(Problem("a bare & where the source escapes it (write &amp;)", found="&",
                                    expected="&amp;"))
    return problems


# HTML's void elements that mean something without attributes: a tag of its own, never closed. The others
# (<link>, <source>, <base>, <meta>…) do nothing bare: bare, they are a usage string's "<link> <name> <path>".
VOID_ELEMENTS = frozenset({"br", "hr", "wbr", "input"})
# What may follow a tag's name: attributes (a value quoted, or unquoted up to a space, as a copy with stray
# backslashes has it: href=\"…\"), then an optional "/". "<corrupt GNU_PROPERTY_TYPE, size = %#lx>" is text.
ATTRIBUTES_RE = re.compile(r"""(?:\s+[^\s=<>/"',]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>]+))?)*\s*/?""")


def markup_tags(text: str) -> list[str]:
    """The tags in `text` that are markup, not a word in angle brackets ("<Empty>", "<no view>", a usage
    string's "<command>" or "<link>", which the translator translates, a program's "<corrupt TYPE, size =
    %x>"): a closing tag, one with attributes (`=`) or self-closed, a void element (`<br>`), or an opening
    tag the text also closes; what follows the name must read as attributes. Reader placeholders are not
    counted (the placeholders check's)."""
    tags = [t for t in TAG_RE.findall(text) if not PLACEHOLDER_RE.fullmatch(t)]
    if not tags:
        return tags
    names = [_tag_name(t) for t in tags]
    closed = {name for tag, name in zip(tags, names, strict=True) if tag.startswith("</")}
    return [tag for tag, name in zip(tags, names, strict=True)
            if (tag.startswith("</") or "=" in tag or tag.endswith("/>") or name in VOID_ELEMENTS or name in closed)
            and _reads_as_attributes(tag)]


def _reads_as_attributes(tag: str) -> bool:
    """Whether what follows the tag's name reads as HTML attributes."""
    m = TAG_NAME_RE.match(tag)
    return m is not None and ATTRIBUTES_RE.fullmatch(tag, m.end(), len(tag) - 1) is not None


def _tag_name(tag: str) -> str:
    m = TAG_NAME_RE.match(tag)
    return m.group(1).lower() if m else ""


# Inline elements that only style text: a translator may add them, in pairs, to a message that is HTML already.
STYLING_TAGS = frozenset({"b", "i", "em", "strong", "u", "small", "sup", "sub", "span", "mark", "q", "abbr", "br"})
TAG_NAME_RE = re.compile(r"</?([a-zA-Z][\w:-]*)")


def _balanced_styling(added: dict[str, int]) -> bool:
    """Whether the tags a translation adds are styling elements, each opened as often as closed."""
    opened: Counter[str] = Counter()
    for tag, count in added.items():
        name = _tag_name(tag)
        if name not in STYLING_TAGS:
            return False
        if name != "br" and not tag.endswith("/>"):
            opened[name] += -count if tag.startswith("</") else count
    return not any(opened.values())


MARKUP_ENTITIES = frozenset({"&lt;", "&gt;", "&#60;", "&#62;", "&#x3c;", "&#x3e;", "&#x3C;", "&#x3E;"})
BARE_AMPERSAND_RE = re.compile(r"&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)")
