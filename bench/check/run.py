"""`tolmach check` against translate-toolkit's pofilter: start-up, real catalogs, glossary-heavy catalogs.

    python bench/check/run.py                    # the three sections below, full size
    python bench/check/run.py --real-entries 5000 --entries 10000 --repeat 1   # a quicker run

Every run is a fresh process timed from the outside (interpreter start-up included); its CPU time includes
its worker processes', and its peak memory is the largest sum over it and its workers, sampled every 10 ms,
of resident memory (RSS: a page forked workers share counts in each, the conservative figure) and of
proportional set sizes (PSS: a page shared by n processes counts 1/n in each). Rounds are
interleaved and the best time of each run counts (the machine may be shared); the ratios compare runs of
the same round-robin.

1. Start-up: a project with the project glossary and one translated sentence per language (pl, ru, be),
   `tolmach check` against pofilter on the same three catalogs; with the user cache earlier runs left (the
   bench's own, bench/results/check/user-cache: lexicons and spelling memos, as a pre-commit run finds
   them) and with an empty one (a first run on a machine).
2. Real catalogs: BleachBit's pl/ru/be catalogs (tests/data/gettext/bleachbit) and the FLORES-200 dev
   translations (--shared, en paired with pl/ru/be), replicated to --real-entries entries per language
   (each copy gets its own msgctxt), generated here and never committed.
3. System catalogs: every catalog this machine has installed for pl, ru, be and uk
   (/usr/share/locale/<lang>/LC_MESSAGES/*.mo, written back as .po with gettext's msgunfmt): software
   nobody on the team wrote or tuned for, at their own sizes, not replicated; tolmach checks all of
   them in one run, pofilter each language's folder in one process. Then the same catalogs as section 2
   treats BleachBit: per language merged into one and replicated to --real-entries entries.
4. Glossary-heavy catalogs: a generated glossary of --concepts concepts — people with declinable
   surnames of three declension classes, first names, adjective+noun institutions — and per language a
   catalog of --entries entries whose translations use the terms in inflected forms, with forbidden
   variants and missing terms planted; tolmach with all checks and with the glossary rules alone. The
   planted errors give the glossary rules' recall and precision.

pofilter runs all its default checks, one process per catalog (it takes one --language). Writes
bench/results/check/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.po import read
from pipeline.po.model import Catalog, Entry

REPO = Path(__file__).resolve().parents[2]
LANGS = ("pl", "be", "ru")
OUT = REPO / "bench" / "results" / "check"

# Syllables in (en, pl, ru, be) spelling.
SYLLABLES = [("ba", "ba", "ба", "ба"), ("ko", "ko", "ко", "ка"), ("la", "la", "ла", "ла"), ("mi", "mi", "ми", "мі"),
             ("ro", "ro", "ро", "ра"), ("si", "si", "си", "сі"), ("tu", "tu", "ту", "ту"), ("va", "wa", "ва", "ва"),
             ("de", "de", "де", "дзе"), ("no", "no", "но", "на"), ("pa", "pa", "па", "па"), ("ly", "ły", "лы", "лы"),
             ("ra", "ra", "ра", "ра"), ("to", "to", "то", "та"), ("vi", "wi", "ви", "ві"), ("zu", "zu", "зу", "зу"),
             ("gre", "gre", "гре", "гра"), ("sto", "sto", "сто", "ста"), ("khi", "chi", "хи", "хі"),
             ("ma", "ma", "ма", "ма"), ("shu", "szu", "шу", "шу"), ("bo", "bo", "бо", "ба")]
# First names: en, then (nom, gen, dat, ins) in pl, ru, be.
FIRST_NAMES = [
    ("Pavel", ("Paweł", "Pawła", "Pawłowi", "Pawłem"), ("Павел", "Павла", "Павлу", "Павлом"),
     ("Павел", "Паўла", "Паўлу", "Паўлам")),
    ("Andrei", ("Andrzej", "Andrzeja", "Andrzejowi", "Andrzejem"), ("Андрей", "Андрея", "Андрею", "Андреем"),
     ("Андрэй", "Андрэя", "Андрэю", "Андрэем")),
    ("Ivan", ("Iwan", "Iwana", "Iwanowi", "Iwanem"), ("Иван", "Ивана", "Ивану", "Иваном"),
     ("Іван", "Івана", "Івану", "Іванам")),
    ("Viktor", ("Wiktor", "Wiktora", "Wiktorowi", "Wiktorem"), ("Виктор", "Виктора", "Виктору", "Виктором"),
     ("Віктар", "Віктара", "Віктару", "Віктарам")),
    ("Maria", ("Maria", "Marii", "Marii", "Marią"), ("Мария", "Марии", "Марии", "Марией"),
     ("Марыя", "Марыі", "Марыі", "Марыяй")),
]
# Surname classes: en ending, then per language (nominative ending, gen, dat, ins endings), forbidden ending.
SURNAME_CLASSES = [
    ("ka", {"pl": (("ka", "ki", "ce", "ką"), "ko"), "ru": (("ко", "ко", "ко", "ко"), "ка"),
            "be": (("ка", "кі", "ку", "кам"), "ко")}),
    ("ov", {"pl": (("ow", "owa", "owowi", "owem"), "ov"), "ru": (("ов", "ова", "ову", "овым"), "оф"),
            "be": (("аў", "ава", "аву", "авым"), "ов")}),
    ("sky", {"pl": (("ski", "skiego", "skiemu", "skim"), "sky"), "ru": (("ский", "ского", "скому", "ским"), "ски"),
             "be": (("скі", "скага", "скаму", "скім"), "ский")}),
]
ADJECTIVES = [  # en, pl stem (+y...), ru stem (+ый...), be stem (+ы...)
    ("national", "narodow", "народн", "народн"), ("regional", "regionaln", "региональн", "рэгіянальн"),
    ("central", "centraln", "центральн", "цэнтральн"), ("supreme", "najwyższ", "верховн", "вярхоўн"),
    ("constitutional", "konstytucyjn", "конституционн", "канстытуцыйн"),
    ("federal", "federaln", "федеральн", "федэральн"), ("provisional", "tymczasow", "временн", "часов"),
    ("electoral", "wyborcz", "избирательн", "выбарч"), ("penal", "karn", "уголовн", "крымінальн"),
    ("financial", "finansow", "финансов", "фінансав"),
]
NOUNS = [  # en, then (nom, gen, dat, ins) in pl, ru, be
    ("committee", ("komitet", "komitetu", "komitetowi", "komitetem"), ("комитет", "комитета", "комитету", "комитетом"),
     ("камітэт", "камітэта", "камітэту", "камітэтам")),
    ("court", ("sąd", "sądu", "sądowi", "sądem"), ("суд", "суда", "суду", "судом"), ("суд", "суда", "суду", "судом")),
    ("office", ("urząd", "urzędu", "urzędowi", "urzędem"), ("офис", "офиса", "офису", "офисом"),
     ("офіс", "офіса", "офісу", "офісам")),
    ("fund", ("fundusz", "funduszu", "funduszowi", "funduszem"), ("фонд", "фонда", "фонду", "фондом"),
     ("фонд", "фонду", "фонду", "фондам")),
    ("register", ("rejestr", "rejestru", "rejestrowi", "rejestrem"), ("реестр", "реестра", "реестру", "реестром"),
     ("рэестр", "рэестра", "рэестру", "рэестрам")),
    ("budget", ("budżet", "budżetu", "budżetowi", "budżetem"), ("бюджет", "бюджета", "бюджету", "бюджетом"),
     ("бюджэт", "бюджэту", "бюджэту", "бюджэтам")),
    ("institute", ("instytut", "instytutu", "instytutowi", "instytutem"),
     ("институт", "института", "институту", "институтом"), ("інстытут", "інстытута", "інстытуту", "інстытутам")),
    ("parliament", ("parlament", "parlamentu", "parlamentowi", "parlamentem"),
     ("парламент", "парламента", "парламенту", "парламентом"),
     ("парламент", "парламента", "парламенту", "парламентам")),
    ("department", ("departament", "departamentu", "departamentowi", "departamentem"),
     ("департамент", "департамента", "департаменту", "департаментом"),
     ("дэпартамент", "дэпартамента", "дэпартаменту", "дэпартаментам")),
    ("tribunal", ("trybunał", "trybunału", "trybunałowi", "trybunałem"), ("трибунал", "трибунала", "трибуналу",
     "трибуналом"), ("трыбунал", "трыбунала", "трыбуналу", "трыбуналам")),
]
ADJ_ENDINGS = {"pl": ("y", "ego", "emu", "ym"), "ru": ("ый", "ого", "ому", "ым"), "be": ("ы", "ага", "аму", "ым")}
LANG_INDEX = {"pl": 1, "ru": 2, "be": 3}
# Sentence templates: en, then per language with {A:case} slots (0 nom, 1 gen, 2 dat, 3 ins).
TEMPLATES = [
    ("{A} met {B} to discuss the {T}.", {
        "pl": "{A0} spotkał się z {B3}, by omówić sprawę {T1}.",
        "ru": "{A0} встретился с {B3}, чтобы обсудить вопрос {T1}.",
        "be": "{A0} сустрэўся з {B3}, каб абмеркаваць пытанне {T1}."}),
    ("According to {A}, the {T} has failed {N} times.", {
        "pl": "Według {A1} {T0} zawiódł {N} razy.",
        "ru": "По словам {A1}, {T0} провалился {N} раз.",
        "be": "Па словах {A1}, {T0} праваліўся {N} разоў."}),
    ("{A} sent {N} letters to {B} about the {T}.", {
        "pl": "{A0} wysłał {N} listów do {B1} w sprawie {T1}.",
        "ru": "{A0} отправил {N} писем {B2} по поводу {T1}.",
        "be": "{A0} адправіў {N} лістоў {B2} наконт {T1}."}),
    ("The {T} wrote to {A} on day {N}.", {
        "pl": "{T0} napisał do {A1} w dniu {N}.",
        "ru": "{T0} написал {A2} в день {N}.",
        "be": "{T0} напісаў {A2} у дзень {N}."}),
]


def make_concepts(rng: random.Random, count: int) -> list[dict]:
    concepts: list[dict] = []
    seen: set[str] = set()
    n_terms = min(len(ADJECTIVES) * len(NOUNS), count // 10)
    pairs = [(a, n) for a in ADJECTIVES for n in NOUNS]
    rng.shuffle(pairs)
    for adj, noun in pairs[:n_terms]:
        c: dict[str, Any] = {"id": f"{adj[0]}-{noun[0]}", "type": "term", "en": (f"{adj[0]} {noun[0]}",), "forms": {}}
        for lang in LANGS:
            k = LANG_INDEX[lang]
            c["forms"][lang] = tuple(f"{adj[k]}{ADJ_ENDINGS[lang][i]} {noun[k][i]}" for i in range(4))
        concepts.append(c)
    while len(concepts) < count:
        first = rng.choice(FIRST_NAMES)
        stem = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))]
        en_ending, classes = rng.choice(SURNAME_CLASSES)
        en_surname = "".join(s[0] for s in stem).capitalize() + en_ending
        spellings = {en_surname} | {"".join(s[k] for s in stem) + str(k) for k in (1, 2, 3)}
        if seen & spellings:  # Belarusian akanne merges Zurosky and Zurasky: keep surnames distinct
            continue
        seen.update(spellings)
        c = {"id": f"{first[0].lower()}-{en_surname.lower()}", "type": "name",
             "en": (f"{first[0]} {en_surname}", en_surname), "forms": {}, "forbidden": {}}
        for lang in LANGS:
            k = LANG_INDEX[lang]
            base = "".join(s[k] for s in stem).capitalize()
            endings, bad = classes[lang]
            c["forms"][lang] = tuple(f"{first[k][i]} {base}{endings[i]}" for i in range(4))
            c["forbidden"][lang] = f"{base}{bad}"
        concepts.append(c)
    return concepts


def glossary_yaml(concepts: list[dict]) -> str:
    q = json.dumps
    lines = ["terms:"]
    for c in concepts:
        lines += [f"  - id: {c['id']}", f"    type: {c['type']}",
                  f"    en: {{preferred: [{', '.join(map(q, c['en']))}]}}"]
        for lang in LANGS:
            full = c["forms"][lang][0]
            preferred = [full, full.split(" ", 1)[1]] if c["type"] == "name" else [full]
            forbidden = f", forbidden: [{q(c['forbidden'][lang])}]" if c["type"] == "name" else ""
            lines.append(f"    {lang}: {{preferred: [{', '.join(q(p, ensure_ascii=False) for p in preferred)}]"
                         f"{forbidden}}}")
    return "\n".join(lines) + "\n"


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_catalogs(rng: random.Random, concepts: list[dict], entries: int,
                  truth: set[tuple[str, int, str, str]]) -> dict[str, Path]:
    """Writes one catalog per language; `truth` receives the (lang, item, rule, concept) errors put in."""
    people = [c for c in concepts if c["type"] == "name"]
    terms = [c for c in concepts if c["type"] == "term"]
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for lang in LANGS:
        header = (f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n')
        texts[lang].append(header)
    for i in range(entries):
        en_template, targets = rng.choice(TEMPLATES)
        a, b, t = rng.choice(people), rng.choice(people), rng.choice(terms)
        short_a, short_b = rng.random() < 0.4, rng.random() < 0.4
        n = str(rng.randint(2, 99999))
        msgid = en_template.format(A=a["en"][1 if short_a else 0], B=b["en"][1 if short_b else 0], T=t["en"][0], N=n)
        msgid = f"{msgid} (item {i})"
        fault = rng.random()
        for lang in LANGS:
            def form(c: dict, case: int, short: bool, lang: str = lang) -> str:
                value: str = c["forms"][lang][case]
                return value.split(" ", 1)[1] if short else value
            slots = {f"A{k}": form(a, k, short_a) for k in range(4)}
            slots.update({f"B{k}": form(b, k, short_b) for k in range(4)})
            slots.update({f"T{k}": form(t, k, False) for k in range(4)})
            if fault < 0.06:  # a forbidden variant of A
                slots.update({f"A{k}": a["forbidden"][lang] for k in range(4)})
                truth.add((lang, i, "glossary-forbidden", a["id"]))
            elif fault < 0.10:  # the term left out
                truth.add((lang, i, "glossary-missing", t["id"]))
                slots.update({f"T{k}": {"pl": "ten organ", "ru": "этот орган", "be": "гэты орган"}[lang]
                              for k in range(4)})
            msgstr = targets[lang].format(N=n, **slots) + f" (pozycja {i})"
            texts[lang].append(f"#: synthetic.txt:{i + 1}\nmsgid {po_string(msgid)}\nmsgstr {po_string(msgstr)}\n")
    paths = {}
    for lang in LANGS:
        path = OUT / "locales" / lang / "LC_MESSAGES" / "synthetic.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(texts[lang]), encoding="utf-8")
        paths[lang] = path
    return paths


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) summed over a process and all its descendants, from /proc. The RSS sum counts a page
    shared by forked workers once in each (the conservative figure); PSS splits it between them."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def measure(argv: list[str], cwd: Path = OUT, code: Path = REPO, cache: Path | None = None) -> dict[str, float]:
    """Wall time of one process from the outside, the CPU time of it and its workers, and the peak memory
    of its process tree (sampled every 10 ms). `code` is the checkout that runs; `cwd` must not be a
    checkout itself, since `python -m` puts the working directory ahead of PYTHONPATH. `cache` is the user
    cache (XDG_CACHE_HOME: the dictionaries' lexicons and spelling memos), the bench's own by default."""
    start = time.perf_counter()
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache or OUT / "user-cache")}
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak_rss = peak_pss = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss, pss = tree_memory_kib(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    exit_code = os.waitstatus_to_exitcode(status)
    if exit_code not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:6])} failed with exit status {exit_code}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "max_mib": peak_rss / 1024,
            "max_pss_mib": peak_pss / 1024}


def cold(argv: list[str], cwd: Path) -> dict[str, float]:
    """`measure` with an empty user cache: a first run on a machine (no lexicon, no spelling memo yet)."""
    cache = OUT / "cold-cache"
    shutil.rmtree(cache, ignore_errors=True)
    return measure(argv, cwd=cwd, cache=cache)


def tolmach(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def pofilter_each(catalogs: dict[str, Path], out: Path) -> Callable[[], dict[str, float]]:
    """pofilter on each catalog in turn (it takes one --language): times add up, memory is the largest."""
    def run() -> dict[str, float]:
        total = {"seconds": 0.0, "cpu_seconds": 0.0, "max_mib": 0.0, "max_pss_mib": 0.0}
        for lang, path in catalogs.items():
            one = measure([sys.executable, "-m", "translate.filters.pofilter", "--progress=none",
                           f"--language={lang}", "-i", str(path), "-o", str(out / f"pofilter-{lang}.po")])
            total["seconds"] += one["seconds"]
            total["cpu_seconds"] += one["cpu_seconds"]
            total["max_mib"] = max(total["max_mib"], one["max_mib"])
            total["max_pss_mib"] = max(total["max_pss_mib"], one["max_pss_mib"])
        return total
    return run


BEFORE = frozenset({"tolmach check (before)"})


def best_of(contenders: dict[str, Callable[[], dict[str, float]]], repeat: int,
            once: frozenset[str] = frozenset()) -> dict[str, dict[str, float]]:
    """Interleaved rounds, best time of each (on a shared machine the slowest runs measure the neighbours);
    the contenders in `once` (slow ones) run in the first round only."""
    runs: dict[str, dict[str, float]] = {}
    for round_ in range(repeat):
        for name, run_once in contenders.items():
            if round_ and name in once:
                continue
            result = run_once()
            if name not in runs or result["seconds"] < runs[name]["seconds"]:
                runs[name] = result
    return runs


def table(title: str, runs: dict[str, dict[str, float]], baseline: str, total: int) -> None:
    base = runs[baseline]
    print(f"\n## {title}\n")
    print("| run | seconds | CPU seconds | entries/s | peak RSS MiB | peak PSS MiB | speed vs pofilter "
          "| memory (RSS) vs pofilter |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in runs.items():
        print(f"| {name} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {total / r['seconds']:,.0f} | "
              f"{r['max_mib']:.0f} | {r['max_pss_mib']:.0f} | {base['seconds'] / r['seconds']:.2f}× | "
              f"{r['max_mib'] / base['max_mib']:.2f}× |")
    sys.stdout.flush()


SENTENCES = {  # one translated sentence per language for the start-up project
    "pl": "Paweł Łatuszka powiedział, że Białoruś ma teraz 49 więzień.",
    "ru": "Павел Латушко сказал, что в Беларуси сейчас 49 тюрем.",
    "be": "Павел Латушка сказаў, што ў Беларусі цяпер 49 палітычных турмаў.",
}


def write_catalog(path: Path, lang: str, entries: list[Entry]) -> Path:
    po = Catalog(wrapwidth=78)
    po.metadata = {"Language": lang, "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit"}
    po.extend(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def startup_project(root: Path) -> dict[str, Path]:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "glossary", root / "glossary")
    (root / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n', encoding="utf-8")
    return {lang: write_catalog(root / "locales" / lang / "LC_MESSAGES" / "story.po", lang, [Entry(
        msgid="Pavel Latushka said that Belarus now has 49 prisons.", msgstr=text, occurrences=[("story.txt", "1")])])
        for lang, text in SENTENCES.items()}


def real_entries(lang: str, shared: Path | None) -> list[Entry]:
    """BleachBit's translated entries, then FLORES-200 dev (en paired with the language) when available."""
    entries = []
    bleachbit = REPO / "tests" / "data" / "gettext" / "bleachbit" / f"{lang}.po"
    if bleachbit.exists():
        entries += [e for e in read.load(bleachbit) if e.translated() and not e.obsolete]
    flores = {"pl": "pol_Latn", "ru": "rus_Cyrl", "be": "bel_Cyrl"}[lang]
    if shared is not None and (shared / "data" / "flores200-dev" / "eng_Latn.txt").exists():
        base = shared / "data" / "flores200-dev"
        english = (base / "eng_Latn.txt").read_text(encoding="utf-8").splitlines()
        target = (base / f"{flores}.txt").read_text(encoding="utf-8").splitlines()
        entries += [Entry(msgid=en, msgstr=tr, occurrences=[("flores200-dev", str(i + 1))])
                    for i, (en, tr) in enumerate(zip(english, target, strict=True))]
    if not entries:
        raise SystemExit("no real catalogs: need tests/data/gettext/bleachbit or --shared with FLORES-200 dev")
    return entries


def real_catalogs(out: Path, size: int, shared: Path | None) -> dict[str, Path]:
    """Real translations replicated to `size` entries per language; each copy has its own msgctxt."""
    return {lang: write_catalog(out / "real" / "locales" / lang / "LC_MESSAGES" / "real.po", lang,
                                replicated(real_entries(lang, shared), size)) for lang in LANGS}


def replicated(base: list[Entry], size: int) -> list[Entry]:
    """`base` repeated to `size` entries, each copy with its own msgctxt (so no copy is a duplicate)."""
    entries = []
    for i in range(size):
        e = base[i % len(base)]
        copy = i // len(base)
        context = e.msgctxt if not copy else f"{e.msgctxt or ''}#{copy}"
        entries.append(Entry(msgid=e.msgid, msgstr=e.msgstr, msgid_plural=e.msgid_plural,
                                     msgstr_plural=dict(e.msgstr_plural), msgctxt=context, flags=list(e.flags),
                                     comment=e.comment, occurrences=e.occurrences))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000, help="glossary bench: entries per language")
    parser.add_argument("--concepts", type=int, default=1_000, help="glossary bench: concepts")
    parser.add_argument("--real-entries", type=int, default=30_000, help="real catalogs: entries per language")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared data directory (FLORES-200 dev for the real catalogs)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; the best time of each counts")
    parser.add_argument("--sections", default="startup,real,system,glossary", help="which sections to run")
    parser.add_argument("--locale-dir", type=Path, default=Path("/usr/share/locale"),
                        help="system catalogs: where the installed .mo files are")
    parser.add_argument("--before", type=Path, help="another tolmach checkout to time in the first round "
                                                    "(say, a worktree of the commit before a change)")
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {}

    if "startup" in sections:
        root = OUT / "startup"
        catalogs = startup_project(root)
        contenders = {"tolmach check": lambda: measure(tolmach("check"), cwd=root),
                      "tolmach check (cold user cache)": lambda: cold(tolmach("check"), root)}
        if args.before:
            contenders["tolmach check (before)"] = lambda: measure(tolmach("check"), cwd=root, code=args.before)
        contenders["pofilter (default checks)"] = pofilter_each(catalogs, root)
        runs = best_of(contenders, max(args.repeat, 5), BEFORE)
        table("Start-up: project glossary, one translated sentence per language (pl, ru, be)", runs,
              "pofilter (default checks)", len(catalogs))
        summary["startup"] = runs

    if "real" in sections:
        catalogs = real_catalogs(OUT, args.real_entries, args.shared if args.shared.exists() else None)
        files = [str(p) for p in catalogs.values()]
        total = args.real_entries * len(LANGS)
        print(f"\nreal catalogs: {args.real_entries:,} entries × {len(LANGS)} languages = {total:,} entries")
        cwd = OUT / "startup"  # the start-up project: its configuration and the project glossary
        startup_project(cwd)
        real = {
            "tolmach check (all checks)": lambda: measure(tolmach("check", *files, "--format", "json",
                                                                  "-o", str(OUT / "real.json")), cwd=cwd),
            "tolmach check --jobs 2": lambda: measure(tolmach("check", *files, "--jobs", "2", "--format", "json",
                                                              "-o", str(OUT / "real-2.json")), cwd=cwd),
        }
        if args.before:
            real["tolmach check (before)"] = lambda: measure(tolmach("check", *files, "--format", "json", "-o",
                                                                     str(OUT / "real-before.json")), cwd=cwd,
                                                             code=args.before)
        real["pofilter (default checks)"] = pofilter_each(catalogs, OUT / "real")
        runs = best_of(real, args.repeat, BEFORE)
        table("Real catalogs (BleachBit + FLORES-200 dev, replicated)", runs, "pofilter (default checks)", total)
        same = [json.loads((OUT / name).read_text(encoding="utf-8"))["findings"] for name in
                ("real.json", "real-2.json")]
        print(f"\nsame findings with and without workers: {same[0] == same[1]} ({len(same[0])} findings)")
        summary["real"] = runs

    if "system" in sections:
        summary["system"] = system_bench(args)

    if "glossary" in sections:
        summary["glossary"] = glossary_bench(args)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


