"""Read YAML keeping line numbers, so every fault can point at the line a person edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..faults import Report, SourceLocation
from ..faults.codes import YAML_SYNTAX
from .files import CONTROL, Unreadable, read_text

EMITS = (YAML_SYNTAX,)


def load_yaml(path: Path, shown: str, report: Report) -> Any:
    # Control characters are reported (S114) by read_text; parse the rest so one invisible
    # character does not hide every other fault of the file.
    text = CONTROL.sub("", read_text(path, shown, report))
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        report.add(YAML_SYNTAX, problem, SourceLocation(
            shown, mark.line + 1 if mark else None, mark.column + 1 if mark else None))
        raise Unreadable from exc
    except YAMLError as exc:
        report.add(YAML_SYNTAX, str(exc).splitlines()[0], SourceLocation(shown))
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
