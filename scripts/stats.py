"""Counts of a corpus per layer and per label, from its check tables."""

from __future__ import annotations

import polars as pl

from .tables import SPLIT, CheckTables

Stats = dict[str, dict[str, int]]


def _counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    if frame.is_empty():
        return {}
    return dict(sorted(frame[column].value_counts().iter_rows()))


def corpus_stats(tables: CheckTables) -> Stats:
    """Rows per table, articles per split, and the count of every label in use."""
    typed_mentions = tables["mentions"].join(tables["entities"].select("entity_id", "type"),
                                             on="entity_id")
    return {
        "rows": {name: frame.height for name, frame in tables.frames.items()},
        "articles_per_split": _counts(tables["articles"], SPLIT),
        "entity_types": _counts(tables["entities"], "type"),
        "mention_types": _counts(typed_mentions, "type"),
        "mention_kinds": _counts(tables["mentions"], "kind"),
        "event_types": _counts(tables["events"], "type"),
        "event_realis": _counts(tables["events"], "realis"),
        "argument_roles": _counts(tables["event_arguments"], "role"),
        "stance_targets": _counts(tables["stances"], "target"),
        "stance_labels": _counts(tables["stances"], "label"),
    }
