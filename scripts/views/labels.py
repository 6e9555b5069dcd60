"""The `labels` view: one row per label of every published vocabulary (schema/labels.py),
with its ClassLabel integer and definition, and for event types the PLOVER / CAMEO crosswalk
and the roles they allow. A reader gets label2id and the definitions without the package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sovereign_skies.schema.columns import ENTITIES_SPLIT
from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES
from sovereign_skies.schema.vocab import EventType

from ..tables import SPLIT


def labels_rows() -> Iterator[dict[str, Any]]:
    """Vocabularies in the order of PUBLISHED_VOCABULARIES, labels in ClassLabel order."""
    for vocab in PUBLISHED_VOCABULARIES:
        for position, label in enumerate(vocab.labels):
            event = label if isinstance(label, EventType) else None
            yield {
                "vocabulary": vocab.key, "label": label.name, "id": position,
                "definition": label.definition,
                "plover": event.plover if event else None,
                "cameo": event.cameo if event else None,
                "extension": event.extension if event else None,
                "crosswalk_note": (event.crosswalk_note or None) if event else None,
                "allowed_roles": list(event.roles) if event else None,
                SPLIT: ENTITIES_SPLIT,
            }
