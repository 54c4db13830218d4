"""Fuzzy matching as GNU msgmerge does it: which old translation a message new in the template is offered.

The candidates, the similarity (fstrcmp over UTF-8 bytes), the threshold and the context bonus, and the
order among equally similar candidates, each as a rule; then the whole against the real `msgmerge
--previous` on random catalogs built to produce near-ties, short msgids, contexts and non-ASCII text.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po.fuzzy import FuzzyIndex, similarity


def entry(msgid: str, msgstr: str = "tłumaczenie", msgctxt: str | None = None, **fields: Any) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, **fields)


def offered(old: list[polib.POEntry], msgid: str, msgctxt: str | None = None) -> str | None:
    found = FuzzyIndex(old).best(msgid, msgctxt)
    return None if found is None else found.msgstr or found.msgstr_plural.get(0)


def test_similarity_is_twice_the_common_subsequence_over_both_lengths_in_utf8_bytes() -> None:
    assert similarity("Open file", "Open files") == 2 * 9 / 19
    # 12 and 14 bytes, all 12 in common: msgmerge compares bytes, not characters (6 and 7: 12/13)
    assert similarity("Привет", "Приветы") == 24 / 26
    assert similarity("", "") == 1.0


def test_a_msgid_sharing_no_4_gram_is_never_offered_however_similar() -> None:
    # "Today" and "Monday" are 0.73 similar but share no 4 consecutive characters: msgmerge offers nothing
    assert similarity("Today", "Monday") > 0.6
    assert offered([entry("Today", "Dziś")], "Monday") is None
    assert offered([entry("Today", "Dziś")], "Today!") == "Dziś"


def test_the_threshold_is_strictly_above_0_6_and_a_context_bonus_lifts_an_exact_0_6() -> None:
    old_id, new_id = "abcdefghij", "abcdefwxyz"  # 6 of 20 bytes in common: exactly 0.6
    assert similarity(old_id, new_id) == 0.6
    # another context: no bonus, and 0.6 is not above the threshold
    assert offered([entry(old_id, "x", msgctxt="menu")], new_id) is None
    # no context (valid in any), or the same context: a bonus of 0.00001
    assert offered([entry(old_id, "x")], new_id) == "x"
    assert offered([entry(old_id, "x", msgctxt="menu")], new_id, "menu") == "x"


def test_equal_similarity_prefers_the_same_context_or_none_then_more_shared_4_grams_then_the_earlier() -> None:
    other = entry("Save the file", "inny kontekst", msgctxt="toolbar")
    same = entry("Save the file", "ten kontekst", msgctxt="menu")
    assert offered([other, same], "Save the files", "menu") == "ten kontekst"
    # both 16/17 similar to "abcdXefgh"; "abcdXefg" shares 5 of its 4-grams, "abcdefgh" only 2 (abcd, efgh)
    fewer, more = entry("abcdefgh", "mniej wspólnych"), entry("abcdXefg", "więcej wspólnych")
    assert similarity(fewer.msgid, "abcdXefgh") == similarity(more.msgid, "abcdXefgh")
    assert offered([fewer, more], "abcdXefgh") == "więcej wspólnych"
    first, second = entry("Delete it now", "pierwszy", msgctxt="a"), entry("Delete it now", "drugi", msgctxt="b")
    assert offered([first, second], "Delete it now!") == "pierwszy"
    assert offered([second, first], "Delete it now!") == "drugi"


def test_candidates_are_translated_messages_live_fuzzy_or_obsolete_with_a_first_plural_form() -> None:
    assert offered([entry("Open the file now", "", )], "Open the file now!") is None
    assert offered([entry("Open the file now", "szkic", flags=["fuzzy"])], "Open the file now!") == "szkic"
    assert offered([entry("Open the file now", "stare", obsolete=True)], "Open the file now!") == "stare"
    # msgmerge looks at the first plural form only: a plural whose msgstr[0] is empty is not a candidate
    plural = entry("Close the window", "", msgid_plural="Close the windows", msgstr_plural={0: "", 1: "okna"})
    assert offered([plural], "Close the window!") is None
    plural.msgstr_plural[0] = "okno"
    assert offered([plural], "Close the window!") == "okno"


def test_a_short_msgid_is_compared_with_old_msgids_of_a_length_that_can_reach_the_threshold() -> None:
    # under 4 characters there are no 4-grams: every old msgid of 2..7 bytes is compared with "Yes"
    assert offered([entry("Yes!", "Tak!")], "Yes") == "Tak!"
    assert offered([entry("Yes, overwrite it", "Tak, nadpisz")], "Yes") is None
    # equally similar: the shorter old msgid first ("Yes" vs "es" and "Yeses": 4/5 and 6/8)
    assert offered([entry("Yex", "a"), entry("Ye", "b")], "Yes") == "b"


def test_an_empty_index_does_no_work() -> None:
    index = FuzzyIndex([entry("Open", "")])
    assert index.best("Open it") is None
    assert index._postings is None  # nothing was built for a catalog without translations


# --- against GNU msgmerge ---------------------------------------------------------------------------------

WORDS = ["file", "files", "Save", "save", "the", "a", "now", "Open", "open", "Delete", "all", "ы", "файл",
         "%s", "%d", "it", "OK", "No"]
CONTEXTS = [None, "menu", "button"]
HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')

msgids = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
old_messages = st.lists(st.tuples(st.sampled_from(CONTEXTS), msgids, st.booleans(), st.booleans(), st.booleans()),
                        max_size=14, unique_by=lambda t: (t[0], t[1], t[4]))
new_messages = st.lists(st.tuples(st.sampled_from(CONTEXTS), msgids), min_size=1, max_size=10, unique=True)


def write(path: Path, entries: list[polib.POEntry]) -> None:
    po = polib.POFile(wrapwidth=79)
    po.extend(entries)
    path.write_text(HEADER + "\n" + "\n".join(e.__unicode__(79) for e in po) + "\n", encoding="utf-8")


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old_spec=old_messages, new_spec=new_messages)
def test_the_same_suggestions_as_msgmerge_on_random_catalogs(old_spec: list[tuple[str | None, str, bool, bool, bool]],
                                                            new_spec: list[tuple[str | None, str]],
                                                            tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    old = [entry(msgid, f"t{i}" if translated else "", ctx, flags=["fuzzy"] if fuzzy else [], obsolete=obsolete)
           for i, (ctx, msgid, translated, fuzzy, obsolete) in enumerate(old_spec)]
    live = {(e.msgctxt, e.msgid) for e in old if not e.obsolete}
    old = [e for e in old if not e.obsolete or (e.msgctxt, e.msgid) not in live]  # msgfmt refuses both
    template = [polib.POEntry(msgctxt=ctx, msgid=msgid, msgstr="") for ctx, msgid in new_spec]
    write(folder / "old.po", old)
    write(folder / "new.pot", template)
    out = folder / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(folder / "old.po"),
                    str(folder / "new.pot")], check=True)
    known = {(e.msgctxt, e.msgid) for e in old}
    expected = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(out))
                if not e.obsolete and e.msgid and (e.msgctxt, e.msgid) not in known}
    index = FuzzyIndex(old)
    for key, msgstr in expected.items():
        found = index.best(key[1], key[0])
        assert (found.msgstr if found is not None else "") == msgstr, key
