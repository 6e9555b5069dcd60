"""The entity registry (dataset/entities.yaml) as the `skies entity` commands edit it: read
with the line of every value, changed through ruamel (comments and layout kept), and the
forms (names and aliases) each entity claims, compared as the guide compares names (R106).

Every change is computed before anything is written, and a file changed meanwhile is never
overwritten.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sovereign_skies.schema.columns import QID_PATTERN

from ..faults import Report
from ..layout import Layout
from ..publish.parquet import write_atomic
from ..read.corpus import Parsed, is_safe_id, read_registry
from ..read.models import EntityRegistry, EntitySource
from ..read.names import normalized_name
from . import yamlfile

QID = re.compile(QID_PATTERN)
FIELDS = list(EntitySource.model_fields)  # the order every entry writes its fields in


class EntityRefused(ValueError):
    """Bad usage or unreadable input, before anything is written; the message names the
    file and line, or the item."""


@dataclass(frozen=True)
class Change:
    """One file's new content, computed before any file is written."""

    path: Path
    shown: str
    before: str
    after: str

    def diff(self) -> str:
        return "\n".join(difflib.unified_diff(
            self.before.splitlines(), self.after.splitlines(), f"a/{self.shown}",
            f"b/{self.shown}", lineterm=""))


def write_all(changes: list[Change]) -> None:
    """Write every change, each atomically, in order; none if any file changed since it was
    read (a contributor's work is never overwritten)."""
    for change in changes:
        if change.path.read_bytes() != change.before.encode("utf-8"):
            raise EntityRefused(f"{change.shown} changed meanwhile; nothing written, run the "
                                "command again")
    for change in changes:
        write_atomic(change.path, change.after.encode("utf-8"))


@dataclass(frozen=True)
class Registry:
    """The registry as read: its text (what edits start from) and its model with lines."""

    shown: str
    path: Path
    text: str
    parsed: Parsed[EntityRegistry]

    @property
    def entities(self) -> list[EntitySource]:
        return list(self.parsed.model.entities)

    def line(self, *path: str | int) -> int | None:
        return self.parsed.line("entities", *path)

    def index(self, entity_id: str) -> int | None:
        return next((i for i, e in enumerate(self.entities) if e.id == entity_id), None)

    def require(self, entity_id: str) -> EntitySource:
        """The entity `entity_id`, or a refusal naming it (and the ids it may be a typo of)."""
        safe_id(entity_id)
        at = self.index(entity_id)
        if at is None:
            close = difflib.get_close_matches(entity_id, [e.id for e in self.entities], 3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise EntityRefused(f"no entity {entity_id!r} in {self.shown}{hint}")
        return self.entities[at]

    def at(self, entity_id: str) -> str:
        """Where an existing entity is written: file:line."""
        at = self.index(entity_id)
        return self.shown if at is None else f"{self.shown}:{self.line(at)}"


def safe_id(entity_id: str) -> None:
    if not is_safe_id(entity_id):
        raise EntityRefused(f"{entity_id!r} is not a safe entity id: lowercase letters, "
                            "digits and inner hyphens only (no '/', '..', spaces; not a "
                            "reserved name)")


def read_entities(layout: Layout) -> Registry:
    report = Report()
    shown = layout.rel(layout.entities)
    if not layout.entities.is_file():
        raise EntityRefused(f"no {shown}")
    text = layout.entities.read_bytes().decode("utf-8", "replace")
    parsed = read_registry(layout, report)
    if parsed is None:  # the report says why, at its line
        raise EntityRefused("; ".join(f"{f.location}: {f.message}" for f in report.errors))
    return Registry(shown, layout.entities, text, parsed)


@dataclass(frozen=True)
class Claim:
    entity: str
    form: str  # as written
    kind: str  # "name" or "alias"
    line: int | None


def claims(registry: Registry) -> dict[str, list[Claim]]:
    """Normalized form -> who claims it, one claim per entity (its name before its alias)."""
    owners: dict[str, list[Claim]] = {}
    for i, entity in enumerate(registry.entities):
        forms = [(entity.name, "name", registry.line(i, "name"))] + [
            (alias, "alias", registry.line(i, "aliases", j))
            for j, alias in enumerate(entity.aliases)]
        for form, kind, line in forms:
            claimed = owners.setdefault(normalized_name(form), [])
            if all(c.entity != entity.id for c in claimed):
                claimed.append(Claim(entity.id, form, kind, line))
    return owners


def conflicts(registry: Registry) -> dict[str, list[Claim]]:
    """The forms more than one entity claims, in registry order."""
    return {form: found for form, found in claims(registry).items() if len(found) > 1}


def flow_seq(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def entry_of(tree: CommentedMap, entity_id: str) -> CommentedMap:
    return next(e for e in tree["entities"] if e.get("id") == entity_id)


def put(entry: CommentedMap, key: str, value: Any) -> None:
    """Set a field of a registry entry; a new one goes to its place in the field order."""
    if key in entry:
        entry[key] = value
        return
    at = max((i + 1 for i, name in enumerate(entry)
              if FIELDS.index(name) < FIELDS.index(key)), default=0)
    entry.insert(at, key, value)


def _width(node: CommentedMap | CommentedSeq) -> int:
    """How long a flow-style node is written (a copy: the node would bring its comments)."""
    copy = CommentedSeq(node) if isinstance(node, CommentedSeq) else CommentedMap(node)
    copy.fa.set_flow_style()
    return len(yamlfile.dumps(CommentedMap(node=copy)))


def extend_aliases(tree: CommentedMap, entity_id: str, aliases: list[str]) -> None:
    """Append to an entity's aliases (creating the list), its end-of-line comment kept."""
    entries = tree["entities"]
    index = next(i for i, e in enumerate(entries) if e.get("id") == entity_id)
    entry = entries[index]
    flow_entry = bool(entry.fa.flow_style())
    width = _width(entry) if flow_entry else 0
    if entry.get("aliases") is None:
        put(entry, "aliases", flow_seq([]))
    grown = entry if flow_entry else entry["aliases"]
    width = width or _width(grown)
    entry["aliases"].extend(aliases)
    # ruamel writes an end-of-line comment at its old column, or one space after a line
    # grown past it: move it along, so the contributor's gap before it stays.
    comments = entries.ca.items.get(index) if flow_entry else entry.ca.items.get("aliases")
    token = (comments or [None] * 4)[0 if flow_entry else 2]
    if token is not None and grown.fa.flow_style():
        token.column = token.column + _width(grown) - width