SYSTEM_LANGS = ("pl", "ru", "be", "uk")


def system_catalogs(locale_dir: Path, out: Path) -> dict[str, Path]:
    """The installed catalogs of each language as .po files under out/locales/<lang>/LC_MESSAGES/."""
    folders = {}
    for lang in SYSTEM_LANGS:
        folder = out / "locales" / lang / "LC_MESSAGES"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for mo in sorted((locale_dir / lang / "LC_MESSAGES").glob("*.mo")):
            subprocess.run(["msgunfmt", str(mo), "-o", str(folder / f"{mo.stem}.po")], check=True,
                           stderr=subprocess.DEVNULL)  # its warnings on escapes in messages are not ours
        if any(folder.iterdir()):
            folders[lang] = folder
    return folders


def pofilter_folders(folders: dict[str, Path], out: Path) -> Callable[[], dict[str, float]]:
    """pofilter on each language's folder (one process each): times add up, memory is the largest."""
    def run() -> dict[str, float]:
        total = {"seconds": 0.0, "cpu_seconds": 0.0, "max_mib": 0.0, "max_pss_mib": 0.0}
        for lang, folder in folders.items():
            target = out / f"pofilter-{lang}"
            shutil.rmtree(target, ignore_errors=True)
            one = measure([sys.executable, "-m", "translate.filters.pofilter", "--progress=none",
                           f"--language={lang}", "-i", str(folder), "-o", str(target)])
            total["seconds"] += one["seconds"]
            total["cpu_seconds"] += one["cpu_seconds"]
            total["max_mib"] = max(total["max_mib"], one["max_mib"])
            total["max_pss_mib"] = max(total["max_pss_mib"], one["max_pss_mib"])
        return total
    return run


