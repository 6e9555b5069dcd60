"""Counts per resampling unit, and F1 from counts. Every metric of the scorer is a function
of summed counts, so the point estimate sums all units and each bootstrap sample sums a
resample of them: the same code gives both.

F1 = 2 * matched / (predicted + gold): the harmonic mean of precision (matched / predicted)
and recall (matched / gold), 0 when nothing matched, undefined (NaN) when there is nothing
to find and nothing was predicted; averages skip undefined labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .result import LabelRow

Totals = Mapping[str, np.ndarray]  # field -> summed counts (a number, or one per resample)
Metrics = Callable[[Totals], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Tally:
    """counts[unit, field]: how many of `fields` each unit holds."""

    fields: tuple[str, ...]
    counts: np.ndarray

    @classmethod
    def of(cls, units: int, fields: Iterable[str],
           cells: Mapping[tuple[int, str], float]) -> Tally:
        names = tuple(fields)
        column = {name: i for i, name in enumerate(names)}
        counts = np.zeros((units, len(names)))
        for (unit, name), value in cells.items():
            counts[unit, column[name]] += value
        return cls(names, counts)

    def totals(self, weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Summed over all units, or (weights: resamples x units) once per resample."""
        summed = self.counts.sum(axis=0) if weights is None else weights @ self.counts
        return {name: summed[..., i] for i, name in enumerate(self.fields)}


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                        np.nan)


def f1(matched: np.ndarray, predicted: np.ndarray, gold: np.ndarray) -> np.ndarray:
    return ratio(2 * np.asarray(matched, float), np.asarray(predicted) + np.asarray(gold))


def mean_defined(values: list[np.ndarray]) -> np.ndarray:
    """The mean of the defined values (NaN where none is)."""
    stacked = np.stack([np.asarray(v, float) for v in values])
    defined = ~np.isnan(stacked)
    count = defined.sum(axis=0)
    return ratio(np.where(defined, stacked, 0).sum(axis=0), count)


def match_cells(gold: Iterable[tuple[int, str, Hashable]],
                predicted: Iterable[tuple[int, str, Hashable]],
                level: str) -> Counter[tuple[int, str]]:
    """Exact matching of keyed items, one to one: a key predicted k times and present g
    times matches min(k, g) times. Items are (unit, label, key); the key holds the label and
    the position, so a matched pair always lies in one unit. Gives the cells
    (unit, f"{level}:{label}:matched|predicted|gold")."""
    gold_keys: Counter[Hashable] = Counter()
    cells: Counter[tuple[int, str]] = Counter()
    where: dict[Hashable, tuple[int, str]] = {}
    for unit, label, key in gold:
        gold_keys[key] += 1
        cells[unit, f"{level}:{label}:gold"] += 1
        where[key] = (unit, label)
    for unit, label, key in predicted:
        cells[unit, f"{level}:{label}:predicted"] += 1
        if gold_keys[key] > 0:
            gold_keys[key] -= 1
            gold_unit, gold_label = where[key]
            cells[gold_unit, f"{level}:{gold_label}:matched"] += 1
    return cells


def level_fields(level: str, labels: Iterable[str]) -> list[str]:
    return [f"{level}:{label}:{part}" for label in labels
            for part in ("matched", "predicted", "gold")]


def summed(totals: Totals, level: str, labels: Iterable[str], part: str) -> np.ndarray:
    return sum((totals[f"{level}:{label}:{part}"] for label in labels), np.zeros(()))


def level_f1(totals: Totals, level: str, labels: Iterable[str]) -> np.ndarray:
    """Micro F1 of a level: its counts summed over `labels`."""
    labels = list(labels)
    return f1(*(summed(totals, level, labels, part) for part in ("matched", "predicted",
                                                                   "gold")))


def label_f1(totals: Totals, level: str, label: str) -> np.ndarray:
    return f1(*(totals[f"{level}:{label}:{part}"] for part in ("matched", "predicted", "gold")))


def defined(value: np.ndarray) -> float | None:
    return None if np.isnan(value) else float(value)


def label_row(totals: Totals, level: str, name: str, labels: Iterable[str],
              partial_level: str | None = None) -> LabelRow:
    """One line of a per-label table: the counts of `labels` at `level`, summed."""
    labels = list(labels)
    matched, predicted, gold = (summed(totals, level, labels, part)
                                for part in ("matched", "predicted", "gold"))
    partial = (None if partial_level is None
               else defined(f1(summed(totals, partial_level, labels, "matched"), predicted, gold)))
    return LabelRow(name, int(gold), int(predicted), defined(ratio(matched, predicted)),
                    defined(ratio(matched, gold)), defined(f1(matched, predicted, gold)),
                    partial)
