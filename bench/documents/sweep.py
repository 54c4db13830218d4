"""Real documents nobody here wrote: read, translated, built and rendered by LibreOffice.

Run through `python bench/documents/run.py --sweep` (see run.py). The corpus is the test files shipped in
the sdists of SDISTS (downloaded once with `pip download --no-binary :all:` into the corpus directory).
Files of the packages marked "tune" were looked at while the readers were fixed; the "held-out" ones were
not, and are reported apart.

For each document:
- read: a unit list, a refusal (its one-line reason, grouped), or "empty";
- identical: an untranslated build gives back the very bytes (every format);
- structure after a full "translation" (each msgid upper-cased outside its placeholders):
  subtitles: the same timing lines, per cue the same class and voice tags and as many dialogue lines;
  .docx/.odt: every bookmark, comment range and reference mark that held words still holds words;
- rendered (.docx/.odt): LibreOffice converts the built file to PDF, pdftotext reads it, and coverage is
  the share of the translation's words (those with letters a case changes) found in what it shows;
  words kept is how many words it shows of the translation against the source (the upper-cased
  translation has the same words: a cross-reference or caption rendered empty loses some).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.build import build
from pipeline.config import Config
from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.errors import TolmachError
from pipeline.jobs import prepare
from pipeline.po import merge

# package, version, part: test documents of well-kept libraries for these formats
SDISTS = (("python-docx", "1.2.0", "tune"), ("webvtt-py", "0.6.0", "tune"), ("black", "26.10.1", "tune"),
          ("odfpy", "1.4.1", "held-out"), ("ezodf", "0.3.2", "held-out"), ("py3o.template", "0.10.0", "held-out"),
          ("relatorio", "1.0.0", "held-out"), ("secretary", "0.2.19", "held-out"), ("pysrt", "1.1.2", "held-out"),
          ("srt", "3.5.3", "held-out"), ("pysubs2", "1.8.1", "held-out"), ("mkdocs", "1.6.1", "held-out"))
EXTENSIONS = (".docx", ".dotx", ".odt", ".ott", ".srt", ".vtt", ".md")
OFFICE = (".docx", ".dotx", ".odt", ".ott")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OF = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
WORD_RE = re.compile(r"\w+")


@dataclass
class Result:
    part: str
    fmt: str
    name: str
    outcome: str = "read"  # read | empty | refused: <reason>
    identical: bool = False
    structure: bool = True
    ranges: tuple[int, int] = (0, 0)  # ranges that held words, and of those still holding words after build
    expected: list[str] = field(default_factory=list)  # the translation's words, for the rendered coverage
    built: Path | None = None
    source: Path | None = None  # the source's copy, rendered too
    coverage: float | None = None
    kept: float | None = None  # words LibreOffice shows of the translation / of the source


def fetch(corpus: Path) -> None:
    """Download each sdist (once) and unpack its document files into corpus/<part>/<package>/."""
    downloads = corpus / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    for package, version, part in SDISTS:
        target = corpus / part / package
        if target.exists():
            continue
        stem = re.sub(r"[-_.]+", "[-_.]", package)
        pattern = re.compile(rf"{stem}-{re.escape(version)}\.(tar\.gz|zip)$", re.IGNORECASE)
        if not any(pattern.match(p.name) for p in downloads.iterdir()):
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                            f"{package}=={version}", "-d", str(downloads)], check=True)
        archive = next(p for p in downloads.iterdir() if pattern.match(p.name))
        target.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.lower().endswith(EXTENSIONS):
                    data = tar.extractfile(member)
                    if data is not None:
                        flat = member.name.split("/", 1)[-1].replace("/", "__")
                        (target / flat).write_bytes(data.read())


def documents(corpus: Path) -> list[tuple[str, str, Path]]:
    return sorted((part, package, path) for part in ("tune", "held-out") if (corpus / part).exists()
                  for package_dir in sorted((corpus / part).iterdir())
                  for package in [package_dir.name] for path in sorted(package_dir.iterdir()))


def shout(msgid: str) -> str:
    tags = PLACEHOLDER_RE.findall(msgid)
    pieces = PLACEHOLDER_RE.split(msgid)
    return pieces[0].upper() + "".join(tag + piece.upper() for tag, piece in zip(tags, pieces[1:], strict=True))


def measure(part: str, package: str, source: Path, workdir: Path, index: int) -> Result:
    fmt = source.suffix.lower().lstrip(".")
    result = Result(part, fmt, f"{package}/{source.name}")
    path = workdir / f"d{index}.en{source.suffix.lower()}"
    shutil.copy(source, path)
    config = Config(root=workdir, languages=("pl",))
    try:
        doc = prepare(path, config)
    except TolmachError as exc:
        reason = re.sub(r"^.*?error: ", "", str(exc)).split(" (")[0]
        result.outcome = "empty" if "empty document" in reason else "refused: " + re.sub(r"\d+", "N", reason)[:70]
        return result
    except Exception as exc:  # a crash is a finding: reported, never hidden
        result.outcome = f"CRASH: {type(exc).__name__}: {exc}"[:90]
        return result
    data = source.read_bytes()
    result.identical = build(doc.doc, doc.segments, None)[0] == data
    po = merge.update(doc.template, None, "pl")
    for entry in po:
        entry.msgstr = shout(entry.msgid)
    built = build(doc.doc, doc.segments, po, lang="pl")[0]
    result.expected = [w for e in po for w in WORD_RE.findall(PLACEHOLDER_RE.sub(" ", e.msgstr))
                       if w != w.lower()]
    out = workdir / "built" / f"d{index}.pl{source.suffix.lower()}"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(built)
    result.built = out
    result.source = path
    if fmt in ("srt", "vtt"):  # built subtitles are UTF-8; the source as tolmach decoded it
        result.structure = cue_shape(doc.doc.source.decode("utf-8")) == cue_shape(built.decode("utf-8-sig"))
    elif source.suffix.lower() in OFFICE:
        before, after = ranges(data), ranges(built)
        held = [k for k, words in before.items() if words]
        result.ranges = (len(held), sum(1 for k in held if after.get(k)))
        result.structure = result.ranges[0] == result.ranges[1]
    return result


def cue_shape(text: str) -> list[tuple[str, tuple[str, ...], int]]:
    """Per cue: its timing line, its class and voice tags, and how many of its lines open with a dash."""
    shape = []
    for block in re.split(r"\n\s*\n|\n(?=[^\n]*-->)", text.replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if at is None:
            continue
        body = lines[at + 1:]
        if body and body[-1].strip().isdigit():
            body = body[:-1]  # the next cue's number, when no blank line separates them
        tags = tuple(re.findall(r"<(?:c|v)[.\s][^>]*>", "\n".join(body)))
        dashes = sum(1 for line in body if re.match(r"^(?:<[^>]+>)*[-‐–—]", line))
        shape.append((lines[at].strip(), tags, dashes))
    return shape


def ranges(data: bytes) -> dict[tuple[str, str], str]:
    """Bookmarks, comment ranges and reference marks of an office package -> the words each holds."""
    held: dict[tuple[str, str], str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n in ("content.xml", "styles.xml")
                 or (n.startswith("word/") and n.endswith(".xml") and "/_rels/" not in n)]
        for name in names:
            try:
                root = etree.fromstring(z.read(name))
            except etree.XMLSyntaxError:
                continue
            for kind, start, end, attribute in (
                    ("bookmark", f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}id"),
                    ("comment", f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}id"),
                    ("bookmark", f"{T}bookmark-start", f"{T}bookmark-end", f"{T}name"),
                    ("reference", f"{T}reference-mark-start", f"{T}reference-mark-end", f"{T}name"),
                    ("comment", f"{OF}annotation", f"{OF}annotation-end", f"{OF}name")):
                opened: dict[str, list[str]] = {}
                for element in root.iter():
                    if element.tag == start and element.get(attribute):
                        opened[element.get(attribute, "")] = []
                        if element.tail:
                            for words in opened.values():
                                words.append(element.tail)
                        continue
                    if element.tag == end and element.get(attribute) in opened:
                        held[(kind, f"{name}:{element.get(attribute)}")] = "".join(
                            opened.pop(element.get(attribute, ""))).strip()
                    if opened and element.tag in (f"{W}t", f"{T}p", f"{T}span", f"{T}a", f"{T}h", f"{T}s") \
                            and not _in_comment(element):
                        for words in opened.values():
                            words.append((element.text or "") if element.tag != f"{T}s" else " ")
                    if opened and element.tail and element.tag != start and not _in_comment(element) \
                            and not element.tag.startswith(W):
                        for words in opened.values():
                            words.append(element.tail)
    return held


def _in_comment(element: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == f"{OF}annotation":
            return True
        parent = parent.getparent()
    return False


def render(results: list[Result], workdir: Path) -> None:
    """One LibreOffice run per batch of built office files; coverage of each from pdftotext's text."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        print("(no LibreOffice or pdftotext: rendered coverage not measured)")
        return
    office = [r for r in results if r.built is not None and r.built.suffix in OFFICE and r.expected]
    pdfs = workdir / "pdf"
    pdfs.mkdir(exist_ok=True)
    profile = (workdir / "lo-profile").as_uri()
    for start in range(0, len(office), 20):
        batch = office[start:start + 20]
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(pdfs), *(str(p) for r in batch for p in (r.built, r.source))],
                       capture_output=True, timeout=1800)

    def shown(path: Path | None) -> list[str] | None:
        pdf = pdfs / (path.stem + ".pdf") if path is not None else None
        if pdf is None or not pdf.exists():
            return None
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              timeout=300).stdout.decode("utf-8", "replace")
        return WORD_RE.findall(text)

    for r in office:
        built, source = shown(r.built), shown(r.source)
        r.coverage = covered(r.expected, built) if built is not None else 0.0
        if built is not None and source:
            r.kept = min(1.0, len(built) / len(source))  # a cross-reference rendered empty loses words


