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


@dataclass(frozen=True)
class EventType(Label):
    """An event type: a label plus its PLOVER / CAMEO crosswalk and the roles it allows."""

    plover: str | None = None
    cameo: str | None = None
    extension: bool = False  # not a PLOVER category: added for this domain
    crosswalk_note: str = ""  # why the crosswalk is only approximate, where it is
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

    def require(self, name: str) -> str:
        """`name`, checked to be one of the labels: code that gives one label a meaning
        (ACTUAL events, UNKNOWN dates) names it through this, so a rename fails at import."""
        if name not in self.names:
            raise KeyError(f"{name!r} is not a label of {self.key}")
        return name


OUTSIDE = "O"


def iob2(vocab: Vocabulary, key: str, title: str, description: str) -> Vocabulary:
    """The IOB2 tag set over `vocab`'s labels: `O`, then `B-X` and `I-X` for each label X in
    the vocabulary's order (the CoNLL-2003 layout), so a tag's integer is fixed by `vocab`."""
    tags = [Label(OUTSIDE, "A token outside every mention the tags hold.")]
    for label in vocab.labels:
        tags += [Label(f"B-{label.name}", f"The first token of a {label.name} mention."),
                 Label(f"I-{label.name}", f"A later token of the {label.name} mention begun "
                       "by the nearest B- tag before it.")]
    return Vocabulary(key, title, description, tuple(tags))
