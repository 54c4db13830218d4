"""The ru→be step on FLORES-200 dev, post-editing off and on, in one run.

    python bench/belarusian/run.py                          # dev: the first 797 lines
    python bench/belarusian/run.py --split heldout          # the last 200 lines (never used to build rules)
    python bench/belarusian/run.py DATA_DIR --split all --show 30   # and print 30 changed sentences

Runs Apertium rus-bel through tolmach's own engine (`ApertiumEngine`, the project's mode file) on the
Russian side, then the Belarusian post-editor (`pipeline.mt.postedit`) on its output, and scores both
against the Belarusian side with sacrebleu (chrF2, BLEU), plus Russian-only words per line (words with
и, щ, ъ, letters Belarusian does not have), words still unknown, sentences changed, and the time per
1,000 sentences of each stage. Needs apertium, apertium-bel-rus, cg3 and hunspell-be (Debian).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "data" / "flores200-dev"
HELD_OUT = 200  # the last lines of dev: kept unseen while the post-editor was built
RUSSIAN_ONLY_WORD_RE = re.compile(r"\w*[иИщЩъЪ]\w*")


def split(lines: list[str], which: str) -> list[str]:
    if which == "dev":
        return lines[:-HELD_OUT]
    if which == "heldout":
        return lines[-HELD_OUT:]
    return lines


def russian_words_per_line(lines: list[str]) -> float:
    return sum(len(RUSSIAN_ONLY_WORD_RE.findall(x)) for x in lines) / max(1, len(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help="folder with rus_Cyrl.txt and bel_Cyrl.txt (parallel lines)")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N changed sentences (random, seeded)")
    args = parser.parse_args()

    import sacrebleu

    from pipeline.mt.engines import ApertiumEngine, apertium_modes
    from pipeline.mt.postedit import posteditor

    if "rus-bel" not in apertium_modes():
        print("apertium rus-bel is not installed (apt-get install apertium apertium-bel-rus cg3)", file=sys.stderr)
        return 2
    ru = split((args.data / "rus_Cyrl.txt").read_text(encoding="utf-8").splitlines(), args.split)
    be = split((args.data / "bel_Cyrl.txt").read_text(encoding="utf-8").splitlines(), args.split)
    if len(ru) != len(be):
        print(f"{args.data}: rus_Cyrl.txt and bel_Cyrl.txt differ in length", file=sys.stderr)
        return 2

    start = time.perf_counter()
    outputs = ApertiumEngine("rus-bel").translate(ru)
    apertium_s = time.perf_counter() - start
    editor = posteditor("be")
    assert editor is not None
    editor.edit("Прывітанне")  # load Hunspell and pymorphy3 outside the timing: once per process
    start = time.perf_counter()
    edited = [editor.edit(o.text, o.unknown) for o in outputs]
    postedit_s = time.perf_counter() - start

    before = [o.text for o in outputs]
    after = [e.text for e in edited]
    unknown_before = sum(len([w for w in o.unknown if re.search("[а-яё]", w, re.I)]) for o in outputs)
    unknown_after = sum(len(e.unknown) for e in edited)
    changed = [i for i in range(len(ru)) if before[i] != after[i]]
    print(f"FLORES-200 dev, split {args.split}: {len(ru)} sentences, {args.data}")
    print(f"{'':24}{'chrF2':>8}{'BLEU':>8}{'ru-only words/line':>20}{'unknown (Cyrillic)':>20}")
    for label, hyp, unknown in (("apertium", before, unknown_before), ("apertium + postedit", after, unknown_after)):
        chrf = sacrebleu.corpus_chrf(hyp, [be]).score
        bleu = sacrebleu.corpus_bleu(hyp, [be]).score
        print(f"{label:24}{chrf:8.1f}{bleu:8.1f}{russian_words_per_line(hyp):20.2f}{unknown:20d}")
    print(f"reference{'':15}{'':16}{russian_words_per_line(be):20.2f}")
    print(f"sentences changed by post-editing: {len(changed)} of {len(ru)}")
    print(f"time per 1,000 sentences: apertium {apertium_s / len(ru) * 1000:.2f} s, "
          f"postedit {postedit_s / len(ru) * 1000:.2f} s (ratio {postedit_s / apertium_s:.2f})")
    for i in sorted(random.Random(14).sample(changed, min(args.show, len(changed)))):
        print(f"\n[{i + 1}] ru:  {ru[i]}\n     ap:  {before[i]}\n     pe:  {after[i]}\n     ref: {be[i]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
