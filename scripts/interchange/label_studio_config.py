"""The Label Studio labeling config, generated from the vocabularies of schema/labels.py and
the entity registry, and the control names the tasks and the import share with it.

One `<Text>` shows the article. Three `<Labels>` controls make the three kinds of region: an
entity mention (labelled with its entity's type), an event trigger (its event type) and a
piece of stance evidence. Per-region `<Choices>` (shown only when a region of their kind is
selected) carry what a span label cannot: a mention's entity, kind and review state, an
event's realis, a stance's label, target and holder. `<Relations>` carry event arguments
(the role, between a trigger and a mention) and the further evidence of a stance (linked to
the stance's first evidence span). Documented at labelstud.io/tags: Text, Labels, Label,
Choices, Choice (perRegion), View (visibleWhen, whenLabelValue), Relations, Relation,
Header, Style.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    ENTITY_TYPE,
    EVENT_TYPE,
    MENTION_KIND,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from sovereign_skies.schema.vocab import Vocabulary

from .document import Registry

TEXT = "text"  # the <Text> object and the task's data key holding the article
ARTICLE = "article_id"  # the task's data key naming the article

# Span-label controls, one per kind of region.
MENTION, TRIGGER, EVIDENCE = "mention", "trigger", "evidence"
# The one label of an evidence region, and the relation linking further evidence to the
# stance's first evidence region; neither is a vocabulary label (it names a structure).
EVIDENCE_LABEL = "EVIDENCE"
EVIDENCE_RELATION = "EVIDENCE"
# Per-region choice controls.
ENTITY, KIND, REVIEW = "entity", "kind", "review"
REALIS_CHOICE = "realis"
STANCE_LABEL_CHOICE, STANCE_TARGET_CHOICE, HOLDER = "stance_label", "stance_target", "holder"
# The one choice of REVIEW: ticked on a mention `skies suggest` proposed and no one reviewed.
SUGGESTED = "SUGGESTED"

if EVIDENCE_RELATION in ARGUMENT_ROLE.names:  # the two relation meanings must stay apart
    raise ValueError(f"{EVIDENCE_RELATION} is an argument role; rename the evidence relation")

# Each span-label control: its labels.
SPAN_LABELS: dict[str, list[str]] = {
    MENTION: ENTITY_TYPE.names,
    TRIGGER: EVENT_TYPE.names,
    EVIDENCE: [EVIDENCE_LABEL],
}


def choice_values(registry: Registry) -> dict[str, tuple[str, list[str]]]:
    """Each per-region choice control: the span-label control of the regions it belongs to,
    and its allowed values."""
    entities = list(registry.entities)
    return {
        ENTITY: (MENTION, entities),
        KIND: (MENTION, MENTION_KIND.names),
        REVIEW: (MENTION, [SUGGESTED]),
        REALIS_CHOICE: (TRIGGER, REALIS.names),
        STANCE_LABEL_CHOICE: (EVIDENCE, STANCE_LABEL.names),
        STANCE_TARGET_CHOICE: (EVIDENCE, STANCE_TARGET.names),
        HOLDER: (EVIDENCE, entities),
    }


_COLOURS = {MENTION: "#4C9AFF", TRIGGER: "#FF8B00", EVIDENCE: "#36B37E"}
_HINTS = {
    REVIEW: "Suggested by skies suggest and not reviewed yet: untick it once the entity and "
            "the span are right (delete the region if it is not a mention).",
}


# The vocabulary of each control whose values it defines, for the hints.
_VOCABULARIES: dict[str, Vocabulary] = {
    MENTION: ENTITY_TYPE, TRIGGER: EVENT_TYPE, KIND: MENTION_KIND, REALIS_CHOICE: REALIS,
    STANCE_LABEL_CHOICE: STANCE_LABEL, STANCE_TARGET_CHOICE: STANCE_TARGET,
}


def _definitions(control: str) -> dict[str, str]:
    vocabulary = _VOCABULARIES.get(control)
    return {label.name: label.definition for label in vocabulary.labels} if vocabulary else {}


def _labels(view: ET.Element, name: str) -> None:
    labels = ET.SubElement(view, "Labels", name=name, toName=TEXT, choice="single")
    definitions = _definitions(name)
    for value in SPAN_LABELS[name]:
        attributes = {"value": value, "background": _COLOURS[name]}
        if value in definitions:
            attributes["hint"] = definitions[value]
        ET.SubElement(labels, "Label", attributes)


def _choices(panel: ET.Element, name: str, values: list[str], registry: Registry) -> None:
    ET.SubElement(panel, "Header", value=name.replace("_", " "), size="6")
    choices = ET.SubElement(panel, "Choices", {
        "name": name, "toName": TEXT, "perRegion": "true", "showInline": "true",
        # The review box can be unticked; every other control takes one value.
        "choice": "multiple" if name == REVIEW else "single"})
    definitions = _definitions(name)
    for value in values:
        record = registry.entities.get(value) if name in (ENTITY, HOLDER) else None
        hint = _HINTS.get(name) or (f"{record.name} ({record.type})" if record
                                    else definitions.get(value))
        ET.SubElement(choices, "Choice", {"value": value, **({"hint": hint} if hint else {})})


def _panels(view: ET.Element, registry: Registry) -> None:
    """The per-region choices, grouped in a panel shown only while a region of their kind
    is selected (its span labels name the kind)."""
    panels: dict[str, ET.Element] = {}
    for name, (owner, values) in choice_values(registry).items():
        if owner not in panels:
            panels[owner] = ET.SubElement(view, "View", visibleWhen="region-selected",
                                          whenLabelValue=",".join(SPAN_LABELS[owner]))
        _choices(panels[owner], name, values, registry)


def config_xml(registry: Registry) -> str:
    """The labeling config: paste it in Settings > Labeling Interface > Code."""
    view = ET.Element("View")
    # Without it Label Studio trims spaces on display; offsets count every character anyway.
    ET.SubElement(view, "Style").text = ".htx-text { white-space: pre-wrap; }"
    ET.SubElement(view, "Header", value=f"Article ${ARTICLE}")
    for name in SPAN_LABELS:
        _labels(view, name)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    relations = ET.SubElement(view, "Relations")
    for value in [*ARGUMENT_ROLE.names, EVIDENCE_RELATION]:
        ET.SubElement(relations, "Relation", value=value)
    _panels(view, registry)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"
