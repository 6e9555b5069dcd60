"""Read YAML fast and safely, keeping the line and column of every value.

libyaml's C parser (through PyYAML's `CSafeLoader`) turns the text into events; the values
are built here from those events, not by a YAML constructor, so that:

- nothing but plain data can come out (no tags that build objects);
- a value its tag or form cannot hold (`!!int abc`, `!!bool maybe`) is a fault at its line
  and column, never an exception;
- nesting depth, aliases and the size aliases expand to are bounded, each a clear fault;
- every mapping and sequence remembers where it and each of its values start.

Plain scalars resolve as in the YAML 1.2 core schema (the one ruamel.yaml reads by default):
null, true/false, integers and floats; `YYYY-MM-DD` becomes a date when it is one (an
impossible date stays a string, so the date check can say what is wrong with it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..faults import Report, SourceLocation
from ..faults.codes import INPUT_LIMIT, YAML_SYNTAX, YAML_VALUE
from .files import CONTROL, Unreadable, read_text

EMITS = (YAML_SYNTAX, YAML_VALUE, INPUT_LIMIT)

MAX_DEPTH = 32  # annotation files nest 4 deep; anything past this is a mistake or an attack
MAX_ALIASES = 64
MAX_NODES = 500_000  # values in one file, counting each alias as the values it repeats


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlMap(dict):
    """A mapping that knows where it starts (`mark`) and where each value starts (`marks`)."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark, self.marks = mark, {}


