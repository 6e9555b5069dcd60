"""An imported `Annotated` written into the article's annotation file.

Items are matched to the file's own by id and edited in place, so an unchanged item keeps its
bytes and its comments, and a round trip through a tool changes nothing. Items the tool
dropped are removed, new ones are appended in text order with canonical anchors (the quote,
and `occurrence:` only when it is ambiguous). Layers the tool does not carry are untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sovereign_skies.schema.labels import UNKNOWN_BASIS, UNKNOWN_PRECISION

from ..edit import yamlfile
from ..layout import Layout
from ..resolve.anchors import occurrence_of
from .document import Annotated, Event, Mention, Stance, read_annotated
from .offsets import InterchangeError, first_difference

ANCHOR_KEYS = ("quote", "occurrence", "prefix", "suffix", "context")


@dataclass
class Applied:
    """What an import changed, per layer: ids added, changed and removed."""

    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    written: bool = False

    @property
    def empty(self) -> bool:
        return not any([*self.added.values(), *self.changed.values(), *self.removed.values()])


def _set(node: CommentedMap, key: str, value: Any, after: str | None = None) -> None:
    """Set `key`, keeping its place (or putting a new key after `after`)."""
    if key in node or after is None or after not in node:
        node[key] = value
    else:
        node.insert(list(node).index(after) + 1, key, value)


def set_anchor(node: CommentedMap, text: str, start: int, end: int) -> None:
    """Make `node`'s anchor the canonical one of text[start:end] (unchanged if it already
    selects that span canonically)."""
    quote, occurrence = text[start:end], occurrence_of(text, text[start:end], start)
    if node.get("quote") == quote and node.get("occurrence") == occurrence and not any(
            k in node for k in ANCHOR_KEYS[2:]):
        return
    for key in ANCHOR_KEYS[2:]:
        node.pop(key, None)
    _set(node, "quote", quote)
    if occurrence is None:
        node.pop("occurrence", None)
    else:
        _set(node, "occurrence", occurrence, after="quote")


def _flow(values: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(values)
    node.fa.set_flow_style()
    return node


def _mention(node: CommentedMap, mention: Mention, text: str) -> None:
    _set(node, "entity", mention.entity, after="id")
    set_anchor(node, text, mention.start, mention.end)
    if mention.kind == "NAME":
        node.pop("kind", None)
    else:
        _set(node, "kind", mention.kind)
    if mention.reviewed:
        node.pop("reviewed", None)
    else:
        _set(node, "reviewed", False)


def _unknown_date(tool: str) -> CommentedMap:
    return _flow({"value": None, "precision": UNKNOWN_PRECISION, "basis": UNKNOWN_BASIS,
                  "note": f"imported from {tool}, which has no date field: to annotate"})


def _event(node: CommentedMap, event: Event, text: str, tool: str) -> None:
    _set(node, "type", event.type, after="id")
    trigger = node.get("trigger")
    if not isinstance(trigger, CommentedMap):
        trigger = node["trigger"] = _flow({})
    set_anchor(trigger, text, event.start, event.end)
    _set(node, "realis", event.realis, after="trigger")
    if event.source is not None or "source" not in node:
        _set(node, "source", event.source, after="realis")
    if event.date is not None:
        if dict(node.get("date") or {}) != event.date:
            _set(node, "date", _flow(dict(event.date)), after="source")
    elif "date" not in node:
        _set(node, "date", _unknown_date(tool), after="source")
    arguments = [{"role": a.role, "mention": a.mention} for a in event.arguments]
    if [dict(a) for a in node.get("arguments") or []] != arguments:
        node["arguments"] = CommentedSeq(_flow(a) for a in arguments)


def _stance(node: CommentedMap, stance: Stance, text: str) -> None:
    for key, value, after in (("holder", stance.holder, "id"), ("target", stance.target,
                              "holder"), ("label", stance.label, "target")):
        if node.get(key, ...) != value:
            _set(node, key, value, after=after)
    evidence = node.get("evidence")
    if not isinstance(evidence, CommentedSeq):
        evidence = node["evidence"] = CommentedSeq()
    del evidence[len(stance.evidence):]
    while len(evidence) < len(stance.evidence):
        evidence.append(_flow({}))
    for anchor, (start, end) in zip(evidence, stance.evidence, strict=True):
        set_anchor(anchor, text, start, end)


def _merge(seq: Any, items: Iterable[Any], update: Callable[[CommentedMap, Any], None],
           flow: bool, name: str, applied: Applied) -> CommentedSeq:
    """The layer's sequence with `items` merged in by id (file order kept, new ones last)."""
    old = seq if isinstance(seq, CommentedSeq) else CommentedSeq()
    by_id = {str(node.get("id")): node for node in old if isinstance(node, CommentedMap)}
    wanted = {item.id: item for item in items}
    merged = CommentedSeq()
    for position, node in enumerate(old):
        item = wanted.get(str(node.get("id"))) if isinstance(node, CommentedMap) else None
        if item is None:
            applied.removed.setdefault(name, []).append(str(node.get("id")))
            continue
        before = yamlfile.dumps([node])
        update(node, item)
        if yamlfile.dumps([node]) != before:
            applied.changed.setdefault(name, []).append(item.id)
        merged.append(node)
        if position in old.ca.items:  # an end-of-line comment stays with its item
            merged.ca.items[len(merged) - 1] = old.ca.items[position]
    for item in wanted.values():
        if item.id in by_id:
            continue
        node = _flow({"id": item.id}) if flow else CommentedMap({"id": item.id})
        update(node, item)
        merged.append(node)
        applied.added.setdefault(name, []).append(item.id)
    if old.fa.flow_style() and not merged:
        merged.fa.set_flow_style()
    return merged


def apply(layout: Layout, imported: Annotated, tool: str, *, write: bool = True) -> Applied:
    """Merge the imported layers into the annotation file (atomically; nothing is written when
    the file changed meanwhile or the texts differ)."""
    current = read_annotated(layout, imported.article_id)
    path = layout.annotation_file(imported.article_id)
    if imported.text != current.text:
        raise InterchangeError(
            f"{tool} file for {imported.article_id}: its text is not the article's text (first "
            f"difference at {first_difference(current.text, imported.text)}); export again")
    original = path.read_bytes()
    tree = yamlfile.loads(original.decode("utf-8"))
    text, applied = current.text, Applied()
    layers: list[tuple[str, list[Any] | None, Callable[[CommentedMap, Any], None], bool]] = [
        ("mentions", imported.mentions, lambda n, m: _mention(n, m, text), True),
        ("events", imported.events, lambda n, e: _event(n, e, text, tool), False),
        ("stances", imported.stances, lambda n, s: _stance(n, s, text), False),
    ]
    for name, items, update, flow in layers:
        if items is None:
            continue
        ordered = sorted(items, key=_start)
        tree[name] = _merge(tree.get(name), ordered, update, flow, name, applied)
    if write and not applied.empty:
        if path.read_bytes() != original:  # never write over a contributor's edit
            raise InterchangeError(f"{layout.rel(path)} changed during the import; nothing "
                                   "written, import again")
        yamlfile.save(path, tree)
        applied.written = True
    return applied


def _start(item: Mention | Event | Stance) -> tuple[int, str]:
    if isinstance(item, Stance):
        return (item.evidence[0][0] if item.evidence else 0, item.id)
    return (item.start, item.id)
