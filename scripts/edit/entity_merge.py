"""`skies entity merge FROM INTO`: one entity folded into another. Every reference to FROM in
every annotation file (mentions, event sources, stance holders) names INTO; FROM's name and
aliases become INTO's aliases, so its mentions still match a name of their entity (R106);
FROM leaves the registry. Every new text is computed (and checked) before any is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..faults import Report
from ..layout import Layout
from ..read.models import EntitySource
from ..read.yamlio import parse_yaml
from . import yamlfile
from .entity import (
    Change,
    EntityRefused,
    Registry,
    entry_of,
    extend_aliases,
    put,
    read_entities,
)
from .entity_refs import Reference, check_rewritten, rewrite, scan

# Fields FROM and INTO must agree on (unless forced), and that INTO takes from FROM when it
# has none: two entities of different kinds, or of two Wikidata items, are rarely one.
AGREE = ("type", "sector", "wikidata")


@dataclass
class Merge:
    changes: list[Change]  # the annotation files first, the registry last
    rewritten: list[Reference]
    aliases: list[str]  # given to INTO
    notes: list[str] = field(default_factory=list)


def _disagreements(source: EntitySource, target: EntitySource) -> list[tuple[str, str, str]]:
    """(field, FROM's value, INTO's value) for each field of AGREE both set, differently."""
    pairs = [(name, getattr(source, name), getattr(target, name)) for name in AGREE]
    return [(name, ours, theirs) for name, ours, theirs in pairs
            if None not in (ours, theirs) and ours != theirs]


def _entities(registry: Registry, source_id: str, target_id: str,
              force: bool) -> tuple[EntitySource, EntitySource, list[str]]:
    source, target = registry.require(source_id), registry.require(target_id)
    if source_id == target_id:
        raise EntityRefused(f"cannot merge {source_id!r} into itself")
    differ = _disagreements(source, target)
    if differ and not force:
        listed = "; ".join(f"{name} {ours} vs {theirs}" for name, ours, theirs in differ)
        raise EntityRefused(f"{source_id!r} and {target_id!r} differ ({listed}); pass "
                            f"--force to merge anyway, keeping {target_id!r}'s")
    return source, target, [f"kept {target_id!r}'s {name} {theirs} ({source_id!r} had "
                            f"{ours})" for name, ours, theirs in differ]


def _without_entry(text: str, registry: Registry, index: int) -> str | None:
    """The registry text without the lines of entry `index` (its trailing comment lines are
    kept: they head what follows); None when entries share lines (a flow-style list)."""
    lines = text.split("\n")
    starts = [registry.line(i) or 0 for i in range(len(registry.entities))]
    first = starts[index] - 1
    if len(set(starts)) != len(starts) or not lines[first].lstrip().startswith("- "):
        return None
    indent = _indent(lines[first])
    end = first + 1
    limit = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
    while end < limit and (_aside(lines[end]) or _indent(lines[end]) > indent):
        end += 1
    while end > first + 1 and _aside(lines[end - 1]):
        end -= 1
    return "\n".join(lines[:first] + lines[end:])


def _aside(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _registry_after(registry: Registry, source: EntitySource, target: EntitySource,
                    aliases: list[str]) -> str:
    index = registry.index(source.id)
    assert index is not None
    text = _without_entry(registry.text, registry, index)
    tree = yamlfile.loads(registry.text if text is None else text)
    if text is None:  # ruamel's delete, which may drop a comment that followed the entry
        tree["entities"].remove(entry_of(tree, source.id))
    if aliases:
        extend_aliases(tree, target.id, aliases)
    entry = entry_of(tree, target.id)
    for name in ("sector", "wikidata"):  # what INTO lacks and FROM knows
        if getattr(target, name) is None and getattr(source, name) is not None and (
                name != "sector" or source.type == target.type):
            put(entry, name, getattr(source, name))
    return yamlfile.dumps(tree)


def _check_registry(registry: Registry, text: str, source_id: str) -> None:
    """The new registry parses, with the same entities but FROM; if not, the edit has a bug
    and nothing may be written."""
    tree = parse_yaml(text, registry.shown, Report())
    ids = [entry.get("id") for entry in tree["entities"]]
    if ids != [e.id for e in registry.entities if e.id != source_id]:
        raise AssertionError(f"{registry.shown}: removing {source_id!r} went wrong")


def merge_entities(layout: Layout, source_id: str, target_id: str,
                   force: bool = False) -> Merge:
    """What merging `source_id` into `target_id` changes; nothing is written here."""
    registry = read_entities(layout)
    source, target, notes = _entities(registry, source_id, target_id, force)
    files, problems = scan(layout)
    if problems:
        raise EntityRefused("cannot read every annotation file, nothing changed: "
                            + "; ".join(problems))
    changes, rewritten = [], []
    for scanned in files:
        text, found = rewrite(scanned, source_id, target_id)
        if found:
            check_rewritten(scanned, text, source_id)
            changes.append(Change(scanned.path, scanned.shown, scanned.text, text))
            rewritten += found
    own = {target.name, *target.aliases}
    aliases = [a for a in dict.fromkeys([source.name, *source.aliases]) if a not in own]
    after = _registry_after(registry, source, target, aliases)
    _check_registry(registry, after, source_id)
    changes.append(Change(registry.path, registry.shown, registry.text, after))
    return Merge(changes, rewritten, aliases, notes)
