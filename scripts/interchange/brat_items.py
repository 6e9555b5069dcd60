"""The lines of an .ann file turned into mentions, events and stances (the mapping is described
in brat.py). Every attribute, reference and note must describe something the mapping gives it
a meaning on: one left over is refused, so nothing typed in brat is silently dropped."""

from __future__ import annotations

from collections import defaultdict

from sovereign_skies.schema.labels import ARGUMENT_ROLE, ENTITY_TYPE, EVENT_TYPE, MENTION_KIND

from .brat_conf import (
    DB,
    EVIDENCE,
    KIND,
    LABEL,
    MORE_EVIDENCE,
    REALIS_ATTR,
    REFERENCE,
    TARGET,
    UNREVIEWED,
)
from .brat_facts import Facts, Ids, local_ids
from .brat_lines import Line, Standoff, TextBound
from .document import Annotated, Argument, Event, Mention, Registry, Stance
from .offsets import InterchangeError

NAME = MENTION_KIND.require("NAME")


def _mentions(standoff: Standoff, facts: Facts, registry: Registry,
              ids: Ids) -> tuple[list[Mention], dict[str, str]]:
    mentions, by_textbound = [], {}
    for t in standoff.textbounds.values():
        if t.type not in ENTITY_TYPE.names:
            continue
        entity = facts.reference(t.id)
        if entity is None:
            raise InterchangeError(f"{t.at} {t.id}: a mention without a Reference to its "
                                   f"entity; add `N?\t{REFERENCE} {t.id} {DB}:ENTITY_ID`")
        if registry.type_of(entity) != t.type:
            raise InterchangeError(f"{t.at} {t.id}: typed {t.type}, but its entity {entity} is "
                                   f"{registry.type_of(entity)} in the registry (a mention's "
                                   "type is its entity's): change the entity or the type")
        kind = facts.attribute(t.id, KIND)
        mention = Mention(ids.of(facts.note(t.id), "m"), t.start, t.end, entity,
                          kind.value if kind and kind.value else NAME,
                          facts.attribute(t.id, UNREVIEWED) is None)
        mentions.append(mention)
        by_textbound[t.id] = mention.id
    return mentions, by_textbound


def _role(written: str, line: Line) -> str:
    """The role of `ROLE` or `ROLE2`: brat numbers a role's second and later arguments."""
    role = written.rstrip("0123456789") if written not in ARGUMENT_ROLE.names else written
    if role not in ARGUMENT_ROLE.names:
        raise InterchangeError(f"{line.at} {line.id}: unknown argument role {written!r} (one of "
                               f"{', '.join(ARGUMENT_ROLE.names)})")
    return role


def _argument(written: str, target: str, line: Line, standoff: Standoff,
              mentions: dict[str, str]) -> Argument:
    role = _role(written, line)
    if target not in mentions:
        what = "is not a mention" if standoff.has(target) else "is defined by no line of the file"
        raise InterchangeError(f"{line.at} {line.id}: argument {written}:{target} {what}")
    return Argument(role, mentions[target])


def _check_source(event: Event, line: Line, current: Annotated) -> None:
    before = {e.id: e.source for e in current.events or []}.get(event.id)
    if event.source is None and before is not None:
        # None means "not carried" to apply: the file's source would silently stay.
        raise InterchangeError(f"{line.at} {line.id}: event {event.id} lost its source "
                               f"Reference ({DB}:{before}); skies cannot clear a source from "
                               "brat: set `source: null` in the annotation file instead")


def _events(standoff: Standoff, facts: Facts, mentions: dict[str, str],
            ids: Ids, current: Annotated) -> list[Event]:
    events, triggers = [], set()
    for e in standoff.events.values():
        trigger = standoff.textbounds.get(e.trigger)
        if trigger is None or trigger.type != e.type:
            what = "no T line" if trigger is None else f"a {trigger.type} span"
            raise InterchangeError(f"{e.at} {e.id}: a {e.type} event whose trigger {e.trigger} "
                                   f"is {what}; the trigger must be a {e.type} span")
        triggers.add(trigger.id)
        realis = facts.attribute(e.id, REALIS_ATTR)
        if realis is None or realis.value is None:
            raise InterchangeError(f"{e.at} {e.id}: the event has no {REALIS_ATTR} attribute; "
                                   "set one in brat")
        arguments = tuple(_argument(role, target, e, standoff, mentions)
                          for role, target in e.arguments)
        event = Event(ids.of(facts.note(e.id), "e"), e.type, trigger.start, trigger.end,
                      realis.value, arguments, facts.reference(e.id))
        _check_source(event, e, current)
        events.append(event)
    for t in standoff.textbounds.values():
        if t.type in EVENT_TYPE.names and t.id not in triggers:
            raise InterchangeError(f"{t.at} {t.id}: a {t.type} trigger of no event (no E line "
                                   "names it); delete it or make it an event in brat")
    return events


