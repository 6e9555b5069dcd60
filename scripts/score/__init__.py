"""The official scorer: predictions for one task (ner, events, stance) against the gold of
one split of the built release, with bootstrap intervals.

    formats      prediction files (JSONL, Parquet) -> records with their file:line or row
    predictions  records -> checked items (ids, vocabularies, offsets, duplicates)
    gold         the gold of a split from the release's Parquet; paragraphs (resampling)
    items        the record types both sides share
    ner, events, stance   matching and metrics, one module per task
    counts       counts per unit and F1 from counts; bootstrap: the intervals
    api          score(), score_items(); result, render: what a run gives and its text

Example: from sovereign_skies.scripts.score import score
         score("predictions.jsonl", "ner", split="test").metric("exact F1 (micro)")
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> the module defining it; imported on first use, so that `skies --help` (which needs
# only `items.Task`) does not pay for numpy, pyarrow and nervaluate.
_EXPORTS = {"score": "api", "score_items": "api", "Gold": "gold", "ScoreError": "gold",
            "gold_from_tables": "gold", "read_gold": "gold", "Argument": "items",
            "Event": "items", "Mention": "items", "Stance": "items", "Task": "items",
            "Score": "result"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
