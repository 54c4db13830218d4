"""Error precision and recall of `tolmach check` on translations nobody here wrote, judged by hand.

    python bench/precision/run.py                   # this tree
    python bench/precision/run.py --before main     # and another commit (a git ref or a directory), side by side
    python bench/precision/run.py --unlabelled todo.jsonl   # write the tune findings still to judge

Three sets, each split once and for all into a part we tune on and a part we do not look at while tuning:

- **news**: FLORES-200 dev (professional translations of Wikinews/Wikivoyage/Wikibooks sentences, en→pl, ru,
  be, uk; data/flores200-dev, CC-BY-SA 4.0), one catalog per language, the sentence number as msgctxt.
  Sentences 0–699 are `tune`, 700–996 `held-out` (TUNE_SENTENCES).
- **catalogs**: real software catalogs (data/catalogs, copied by import_catalogs.py, each project's licence
  beside them). Whole projects are held out. Django, Sphinx and Wagtail are `tune`, five more projects were
  `held-out` (HELD_OUT_PROJECTS). Those five have since been looked at, so a second round chose fifteen new
  projects before any finding on them was seen: six joined `tune` (TUNE_PROJECTS_2), nine form `held-out-2`
  (HELD_OUT_2_PROJECTS), the part to report as unseen.
- **system**: the GNU and GNOME catalogs this machine has installed for pl, ru, be and uk
  (/usr/share/locale/<lang>/LC_MESSAGES/*.mo, unpacked with gettext's msgunfmt at run time: they are the
  image's, 20 MB, not ours to commit; without them or msgunfmt the set is skipped with a note). Whole
  packages (text domains) are held out: a domain whose SHA-256 (of its name, e.g. "coreutils") is 0 modulo 3
  is `held-out`, the others `tune` (system_part), decided before any finding on them was seen.

Every error-level finding on a tune part is judged by hand: labels/*.jsonl hold one judgement per line,
`{"catalog", "msgctxt", "msgid", "rule", "verdict": "real"|"false", "reason"}` (plus the message and
translation as they were seen, for the reader). A finding's key is its entry (catalog, msgctxt, msgid; a
plural entry by its singular msgid) and its rule: several findings of one rule on one entry are one claim.
Any *.jsonl file in labels/ is read, so several people can label side by side; one key judged two ways
stops the bench.

Reported per set, part and rule: error findings (keys), how many are labelled real and false, precision
(real / labelled), recall of the labelled real errors (those this version still finds), and recall of
planted errors: copies of clean entries with one defect each (a number changed, a format directive or
tag dropped, a Latin look-alike, a neighbour's letter, an unpaired quote or bracket, a plural form
removed), in catalogs of their own, found when the expected rule reports the copy. Findings no label
covers are counted (and listed with --unlabelled) rather than guessed. Writes bench/results/precision/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA = HERE / "data"
LABELS = HERE / "labels"
OUT = REPO / "bench" / "results" / "precision"

FLORES_FILES = {"en": "eng_Latn", "pl": "pol_Latn", "ru": "rus_Cyrl", "be": "bel_Cyrl", "uk": "ukr_Cyrl"}
TUNE_SENTENCES = range(0, 700)  # FLORES-200 dev lines 0..699 are tuned on; 700..996 are held out
TUNE_PROJECTS_1 = frozenset({"django", "sphinx", "wagtail"})
HELD_OUT_PROJECTS = frozenset({"django_allauth", "django_debug_toolbar", "django_import_export", "django_filer",
                               "django_cms"})
# The second round (issue 20), split before any finding on these projects was seen.
TUNE_PROJECTS_2 = frozenset({"weblate", "ckan", "flask_appbuilder", "django_extensions", "django_two_factor_auth",
                             "django_celery_beat"})
HELD_OUT_2_PROJECTS = frozenset({"pretix", "wtforms", "django_mptt", "django_reversion", "django_simple_history",
                                 "django_axes", "django_taggit", "sphinx_rtd_theme", "pydata_sphinx_theme"})
TUNE_PROJECTS = TUNE_PROJECTS_1 | TUNE_PROJECTS_2
PARTS = ("tune", "held-out", "held-out-2")  # news and system have no held-out-2
SETS = ("news", "catalogs", "system")
LOCALE_DIR = Path("/usr/share/locale")
SYSTEM_LANGS = ("pl", "ru", "be", "uk")
PLANTED_PER_RULE = 12  # planted copies per rule, set and part (fewer where too few entries qualify)
SEED = 20


@dataclass(frozen=True)
class Key:
    """One claim: this rule on this entry."""

    catalog: str  # path under the bench's work folder: news/tune/pl.po, catalogs/django/.../django.po
    msgctxt: str | None
    msgid: str
    rule: str

    @property
    def set(self) -> str:
        return self.catalog.split("/")[0]

    @property
    def part(self) -> str:
        return part_of(self.catalog)


def part_of(catalog: str) -> str:
    first, second, *_ = catalog.split("/")
    if first in ("news", "system", "planted"):
        return second
    if second in TUNE_PROJECTS:
        return "tune"
    return "held-out-2" if second in HELD_OUT_2_PROJECTS else "held-out"


# --- the catalogs -------------------------------------------------------------------------------------------

def news_catalogs(work: Path, sentences: int | None = None) -> list[Path]:
    """FLORES-200 dev as one catalog per language and part: msgid English, msgstr the professional translation
    (the first `sentences` of each part only, for a quick run)."""
    lines = {lang: (DATA / "flores200-dev" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
             for lang, name in FLORES_FILES.items()}
    written = []
    for lang in ("pl", "ru", "be", "uk"):
        for part in ("tune", "held-out"):
            po = polib.POFile(wrapwidth=79)
            po.metadata = {"Project-Id-Version": "FLORES-200 dev", "Language": lang, "MIME-Version": "1.0",
                           "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
            for i, (en, text) in enumerate(zip(lines["en"], lines[lang], strict=True)):
                if (i in TUNE_SENTENCES) == (part == "tune") and (sentences is None or len(po) < sentences):
                    po.append(polib.POEntry(msgctxt=f"flores-dev-{i:03d}", msgid=en, msgstr=text))
            path = work / "news" / part / f"{lang}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            written.append(path)
    return written


def software_catalogs(work: Path, projects: frozenset[str] | None = None) -> list[Path]:
    """The software catalogs (of `projects` only, when given), copied into the work folder."""
    source = DATA / "catalogs"
    target = work / "catalogs"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("LICENSE*", "AUTHORS", "*.md"))
    return sorted(p for p in target.rglob("*.po") if projects is None or p.relative_to(target).parts[0] in projects)


def system_part(domain: str) -> str:
    """The part a system text domain belongs to: a stable hash of its name, one in three held out."""
    return "held-out" if int(hashlib.sha256(domain.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def system_catalogs(work: Path, locale_dir: Path = LOCALE_DIR, domains: frozenset[str] | None = None) -> list[Path]:
    """The installed catalogs (of `domains` only, when given) as work/system/<part>/locale/<lang>/LC_MESSAGES/
    <domain>.po; none, with a note, on a machine without them or without msgunfmt."""
    mos = [mo for lang in SYSTEM_LANGS for mo in sorted((locale_dir / lang / "LC_MESSAGES").glob("*.mo"))
           if domains is None or mo.stem in domains]
    if not mos or shutil.which("msgunfmt") is None:
        print(f"system set skipped: {'no msgunfmt (install gettext)' if mos else f'no catalogs in {locale_dir}'}")
        return []
    written = []
    for mo in mos:
        lang = mo.parent.parent.name
        path = work / "system" / system_part(mo.stem) / "locale" / lang / "LC_MESSAGES" / f"{mo.stem}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgunfmt", str(mo), "-o", str(path)], check=True,
                       stderr=subprocess.DEVNULL)  # its warnings on escapes in messages are not ours
        if path.exists():  # a catalog with no message (be/Linux-PAM.mo) gives no file
            written.append(path)
    return written


# --- planted errors -----------------------------------------------------------------------------------------

DIGITS_RE = re.compile(r"(?<![\d.,#x])\d{2,4}(?![\d.,;])")  # not inside &#8212;
PYFORMAT_RE = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
BRACE_RE = re.compile(r"\{[a-z_]*\}")
TAG_RE = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>")
URL_RE = re.compile(r"https?://[^\s\"'<>)]+")
CYRILLIC_WORD_RE = re.compile(r"\b[а-яіўґєї]*о[а-яіўґєї]+\b")


def _plant(entry: polib.POEntry, lang: str, rng: random.Random) -> list[tuple[str, polib.POEntry]]:
    """Defective copies of `entry` that each rule should report: (rule, copy)."""
    out: list[tuple[str, polib.POEntry]] = []
    src, text = entry.msgid, entry.msgstr

    def copy(new_text: str) -> polib.POEntry:
        return polib.POEntry(msgid=src, msgstr=new_text, flags=list(entry.flags), comment=entry.comment)

    def keep(rule: str, planted: polib.POEntry) -> None:
        if planted.msgstr.strip() or planted.msgid_plural:  # a blank translation is untranslated, not wrong
            out.append((rule, planted))

    if entry.msgid_plural:
        if len(entry.msgstr_plural) > 1 and all(entry.msgstr_plural.values()) \
                and not any("%" in f or "{" in f for f in entry.msgstr_plural.values()):
            forms = dict(entry.msgstr_plural)
            forms.pop(max(forms))
            out.append(("plural-forms", polib.POEntry(msgid=src, msgid_plural=entry.msgid_plural,
                                                      msgstr_plural=forms, flags=list(entry.flags))))
        return out
    if not text or "\n" in src:
        return out
    numbers = [m for m in DIGITS_RE.finditer(text) if m.group() in DIGITS_RE.findall(src)]
    if numbers:
        m = rng.choice(numbers)
        changed = str(int(m.group()) + 1 + rng.randrange(8))
        keep("numbers", copy(text[:m.start()] + changed + text[m.end():]))
    if "python-format" in entry.flags:
        directives = [m for m in PYFORMAT_RE.finditer(text) if text.count(m.group()) == 1 or "(" not in m.group()]
        if directives:
            m = rng.choice(directives)
            keep("python-format", copy(text[:m.start()] + text[m.end():]))
    if "python-brace-format" in entry.flags:
        fields = [m for m in BRACE_RE.finditer(text) if text.count(m.group()) == 1]  # a named field may repeat
        if fields:
            m = rng.choice(fields)
            keep("python-brace-format", copy(text[:m.start()] + text[m.end():]))
    tags = [m for m in TAG_RE.finditer(text) if m.group() in src]
    if tags and not entry.flags:
        m = rng.choice(tags)
        keep("markup", copy(text[:m.start()] + text[m.end():]))
    urls = [m for m in URL_RE.finditer(text) if m.group() in src]
    if urls:
        m = rng.choice(urls)
        keep("urls", copy(text[:m.start()] + m.group().replace("//", "//x", 1) + text[m.end():]))
    if lang in ("be", "ru", "uk"):
        words = list(CYRILLIC_WORD_RE.finditer(text))
        if words:
            m = rng.choice(words)
            keep("mixed-script", copy(text[:m.start()] + m.group().replace("о", "o", 1) + text[m.end():]))
    if lang == "be" and "і" in text:
        at = rng.choice([i for i, c in enumerate(text) if c == "і"])
        keep("russian-letters", copy(text[:at] + "и" + text[at + 1:]))
    if lang == "ru" and "и" in text:
        at = rng.choice([i for i, c in enumerate(text) if c == "и"])
        keep("belarusian-letters", copy(text[:at] + "і" + text[at + 1:]))
    if not any(q in src + text for q in "\"'«»„“”‘’"):
        tokens = text.split(" ")
        if len(tokens) > 3:
            at = rng.randrange(1, len(tokens) - 1)
            opening = "„" if lang == "pl" else "«"
            keep("quote-pairs", copy(" ".join([*tokens[:at], opening + tokens[at], *tokens[at + 1:]])))
    if text.count("(") == 1 and text.count(")") == 1 and src.count("(") == 1 and "%(" not in text:
        keep("brackets", copy(text.replace(")", "", 1)))
    return out


def planted_catalogs(work: Path, catalogs: Iterable[Path]) -> dict[Key, Key]:
    """Catalogs of defective copies under planted/<part>/<set>/..., and for each planted key its origin."""
    rng = random.Random(SEED)
    candidates: dict[tuple[str, str, str], list[tuple[Path, str, polib.POEntry]]] = defaultdict(list)
    headers: dict[Path, polib.POFile] = {}
    for path in catalogs:
        rel = path.relative_to(work).as_posix()
        po = polib.pofile(str(path), wrapwidth=79)
        headers[path] = po
        lang = po.metadata.get("Language", "") or rel.split("/locale/")[-1].split("/")[0]
        script_variant = "Latn" in lang or "latin" in lang  # be_Latn, sr@latin: no Cyrillic to plant in
        for entry in po:
            if entry.obsolete or entry.fuzzy or not entry.msgid or not (entry.msgstr or entry.msgstr_plural):
                continue
            for rule, planted in _plant(entry, "" if script_variant else lang.split("_")[0].split("@")[0], rng):
                candidates[(rel.split("/")[0], part_of(rel), rule)].append((path, lang, planted))
                planted.msgctxt = entry.msgctxt  # remembered while choosing; replaced below
    origins: dict[Key, Key] = {}
    files: dict[Path, polib.POFile] = {}
    for (_set, part, rule), found in sorted(candidates.items()):
        for n, (path, _lang, planted) in enumerate(rng.sample(found, min(PLANTED_PER_RULE, len(found)))):
            rel = path.relative_to(work).as_posix()
            target = work / "planted" / part / rel
            out = files.get(target)
            if out is None:
                out = files[target] = polib.POFile(wrapwidth=79)
                out.metadata = dict(headers[path].metadata)
            origin = Key(rel, planted.msgctxt, planted.msgid, rule)
            planted.msgctxt = f"planted-{rule}-{n}" + (f"|{origin.msgctxt}" if origin.msgctxt else "")
            out.append(planted)
            origins[Key(f"planted/{part}/{rel}", planted.msgctxt, planted.msgid, rule)] = origin
    for target, po in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target))
    return origins


# --- running a version of tolmach ---------------------------------------------------------------------------

def run_check(code: Path, work: Path, catalogs: list[Path], out: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The findings of `tolmach check --format json` by the code in `code`; catalogs it cannot read are run
    out of the batch (an older version refuses a language code a newer one reads) and named."""
    env = {**os.environ, "PYTHONPATH": str(code)}

    def attempt(paths: list[Path]) -> tuple[int, list[dict[str, Any]], str]:
        out.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, "-m", "pipeline", "check", *(str(p.relative_to(work)) for p in paths),
                               "--format", "json", "-o", str(out)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"] if out.exists() else []
        return done.returncode, findings, done.stderr

    code_status, findings, stderr = attempt(catalogs)
    if code_status in (0, 1) or (code_status == 2 and out.exists()):  # 2 with a report: some were unreadable
        unreadable = sorted({f["file"] for f in findings if f["rule"] == "unreadable"})
        for file in unreadable:
            print(f"  {code.name}: {file}: unreadable")
        return [f for f in findings if f["rule"] != "unreadable"], unreadable
    unreadable, readable = [], []  # an older version writes no report at all: find the catalogs it refuses
    for path in catalogs:
        status, _, err = attempt([path])
        if status in (0, 1):
            readable.append(path)
        else:
            unreadable.append(path.relative_to(work).as_posix())
            print(f"  {code.name}: {unreadable[-1]}: {err.strip().splitlines()[-1] if err.strip() else status}")
    status, findings, stderr = attempt(readable)
    if status not in (0, 1):
        raise SystemExit(f"{code}: tolmach check failed ({status}): {stderr.strip()}")
    return findings, unreadable


