"""The anchors of an annotation file as ruamel nodes, for the commands that rewrite them in
place (`skies anchor`, `skies reanchor`): which item each belongs to, the Anchor it spells,
and its rewrite into the canonical form (the quote and, when it is ambiguous, its
`occurrence:`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..read.models import Anchor

# The fields of an anchor that say which occurrence of the quote is meant.
SELECTORS = ("occurrence", "prefix", "suffix", "context")


@dataclass(frozen=True)
class Slot:
    """Which item an anchor belongs to: a mention, an event's trigger, or a stance's
    evidence (`index`: its place in the stance's evidence list). `item` is the id as
    written, None when it is missing or not a string."""

    layer: Literal["mention", "trigger", "evidence"]
    item: str | None
    index: int = 0


def _id(node: Any) -> str | None:
    value = node.get("id") if isinstance(node, CommentedMap) else None
    return value if isinstance(value, str) else None


def anchor_nodes(tree: Any) -> Iterator[tuple[Slot, Any]]:
    """Every anchor of an annotation tree, in file order within each layer: mentions,
    triggers, evidence. Entries that are not mappings are yielded as they are (the caller
    skips them: reading the file for checks reports them)."""
    for mention in tree.get("mentions") or []:
        yield Slot("mention", _id(mention)), mention
    for event in tree.get("events") or []:
        if isinstance(event, CommentedMap) and isinstance(event.get("trigger"), CommentedMap):
            yield Slot("trigger", _id(event)), event["trigger"]
    for stance in tree.get("stances") or []:
        if isinstance(stance, CommentedMap):
            for index, evidence in enumerate(stance.get("evidence") or []):
                yield Slot("evidence", _id(stance), index), evidence


def node_anchor(node: CommentedMap) -> Anchor:
    """The Anchor a node spells (ValidationError when it is malformed)."""
    return Anchor.model_validate({k: node[k] for k in ("quote", *SELECTORS) if k in node})


def rewrite_canonical(node: CommentedMap, occurrence: int | None) -> None:
    """Replace whatever selects the occurrence (a context, a prefix/suffix, an occurrence)
    by `occurrence:` where the first of them was, or by nothing when the quote is unique;
    every other key, and the comments, stay."""
    keys = list(node)
    present = [k for k in SELECTORS if k in node]
    at = min((keys.index(k) for k in present), default=keys.index("quote") + 1)
    for key in present:
        del node[key]
    if occurrence is not None:
        node.insert(at, "occurrence", occurrence)


def reason(exc: Exception) -> str:
    """A malformed anchor's problem in one line, as people read it."""
    if isinstance(exc, ValidationError):
        return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
    return str(exc)
