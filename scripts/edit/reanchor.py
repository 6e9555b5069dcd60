"""`skies reanchor`: after the raw text or the cleaning steps of an article change, every
anchor is carried from the last build's text to the new one and rewritten where, as written,
it would now select another place.

An anchor names its place by the quote and, when the quote is ambiguous, its `occurrence:`.
Drop a line holding an earlier occurrence and `occurrence: 5` silently selects what was the
sixth; correct a word and the quote may be gone. The baseline is the committed release
(dataset/data/): the article's text there and the offsets of each mention, trigger and
evidence. Each old span is carried through the difference of the two texts
(`resolve.spanmap`), and each anchor is:

- unchanged: it selects the same offsets as before;
- shifted: the text before it changed, and the anchor as written still selects the carried
  span (nothing to write);
- moved: the carried span still holds the quote but the anchor as written selects another
  place, or none: it is rewritten to the canonical occurrence of the carried span (no
  `occurrence:` when the quote is unique now);
- broke: its text was changed or deleted (S125): reported at its line, nothing written for it.

The moves are written even when some anchors broke (they are right whatever the fix of the
broken ones is), keeping comments and layout. Nothing is written when the file changed while
it was being reanchored. An anchor with no counterpart in the build (added or edited since:
as written, it did not select the built span in the built text) is only resolved against the
new text, so a correction made since the build is never undone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from sovereign_skies.schema.columns import SPLITS

from ..faults import Report, SourceLocation
from ..faults.codes import ANCHOR_BROKE, SOURCE_STRUCTURE
from ..layout import Layout
from ..read.files import unsafe_kind
from ..read.models import Anchor
from ..resolve.anchors import AnchorError, occurrence_of, resolve
from ..resolve.spanmap import SpanMap
from ..resolve.text import article_text
from . import yamlfile
from .anchor_nodes import Slot, anchor_nodes, node_anchor, reason, rewrite_canonical

# An anchor that does not resolve is reported with the code resolve.anchors gives it.
EMITS = (ANCHOR_BROKE, SOURCE_STRUCTURE)

Span = tuple[int, int]


class ReanchorRefused(Exception):
    """Nothing can be compared or written: a built file or the annotation file cannot be
    read, or the file changed meanwhile (exit 2)."""


@dataclass(frozen=True)
class Baseline:
    """The article as last built: its text and the span of each anchor."""

    text: str
    spans: dict[Slot, Span]


@dataclass(frozen=True)
class Note:
    """An anchor that moved (rewritten) or only shifted (nothing to write)."""

    file: str
    line: int
    kind: str  # "moved" or "shifted"
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.what}"


@dataclass
class Reanchoring:
    """What `skies reanchor` found (and wrote) for one article: the moved and shifted
    anchors in file order, how many were unchanged or not compared (new or edited since the
    build), and in `report` those that broke or do not resolve."""

    file: str
    in_release: bool = True
    notes: list[Note] = field(default_factory=list)
    unchanged: int = 0
    uncompared: int = 0
    report: Report = field(default_factory=Report)
    written: bool = False

    @property
    def moved(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "moved"]

    @property
    def shifted(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "shifted"]


def _rows(layout: Layout, config: str, split: str, article_id: str,
          columns: list[str]) -> list[dict[str, Any]]:
    """The article's rows of one built table (only those are read), [] without the file."""
    path = layout.parquet(config, split)
    if not os.path.lexists(path):
        return []
    if kind := unsafe_kind(os.lstat(path).st_mode):
        raise ReanchorRefused(f"{layout.rel(path)} is {kind}; it is not read")
    try:
        table = pq.read_table(path, columns=["article_id", *columns],
                              filters=[("article_id", "==", article_id)])
    except (OSError, pa.ArrowException) as exc:
        raise ReanchorRefused(f"cannot read {layout.rel(path)} ({exc}); run `skies build` "
                              "on the sources as they were, or restore the file") from None
    return table.to_pylist()


def _spans(layout: Layout, split: str, article_id: str) -> dict[Slot, Span]:
    spans: dict[Slot, Span] = {}
    for r in _rows(layout, "mentions", split, article_id, ["mention_id", "start", "end"]):
        spans[Slot("mention", r["mention_id"])] = (r["start"], r["end"])
    for r in _rows(layout, "events", split, article_id,
                   ["event_id", "trigger_start", "trigger_end"]):
        spans[Slot("trigger", r["event_id"])] = (r["trigger_start"], r["trigger_end"])
    for r in _rows(layout, "stances", split, article_id, ["stance_id", "evidence"]):
        for index, e in enumerate(r["evidence"] or []):
            spans[Slot("evidence", r["stance_id"], index)] = (e["start"], e["end"])
    return spans


def last_build(layout: Layout, article_id: str) -> Baseline | None:
    """The article in the committed release, or None when it is not in it."""
    for split in SPLITS:
        if found := _rows(layout, "articles", split, article_id, ["text"]):
            return Baseline(found[0]["text"], _spans(layout, split, article_id))
    return None


