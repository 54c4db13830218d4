"""Findings as text (compiler style), JSON, GitHub workflow annotations or JUnit XML.

A ReportWriter writes them as the catalogs are checked, so a run keeps no finding once it is written:
text and GitHub lines, JSON findings one by one (the summary last). JUnit XML puts its totals first, so
it alone is written at the end, from every finding kept.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol
from xml.etree import ElementTree as ET

from pipeline.checks.registry import REPORT_VERSION, UNREADABLE, Check, Finding
from pipeline.checks.runner import CheckReport


def text_line(f: Finding) -> str:
    """`path:42: error: glossary-forbidden [pavel-latushka] "Łatuszko" — use "Łatuszka"`"""
    term = f" [{f.term}]" if f.term else ""
    if f.found is not None and f.expected is not None:
        detail = f' "{f.found}" — use "{f.expected}"'
    elif f.found is not None:
        detail = f' "{f.found}": {f.message}'
    else:
        detail = f": {f.message}"
    return f"{f.file}:{f.line}: {f.severity}: {f.rule}{term}{detail}"


def as_text(report: CheckReport) -> str:
    """One line per finding, then a summary."""
    return _written("text", report)


def summary_line(report: CheckReport) -> str:
    return (f"{report.errors} error(s), {report.warnings} warning(s) in {report.files} catalog(s), "
            f"{report.entries} entries checked")


def as_json(report: CheckReport) -> str:
    """{"version": 2, "findings": [...], "summary": {...}}, one finding per JSON object with the fields of
    Finding (docs/checks.md, "Machine output")."""
    return _written("json", report)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_line(f: Finding) -> str:
    """A GitHub Actions workflow command: the finding shows on the pull request's diff (its path relative to
    the repository's root, as GitHub names files, wherever in the checkout the command ran)."""
    level = "error" if f.severity == "error" else "warning"
    title = f.rule + (f" [{f.term}]" if f.term else "")
    message = f.message + (f' (found "{f.found}", use "{f.expected}")' if f.found and f.expected else "")
    return (f"::{level} file={_gh_escape(repository_path(f.file), True)},line={f.line},"
            f"title={_gh_escape(title, True)}::{_gh_escape(message)}")


def repository_path(file: str) -> str:
    """`file` (as findings name it: relative to the working folder, or absolute) relative to the root of the
    repository it is in: $GITHUB_WORKSPACE in a GitHub Actions job, else the nearest folder above it holding
    .git. A file outside any repository keeps its name."""
    path = Path(file).resolve()
    for root in (_workspace(), _repository_root(path.parent)):
        if root is not None and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return file


def _workspace() -> Path | None:
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return Path(workspace).resolve() if workspace else None


@functools.lru_cache(maxsize=256)
def _repository_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def as_github(report: CheckReport) -> str:
    return _written("github", report)


def as_junit(report: CheckReport) -> str:
    """One test suite per catalog, one test case per finding (errors fail, warnings are skipped cases, a
    catalog that cannot be read is an error case); valid against Jenkins' junit-10.xsd."""
    root = ET.Element("testsuites", name="tolmach check", tests=str(len(report.findings)),
                      failures=str(sum(f.severity == "error" and f.rule != UNREADABLE for f in report.findings)),
                      errors=str(sum(f.rule == UNREADABLE for f in report.findings)))
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    for file, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(file), tests=str(len(findings)),
                              failures=str(sum(f.severity == "error" and f.rule != UNREADABLE for f in findings)),
                              errors=str(sum(f.rule == UNREADABLE for f in findings)),
                              skipped=str(sum(f.severity != "error" for f in findings)))
        for f in findings:
            case = ET.SubElement(suite, "testcase", classname=_xml(f"{f.lang}.{f.rule}" if f.lang else f.rule),
                                 name=_xml(f"{file}:{f.line}"), file=_xml(file), line=str(f.line))
            text = "\n".join(f"{name}: {value}" for name, value in (
                ("msgctxt", f.msgctxt), ("msgid", f.msgid), ("msgid_plural", f.msgid_plural), ("found", f.found),
                ("expected", f.expected)) if value is not None)
            kind = "error" if f.rule == UNREADABLE else "failure" if f.severity == "error" else "skipped"
            message = f.message if kind != "skipped" else f"warning: {f.message}"
            ET.SubElement(case, kind, message=_xml(message), type=f.rule).text = _xml(text)
    if not by_file:
        ET.SubElement(root, "testsuite", name="tolmach check", tests="0", failures="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# Characters XML 1.0 cannot carry, even escaped (a BEL or ESC in a catalog): shown as \x07.
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return XML_INVALID_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text) if XML_INVALID_RE.search(text) else text


