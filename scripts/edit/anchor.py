"""`skies anchor`: a contributor's context anchors (the quote marked in a piece of its
surrounding text) rewritten into the canonical form, the quote and its `occurrence:`, which
stays short in diffs. The file's comments and layout are kept; nothing is written while any
context fails to select exactly one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..faults import Fault, Report, SourceLocation
from ..faults.codes import SOURCE_STRUCTURE
from ..layout import Layout
from ..resolve.anchors import AnchorError, occurrence_of, resolve
from ..resolve.text import article_text
from . import yamlfile
from .anchor_nodes import anchor_nodes, node_anchor, reason, rewrite_canonical


@dataclass
class Anchoring:
    """What `skies anchor` did or would do to one annotation file."""

    file: Path
    rewritten: list[str] = field(default_factory=list)  # "line: what changed"
    report: Report = field(default_factory=Report)


def _canonical(node: CommentedMap, text: str) -> int | None:
    """The occurrence the node's context selects (AnchorError when it selects none or
    several; ValueError when the anchor is malformed)."""
    anchor = node_anchor(node)
    start, _end = resolve(text, anchor)
    return occurrence_of(text, anchor.quote, start)


def anchor_article(layout: Layout, article_id: str, *, write: bool = True) -> Anchoring:
    """Rewrite (or, with `write=False`, only resolve) every context anchor of an article."""
    text = article_text(layout, article_id, refuse_faulty=True)
    path = layout.annotation_file(article_id)
    shown = layout.rel(path)
    result = Anchoring(path)
    tree = yamlfile.load(path)
    changes = []
    for _slot, node in anchor_nodes(tree):
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
            result.report.add(SOURCE_STRUCTURE, f"context anchor: {reason(exc)}", where)
            continue
        shown_quote = str(node["quote"])[:40]
        result.rewritten.append(f"{shown}:{line}: quote {shown_quote!r}: context -> " + (
            f"occurrence: {occurrence}" if occurrence else "the quote alone (it is unique)"))
        changes.append((node, occurrence))
    if write and result.report.ok and changes:
        for node, occurrence in changes:
            rewrite_canonical(node, occurrence)
        yamlfile.save(path, tree)
    return result

