"""A report rendered for people (rich text), for tools (JSON) and for GitHub Actions
(workflow commands plus a markdown step summary)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .codes import CODES
from .report import Fault, Report

_STYLE = {"error": "bold red", "warning": "yellow"}


def print_report(report: Report, console: Console) -> None:
    for fault in report.faults:
        code = fault.spec
        style = _STYLE[code.severity]
        console.print(f"[{style}]{code.severity}[/] [bold]{fault.code}[/] {code.name} "
                      f"[cyan]{escape(fault.location)}[/]")
        console.print(f"  {escape(fault.message)}", soft_wrap=True)
        console.print(f"  [dim]hint: {escape(code.hint)}[/]", soft_wrap=True)
    for code, count in sorted(report.suppressed.items()):
        console.print(f"[dim]… and {count} more {code} ({CODES[code].name}) not listed[/]")
    errors, warnings = report.error_count, report.warning_count
    verdict = "[green]clean[/]" if not errors else f"[red]{errors} error(s)[/]"
    console.print(f"{verdict}, {warnings} warning(s)")


def fault_line(fault: Fault) -> str:
    """`file:line:column: CODE message`, as compilers and linters print (editors and
    pre-commit jump to it)."""
    return f"{fault.location}: {fault.code} {fault.message}"


def print_lines(report: Report, console: Console) -> None:
    for fault in report.faults:
        console.print(fault_line(fault), markup=False, highlight=False, soft_wrap=True)
    for code, count in sorted(report.suppressed.items()):
        console.print(f"… and {count} more {code} ({CODES[code].name}) not listed",
                      markup=False, highlight=False)
    errors, warnings = report.error_count, report.warning_count
    console.print(f"{'clean' if not errors else f'{errors} error(s)'}, {warnings} warning(s)",
                  markup=False, highlight=False)


def fault_json(fault: Fault) -> dict[str, object]:
    code = fault.spec
    return {"code": fault.code, "message": fault.message, "file": fault.file,
            "line": fault.line, "column": fault.column, "table": fault.table, "row": fault.row,
            "name": code.name, "severity": code.severity, "hint": code.hint,
            "location": fault.location}


def report_json(report: Report) -> str:
    """The stable JSON schema documented in cards/checks.md."""
    return json.dumps({
        "ok": report.ok,
        "errors": report.error_count,
        "warnings": report.warning_count,
        "counts": dict(sorted(report.counts().items())),
        "suppressed": dict(sorted(report.suppressed.items())),
        "faults": [fault_json(f) for f in report.faults],
    }, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(fault: Fault) -> str:
    code = fault.spec
    props = {"file": fault.file, "line": fault.line, "col": fault.column,
             "title": f"{fault.code} {code.name}"}
    shown = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items()
                     if v is not None)
    where = "" if fault.file else f"{fault.location}: "
    return f"::{code.severity} {shown}::{_escape_data(where + fault.message)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def github_summary(report: Report) -> str:
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
        print(github_command(fault))
    for code, count in sorted(report.suppressed.items()):
        print(f"::{CODES[code].severity} title={code}::{count} more {CODES[code].name} "
              "faults not listed")
    if target := os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(github_summary(report))