RENDERERS: dict[str, Callable[[CheckReport], str]] = {
    "text": as_text, "json": as_json, "github": as_github, "junit": as_junit,
}


# Formats written line by line as each catalog is checked.
LINE_RENDERERS: dict[str, Callable[[Finding], str]] = {"text": text_line, "github": github_line}


def render(report: CheckReport, fmt: str) -> str:
    return RENDERERS[fmt](report)


class Sink(Protocol):
    """Where a report goes: a terminal, a spool, an -o file being written (fileio.AtomicFile)."""

    def write(self, text: str, /) -> int: ...


class ReportWriter:
    """Writes one report to `out` as the catalogs are checked: `add` each catalog's findings, then `close`
    with the totals. `keeps` says whether the report must keep its findings until then (JUnit only)."""

    def __init__(self, fmt: str, out: Sink) -> None:
        self.fmt = fmt
        self.out = out
        self.keeps = fmt not in LINE_RENDERERS and fmt != "json"
        self._line = LINE_RENDERERS.get(fmt)
        self._written = 0

    def add(self, findings: Sequence[Finding]) -> None:
        if self._line is not None:
            self.out.write("".join(self._line(f) + "\n" for f in findings))
        elif self.fmt == "json":
            for f in findings:
                # the layout of json.dumps(..., indent=1) of the whole document, one finding at a time
                item = json.dumps(vars(f), ensure_ascii=False, indent=1).replace("\n", "\n  ")
                self.out.write((f"{{\n \"version\": {REPORT_VERSION},\n \"findings\": [\n  " if not self._written
                                else ",\n  ") + item)
                self._written += 1

    def close(self, report: CheckReport) -> None:
        if self._line is not None:
            self.out.write(summary_line(report) + "\n")
        elif self.fmt == "json":
            summary = json.dumps(report.summary(), ensure_ascii=False, indent=1).replace("\n", "\n ")
            head = "\n ]" if self._written else f"{{\n \"version\": {REPORT_VERSION},\n \"findings\": []"
            self.out.write(f"{head},\n \"summary\": {summary}\n}}\n")
        else:
            self.out.write(RENDERERS[self.fmt](report))


def _written(fmt: str, report: CheckReport) -> str:
    out = io.StringIO()
    writer = ReportWriter(fmt, out)
    writer.add(report.findings)
    writer.close(report)
    return out.getvalue()


def list_checks(checks: dict[str, Check], fmt: str) -> str:
    """The catalogue of checks: name, severity, category and the docstring that documents each."""
    ordered = sorted(checks.values(), key=lambda c: (c.category, c.name))
    if fmt == "json":
        return json.dumps([{"name": c.name, "severity": c.severity, "category": c.category, "doc": c.doc}
                           for c in ordered], ensure_ascii=False, indent=1) + "\n"
    lines = []
    for c in ordered:
        first, *rest = (c.doc or "(undocumented)").splitlines()
        lines.append(f"{c.name:<28} {c.severity:<8} {c.category:<11} {first}")
        lines.extend(" " * 50 + x for x in rest if x.strip())
    return "\n".join(lines) + "\n"
