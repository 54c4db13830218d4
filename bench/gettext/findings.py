"""`tolmach check` and Translate Toolkit's pofilter on real software catalogs, with planted errors.

    python bench/gettext/findings.py [--repo PATH]   # PATH: a tolmach checkout to measure (default: this one)

Checks BleachBit's pl/ru/be (tests/data/gettext/bleachbit) as they are, and a copy of pl with six planted
errors in plural and format-string entries (a double space and a stray bracket in msgstr[1]/[2], a lost
`%d`, a renamed `%(uid)d`, a renamed `{pid}`, swapped `%s`/`%d`). Prints every finding of each tool
(rule, entry) so they can be judged real or false alarm; `--repo` runs an older checkout for a before/after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.po import read

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "gettext" / "bleachbit"
PLANTED = '''
#, python-format
msgid "%d file removed."
msgid_plural "%d files removed."
msgstr[0] "Usunięto %d plik."
msgstr[1] "Usunięto %d pliki."
msgstr[2] "Usunięto  %d plików."

#, python-format
msgid "%d folder found."
msgid_plural "%d folders found."
msgstr[0] "Znaleziono %d folder."
msgstr[1] "Znaleziono %d foldery)."
msgstr[2] "Znaleziono %d folderów."

#, python-format
msgid "%d minute left."
msgid_plural "%d minutes left."
msgstr[0] "Została %d minuta."
msgstr[1] "Zostały %d minuty."
msgstr[2] "Zostało minut."

#, python-format
msgid "Dropping privileges to user ID %(uid)d."
msgstr "Obniżanie uprawnień do użytkownika o ID %(id)d."

#, python-brace-format
msgid "Process {pid} is waiting."
msgstr "Proces {pdi} czeka."

#, c-format
msgid "%s has %d errors."
msgstr "%d ma %s błędów."
'''


def tolmach_findings(repo: Path, paths: list[Path]) -> list[tuple[str, str, str]]:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    out = subprocess.run([sys.executable, "-m", "pipeline", "check", "--format", "json", *map(str, paths)],
                         capture_output=True, text=True, env=env, cwd=paths[0].parents[2])
    if out.returncode == 2:
        return [("(refused)", "", out.stderr.strip().splitlines()[-1])]
    data = json.loads(out.stdout)
    return [(f["file"].split("/")[-3] if "/" in f["file"] else f["file"], f["rule"], f["msgid"][:60])
            for f in data["findings"]]


def pofilter_findings(paths: list[Path]) -> list[tuple[str, str, str]]:
    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    found = []
    for path in paths:
        lang = path.parts[-3].split("-")[0]
        out = path.with_suffix(".pofilter.po")
        subprocess.run([exe, "--progress=none", f"--language={lang}", str(path), str(out)], capture_output=True)
        if not out.exists():
            continue
        for entry in read.load(out):
            for note in entry.tcomment.splitlines():
                if note.startswith("(pofilter) "):
                    found.append((path.parts[-3], note[len("(pofilter) "):].split(":")[0], entry.msgid[:60]))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for name, source, extra in (("pl", "pl", ""), ("ru", "ru", ""), ("be", "be", ""),
                                    ("pl-planted", "pl", PLANTED)):
            target = root / name / "LC_MESSAGES" / "bleachbit.po"
            target.parent.mkdir(parents=True)
            target.write_text((DATA / f"{source}.po").read_text(encoding="utf-8") + extra, encoding="utf-8")
            paths.append(target)
        (root / "tolmach.toml").write_text('languages = ["pl", "ru", "be"]\n', encoding="utf-8")
        for tool, findings in (("tolmach", tolmach_findings(args.repo.resolve(), paths)),
                               ("pofilter", pofilter_findings(paths))):
            print(f"== {tool}: {len(findings)} finding(s)")
            for catalog, rule, msgid in findings:
                print(f"  {catalog:11} {rule:20} {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