def system_bench(args: argparse.Namespace) -> dict[str, object]:
    out = OUT / "system"
    if shutil.which("msgunfmt") is None:
        print("\nsystem catalogs: skipped (no msgunfmt: install gettext)")
        return {}
    folders = system_catalogs(args.locale_dir, out)
    if not folders:
        print(f"\nsystem catalogs: skipped (no .mo files for {', '.join(SYSTEM_LANGS)} in {args.locale_dir})")
        return {}
    files = sorted(p for folder in folders.values() for p in folder.glob("*.po"))
    total = sum(len(read.load(p)) for p in files)
    print(f"\nsystem catalogs: {len(files)} catalogs, {total:,} entries ({', '.join(folders)})")
    cwd = OUT / "startup"  # the start-up project: its configuration and the project glossary
    startup_project(cwd)
    contenders = {"tolmach check (all checks)": lambda: measure(
        tolmach("check", *map(str, folders.values()), "--format", "json", "-o", str(out / "tolmach.json")), cwd=cwd)}
    if args.before:
        contenders["tolmach check (before)"] = lambda: measure(
            tolmach("check", *map(str, folders.values()), "--format", "json", "-o", str(out / "before.json")),
            cwd=cwd, code=args.before)
    contenders["pofilter (default checks)"] = pofilter_folders(folders, out)
    runs = best_of(contenders, args.repeat, BEFORE)
    table(f"System catalogs ({args.locale_dir}: {len(files)} catalogs as they are)", runs,
          "pofilter (default checks)", total)
    if args.before:
        same = [json.loads((out / name).read_text(encoding="utf-8"))["findings"]
                for name in ("tolmach.json", "before.json")]
        print(f"same findings as before: {same[0] == same[1]}")
    return {"catalogs": len(files), "entries": total, "runs": runs, "merged": merged_system_bench(args, folders)}


