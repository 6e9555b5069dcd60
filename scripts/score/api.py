"""`skies score` as a Python API: predictions against the gold of one split, with bootstrap
intervals, the per-label tables and the size of the split."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy as np

from . import events, ner, stance
from .bootstrap import SAMPLES, SEED, intervals
from .counts import defined
from .gold import Gold, ScoreError, read_gold
from .items import Item, Task
from .predictions import read_predictions
from .result import Bootstrap, Metric, Score

SCORERS: dict[Task, ModuleType] = {Task.ner: ner, Task.events: events, Task.stance: stance}


def _task(task: str | Task) -> Task:
    try:
        return Task(task)
    except ValueError:
        raise ScoreError([f"unknown task {task!r}: one of {', '.join(Task)}"]) from None


def _notes(task: Task, gold: Gold, predicted: Sequence[Item]) -> tuple[str, ...]:
    size = gold.size()
    notes = [f"the {gold.split} split is small: {size['articles']} article(s), "
             f"{size['paragraphs']} paragraphs, {size['mentions']} mentions, "
             f"{size['events']} events ({size['arguments']} arguments), "
             f"{size['stances']} stances; read the intervals before comparing systems"]
    if task is Task.stance:
        predicted_keys = {s.key for s in predicted}  # type: ignore[union-attr]
        missing = sum(s.key not in predicted_keys for s in gold.stances)
        extra = len(predicted_keys - {s.key for s in gold.stances})
        if missing or extra:
            notes.append(f"{missing} gold item(s) without prediction (counted wrong), "
                         f"{extra} predicted item(s) not in the gold (false positives)")
    return tuple(notes)


def score_items(predicted: Sequence[Item], gold: Gold, task: str | Task,
                samples: int = SAMPLES, seed: int = SEED) -> Score:
    """Score checked items (from `read_predictions`, or a baseline) against `gold`."""
    task = _task(task)
    scorer = SCORERS[task]
    tally = scorer.tally(gold, predicted)
    totals = tally.totals()
    point = scorer.metrics(totals)
    spread = intervals(tally, scorer.metrics, samples, seed)
    metrics = tuple(Metric(name, defined(np.asarray(value)), spread[name])
                    for name, value in point.items())
    return Score(str(task), gold.split, gold.size(),
                 Bootstrap(samples, seed, scorer.UNIT, tally.counts.shape[0]),
                 metrics, scorer.tables(totals), _notes(task, gold, predicted))


def score(predictions: str | Path, task: str | Task, split: str = "test",
          dataset: str | Path = "dataset", samples: int = SAMPLES, seed: int = SEED) -> Score:
    """Score a prediction file (JSONL or Parquet, see the README's "Scoring") against the
    gold of `split` in the built release under `dataset`. Raises ScoreError, whose
    `problems` name the file and line (or row) of every bad prediction.

    Example: score("predictions.jsonl", "ner").metric("exact F1 (micro)").value
    """
    task = _task(task)
    gold = read_gold(Path(dataset), split)
    return score_items(read_predictions(Path(predictions), task, gold), gold, task, samples,
                       seed)
