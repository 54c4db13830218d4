"""Findings as text (compiler style), JSON, GitHub workflow annotations or JUnit XML.

A ReportWriter writes them as the catalogs are checked, so a run keeps no finding once it is written:
text and GitHub lines, JSON findings one by one (the summary last). JUnit XML puts its totals first, so
it alone is written at the end, from every finding kept.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from typing import Protocol
from xml.etree import ElementTree as ET

from pipeline.checks.registry import Check, Finding
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
    """{"findings": [...], "summary": {...}}, one finding per JSON object with the fields of Finding."""
    return _written("json", report)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_line(f: Finding) -> str:
    """A GitHub Actions workflow command: the finding shows on the pull request's diff."""
    level = "error" if f.severity == "error" else "warning"
    title = f.rule + (f" [{f.term}]" if f.term else "")
    message = f.message + (f' (found "{f.found}", use "{f.expected}")' if f.found and f.expected else "")
    return (f"::{level} file={_gh_escape(f.file, True)},line={f.line},title={_gh_escape(title, True)}::"
            f"{_gh_escape(message)}")


def as_github(report: CheckReport) -> str:
    return _written("github", report)


def as_junit(report: CheckReport) -> str:
    """One test suite per catalog, one test case per finding (errors fail, warnings are skipped cases)."""
    root = ET.Element("testsuites", name="tolmach check", tests=str(len(report.findings)),
                      failures=str(report.errors))
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    for file, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(findings)),
                              failures=str(sum(1 for f in findings if f.severity == "error")))
        for f in findings:
            case = ET.SubElement(suite, "testcase", classname=f"{f.lang}.{f.rule}", name=f"{file}:{f.line}",
                                 file=file, line=str(f.line))
            text = f"msgid: {f.msgid}\nfound: {f.found}\nexpected: {f.expected}"
            if f.severity == "error":
                ET.SubElement(case, "failure", message=f.message, type=f.rule).text = text
            else:
                ET.SubElement(case, "skipped", message=f"warning: {f.message}").text = text
    if not by_file:
        ET.SubElement(root, "testsuite", name="tolmach check", tests="0", failures="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


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
                self.out.write(("{\n \"findings\": [\n  " if not self._written else ",\n  ") + item)
                self._written += 1

    def close(self, report: CheckReport) -> None:
        if self._line is not None:
            self.out.write(summary_line(report) + "\n")
        elif self.fmt == "json":
            summary = json.dumps(report.summary(), ensure_ascii=False, indent=1).replace("\n", "\n ")
            head = "\n ]" if self._written else "{\n \"findings\": []"
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