def covered(expected: list[str], shown: list[str]) -> float:
    """The share of the expected words (each occurrence: a cross-reference repeating a caption's words
    counts apart) found among the shown ones. A placeholder inside a word ("PARA<x1/>GRAPH", a bookmark
    point) splits it in the expected words: a part found inside a longer shown word counts."""
    left = Counter(shown)
    longer = set(shown)
    found = 0
    for word in expected:
        if left[word] > 0:
            left[word] -= 1
            found += 1
        elif any(word in s for s in longer if len(s) > len(word)):
            found += 1
    return found / len(expected)


def report(results: list[Result]) -> None:
    for part in ("tune", "held-out"):
        rows = [r for r in results if r.part == part]
        if not rows:
            continue
        print(f"\n{part}: {len(rows)} documents")
        print(f"{'format':<7}{'files':>6}{'read':>6}{'empty':>6}{'refused':>8}{'identical':>10}{'structure':>10}"
              f"{'ranges kept':>12}{'rendered':>10}{'≥98%':>6}{'words kept':>11}{'≥98%':>6}")
        for fmt in sorted({r.fmt for r in rows}):
            group = [r for r in rows if r.fmt == fmt]
            read = [r for r in group if r.outcome == "read"]
            covered = [r.coverage for r in read if r.coverage is not None]
            held, kept = sum(r.ranges[0] for r in read), sum(r.ranges[1] for r in read)
            mean = f"{sum(covered) / len(covered):.1%}" if covered else "-"
            kept_all = [r.kept for r in read if r.kept is not None]
            kept_mean = f"{sum(kept_all) / len(kept_all):.1%}" if kept_all else "-"
            print(f"{fmt:<7}{len(group):>6}{len(read):>6}{sum(r.outcome == 'empty' for r in group):>6}"
                  f"{sum(r.outcome.startswith(('refused', 'CRASH')) for r in group):>8}"
                  f"{sum(r.identical for r in read):>10}{sum(r.structure for r in read):>10}"
                  f"{f'{kept}/{held}':>12}{mean:>10}{sum(c >= 0.98 for c in covered):>6}"
                  f"{kept_mean:>11}{sum(k >= 0.98 for k in kept_all):>6}")
        outcomes = Counter(r.outcome for r in rows if r.outcome not in ("read", "empty"))
        for outcome, n in outcomes.most_common():
            print(f"  {n} × {outcome}")
        for r in rows:
            if r.outcome == "read" and (not r.structure or (r.coverage is not None and r.coverage < 0.98)
                                        or (r.kept is not None and r.kept < 0.98)):
                cov = f"{r.coverage:.1%}" if r.coverage is not None else "-"
                kept_words = f"{r.kept:.1%}" if r.kept is not None else "-"
                print(f"  {r.name}: structure {'ok' if r.structure else 'CHANGED'}, ranges {r.ranges[1]}/"
                      f"{r.ranges[0]}, rendered {cov}, words kept {kept_words}")


def sweep(corpus: Path, progress: Callable[[str], None] = print) -> list[Result]:
    fetch(corpus)
    found = documents(corpus)
    progress(f"{len(found)} documents in {corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        results = [measure(part, package, path, workdir, i) for i, (part, package, path) in enumerate(found)]
        render(results, workdir)
    report(results)
    return results
