"""Reports for GitHub Actions: workflow commands (annotations on the pull request's files)
and a markdown summary for the job page when $GITHUB_STEP_SUMMARY is set."""

from __future__ import annotations

import os
from pathlib import Path

from .faults import CODES, Fault, Report


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(fault: Fault) -> str:
    code = CODES[fault.code]
    props = {"file": fault.file, "line": fault.line, "col": fault.column,
             "title": f"{fault.code} {code.name}"}
    shown = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items()
                     if v is not None)
    where = "" if fault.file else f"{fault.location}: "
    return f"::{code.severity} {shown}::{_escape_data(where + fault.message)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(report: Report) -> str:
    lines = ["## skies validate", "",
             f"**{report.error_count} error(s), {report.warning_count} warning(s)**", ""]
    if report.faults or report.suppressed:
        lines += ["| code | name | severity | count |", "|---|---|---|---|"]
        lines += [f"| {c} | {CODES[c].name} | {CODES[c].severity} | {n} |"
                  for c, n in sorted(report.counts().items())]
        lines += ["", "| location | code | message |", "|---|---|---|"]
        lines += [f"| `{f.location}` | {f.code} | {_cell(f.message)} |"
                  for f in report.faults[:200]]
    return "\n".join(lines) + "\n"


def print_github(report: Report) -> None:
    for fault in report.faults:
        print(command(fault))
    for code, count in sorted(report.suppressed.items()):
        print(f"::{CODES[code].severity} title={code}::{count} more {CODES[code].name} "
              "faults not listed")
    if target := os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(summary(report))
