"""Differential property: on random catalogs with contexts, plural forms, flags, fuzzy and obsolete entries,
`merge.update` keeps everything GNU `msgmerge --previous` keeps (tests/msgmerge_diff.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgmerge_diff import differences, msgmerge

from pipeline.po import merge, read, write

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")

# Sources either nearly the same (a fuzzy match) or nothing alike, so both tools' similarity measures agree.
WORDS = ["Open the file", "Open the files", "Close window", "Save %s now", "Save %s now!", "Quit", "Delete",
         "Remove every cached thumbnail"]
CONTEXTS = [None, "", "menu", "button"]
HEADER = ('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n')

keys = st.tuples(st.sampled_from(CONTEXTS), st.sampled_from(WORDS))
template_entries = st.lists(st.tuples(keys, st.booleans(), st.sampled_from([(), ("c-format",), ("no-wrap",)])),
                            min_size=1, max_size=8, unique_by=lambda t: t[0])
old_entries = st.lists(st.tuples(keys, st.booleans(), st.booleans(), st.booleans(), st.sampled_from(["", "note"])),
                       max_size=8, unique_by=lambda t: t[0])
# Several old messages may share a source text (in other contexts): ties between equally similar candidates
# are broken in msgmerge's order (pipeline/po/fuzzy.py).


def write_po(path: Path, entries: list[polib.POEntry]) -> None:
    po = polib.POFile(wrapwidth=write.WRAP_WIDTH)
    po.extend(entries)
    path.write_text(HEADER + "\n" + "\n".join(write.entry_text(e) for e in po) + "\n", encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pot_spec=template_entries, old_spec=old_entries)
def test_update_keeps_what_msgmerge_keeps_on_random_catalogs(pot_spec: list[Any], old_spec: list[Any],
                                                             tmp_path: Path) -> None:
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example: hypothesis reuses tmp_path
    pot = [polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=f"{msgid} (n)" if plural else "",
                         msgstr_plural={0: "", 1: ""} if plural else {}, flags=list(flags), occurrences=[("a.c", "1")])
           for (ctx, msgid), plural, flags in pot_spec]
    old = []
    for i, ((ctx, msgid), plural, fuzzy, obsolete, note) in enumerate(old_spec):
        text = f"tłumaczenie {i}"
        old.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=f"{msgid} (n)" if plural else "",
                                 msgstr="" if plural else text,
                                 msgstr_plural={k: f"{text} [{k}]" for k in range(3)} if plural else {},
                                 flags=["fuzzy"] if fuzzy else [], obsolete=obsolete, tcomment=note))
    write_po(tmp_path / "t.pot", pot)
    write_po(tmp_path / "pl.po", old)
    expected = msgmerge(tmp_path / "pl.po", tmp_path / "t.pot", tmp_path / "msgmerge.po")
    merged = merge.update(read.load(tmp_path / "t.pot"), read.load(tmp_path / "pl.po"), "pl")
    assert differences(expected, merged) == []
