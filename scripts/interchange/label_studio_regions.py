"""An annotation's `result` list read into regions (a span, its span label, its per-region
choices) and relations, everything checked against the labeling config skies generates:
known controls and labels only, every span checked against the article's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sovereign_skies.schema.labels import ARGUMENT_ROLE

from .document import Registry
from .label_studio_config import EVIDENCE_RELATION, SPAN_LABELS, choice_values
from .offsets import InterchangeError, checked_span

RELATION_LABELS = [*ARGUMENT_ROLE.names, EVIDENCE_RELATION]


@dataclass
class Region:
    id: str
    control: str  # the span-label control: MENTION, TRIGGER or EVIDENCE
    label: str
    start: int
    end: int
    position: int  # where its labels result is in the result list
    choices: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    label: str
    name: str  # how a message names it


def _one_of(values: Any, allowed: list[str], what: str, item: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InterchangeError(f"{item}: its {what} are not a list of strings")
    for value in values:
        if value not in allowed:
            shown = ", ".join(allowed[:12]) + (", ..." if len(allowed) > 12 else "")
            raise InterchangeError(f"{item}: unknown {what} {value!r} (one of {shown})")
    return values


def _span(value: dict[str, Any], text: str, item: str) -> tuple[int, int] | None:
    start, end = value.get("start"), value.get("end")
    if start is None and end is None:
        return None
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in (start, end)):
        raise InterchangeError(f"{item}: value.start and value.end are not integers")
    expected = value.get("text")
    return checked_span(text, start, end, expected if isinstance(expected, str) else None, item)


def _relation(result: dict[str, Any], where: str, number: int) -> Relation:
    source, target = result.get("from_id"), result.get("to_id")
    name = f"{where} relation {source} → {target}"
    if not isinstance(source, str) or not isinstance(target, str):
        raise InterchangeError(f"{where} result {number}: a relation without from_id and to_id")
    labels = _one_of(result.get("labels") or [], RELATION_LABELS, "relation label", name)
    if len(labels) != 1:
        raise InterchangeError(f"{name}: has {len(labels)} labels; give it one (an argument "
                               f"role, or {EVIDENCE_RELATION})")
    return Relation(source, target, labels[0], name)


class _Reader:
    """The results of one annotation, gathered by region id."""

    def __init__(self, text: str, registry: Registry, where: str) -> None:
        self.text, self.where = text, where
        self.choice_controls = choice_values(registry)
        self.regions: dict[str, Region] = {}
        # Per-region choices: region id -> control -> (values, span, item name).
        self.choices: dict[str, dict[str, tuple[list[str], tuple[int, int] | None, str]]] = {}

    def add(self, result: dict[str, Any], number: int) -> None:
        region, control, value = result.get("id"), result.get("from_name"), result.get("value")
        if not isinstance(region, str) or not isinstance(value, dict):
            raise InterchangeError(f"{self.where} result {number}: no region id or value")
        item = f"{self.where} region {region}"
        if control in SPAN_LABELS:
            self._labels(region, control, value, item, number)
        elif control in self.choice_controls:
            allowed = self.choice_controls[control][1]
            values = _one_of(value.get("choices") or [], allowed, f"{control} choice", item)
            if len(values) > 1:
                raise InterchangeError(f"{item}: {len(values)} {control} choices; choose one")
            if control in self.choices.setdefault(region, {}):
                raise InterchangeError(f"{item}: two {control} results")
            self.choices[region][control] = (values, _span(value, self.text, item), item)
        else:
            raise InterchangeError(f"{item}: unknown control {control!r} (from_name); label "
                                   "with the config skies exported")

    def _labels(self, region: str, control: str, value: dict[str, Any], item: str,
                number: int) -> None:
        labels = _one_of(value.get("labels") or [], SPAN_LABELS[control], f"{control} label",
                         item)
        if len(labels) != 1:
            raise InterchangeError(f"{item}: {len(labels)} {control} labels; give it one")
        if region in self.regions:
            raise InterchangeError(f"{item}: labelled twice ({self.regions[region].control} "
                                   f"and {control}); a region is one kind of item")
        span = _span(value, self.text, item)
        if span is None:
            raise InterchangeError(f"{item}: no value.start and value.end")
        self.regions[region] = Region(region, control, labels[0], *span, number)

    def attach_choices(self) -> None:
        for region, controls in self.choices.items():
            for control, (values, span, item) in controls.items():
                owner = self.choice_controls[control][0]
                found = self.regions.get(region)
                if found is None:
                    raise InterchangeError(f"{item}: a {control} choice for a region with no "
                                           "span label")
                if found.control != owner:
                    raise InterchangeError(f"{item}: a {found.control} region with a {control} "
                                           f"choice, which belongs to {owner} regions; clear it")
                if span is not None and span != (found.start, found.end):
                    raise InterchangeError(f"{item}: its {control} choice is on span {span}, "
                                           f"the region on ({found.start}, {found.end})")
                if values:
                    found.choices[control] = values


def regions(result: list[Any], text: str, registry: Registry,
            where: str) -> tuple[dict[str, Region], list[Relation]]:
    """The regions (by id, in result order) and relations of an annotation's result."""
    reader, relations = _Reader(text, registry, where), []
    for number, entry in enumerate(result, 1):
        if not isinstance(entry, dict):
            raise InterchangeError(f"{where} result {number}: not an object")
        if entry.get("type") == "relation":
            relations.append(_relation(entry, where, number))
        else:
            reader.add(entry, number)
    reader.attach_choices()
    for relation in relations:
        for end in (relation.source, relation.target):
            if end not in reader.regions:
                raise InterchangeError(f"{relation.name}: there is no region {end}")
    return reader.regions, relations