def merged_system_bench(args: argparse.Namespace, folders: dict[str, Path]) -> dict[str, object]:
    """The system catalogs the way the real-catalog section treats BleachBit: per language, the distinct
    translated entries of all its catalogs in one catalog, replicated to --real-entries entries."""
    out = OUT / "system-merged"
    catalogs = {}
    for lang, folder in folders.items():
        seen: set[tuple[str | None, str]] = set()
        base = []
        for path in sorted(folder.glob("*.po")):
            for e in read.load(path):
                if e.msgid and e.translated() and (e.msgctxt, e.msgid) not in seen:
                    seen.add((e.msgctxt, e.msgid))
                    base.append(e)
        catalogs[lang] = write_catalog(out / "locales" / lang / "LC_MESSAGES" / "system.po", lang,
                                       replicated(base, args.real_entries))
    total = args.real_entries * len(catalogs)
    print(f"\nsystem catalogs merged: {args.real_entries:,} entries × {len(catalogs)} languages = {total:,} entries")
    cwd = OUT / "startup"
    files = [str(p) for p in catalogs.values()]
    contenders = {"tolmach check (all checks)": lambda: measure(
        tolmach("check", *files, "--format", "json", "-o", str(out / "tolmach.json")), cwd=cwd)}
    if args.before:
        contenders["tolmach check (before)"] = lambda: measure(
            tolmach("check", *files, "--format", "json", "-o", str(out / "before.json")), cwd=cwd, code=args.before)
    contenders["pofilter (default checks)"] = pofilter_each(catalogs, out)
    runs = best_of(contenders, args.repeat, BEFORE)
    table("System catalogs merged per language and replicated", runs, "pofilter (default checks)", total)
    if args.before:
        same = [json.loads((out / name).read_text(encoding="utf-8"))["findings"]
                for name in ("tolmach.json", "before.json")]
        print(f"same findings as before: {same[0] == same[1]}")
    return {"entries": total, "runs": runs}


