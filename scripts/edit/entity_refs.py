"""Where the annotation files refer to registry entities: a mention's `entity:`, an event's
`source:` and a stance's `holder:`, each at its file, line and column.

The files are read as the checks read them (libyaml, with marks), not through ruamel: a
reference is rewritten in the text itself, at its mark, so a merge changes exactly the
values it must and every other byte of the file stays as the contributor wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..faults import Report
from ..layout import Layout
from ..read.corpus import annotation_paths
from ..read.files import Unreadable, read_text
from ..read.models import EntitySource
from ..read.yamlio import YamlMap, parse_yaml
from .entity import Claim, EntityRefused, conflicts, read_entities

# (list of the annotation file, its field naming an entity, what the reference is)
FIELDS = (("mentions", "entity", "mention"), ("events", "source", "event source"),
          ("stances", "holder", "stance holder"))


@dataclass(frozen=True)
class Reference:
    shown: str
    line: int
    column: int
    kind: str
    item: str  # the id of the mention, event or stance
    entity: str
    detail: str  # what the item is: the mention's quote, the event's type, ...

    def __str__(self) -> str:
        return f"{self.shown}:{self.line}: {self.kind} {self.item} {self.detail}"


@dataclass(frozen=True)
class Scanned:
    path: Path
    shown: str
    text: str
    references: list[Reference]


def _detail(kind: str, item: YamlMap) -> str:
    if kind == "mention":
        return repr(item.get("quote"))
    if kind == "event source":
        trigger = item.get("trigger")
        quote = trigger.get("quote") if isinstance(trigger, dict) else None
        return f"{item.get('type')} {quote!r}"
    return f"{item.get('label')} {item.get('target')}"


def references_in(tree: Any, shown: str) -> Iterator[Reference]:
    if not isinstance(tree, YamlMap):
        return  # not an annotation file at all: the checks say so
    for key, field, kind in FIELDS:
        items = tree.get(key)
        for item in items if isinstance(items, list) else []:
            value = item.get(field) if isinstance(item, YamlMap) else None
            if isinstance(value, str):
                mark = item.marks[field]
                yield Reference(shown, mark.line, mark.column, kind, str(item.get("id")),
                                value, _detail(kind, item))


def scan(layout: Layout) -> tuple[list[Scanned], list[str]]:
    """Every annotation file with its references, and what makes a file unreadable (at its
    line)."""
    scanned, problems = [], []
    for path in annotation_paths(layout, Report()):  # a stray file is validate's fault
        shown, report = layout.rel(path), Report()
        try:
            text = read_text(path, shown, report)
            tree = parse_yaml(text, shown, report)
        except Unreadable:
            problems += [f"{f.location}: {f.message}" for f in report.errors]
            continue
        scanned.append(Scanned(path, shown, text, list(references_in(tree, shown))))
    return scanned, problems


def rewrite(scanned: Scanned, old: str, new: str) -> tuple[str, list[Reference]]:
    """The file's text with every reference to `old` naming `new` instead, and those
    references. A value written other than as a plain or quoted id is refused."""
    lines = scanned.text.split("\n")  # libyaml's lines: "\n" only, "\r" stays in the line
    found = [r for r in scanned.references if r.entity == old]
    # Right to left within a line: a longer or shorter id moves what follows it.
    for ref in sorted(found, key=lambda r: (r.line, -r.column)):
        row, at = lines[ref.line - 1], ref.column - 1
        written = re.compile(rf"""(['"]?){re.escape(old)}\1""").match(row, at)
        if written is None:
            raise EntityRefused(f"{ref.shown}:{ref.line}:{ref.column}: the {ref.kind} "
                                f"{old!r} is not written as a plain id; change it to {new!r} "
                                "by hand")
        quote = written.group(1)
        lines[ref.line - 1] = f"{row[:at]}{quote}{new}{quote}{row[written.end():]}"
    return "\n".join(lines), found


def check_rewritten(scanned: Scanned, text: str, old: str) -> None:
    """The rewritten text parses, with as many references as before and none to `old`; if
    not, the rewrite has a bug and nothing may be written."""
    after = list(references_in(parse_yaml(text, scanned.shown, Report()), scanned.shown))
    if len(after) != len(scanned.references) or any(r.entity == old for r in after):
        raise AssertionError(f"{scanned.shown}: rewriting {old!r} went wrong")


@dataclass
class Usage:
    """An entity's record, where it is written, what refers to it and the forms it shares."""

    entity: EntitySource
    at: str
    references: list[Reference]
    shared: dict[str, list[Claim]]
    problems: list[str]  # annotation files that could not be read


def usage(layout: Layout, entity_id: str) -> Usage:
    registry = read_entities(layout)
    entity = registry.require(entity_id)
    files, problems = scan(layout)
    references = [r for f in files for r in f.references if r.entity == entity_id]
    shared = {form: found for form, found in conflicts(registry).items()
              if any(c.entity == entity_id for c in found)}
    return Usage(entity, registry.at(entity_id), references, shared, problems)
