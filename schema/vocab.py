"""The shape of a label vocabulary: a closed, ordered set of labels, each with a definition.

The order of a vocabulary is the order of its ClassLabel integers, so it is append-only once
published: reordering would silently change what every stored integer means.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Label:
    name: str
    definition: str
    # PLOVER / CAMEO crosswalk; only event types fill these in.
    plover: str | None = None
    cameo: str | None = None
    extension: bool = False
    crosswalk_note: str = ""
    # Roles an event of this type may take (event types only).
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    key: str
    title: str
    description: str
    labels: tuple[Label, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def __getitem__(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(f"{name!r} is not a label of {self.key}")

    def __contains__(self, name: object) -> bool:
        return name in self.names