def entry_index(work: Path, catalog: str) -> dict[int, polib.POEntry]:
    po = polib.pofile(str(work / catalog), wrapwidth=79)
    return {e.linenum or 0: e for e in po}


def keys_of(work: Path, findings: list[dict[str, Any]], severity: str = "error") -> dict[Key, list[dict[str, Any]]]:
    """Error findings grouped by claim (entry and rule)."""
    indexes: dict[str, dict[int, polib.POEntry]] = {}
    grouped: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        if f["severity"] != severity:
            continue
        index = indexes.get(f["file"])
        if index is None:
            index = indexes[f["file"]] = entry_index(work, f["file"])
        entry = index.get(f["line"])
        msgctxt, msgid = (entry.msgctxt, entry.msgid) if entry is not None else (f.get("msgctxt", f.get("context")), "")
        grouped[Key(f["file"], msgctxt, msgid, f["rule"])].append(f)
    return grouped


# --- labels and figures -------------------------------------------------------------------------------------

def load_labels() -> dict[Key, dict[str, Any]]:
    labels: dict[Key, dict[str, Any]] = {}
    for path in sorted(LABELS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            if item["verdict"] not in ("real", "false"):
                raise SystemExit(f"{path}:{n}: verdict must be real or false, not {item['verdict']!r}")
            key = Key(item["catalog"], item.get("msgctxt"), item["msgid"], item["rule"])
            old = labels.get(key)
            if old is not None and old["verdict"] != item["verdict"]:
                raise SystemExit(f"{path}:{n}: judged {item['verdict']} here and {old['verdict']} in {old['_at']}")
            labels[key] = {**item, "_at": f"{path.name}:{n}"}
    return labels


@dataclass
class Tally:
    found: int = 0
    real: int = 0
    false: int = 0
    unlabelled: int = 0
    labelled_real: int = 0  # every key labelled real in this cell, found by this version or not
    real_found: int = 0
    planted: int = 0
    planted_found: int = 0

    def precision(self) -> float | None:
        judged = self.real + self.false
        return self.real / judged if judged else None

    def recall(self) -> float | None:
        return self.real_found / self.labelled_real if self.labelled_real else None

    def planted_recall(self) -> float | None:
        return self.planted_found / self.planted if self.planted else None


def figures(found: dict[Key, list[dict[str, Any]]], planted_found: set[Key], origins: dict[Key, Key],
            labels: dict[Key, dict[str, Any]], pristine_skip: set[Key]) -> dict[tuple[str, str, str], Tally]:
    """Tallies by (set, part, rule), with rule "all" for the totals."""
    table: dict[tuple[str, str, str], Tally] = defaultdict(Tally)

    def cells(set_name: str, part: str, rule: str) -> list[Tally]:
        return [table[(set_name, part, rule)], table[(set_name, part, "all")]]

    for key in found:
        if key.set == "planted":
            continue
        label = labels.get(key)
        for t in cells(key.set, key.part, key.rule):
            t.found += 1
            if label is None:
                t.unlabelled += 1
            elif label["verdict"] == "real":
                t.real += 1
            else:
                t.false += 1
    for key, label in labels.items():
        if label["verdict"] == "real":
            for t in cells(key.set, key.part, key.rule):
                t.labelled_real += 1
                t.real_found += key in found
    for key, origin in origins.items():
        if origin in pristine_skip:  # the entry already had this finding before the defect was planted
            continue
        for t in cells(origin.set, origin.part, key.rule):
            t.planted += 1
            t.planted_found += key in planted_found
    return table


def _pct(value: float | None) -> str:
    return "   —" if value is None else f"{value:4.2f}"


def print_table(name: str, tables: dict[str, dict[tuple[str, str, str], Tally]]) -> None:
    versions = list(tables)
    print(f"\n## {name}")
    names = "".join(f"| {v[:45]:<45} " for v in versions)
    head = f"{'':<23}{names}\n{'rule':<23}" + "| found real false   ?  prec recall planted " * len(versions)
    for set_name in SETS:
        for part in PARTS:
            rules = sorted({r for t in tables.values() for (s, p, r) in t if (s, p) == (set_name, part)} - {"all"})
            if not rules and not any((set_name, part, "all") in t for t in tables.values()):
                continue
            print(f"\n### {set_name}, {part}\n{head}")
            for rule in [*rules, "all"]:
                row = f"{rule:<23}"
                for v in versions:
                    t = tables[v].get((set_name, part, rule), Tally())
                    row += (f"| {t.found:5d} {t.real:4d} {t.false:5d} {t.unlabelled:3d} {_pct(t.precision())}"
                            f"  {_pct(t.recall())} {t.planted_found:3d}/{t.planted:<3d} ")
                print(row)


def evaluate(code: Path, label: str, work: Path, labels: dict[Key, dict[str, Any]],
             catalogs: list[Path], planted: list[Path], origins: dict[Key, Key]) -> dict[str, Any]:
    out = OUT / label
    out.mkdir(parents=True, exist_ok=True)
    findings, unreadable = run_check(code, work, catalogs, out / "findings.json")
    found = keys_of(work, findings)
    planted_findings, planted_unreadable = run_check(code, work, planted, out / "planted.json")
    planted_found = set(keys_of(work, planted_findings))
    skip = {origin for origin in origins.values() if origin in found}
    table = figures(found, planted_found, origins, labels, skip)
    return {"table": table, "found": found, "unreadable": unreadable + planted_unreadable}


def unlabelled_items(work: Path, found: dict[Key, list[dict[str, Any]]],
                     labels: dict[Key, dict[str, Any]], part: str) -> list[dict[str, Any]]:
    items = []
    for key, fs in sorted(found.items(), key=lambda kv: (kv[0].catalog, kv[0].rule, kv[0].msgctxt or "",
                                                            kv[0].msgid)):
        if key in labels or key.set == "planted" or (part != "all" and key.part != part):
            continue
        entry = entry_index(work, key.catalog).get(fs[0]["line"])
        msgstr = entry.msgstr if entry is not None and not entry.msgid_plural else (
            dict(entry.msgstr_plural) if entry is not None else None)
        items.append({"catalog": key.catalog, "msgctxt": key.msgctxt, "msgid": key.msgid, "rule": key.rule,
                      "verdict": "", "reason": "", "messages": [f["message"] + (
                          f' (found {f["found"]!r}, expected {f["expected"]!r})' if f.get("found") else "")
                          for f in fs], "msgstr": msgstr})
    return items


def code_dir(ref: str, scratch: Path) -> Path:
    """A directory holding the code of `ref`: the directory itself, or a worktree of the git ref."""
    if Path(ref).is_dir():
        return Path(ref).resolve()
    tree = scratch / "before"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), ref], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git ref or a directory of another tolmach to compare with")
    parser.add_argument("--unlabelled", type=Path, help="write the unlabelled error findings (JSON lines) here")
    parser.add_argument("--part", choices=(*PARTS, "all"), default="tune",
                        help="which part --unlabelled lists (default: tune; held-out is never tuned on)")
    parser.add_argument("--projects", help="only these software projects (comma separated folder names of "
                                           "data/catalogs), for a quick run; the figures are then partial")
    parser.add_argument("--sentences", type=int, help="only the first N FLORES sentences of each part (quick run)")
    parser.add_argument("--sets", default=",".join(SETS), help="which sets to run (comma separated; default all)")
    parser.add_argument("--domains", help="only these system text domains (comma separated, e.g. coreutils,sed)")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help="where the system's .mo files are")
    args = parser.parse_args()
    labels = load_labels()
    with tempfile.TemporaryDirectory(prefix="tolmach-precision-") as scratch:
        work = Path(scratch) / "work"
        projects = frozenset(args.projects.split(",")) if args.projects else None
        domains = frozenset(args.domains.split(",")) if args.domains else None
        sets = args.sets.split(",")
        catalogs = ((news_catalogs(work, args.sentences) if "news" in sets else [])
                    + (software_catalogs(work, projects) if "catalogs" in sets else [])
                    + (system_catalogs(work, args.locale_dir, domains) if "system" in sets else []))
        origins = planted_catalogs(work, catalogs)
        planted = sorted((work / "planted").rglob("*.po"))
        labels_run = {k: v for k, v in labels.items() if k.set in sets}  # a set not run is no recall lost
        versions = {}
        try:
            if args.before:
                before = code_dir(args.before, Path(scratch))
                versions[f"before ({args.before})"] = evaluate(before, "before", work, labels_run, catalogs,
                                                               planted, origins)
            versions["this tree"] = evaluate(REPO, "after", work, labels_run, catalogs, planted, origins)
        finally:
            if args.before and not Path(args.before).is_dir():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(Path(scratch) / "before")],
                               check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"# tolmach check: error precision and recall ({len(labels)} judgements in {LABELS.relative_to(REPO)})")
        print("found: error claims (entry and rule); real/false: judged by hand; ?: not judged yet; prec: real / "
              "judged;\nrecall: labelled real errors still found; planted: planted defects found / planted")
        print_table("per set, part and rule", {v: r["table"] for v, r in versions.items()})
        for v, r in versions.items():
            if r["unreadable"]:
                print(f"\n{v}: could not read {len(r['unreadable'])} catalog(s): {', '.join(r['unreadable'])}")
        latest = versions["this tree"]
        if args.unlabelled:  # every version's claims: a --before figure needs its own judged too
            found_anywhere = {key: fs for r in versions.values() for key, fs in r["found"].items()}
            items = unlabelled_items(work, found_anywhere, labels, args.part)
            args.unlabelled.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                                       encoding="utf-8")
            print(f"\n{len(items)} unlabelled error claims written to {args.unlabelled}")
        summary = {v: {f"{s}/{p}/{rule}": vars(t) for (s, p, rule), t in r["table"].items()}
                   for v, r in versions.items()}
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
        counts = Counter(k.part for k in latest["found"] if k.set != "planted" and k not in labels)
        if counts.get("tune"):
            print(f"\n{counts['tune']} error claims on the tune parts are not judged yet "
                  "(python bench/precision/run.py --unlabelled todo.jsonl)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