def _shown(quote: str) -> str:
    return repr(quote if len(quote) <= 40 else quote[:37] + "...")


def _selector(anchor: Anchor) -> str:
    """How an anchor picks its occurrence, as the move message names it."""
    if anchor.occurrence is not None:
        return f"occurrence {anchor.occurrence}"
    if anchor.context is not None:
        return "its context"
    if anchor.prefix is not None or anchor.suffix is not None:
        return "its prefix/suffix"
    return "no occurrence"


def _resolved(text: str, anchor: Anchor) -> Span | AnchorError:
    try:
        return resolve(text, anchor)
    except AnchorError as exc:
        return exc


@dataclass
class _Article:
    """One article being reanchored: the new text, the baseline and the result so far."""

    text: str
    baseline: Baseline | None
    spans: SpanMap | None
    result: Reanchoring
    changes: list[tuple[CommentedMap, int | None]] = field(default_factory=list)

    def anchor(self, slot: Slot, node: CommentedMap) -> None:
        line, column = (n + 1 for n in node.lc.key("quote"))
        where = SourceLocation(self.result.file, line, column)
        try:
            anchor = node_anchor(node)
        except (ValidationError, ValueError) as exc:
            self.result.report.add(SOURCE_STRUCTURE, f"anchor: {reason(exc)}", where)
            return
        now = _resolved(self.text, anchor)
        old = self.built_span(slot, anchor)
        if old is None:
            self.result.uncompared += 1
            if isinstance(now, AnchorError):
                self.result.report.add(now.code, str(now), where)
            return
        self.carry(node, anchor, old, now, where)

    def built_span(self, slot: Slot, anchor: Anchor) -> Span | None:
        """The span the anchor selected in the last build; None when it is new or was
        edited since (written as it is now, it did not select the built span then): such an
        anchor is not carried over, or a correction made since the build would be undone."""
        if self.baseline is None or (built := self.baseline.spans.get(slot)) is None:
            return None
        return built if _resolved(self.baseline.text, anchor) == built else None

    def carry(self, node: CommentedMap, anchor: Anchor, old: Span, now: Span | AnchorError,
              where: SourceLocation) -> None:
        mapped = self.spans.map(*old) if self.spans else None
        quote = _shown(anchor.quote)
        if mapped is None:
            self.result.report.add(ANCHOR_BROKE, f"quote {quote} (at [{old[0]}, {old[1]}) in "
                                   "the last build): its text was changed or deleted in the "
                                   "new text", where)
        elif now == mapped and mapped == old:
            self.result.unchanged += 1
        elif now == mapped:
            self.note(where, "shifted", f"quote {quote} [{old[0]}, {old[1]}) -> "
                      f"[{mapped[0]}, {mapped[1]})")
        else:
            occurrence = occurrence_of(self.text, anchor.quote, mapped[0])
            new = f"occurrence {occurrence}" if occurrence else "no occurrence (unique now)"
            self.note(where, "moved", f"quote {quote} {_selector(anchor)} -> {new}")
            self.changes.append((node, occurrence))

    def note(self, where: SourceLocation, kind: str, what: str) -> None:
        assert where.line is not None
        self.result.notes.append(Note(where.file, where.line, kind, what))


def _load(path: Path, shown: str) -> tuple[bytes, Any]:
    try:
        source = path.read_bytes()
        return source, yamlfile.loads(source.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yamlfile.YamlEditError) as exc:
        raise ReanchorRefused(f"cannot edit {shown}: {exc}") from None


def _save(path: Path, shown: str, source: bytes, tree: Any) -> None:
    """Write the tree unless the file changed since it was read (an editor saved it)."""
    if path.read_bytes() != source:
        raise ReanchorRefused(f"{shown} changed while it was being reanchored; nothing "
                              "written: run `skies reanchor` again")
    yamlfile.save(path, tree)


def reanchor_article(layout: Layout, article_id: str, *, write: bool = True) -> Reanchoring:
    """Carry every anchor of an article from the last build to its new text and rewrite the
    moved ones (with `write=False`, only report). TextUnavailable when the article or its
    new text cannot be read, ReanchorRefused when the build or the file cannot."""
    # A fault in reading the file refuses: rewriting it would carry the fault on or lose
    # what was not read.
    text = article_text(layout, article_id, refuse_faulty=True)
    path = layout.annotation_file(article_id)
    shown = layout.rel(path)
    source, tree = _load(path, shown)
    baseline = last_build(layout, article_id)
    spans = SpanMap.between(baseline.text, text) if baseline is not None else None
    article = _Article(text, baseline, spans, Reanchoring(shown, baseline is not None))
    for slot, node in anchor_nodes(tree):
        if isinstance(node, CommentedMap) and isinstance(node.get("quote"), str):
            article.anchor(slot, node)
    if write and article.changes:
        for node, occurrence in article.changes:
            rewrite_canonical(node, occurrence)
        _save(path, shown, source, tree)
        article.result.written = True
    return article.result