def glossary_bench(args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(3)
    concepts = make_concepts(rng, args.concepts)
    glossary = OUT / "glossary.yaml"
    glossary.write_text(glossary_yaml(concepts), encoding="utf-8")
    truth: set[tuple[str, int, str, str]] = set()
    catalogs = make_catalogs(rng, concepts, args.entries, truth)
    total = args.entries * len(LANGS)
    files = [str(p) for p in catalogs.values()]
    print(f"\nglossary bench: {args.concepts} concepts, {args.entries:,} entries × {len(LANGS)} languages = "
          f"{total:,} entries", flush=True)
    report = OUT / "tolmach.json"
    glossary_only = ["--only", "glossary-missing", "--only", "glossary-forbidden", "--only", "glossary-source-variant"]
    contenders = {
        "tolmach check (all checks)": lambda: measure(
            tolmach("check", *files, "--glossary", str(glossary), "--format", "json", "-o", str(report)), cwd=OUT),
        "tolmach check (glossary rules)": lambda: measure(
            tolmach("check", *files, "--glossary", str(glossary), *glossary_only, "--format", "json",
                    "-o", str(OUT / "tolmach-glossary.json")), cwd=OUT),
    }
    if args.before:
        contenders["tolmach check (before)"] = lambda: measure(
            tolmach("check", *files, "--glossary", str(glossary), "--format", "json", "-o",
                    str(OUT / "tolmach-before.json")), cwd=OUT, code=args.before)
    contenders["pofilter (default checks)"] = pofilter_each(catalogs, OUT)
    runs = best_of(contenders, args.repeat, BEFORE)
    table(f"Glossary-heavy catalogs ({args.concepts:,} concepts)", runs, "pofilter (default checks)", total)
    findings = json.loads(report.read_text(encoding="utf-8"))
    by_rule = findings["summary"]["by_rule"]
    print(f"\ntolmach findings by rule: {by_rule}")
    if args.before:
        before = json.loads((OUT / "tolmach-before.json").read_text(encoding="utf-8"))
        print(f"same findings as before: {before['findings'] == findings['findings']}")
    found = {(f["lang"], int(f["msgid"].rsplit("(item ", 1)[1].rstrip(")")), f["rule"], f["term"])
             for f in findings["findings"] if f["rule"].startswith("glossary-")}
    right = len(found & truth)
    print(f"glossary findings vs the errors put in: {right} of {len(truth)} found (recall {right / len(truth):.3f}), "
          f"{len(found - truth)} false alarms (precision {right / max(len(found), 1):.3f})")
    (OUT / "misses.json").write_text(json.dumps({"missed": sorted(truth - found)[:200],
                                                 "false": sorted(found - truth)[:200]}, ensure_ascii=False, indent=0),
                                     encoding="utf-8")
    return {"entries": total, "concepts": args.concepts, "runs": runs, "findings_by_rule": by_rule,
            "recall": right / len(truth), "precision": right / max(len(found), 1)}


if __name__ == "__main__":
    main()
