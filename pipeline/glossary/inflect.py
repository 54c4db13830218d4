"""Putting a glossary term into the grammatical form of a text, and the glossary comments `update` writes.

Used to suggest a fix in the case of the found form (`"Latuszce" — use "Łatuszce"`) and by machine
translation to repair a forbidden variant in place. When unsure, the dictionary form is
returned unchanged: a correct word in the wrong case is easier to fix than a wrong word.
"""

from __future__ import annotations

from pipeline.glossary import Glossary, LangTerms
from pipeline.glossary.morphology import lemmatizer
from pipeline.glossary.normalize import normalize, words


def inflect_like(term: str, lang: str, sample: str, sample_lemma: str | None = None) -> str:
    """`term` (a dictionary form in `lang`) in the case and number of `sample`.

    `sample` is an inflected form of a possibly different term of the same concept (e.g. the forbidden
    variant an MT engine produced); `sample_lemma`, when known, is that term's dictionary form. Pass it
    (`TermHit.term`) when repairing a forbidden hit: Polish "Łatuszko" is both a forbidden spelling and,
    to a lemmatiser, the vocative of Łatuszka. Returns `term` unchanged when unsure.
    """
    if sample_lemma is not None and normalize(sample, lang) == normalize(sample_lemma, lang):
        return term  # the sample is in its dictionary form already
    term_words, sample_words = words(term), words(sample)
    if not term_words or not sample_words:
        return term
    lemma_words = words(sample_lemma) if sample_lemma else []
    if lemma_words and len(lemma_words) != len(sample_words):
        return term
    if len(term_words) != len(sample_words):
        # A full name for a surname alone (or the reverse): inflect every word like the last sample word.
        sample_words = [sample_words[-1]] * len(term_words)
        lemma_words = [lemma_words[-1]] * len(term_words) if lemma_words else []
    out = term
    for k, word in enumerate(term_words):
        lemma = lemma_words[k] if lemma_words else None
        if lemma is not None and normalize(lemma, lang) == normalize(sample_words[k], lang):
            continue
        new = _inflect_pymorphy(word, sample_words[k], lemma, lang)
        if new is None:
            new = _transfer_ending(word, sample_words[k], lemma, lang)
        out = out.replace(word, match_case(new, word), 1) if new != word else out
    return out


def _inflect_pymorphy(word: str, sample: str, lemma: str | None, lang: str) -> str | None:
    """The pymorphy3 generator, for languages whose morphology is pymorphy3 (ru, uk); else None."""
    from pipeline.glossary.morphology import NAME_TAGS, morphology_of, pymorphy

    morphology = morphology_of(lang)
    if morphology is None or morphology.backend != "pymorphy3":
        return None
    morph = pymorphy(morphology.resource)
    parses = morph.parse(sample)
    if lemma:
        parses = [p for p in parses if normalize(p.normal_form, lang) == normalize(lemma, lang)] or parses
    if not parses:
        return None
    tag = parses[0].tag
    wanted = {g for g in (tag.case, tag.number) if g}
    if not wanted or tag.case is None:
        return None
    candidates = [p for p in morph.parse(word.lower()) if "nomn" in p.tag]
    candidates = [p for p in candidates if NAME_TAGS & p.tag.grammemes] or candidates
    for p in candidates:
        inflected = p.inflect(wanted)
        if inflected is not None:
            return str(inflected.word)
    return None


def _transfer_ending(word: str, sample: str, lemma: str | None, lang: str) -> str:
    """Łatuszka, sample "Latuszce" of Latuszka -> Łatuszce: the sample's ending change, applied to word."""
    s = normalize(sample, lang)
    if lemma is None:
        lemmas = sorted(lemmatizer(lang)(s))
        if len(lemmas) != 1:
            return word
        lemma = lemmas[0]
    base = normalize(lemma, lang)
    common = 0
    while common < min(len(s), len(base)) and s[common] == base[common]:
        common += 1
    if common < 2:
        return word
    old_tail, new_tail = base[common:], s[common:]
    w = normalize(word, lang)
    if not w.endswith(old_tail) or old_tail == new_tail:
        return word
    return w[: len(w) - len(old_tail)] + new_tail


def match_case(new: str, like: str) -> str:
    """`new` in the case of `like`: all capitals, a capital first, or as it is."""
    if like.isupper() and len(like) > 1:
        return new.upper()
    if like[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def suggested_source(terms: LangTerms, term: str) -> str:
    """The preferred source term standing for a matched source term (parallel position)."""
    for listed in (terms.preferred, terms.admitted, terms.forbidden):
        if term in listed and terms.preferred:
            return terms.preferred[min(listed.index(term), len(terms.preferred) - 1)]
    return term


def target_for(glossary: Glossary, concept_id: str, source_term: str, source_lang: str, lang: str) -> str | None:
    """The target term to use for a source hit: parallel to the matched source term's position."""
    concept = glossary.get(concept_id)
    source, target = concept.langs.get(source_lang), concept.langs.get(lang)
    if source is None or target is None or not target.preferred:
        return None
    for listed in (source.preferred, source.admitted, source.forbidden):
        if source_term in listed:
            return target.preferred[min(listed.index(source_term), len(target.preferred) - 1)]
    return target.preferred[0]


def annotate_entry(glossary: Glossary, msgid: str, lang: str, source_lang: str = "en") -> list[str]:
    """Extracted-comment lines for one entry: `glossary: Pavel Latushka → Paweł Łatuszka`, one per term."""
    from pipeline.glossary.match import matcher_for

    lines = []
    for hit in matcher_for(glossary, source_lang).find(msgid):
        concept = glossary.get(hit.concept)
        source = concept.langs[source_lang]
        target = target_for(glossary, hit.concept, hit.term, source_lang, lang)
        if target is None:
            continue
        lines.append(f"glossary: {suggested_source(source, hit.term)} → {target}")
        if hit.status == "forbidden":  # a line of its own: PO editors wrap comments at 78 columns
            lines.append(f"glossary: the source spells it “{hit.text}”")
    return list(dict.fromkeys(lines))
