"""Property: any sequence of updates (messages with contexts and plural forms appearing, changing and
going away), translator edits, drafts and interrupted saves keeps every translator's edit, in a catalog
that stays valid on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po import merge, model, read, write
from pipeline.workspace import save_catalog

WORDS = ["Delete", "Delete the file", "Delete the files", "Open", "Open %d file", "Save", "Save all",
         "Remove the cache", "Remove the caches now"]
CONTEXTS = [None, "menu", "button"]

Message = tuple[str | None, str, bool]  # (msgctxt, msgid, plural?)
messages = st.lists(st.tuples(st.sampled_from(CONTEXTS), st.sampled_from(WORDS), st.booleans()),
                    min_size=1, max_size=8, unique_by=lambda m: (m[0], m[1]))
operations = st.lists(st.one_of(
    st.tuples(st.just("update"), messages),
    st.tuples(st.just("edit"), st.integers(0, 20), st.text("ąęłżАБВ abc", min_size=1, max_size=12)),
    st.tuples(st.just("draft"), st.just(None)),
    st.tuples(st.just("kill"), st.integers(0, 2)),
), min_size=1, max_size=10)


def template(msgs: list[Message]) -> polib.POFile:
    pot = polib.POFile(wrapwidth=write.WRAP_WIDTH)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for ctx, msgid, plural in msgs:
        pot.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=f"{msgid} (many)" if plural else "",
                                 msgstr_plural={0: "", 1: ""} if plural else {}))
    return pot


def translation(entry: polib.POEntry) -> tuple[str, ...]:
    return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) if entry.msgid_plural \
        else (entry.msgstr,)


def kept(po: polib.POFile, key: tuple[str | None, str], text: tuple[str, ...]) -> bool:
    """The edit is still there: as the live entry, as an obsolete one, or as a fuzzy entry's old text."""
    for e in po:
        if model.key_of(e) == key and translation(e) == text:
            return True
        if e.fuzzy and (e.previous_msgctxt, e.previous_msgid) == key and text[0] in translation(e):
            return True
    return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=messages, ops=operations)
def test_a_translators_edits_survive_any_sequence_of_runs(first: list[Message], ops: list[tuple[object, ...]],
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pl.po"
    path.unlink(missing_ok=True)
    save_catalog(merge.update(template(first), None, "pl"), path)
    edits: dict[tuple[str | None, str], tuple[str, ...]] = {}
    current = first
    for op in ops:
        po = read.load(path)
        if op[0] == "update":
            current = op[1]  # type: ignore[assignment]
            po = merge.update(template(current), po, "pl")
        elif op[0] == "edit":
            live = [e for e in po if not e.obsolete and e.msgid]
            entry = live[int(op[1]) % len(live)]  # type: ignore[call-overload]
            text = str(op[2])
            if entry.msgid_plural:
                entry.msgstr_plural = {k: f"{text} {k}" for k in entry.msgstr_plural}
            else:
                entry.msgstr = text
            if entry.fuzzy:  # the translator reviewed the old translation this draft came from
                edits.pop((entry.previous_msgctxt, entry.previous_msgid or ""), None)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
            edits[model.key_of(entry)] = translation(entry)
        elif op[0] == "draft":  # as `tolmach mt`: only untranslated entries get a fuzzy draft
            for e in po:
                if not e.obsolete and e.msgid and not model.is_translated(e):
                    e.msgstr_plural = {k: "draft" for k in e.msgstr_plural} if e.msgid_plural else e.msgstr_plural
                    e.msgstr = "" if e.msgid_plural else "draft"
                    e.flags = ["fuzzy", *[f for f in e.flags if f != "fuzzy"]]
        elif op[0] == "kill":  # the run dies between writing the temporary file and replacing the catalog
            before = path.read_bytes()
            po = merge.update(template(current), po, "pl")
            po.header = f"interrupted {op[1]}"

            def die(*args: object) -> None:
                raise KeyboardInterrupt

            monkeypatch.setattr(os, "replace", die)
            with pytest.raises(KeyboardInterrupt):
                save_catalog(po, path)
            monkeypatch.undo()
            assert path.read_bytes() == before and not list(tmp_path.glob(".pl.po.*"))
            continue
        save_catalog(po, path)
        on_disk = read.load(path)
        for key, edited in edits.items():
            assert kept(on_disk, key, edited), (key, edited)
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