def _further_evidence(standoff: Standoff) -> dict[str, list[TextBound]]:
    """First evidence span -> the further spans `More_evidence` relations tie to it."""
    further: dict[str, list[TextBound]] = defaultdict(list)
    seconds = {r.arg2 for r in standoff.relations}
    for r in standoff.relations:
        first, second = standoff.textbounds.get(r.arg1), standoff.textbounds.get(r.arg2)
        if (r.type != MORE_EVIDENCE or first is None or second is None
                or {first.type, second.type} != {EVIDENCE}):
            raise InterchangeError(f"{r.at} {r.id}: only `{MORE_EVIDENCE} Arg1:T Arg2:T` "
                                   f"between two {EVIDENCE} spans is understood")
        if r.arg1 in seconds or any(r.arg2 == s.id for group in further.values() for s in group):
            raise InterchangeError(f"{r.at} {r.id}: {r.arg1 if r.arg1 in seconds else r.arg2} "
                                   f"is already further evidence; tie every span of a stance "
                                   "to its first span")
        further[r.arg1].append(second)
    return further


def _stances(standoff: Standoff, facts: Facts, ids: Ids) -> list[Stance]:
    further = _further_evidence(standoff)
    seconds = {t.id for group in further.values() for t in group}
    stances = []
    for t in standoff.textbounds.values():
        if t.type != EVIDENCE or t.id in seconds:
            continue
        label, target = facts.attribute(t.id, LABEL), facts.attribute(t.id, TARGET)
        if label is None or target is None or label.value is None or target.value is None:
            raise InterchangeError(
                f"{t.at} {t.id}: stance evidence without {LABEL} and {TARGET}: set both, or "
                f"tie it to the stance's first span with a {MORE_EVIDENCE} relation")
        evidence = tuple((s.start, s.end) for s in [t, *further.get(t.id, [])])
        stances.append(Stance(ids.of(facts.note(t.id), "s"), facts.reference(t.id),
                              target.value, label.value, evidence))
    return stances


def _describe(target: str, standoff: Standoff) -> str:
    t = standoff.textbounds.get(target)
    if t is None:
        return "an event" if target in standoff.events else "a relation"
    if t.type in EVENT_TYPE.names:
        return f"a {t.type} trigger (an event's attributes, notes and source go on its E line)"
    if t.type in ENTITY_TYPE.names:
        return f"a {t.type} mention"
    return f"a {EVIDENCE} span (a stance's attributes, holder and id go on its first span)"


def annotated(standoff: Standoff, article_id: str, text: str, current: Annotated,
              registry: Registry) -> Annotated:
    """The article's mentions, events and stances as the .ann holds them."""
    for t in standoff.textbounds.values():
        if t.type not in {*ENTITY_TYPE.names, *EVENT_TYPE.names, EVIDENCE}:
            raise InterchangeError(f"{t.at} {t.id}: unknown type {t.type!r}: neither an entity "
                                   f"type, an event type nor {EVIDENCE} (see annotation.conf)")
    for e in standoff.events.values():
        if e.type not in EVENT_TYPE.names:
            raise InterchangeError(f"{e.at} {e.id}: unknown event type {e.type!r}")
    facts = Facts(standoff, registry)
    ids = local_ids(standoff, current)
    mentions, by_textbound = _mentions(standoff, facts, registry, ids)
    events = _events(standoff, facts, by_textbound, ids, current)
    stances = _stances(standoff, facts, ids)
    leftover = next(iter(facts.unused()), None)
    if leftover is not None:
        raise InterchangeError(f"{leftover.at} {leftover.id}: does not apply to "
                               f"{leftover.target}, {_describe(leftover.target, standoff)}")
    return Annotated(article_id, text, mentions, events, stances)
