"""`tolmach check` at scale against translate-toolkit's pofilter, on the same files, in the same run.

    python bench/check/run.py                  # 100,000 entries per language (pl, be, ru), 1,000 concepts
    python bench/check/run.py --entries 10000 --repeat 1  # a quicker run

Generates (deterministically) a glossary of 1,000 concepts — people with declinable surnames of three
declension classes, first names, adjective+noun institutions — and, per language, a catalog whose
translations use the terms in inflected forms (genitive, dative, instrumental), with forbidden variants
and missing terms mixed in. Then runs, each in a fresh Python process that reports its own time and
peak RSS:

- tolmach check (all registered checks, glossary included),
- tolmach check --only the three glossary rules,
- pofilter (all its default checks; it has no inflection-aware glossary) on each catalog.

Rounds are interleaved and the best time of each run counts (the machine may be shared). Prints
entries/s, peak memory and the time ratio tolmach/pofilter, and writes bench/results/check/.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

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
        c = {"id": f"{adj[0]}-{noun[0]}", "type": "term", "en": (f"{adj[0]} {noun[0]}",), "forms": {}}
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


# Runs one tool in this interpreter and prints {"seconds", "max_rss_mib"} as its last line.
MEASURE = """
import json, resource, sys, time
sys.argv = sys.argv[1:]
kind = sys.argv.pop(0)
start = time.perf_counter()
if kind == "tolmach":
    from pipeline.cli import main
    main(sys.argv)
else:
    from translate.filters.pofilter import main
    try:
        main()
    except SystemExit:
        pass
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(kind: str, args: list[str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", MEASURE, kind, *args], cwd=REPO, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{kind} failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000, help="entries per language")
    parser.add_argument("--concepts", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; the best time of each counts")
    args = parser.parse_args()
    rng = random.Random(3)
    OUT.mkdir(parents=True, exist_ok=True)
    concepts = make_concepts(rng, args.concepts)
    glossary = OUT / "glossary.yaml"
    glossary.write_text(glossary_yaml(concepts), encoding="utf-8")
    truth: set[tuple[str, int, str, str]] = set()
    catalogs = make_catalogs(rng, concepts, args.entries, truth)
    total = args.entries * len(LANGS)
    files = [str(p) for p in catalogs.values()]
    print(f"{args.concepts} concepts, {args.entries} entries x {len(LANGS)} languages = {total} entries", flush=True)

    report = OUT / "tolmach.json"
    glossary_only = ["--only", "glossary-missing", "--only", "glossary-forbidden", "--only", "glossary-source-variant"]

    def pofilter_all() -> dict[str, float]:
        total = {"seconds": 0.0, "max_rss_mib": 0.0}
        for lang, path in catalogs.items():
            one = measure("pofilter", ["pofilter", "--progress=none", f"--language={lang}", "-i", str(path),
                                       "-o", str(OUT / f"pofilter-{lang}.po")])
            total["seconds"] += one["seconds"]
            total["max_rss_mib"] = max(total["max_rss_mib"], one["max_rss_mib"])
        return total

    contenders = {
        "tolmach check (all checks)": lambda: measure(
            "tolmach", ["check", *files, "--glossary", str(glossary), "--format", "json", "-o", str(report)]),
        "tolmach check (glossary rules)": lambda: measure(
            "tolmach", ["check", *files, "--glossary", str(glossary), *glossary_only, "--format", "json",
                        "-o", str(OUT / "tolmach-glossary.json")]),
        "pofilter (default checks)": pofilter_all,
    }
    # Interleaved rounds, best time of each: on a shared machine the slowest runs measure the neighbours.
    runs: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for name, run_once in contenders.items():
            result = run_once()
            if name not in runs or result["seconds"] < runs[name]["seconds"]:
                runs[name] = result
    pofilter = runs["pofilter (default checks)"]

    findings = json.loads(report.read_text(encoding="utf-8"))
    by_rule = findings["summary"]["by_rule"]
    print(f"{'run':<32}{'seconds':>9}{'entries/s':>11}{'peak MiB':>10}{'time vs pofilter':>18}")
    for name, r in runs.items():
        print(f"{name:<32}{r['seconds']:>9.1f}{total / r['seconds']:>11.0f}{r['max_rss_mib']:>10.0f}"
              f"{r['seconds'] / pofilter['seconds']:>18.2f}")
    print(f"tolmach findings by rule: {by_rule}")
    found = {(f["lang"], int(f["msgid"].rsplit("(item ", 1)[1].rstrip(")")), f["rule"], f["term"])
             for f in findings["findings"] if f["rule"].startswith("glossary-")}
    right = len(found & truth)
    print(f"glossary findings vs the errors put in: {right} of {len(truth)} found (recall {right / len(truth):.3f}), "
          f"{len(found - truth)} false alarms (precision {right / max(len(found), 1):.3f})")
    (OUT / "misses.json").write_text(json.dumps({"missed": sorted(truth - found)[:200],
                                                 "false": sorted(found - truth)[:200]}, ensure_ascii=False, indent=0),
                                     encoding="utf-8")
    (OUT / "summary.json").write_text(json.dumps({"entries": total, "concepts": args.concepts, "runs": runs,
                                                  "findings_by_rule": by_rule, "recall": right / len(truth),
                                                  "precision": right / max(len(found), 1)}, indent=1),
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
