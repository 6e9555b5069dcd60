"""Read YAML keeping line numbers, so every fault can point at the line a person edits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .faults import Report


class Unreadable(Exception):
    """The file could not be read at all; its fault is already in the report."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _format_faults(text: str, shown: str, report: Report, raw: bool) -> None:
    """BOM, CR line endings, control characters: errors in files people write, warnings in
    raw files (kept exactly as received)."""
    def add(code: str, message: str, offset: int) -> None:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        report.add("S116" if raw else code, message, file=shown, line=line, column=column)

    if text.startswith("\ufeff"):
        add("S112", "the file starts with a byte-order mark", 0)
    if (cr := text.find("\r")) >= 0:
        add("S113", "CR line endings (\\r)", cr)
    if control := _CONTROL.search(text):
        add("S114", f"control character U+{ord(control.group()):04X}", control.start())


def read_text(path: Path, shown: str, report: Report, *, raw: bool = False) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("S100", f"cannot read the file: {exc.strerror or exc}", file=shown)
        raise Unreadable from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add("S103", f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
                   file=shown, line=line)
        raise Unreadable from exc
    _format_faults(text, shown, report, raw)
    return text


def load_yaml(path: Path, shown: str, report: Report) -> Any:
    # Control characters are reported (S114) by read_text; parse the rest so one invisible
    # character does not hide every other fault of the file.
    text = _CONTROL.sub("", read_text(path, shown, report))
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        report.add("S101", problem, file=shown,
                   line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)
        raise Unreadable from exc
    except YAMLError as exc:
        report.add("S101", str(exc).splitlines()[0], file=shown)
        raise Unreadable from exc


def line_of(node: Any, path: tuple[str | int, ...]) -> int | None:
    """1-based line of the value at `path` inside a ruamel tree (the nearest existing parent
    when the path runs out, e.g. for a missing field)."""
    line = None
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line = node.lc.key(step)[0] + 1
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line = node.lc.item(step)[0] + 1
            node = node[step]
        else:
            break
    if line is None and isinstance(node, CommentedMap | CommentedSeq):
        line = node.lc.line + 1
    return line
