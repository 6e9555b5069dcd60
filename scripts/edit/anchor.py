"""`skies anchor`: a contributor's context anchors (the quote marked in a piece of its
surrounding text) rewritten into the canonical form, the quote and its `occurrence:`, which
stays short in diffs. The file's comments and layout are kept; nothing is written while any
context fails to select exactly one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..faults import Fault, Report, SourceLocation
from ..faults.codes import SOURCE_STRUCTURE
from ..layout import Layout
from ..read.models import Anchor
from ..resolve.anchors import AnchorError, occurrence_of, resolve
from ..resolve.text import article_text
from . import yamlfile


@dataclass
class Anchoring:
    """What `skies anchor` did or would do to one annotation file."""

    file: Path
    rewritten: list[str] = field(default_factory=list)  # "line: what changed"
    report: Report = field(default_factory=Report)


def _anchors(tree: Any) -> Iterator[CommentedMap]:
    """Every anchor mapping of an annotation tree: mentions, triggers, evidence."""
    yield from tree.get("mentions") or []
    for event in tree.get("events") or []:
        if isinstance(event, CommentedMap) and isinstance(event.get("trigger"), CommentedMap):
            yield event["trigger"]
    for stance in tree.get("stances") or []:
        if isinstance(stance, CommentedMap):
            yield from stance.get("evidence") or []


def _canonical(node: CommentedMap, text: str) -> int | None:
    """The occurrence the node's context selects (AnchorError when it selects none or
    several; ValueError when the anchor is malformed)."""
    fields = {k: node[k] for k in ("quote", "occurrence", "prefix", "suffix", "context")
              if k in node}
    anchor = Anchor.model_validate(fields)
    start, _end = resolve(text, anchor)
    return occurrence_of(text, anchor.quote, start)


def _rewrite(node: CommentedMap, occurrence: int | None) -> None:
    at = list(node).index("context")
    del node["context"]
    if occurrence is not None:
        node.insert(at, "occurrence", occurrence)


def anchor_article(layout: Layout, article_id: str, *, write: bool = True) -> Anchoring:
    """Rewrite (or, with `write=False`, only resolve) every context anchor of an article."""
    text = article_text(layout, article_id)
    path = layout.annotation_file(article_id)
    shown = layout.rel(path)
    result = Anchoring(path)
    tree = yamlfile.load(path)
    changes = []
    for node in _anchors(tree):
        if not isinstance(node, CommentedMap) or "context" not in node:
            continue
        key_line, key_column = node.lc.key("context")
        line = key_line + 1
        where = SourceLocation(shown, line, key_column + 1)
        try:
            occurrence = _canonical(node, text)
        except AnchorError as exc:
            result.report.add_fault(Fault(exc.code.code, str(exc), where))
            continue
        except (ValidationError, ValueError) as exc:
            result.report.add(SOURCE_STRUCTURE, f"context anchor: {_reason(exc)}", where)
            continue
        shown_quote = str(node["quote"])[:40]
        result.rewritten.append(f"{shown}:{line}: quote {shown_quote!r}: context -> " + (
            f"occurrence: {occurrence}" if occurrence else "the quote alone (it is unique)"))
        changes.append((node, occurrence))
    if write and result.report.ok and changes:
        for node, occurrence in changes:
            _rewrite(node, occurrence)
        yamlfile.save(path, tree)
    return result


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
    return str(exc)