class YamlList(list):
    """A sequence that knows where it starts (`mark`) and where each item starts (`marks`)."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark, self.marks = mark, []


_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_BASE = re.compile(r"^0(?:o[0-7]+|x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                  "+.inf": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
                  ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date(text: str) -> dt.date | None:
    match = _DATE.match(text) if len(text) == 10 else None
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


_WORD_START = frozenset("abcdeghijklmopqrsuvwxyzABCDEGHIJKLMOPQRSUVWXYZ")  # not n t f


def _plain(text: str) -> Any:
    """A plain (unquoted, untagged) scalar, resolved by the core schema."""
    if text and text[0] in _WORD_START:  # a word: the common case, and never a number
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _INT_BASE.match(text):
        return int(text, 0)
    if _FLOAT.match(text):
        return float(text)
    if text in _FLOAT_SPECIAL:
        return _FLOAT_SPECIAL[text]
    date = _date(text)
    return text if date is None else date


def _tagged(tag: str, text: str) -> tuple[Any, str | None]:
    """(value, problem) of a scalar with an explicit standard tag."""
    kind = tag.removeprefix(_TAG)
    if kind == "str":
        return text, None
    if kind == "null":
        return None, None if _NULL.match(text) else f"{text!r} is not null"
    if kind == "bool":
        return (_BOOL[text], None) if text in _BOOL else (text, f"{text!r} is not a boolean")
    if kind == "int":
        if _INT.match(text) or _INT_BASE.match(text):
            return int(text, 0) if _INT_BASE.match(text) else int(text), None
        return text, f"{text!r} is not an integer"
    if kind == "float":
        if _FLOAT.match(text) or _INT.match(text):
            return float(text), None
        if text in _FLOAT_SPECIAL:
            return _FLOAT_SPECIAL[text], None
        return text, f"{text!r} is not a number"
    if kind == "timestamp":
        date = _date(text)
        return (date, None) if date is not None else (text, f"{text!r} is not a calendar date "
                                                            "(YYYY-MM-DD)")
    return text, f"the tag !!{kind} is not allowed in source files"


class _Builder:
    """Values from parser events, with their marks, under the limits above."""

    def __init__(self, shown: str, report: Report) -> None:
        self.shown, self.report = shown, report
        self.stack: list[list[Any]] = []  # [container, pending key, key mark, node count]
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.root: Any = None
        self.nodes = self.aliases = 0

    def fail(self, code, message: str, mark: Mark) -> None:
        self.report.add(code, message, SourceLocation(self.shown, mark.line, mark.column))
        raise Unreadable

    def value_fault(self, message: str, mark: Mark) -> None:
        self.report.add(YAML_VALUE, message, SourceLocation(self.shown, mark.line, mark.column))

    def count(self, n: int, mark: Mark) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            self.fail(INPUT_LIMIT, f"more than {MAX_NODES:,} values (aliases included)", mark)

    def add(self, value: Any, mark: Mark, size: int = 1) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame[3] += size
        container = frame[0]
        if isinstance(container, YamlList):
            container.append(value)
            container.marks.append(mark)
        elif frame[1] is _NO_KEY:
            if isinstance(value, dict | list):
                self.fail(YAML_VALUE, "a mapping or sequence cannot be a key", mark)
            if value in container:
                self.fail(YAML_SYNTAX, f"duplicate key {value!r}", mark)
            frame[1], frame[2] = value, mark
        else:
            container[frame[1]] = value
            # A field is located where its value is written, or at its key when the value
            # is a block of its own (a list of mentions starts on the line after its key).
            container.marks[frame[1]] = frame[2] if isinstance(value, dict | list) else mark
            frame[1] = _NO_KEY

    def scalar(self, event: yaml.ScalarEvent, mark: Mark) -> None:
        if event.tag is None or event.tag == "!":
            plain = event.implicit[0] and not event.style
            value = _plain(event.value) if plain else event.value
        elif event.tag.startswith(_TAG):
            value, problem = _tagged(event.tag, event.value)
            if problem:
                self.value_fault(problem, mark)
        else:
            self.value_fault(f"the tag {event.tag} is not allowed in source files", mark)
            value = event.value
        self.count(1, mark)
        self.remember(event.anchor, value, 1)
        self.add(value, mark)

    def start(self, container: YamlMap | YamlList, event: Any, mark: Mark) -> None:
        if event.tag is not None and event.tag not in (f"{_TAG}map", f"{_TAG}seq", "!"):
            self.value_fault(f"the tag {event.tag} is not allowed in source files", mark)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(INPUT_LIMIT, f"nested more than {MAX_DEPTH} levels deep", mark)
        self.count(1, mark)
        self.stack.append([container, _NO_KEY, None, 1, event.anchor, mark])

    def end(self) -> None:
        container, _key, _key_mark, size, anchor, mark = self.stack.pop()
        self.remember(anchor, container, size)
        self.add(container, mark, size)

    def remember(self, anchor: str | None, value: Any, size: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)

    def alias(self, event: yaml.AliasEvent, mark: Mark) -> None:
        if event.anchor not in self.anchors:
            self.fail(YAML_SYNTAX, f"alias *{event.anchor} names no anchor before it", mark)
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            self.fail(INPUT_LIMIT, f"more than {MAX_ALIASES} aliases", mark)
        value, size = self.anchors[event.anchor]
        self.count(size, mark)
        self.add(value, mark, size)


_NO_KEY = object()


def parse_yaml(text: str, shown: str, report: Report) -> Any:
    """The one document of `text` as dicts, lists and scalars (`YamlMap`/`YamlList` carry
    marks). Raises Unreadable (the fault reported) when the file cannot be read."""
    builder = _Builder(shown, report)
    documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.ScalarEvent):
                builder.scalar(event, mark)
            elif isinstance(event, yaml.MappingStartEvent):
                builder.start(YamlMap(mark), event, mark)
            elif isinstance(event, yaml.SequenceStartEvent):
                builder.start(YamlList(mark), event, mark)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                builder.end()
            elif isinstance(event, yaml.AliasEvent):
                builder.alias(event, mark)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    builder.fail(YAML_SYNTAX, "more than one YAML document (---)", mark)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        report.add(YAML_SYNTAX, problem, SourceLocation(
            shown, where.line + 1 if where else None, where.column + 1 if where else None))
        raise Unreadable from exc
    except yaml.YAMLError as exc:
        report.add(YAML_SYNTAX, str(exc).splitlines()[0], SourceLocation(shown))
        raise Unreadable from exc
    return builder.root


def mark_of(node: Any, path: tuple[str | int, ...]) -> Mark | None:
    """Where the value at `path` is written (the nearest existing parent when the path runs
    out, e.g. for a missing field)."""
    mark = node.mark if isinstance(node, YamlMap | YamlList) else None
    for step in path:
        in_map = isinstance(node, YamlMap) and step in node
        in_list = (isinstance(node, YamlList) and isinstance(step, int)
                   and 0 <= step < len(node))
        if not (in_map or in_list):
            break
        mark, node = node.marks[step], node[step]
    return mark


def load_yaml(path: Path, shown: str, report: Report) -> Any:
    """Read and parse one source file (see `parse_yaml`); Unreadable when it cannot be."""
    # Control characters are reported (S114) by read_text; parse the rest so one invisible
    # character does not hide every other fault of the file.
    return parse_yaml(CONTROL.sub("", read_text(path, shown, report)), shown, report)


def line_of(node: Any, path: tuple[str | int, ...]) -> int | None:
    mark = mark_of(node, path)
    return None if mark is None else mark.line
