"""Findings as text (compiler style), JSON, GitHub workflow annotations or JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
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
    return "".join(text_line(f) + "\n" for f in report.findings) + summary_line(report) + "\n"


def summary_line(report: CheckReport) -> str:
    return (f"{report.errors} error(s), {report.warnings} warning(s) in {report.files} catalog(s), "
            f"{report.entries} entries checked")


def as_json(report: CheckReport) -> str:
    return json.dumps({"findings": [asdict(f) for f in report.findings], "summary": report.summary()},
                      ensure_ascii=False, indent=1) + "\n"


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
    return "".join(github_line(f) + "\n" for f in report.findings) + summary_line(report) + "\n"


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


# Formats written line by line as each catalog is checked (the others are one document at the end).
LINE_RENDERERS: dict[str, Callable[[Finding], str]] = {"text": text_line, "github": github_line}


def render(report: CheckReport, fmt: str) -> str:
    return RENDERERS[fmt](report)


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
