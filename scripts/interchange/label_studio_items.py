"""Regions and relations of a Label Studio annotation turned into mentions, events and
stances, and given item ids.

A region whose id is one of the article's current ids (of its kind) keeps it; any other
region (Label Studio makes random ids) is a new item, numbered after the article's highest id
of that kind (`m<next>`, `e<next>`, `s<next>`) in text order, so an import is deterministic.
An argument relation links a trigger and a mention, whichever way its arrow points. The
evidence regions linked by EVIDENCE relations form one stance; exactly one of them (its
first evidence) carries the stance's label, target and holder choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sovereign_skies.schema.labels import ARGUMENT_ROLE, MENTION_KIND

from .document import Annotated, Argument, Event, Mention, Registry, Stance
from .label_studio_config import (
    ENTITY,
    EVIDENCE,
    EVIDENCE_RELATION,
    HOLDER,
    KIND,
    MENTION,
    REALIS_CHOICE,
    REVIEW,
    STANCE_LABEL_CHOICE,
    STANCE_TARGET_CHOICE,
    SUGGESTED,
    TRIGGER,
)
from .label_studio_regions import Region, Relation
from .offsets import InterchangeError

NAME = MENTION_KIND.require("NAME")  # the kind of a mention whose kind is not chosen
STANCE_CHOICES = (STANCE_LABEL_CHOICE, STANCE_TARGET_CHOICE, HOLDER)


def _fresh(prefix: str, used: set[str]) -> Iterator[str]:
    numbers = [int(m[1]) for i in used if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", i))]
    number = max(numbers, default=0)
    while True:
        number += 1
        if f"{prefix}{number}" not in used:
            yield f"{prefix}{number}"


def _ids(found: list[Region], keep: dict[str, str], current: set[str],
         prefix: str) -> dict[str, str]:
    """Region id -> item id: `keep` (the region ids that keep an item id), the other regions
    numbered afresh in text order."""
    fresh = _fresh(prefix, current | set(keep.values()))
    new = sorted((r for r in found if r.id not in keep),
                 key=lambda r: (r.start, r.end, r.position))
    return {**keep, **{r.id: next(fresh) for r in new}}


def _shown(region: Region, text: str) -> str:
    return f"{region.id} ({text[region.start:region.end]!r})"


def _named(region: Region, text: str, where: str) -> str:
    return f"{where} region {_shown(region, text)}"


def _mentions(found: list[Region], ids: dict[str, str], text: str, registry: Registry,
              where: str) -> list[Mention]:
    mentions = []
    for region in found:
        item = _named(region, text, where)
        entity = region.choices.get(ENTITY)
        if not entity:
            raise InterchangeError(f"{item}: a mention with no entity; choose its entity")
        if registry.type_of(entity[0]) != region.label:
            raise InterchangeError(f"{item}: labelled {region.label} but entity {entity[0]} is "
                                   f"a {registry.type_of(entity[0])} in the registry; label it "
                                   "with its entity's type, or choose another entity")
        mentions.append(Mention(ids[region.id], region.start, region.end, entity[0],
                                region.choices.get(KIND, [NAME])[0],
                                SUGGESTED not in region.choices.get(REVIEW, [])))
    return mentions


def _arguments(relations: list[Relation], regions: dict[str, Region],
               ids: dict[str, str]) -> dict[str, list[Argument]]:
    """Trigger region id -> its arguments, in relation order."""
    arguments: dict[str, list[Argument]] = {}
    for relation in (r for r in relations if r.label in ARGUMENT_ROLE.names):
        ends = sorted((regions[relation.source], regions[relation.target]),
                      key=lambda r: r.control != TRIGGER)
        if [e.control for e in ends] != [TRIGGER, MENTION]:
            raise InterchangeError(f"{relation.name} ({relation.label}): an argument links an "
                                   f"event trigger and a mention, not a {ends[0].control} and "
                                   f"a {ends[1].control}")
        arguments.setdefault(ends[0].id, []).append(Argument(relation.label, ids[ends[1].id]))
    return arguments


def _events(found: list[Region], ids: dict[str, str], arguments: dict[str, list[Argument]],
            text: str, where: str) -> list[Event]:
    events = []
    for region in found:
        realis = region.choices.get(REALIS_CHOICE)
        if not realis:
            raise InterchangeError(f"{_named(region, text, where)}: an event with no realis; "
                                   "choose it")
        events.append(Event(ids[region.id], region.label, region.start, region.end, realis[0],
                            tuple(arguments.get(region.id, ()))))
    return events


def _groups(found: list[Region], relations: list[Relation],
            regions: dict[str, Region]) -> list[list[Region]]:
    """The evidence regions, grouped by EVIDENCE relations (connected groups)."""
    group = {r.id: r.id for r in found}

    def root(region: str) -> str:
        while group[region] != region:
            region = group[region]
        return region

    for relation in (r for r in relations if r.label == EVIDENCE_RELATION):
        ends = [regions[relation.source], regions[relation.target]]
        if any(e.control != EVIDENCE for e in ends):
            raise InterchangeError(f"{relation.name} ({EVIDENCE_RELATION}): links two "
                                   "evidence spans of one stance, not "
                                   f"a {ends[0].control} and a {ends[1].control}")
        group[root(ends[0].id)] = root(ends[1].id)
    groups: dict[str, list[Region]] = {}
    for region in found:
        groups.setdefault(root(region.id), []).append(region)
    return list(groups.values())


def _head(group: list[Region], text: str, where: str) -> Region:
    heads = [r for r in group if any(c in r.choices for c in STANCE_CHOICES)]
    if len(heads) != 1:
        names = ", ".join(_shown(r, text) for r in (heads or group))
        problem = ("carry stance choices; one stance's label, target and holder go on its "
                   "first evidence only" if heads else
                   "have no stance label or target; choose them on the stance's first "
                   f"evidence, or link it ({EVIDENCE_RELATION}) to its stance's first evidence")
        raise InterchangeError(f"{where}: evidence regions {names} {problem}")
    for choice in (STANCE_LABEL_CHOICE, STANCE_TARGET_CHOICE):
        if choice not in heads[0].choices:
            raise InterchangeError(f"{_named(heads[0], text, where)}: a stance with no "
                                   f"{choice.replace('_', ' ')}; choose it")
    return heads[0]


def _exported(region: Region) -> tuple[str, int] | None:
    """(stance id, k) when `region` has the id skies gives evidence k of a stance."""
    stance, _, number = region.id.rpartition("-")
    return (stance, int(number)) if stance and number.isdigit() else None


def _order(region: Region, stance: str, last: int) -> tuple[int, int, int, int]:
    """Exported evidence keeps its place; evidence added in Label Studio follows, in text
    order."""
    exported = _exported(region)
    number = exported[1] if exported and exported[0] == stance else last
    return (number, region.start, region.end, region.position)


def _stances(found: list[Region], relations: list[Relation], regions: dict[str, Region],
             current: set[str], text: str, where: str) -> list[Stance]:
    heads = [(_head(group, text, where), group)
             for group in _groups(found, relations, regions)]
    keep: dict[str, str] = {}
    for head, _ in heads:
        exported = _exported(head)
        if exported and exported[0] in current and exported[0] not in keep.values():
            keep[head.id] = exported[0]
    ids = _ids([head for head, _ in heads], keep, current, "s")
    stances = []
    for head, group in heads:
        stance = ids[head.id]
        last = len(regions) + 1
        rest = sorted((r for r in group if r is not head), key=lambda r: _order(r, stance, last))
        holder = head.choices.get(HOLDER)
        stances.append(Stance(stance, holder[0] if holder else None,
                              head.choices[STANCE_TARGET_CHOICE][0],
                              head.choices[STANCE_LABEL_CHOICE][0],
                              tuple((r.start, r.end) for r in [head, *rest])))
    return stances


def items(regions: dict[str, Region], relations: list[Relation], article: Annotated,
          registry: Registry, where: str) -> tuple[list[Mention], list[Event], list[Stance]]:
    """The annotation's mentions, events and stances, with their item ids."""
    def of(control: str) -> list[Region]:
        return [r for r in regions.values() if r.control == control]

    def current(layer: list[Mention] | list[Event] | list[Stance] | None) -> set[str]:
        return {item.id for item in layer or []}

    mention_ids, event_ids = current(article.mentions), current(article.events)
    mentions = _ids(of(MENTION), {r.id: r.id for r in of(MENTION) if r.id in mention_ids},
                    mention_ids, "m")
    events = _ids(of(TRIGGER), {r.id: r.id for r in of(TRIGGER) if r.id in event_ids},
                  event_ids, "e")
    arguments = _arguments(relations, regions, mentions)
    return (_mentions(of(MENTION), mentions, article.text, registry, where),
            _events(of(TRIGGER), events, arguments, article.text, where),
            _stances(of(EVIDENCE), relations, regions, current(article.stances),
                     article.text, where))
