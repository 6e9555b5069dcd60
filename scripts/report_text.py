"""Reports for people: a fault per line with its location and a fix hint."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from .faults import CODES, Report

_STYLE = {"error": "bold red", "warning": "yellow"}


def print_report(report: Report, console: Console) -> None:
    for fault in report.faults:
        code = CODES[fault.code]
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
