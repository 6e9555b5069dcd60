"""What a scoring run gives: headline metrics with their 95% intervals, per-label tables,
and how big the scored split is (every figure is reported with its sample size)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

DIGITS = 4  # figures are rounded so the JSON of a run is the same bytes on every machine


def rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), DIGITS)


@dataclass(frozen=True)
class Metric:
    name: str
    value: float | None  # None: undefined (nothing to find and nothing predicted)
    ci95: tuple[float, float] | None

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.name, "value": rounded(self.value),
                "ci95": None if self.ci95 is None else [rounded(v) for v in self.ci95]}


@dataclass(frozen=True)
class LabelRow:
    label: str
    gold: int
    predicted: int
    precision: float | None
    recall: float | None
    f1: float | None
    partial_f1: float | None = None  # NER only

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {"label": self.label, "gold": self.gold,
                               "predicted": self.predicted,
                               "precision": rounded(self.precision),
                               "recall": rounded(self.recall), "f1": rounded(self.f1)}
        if self.partial_f1 is not None:
            row["partial_f1"] = rounded(self.partial_f1)
        return row


@dataclass(frozen=True)
class Bootstrap:
    samples: int
    seed: int
    unit: str  # what is resampled, plural: "paragraphs"
    units: int  # how many of them the split has

    def as_dict(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed, "unit": self.unit,
                "units": self.units}


@dataclass(frozen=True)
class Score:
    task: str
    split: str
    size: dict[str, int]
    bootstrap: Bootstrap
    metrics: tuple[Metric, ...]
    tables: dict[str, tuple[LabelRow, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def metric(self, name: str) -> Metric:
        return next(m for m in self.metrics if m.name == name)

    def as_dict(self) -> dict[str, Any]:
        return {"task": self.task, "split": self.split, "size": self.size,
                "bootstrap": self.bootstrap.as_dict(),
                "metrics": [m.as_dict() for m in self.metrics],
                "tables": {title: [r.as_dict() for r in rows]
                           for title, rows in self.tables.items()},
                "notes": list(self.notes)}
