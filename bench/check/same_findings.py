"""Do two versions of tolmach find the same things? `tolmach check --format json` by each, compared.

    python bench/check/same_findings.py --before main --project bench/results/check/startup \\
        bench/results/check/real/locales/*/LC_MESSAGES/real.po
    python bench/check/same_findings.py --before /path/to/other/clone --glossary g.yaml locales/*/*/x.po

A speed-up of the checks must leave every finding as it was. `--before` is a git ref (checked out into a
temporary worktree) or a directory holding another copy of the code; `--after` defaults to this working
tree. Each version runs in its own process from the project directory (its tolmach.toml and glossary/),
with --include-fuzzy so drafts are compared too. Prints the findings count and IDENTICAL or the first
differences, and each run's time; exit status 1 when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def findings(code: Path, project: Path, catalogs: list[str], extra: list[str],
             out: Path) -> tuple[dict[str, Any], float]:
    """The JSON report of `tolmach check` run by the code in `code`, and its wall time."""
    if (project / "pipeline" / "__init__.py").exists():  # `python -m` would run that copy, whatever `code` says
        raise SystemExit(f"{project}: a checkout of tolmach; give a project directory outside one (--project)")
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "pipeline", "check", *catalogs, "--include-fuzzy", *extra,
               "--format", "json", "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: errors found, which is what a check run is for
        raise SystemExit(f"{code}: tolmach check failed ({done.returncode}): {done.stderr.strip()}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report, elapsed


def differences(before: dict[str, Any], after: dict[str, Any], shown: int = 5) -> list[str]:
    """A few findings only one side has (empty when the reports agree)."""
    if before["findings"] == after["findings"] and before["summary"] == after["summary"]:
        return []
    old = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in before["findings"]}
    new = {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in after["findings"]}
    lines = [f"only before: {f}" for f in sorted(old - new)[:shown]]
    lines += [f"only after:  {f}" for f in sorted(new - old)[:shown]]
    return lines or ["the same findings in another order"]


def code_dir(ref: str, scratch: Path) -> Path:
    """A directory holding the code of `ref`: the directory itself, or a worktree of the git ref."""
    if Path(ref).is_dir():
        return Path(ref).resolve()
    tree = scratch / "before"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), ref], check=True,
                   stdout=subprocess.DEVNULL)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogs", nargs="+", help="catalogs (paths relative to --project, or absolute)")
    parser.add_argument("--before", required=True, help="git ref or directory of the code to compare with")
    parser.add_argument("--after", default=str(REPO), help="directory of the code under test (default: this tree)")
    parser.add_argument("--project", default=".", help="directory to run in (its tolmach.toml and glossary/)")
    parser.add_argument("--glossary", help="a glossary file or directory for both runs")
    args = parser.parse_args()
    project = Path(args.project).resolve()
    extra = ["--glossary", str(Path(args.glossary).resolve())] if args.glossary else []
    with tempfile.TemporaryDirectory() as scratch:
        before_code = code_dir(args.before, Path(scratch))
        try:
            before, before_s = findings(before_code, project, args.catalogs, extra, Path(scratch) / "before.json")
            after, after_s = findings(Path(args.after).resolve(), project, args.catalogs, extra,
                                      Path(scratch) / "after.json")
        finally:
            if before_code.parent == Path(scratch):
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before_code)], check=False)
    lines = differences(before, after)
    print(f"{len(before['findings']):,} findings before, {len(after['findings']):,} after: "
          f"{'IDENTICAL' if not lines else 'DIFFERENT'} (before {before_s:.1f} s, after {after_s:.1f} s)")
    for line in lines:
        print(f"  {line}")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main())
