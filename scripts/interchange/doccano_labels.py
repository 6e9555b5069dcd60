"""The label set of a doccano project for this dataset, generated from the registry.

A doccano span carries one label and nothing else, so the label is the link: `TYPE:entity-id`
(`GPE:iraq`), one per registry entity, the type first so the span shows it. `export` writes
the set as doccano's label import file (Labels > Actions > Import Labels): a JSON list of
{text, prefix_key, suffix_key, background_color, text_color}, the fields doccano's label
serializer takes. No shortcut keys: hundreds of entities cannot share 36 keys.
"""

from __future__ import annotations

import colorsys
from typing import Any

from sovereign_skies.schema.labels import ENTITY_TYPE

from .document import Registry
from .offsets import InterchangeError

LABELS_FILE = "doccano-labels.json"
_MAX_LABEL = 100  # doccano's label text column


def label_of(entity: str, entity_type: str) -> str:
    return f"{entity_type}:{entity}"


def labels(registry: Registry) -> dict[str, str]:
    """Every label of the project and the entity it links to, by type then id."""
    order = {name: n for n, name in enumerate(ENTITY_TYPE.names)}
    records = sorted(registry.entities.values(), key=lambda e: (order.get(e.type, len(order)),
                                                                e.id))
    return {label_of(e.id, e.type): e.id for e in records}


def _colour(entity_type: str) -> str:
    """One hue per entity type, spread around the wheel, dark enough for white text."""
    names = ENTITY_TYPE.names
    hue = names.index(entity_type) / len(names) if entity_type in names else 0.0
    red, green, blue = colorsys.hls_to_rgb(hue, 0.38, 0.65)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))


def label_config(registry: Registry) -> list[dict[str, Any]]:
    config = []
    for label in labels(registry):
        if len(label) > _MAX_LABEL:
            raise InterchangeError(f"doccano label {label!r} is longer than doccano's "
                                   f"{_MAX_LABEL} characters; shorten the entity id")
        config.append({"text": label, "prefix_key": None, "suffix_key": None,
                       "background_color": _colour(label.split(":", 1)[0]),
                       "text_color": "#ffffff"})
    return config


def unknown_label(label: str, registry: Registry) -> str:
    """Why `label` is not one of the project's, with the label it probably meant."""
    entity = label.split(":", 1)[-1]
    known = registry.type_of(entity)
    hint = (f"; the registry types {entity} as {known}: use {label_of(entity, known)!r}"
            if known is not None else f"; {entity!r} is not a registry id")
    return (f"unknown label {label!r}: labels are TYPE:entity-id, generated from the registry "
            f"into {LABELS_FILE}{hint}")
