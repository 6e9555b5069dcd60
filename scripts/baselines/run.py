"""`skies baselines` as a Python API: train every baseline on the train split, predict the
test split, score with the official scorer; the figures written to dataset/baselines.json.

Nothing is downloaded and nothing random is left unseeded, so the same release gives the
same bytes: the build writes the file with the release and `skies build --check` covers it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..built import Built
from ..score import Gold, Mention, Task, gold_from_tables, score_items
from ..score.bootstrap import SAMPLES, SEED
from ..score.formats import jsonl
from ..score.gold import PARAGRAPH_UNIT
from ..score.items import Item
from ..score.render import figure
from ..score.stance import UNIT as STANCE_UNIT
from . import gazetteer, stance, triggers
from .lexicon import Lexicon

TRAIN, TEST = "train", "test"


@dataclass(frozen=True)
class Models:
    """What every baseline learnt from the training split: kept instead of that split, so
    its gold is let go before the predictions on test pile up (the peak memory of a build)."""

    gazetteer: Lexicon
    triggers: triggers.TriggerModel
    majority: str
    bag_of_words: stance.BagOfWords

    @classmethod
    def learn(cls, train: Gold) -> Models:
        return cls(gazetteer.learn(train), triggers.learn(train), stance.majority_label(train),
                   stance.fit_bag_of_words(train))


@dataclass(frozen=True)
class Baseline:
    task: Task
    system: str
    # Predictions on test, given the models and the gazetteer's test mentions (the NER
    # baseline, and the trigger baseline's candidate arguments).
    predict: Callable[[Models, Gold, list[Mention]], list[Item]]


BASELINES: tuple[Baseline, ...] = (
    Baseline(Task.ner, "gazetteer", lambda m, test, mentions: list(mentions)),
    Baseline(Task.events, "trigger lexicon",
             lambda m, test, mentions: list(triggers.predict(m.triggers, test.texts, mentions))),
    Baseline(Task.stance, "majority", lambda m, test, _: stance.with_label(m.majority, test)),
    Baseline(Task.stance, "bag of words", lambda m, test, _: m.bag_of_words.predict(test)),
)


def has_baselines(tables: Built) -> bool:
    """A release with a train and a test split has baselines (a one-split corpus has none)."""
    return ("articles", TRAIN) in tables and ("articles", TEST) in tables


def _predicted(tables: Built) -> Iterator[tuple[Gold, Task, str, list[Item]]]:
    """Each baseline's predictions on the test split with that split's gold, one baseline at
    a time (a caller that scores and drops them holds one list of predictions at most)."""
    models = Models.learn(gold_from_tables(tables, TRAIN))  # the train gold goes here
    test = gold_from_tables(tables, TEST)
    mentions = gazetteer.predict(models.gazetteer, test.texts)
    for baseline in BASELINES:
        yield test, baseline.task, baseline.system, baseline.predict(models, test, mentions)


def predictions(tables: Built) -> dict[tuple[Task, str], list[Item]]:
    """Every baseline's predictions on the test split, by (task, system)."""
    return {(task, system): items for _, task, system, items in _predicted(tables)}


def figures(tables: Built, samples: int = SAMPLES, seed: int = SEED) -> dict[str, Any]:
    """The content of baselines.json: the test split's size, the bootstrap, one result per
    (task, system, metric) with its 95% interval."""
    results, test = [], None
    for test, task, system, predicted in _predicted(tables):
        for metric in score_items(predicted, test, task, samples, seed).metrics:
            results.append({"task": str(task), "system": system, **metric.as_dict()})
        del predicted  # before the next baseline predicts
    assert test is not None
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
