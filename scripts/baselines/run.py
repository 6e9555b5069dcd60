"""`skies baselines` as a Python API: train every baseline on the train split, predict the
test split, score with the official scorer; the figures written to dataset/baselines.json.

Nothing is downloaded and nothing random is left unseeded, so the same release gives the
same bytes: the build writes the file with the release and `skies build --check` covers it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..score import Gold, Mention, Task, gold_from_tables, score_items
from ..score.bootstrap import SAMPLES, SEED
from ..score.formats import jsonl
from ..score.gold import PARAGRAPH_UNIT, Built
from ..score.items import Item
from ..score.render import figure
from ..score.stance import UNIT as STANCE_UNIT
from . import gazetteer, stance, triggers

TRAIN, TEST = "train", "test"


@dataclass
class Splits:
    """The train and test gold, and what more than one baseline predicts from them."""

    train: Gold
    test: Gold

    @cached_property
    def mentions(self) -> list[Mention]:
        """The gazetteer's mentions on test: the NER baseline, and the trigger baseline's
        candidate arguments."""
        return gazetteer.predict(gazetteer.learn(self.train), self.test.texts)


@dataclass(frozen=True)
class Baseline:
    task: Task
    system: str
    predict: Callable[[Splits], list[Item]]  # predictions on test


def _trigger_lexicon(splits: Splits) -> list[Item]:
    return list(triggers.predict(triggers.learn(splits.train), splits.test.texts,
                                 splits.mentions))


BASELINES: tuple[Baseline, ...] = (
    Baseline(Task.ner, "gazetteer", lambda s: list(s.mentions)),
    Baseline(Task.events, "trigger lexicon", _trigger_lexicon),
    Baseline(Task.stance, "majority",
             lambda s: list(stance.predict_majority(s.train, s.test))),
    Baseline(Task.stance, "bag of words",
             lambda s: list(stance.predict_bag_of_words(s.train, s.test))),
)


def has_baselines(tables: Built) -> bool:
    """A release with a train and a test split has baselines (a one-split corpus has none)."""
    return ("articles", TRAIN) in tables and ("articles", TEST) in tables


def splits_of(tables: Built) -> Splits:
    return Splits(gold_from_tables(tables, TRAIN), gold_from_tables(tables, TEST))


def _predicted(splits: Splits) -> dict[tuple[Task, str], list[Item]]:
    return {(b.task, b.system): b.predict(splits) for b in BASELINES}


def predictions(tables: Built) -> dict[tuple[Task, str], list[Item]]:
    """Every baseline's predictions on the test split, by (task, system)."""
    return _predicted(splits_of(tables))


def figures(tables: Built, samples: int = SAMPLES, seed: int = SEED) -> dict[str, Any]:
    """The content of baselines.json: the test split's size, the bootstrap, one result per
    (task, system, metric) with its 95% interval."""
    splits = splits_of(tables)
    test = splits.test
    results = []
    for (task, system), predicted in _predicted(splits).items():
        for metric in score_items(predicted, test, task, samples, seed).metrics:
            results.append({"task": str(task), "system": system, **metric.as_dict()})
    return {"split": TEST, "size": test.size(),
            "bootstrap": {"samples": samples, "seed": seed,
                          "unit": f"{PARAGRAPH_UNIT} for ner and events; {STANCE_UNIT} for "
                                  "stance"},
            "results": results}


def figures_json(figures: dict[str, Any]) -> str:
    """baselines.json: keys sorted and figures rounded (by `Metric.as_dict`), so the same
    release gives the same bytes."""
    return json.dumps(figures, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def file_name(task: Task, system: str) -> str:
    """Where `skies baselines --predictions DIR` writes a baseline's predictions."""
    return f"{task}-{system.replace(' ', '-')}.jsonl"


def predictions_jsonl(tables: Built) -> dict[str, str]:
    """Every baseline's test predictions as JSONL prediction files, by file name: `skies
    score` on each gives the figures of baselines.json."""
    return {file_name(task, system): jsonl(items)
            for (task, system), items in predictions(tables).items()}


def figures_text(figures: dict[str, Any]) -> str:
    """The figures for people: one line per result, then what they were measured on."""
    rows = [(r["task"], r["system"], r["metric"], figure(r["value"]),
             "" if r["ci95"] is None else f"[{figure(r['ci95'][0])}, {figure(r['ci95'][1])}]")
            for r in figures["results"]]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
             + "  " + row[4] for row in rows]
    size = ", ".join(f"{key} {value}" for key, value in figures["size"].items())
    boot = figures["bootstrap"]
    lines += ["", f"on the {figures['split']} split: {size}",
              f"95% intervals: {boot['samples']} bootstrap resamples of {boot['unit']} "
              f"(seed {boot['seed']})"]
    return "\n".join(lines) + "\n"
