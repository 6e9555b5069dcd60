"""Stance, SemEval-2016 Task 6 style: F_avg, the mean F1 of FAVOR and AGAINST, and the
macro F1 of all three labels.

The unit is an (article, holder, target) item: who holds a stance on which proposition in
which article (holder null: the article's own voice). Every gold item and every predicted
item is scored once: an item predicted with its gold label is a true positive of that label;
one predicted with another label is a false positive of the predicted label and a false
negative of the gold one; a gold item without prediction is a false negative of its label
(a missing prediction counts as wrong, never as NEUTRAL); a predicted item that is not in
the gold is a false positive of its label. F1 of a label with neither gold nor predicted
items is undefined and left out of the averages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from sovereign_skies.schema.labels import STANCE_LABEL

from .counts import Tally, Totals, label_f1, label_row, level_fields, match_cells, mean_defined
from .gold import Gold
from .items import Stance
from .result import LabelRow

LABELS = tuple(STANCE_LABEL.names)
FAVOR, AGAINST = STANCE_LABEL.require("FAVOR"), STANCE_LABEL.require("AGAINST")
LEVEL = "stance"
UNIT = "(article, holder, target) items"  # what the bootstrap resamples


def _order(key: tuple[str, str | None, str]) -> tuple[str, str, str]:
    article_id, holder, target = key
    return (article_id, holder or "", target)


def items(gold: Gold, predicted: Sequence[Stance]) -> list[tuple[str, str | None, str]]:
    """Every scored item, gold or predicted, in a fixed order (the bootstrap's units)."""
    return sorted({s.key for s in gold.stances} | {s.key for s in predicted}, key=_order)


def tally(gold: Gold, predicted: Sequence[Stance]) -> Tally:
    unit = {key: i for i, key in enumerate(items(gold, predicted))}
    cells: Counter[tuple[int, str]] = match_cells(
        ((unit[s.key], s.label, (s.key, s.label)) for s in gold.stances),
        ((unit[s.key], s.label, (s.key, s.label)) for s in predicted), LEVEL)
    return Tally.of(len(unit), level_fields(LEVEL, LABELS), cells)


def metrics(totals: Totals) -> dict[str, np.ndarray]:
    return {f"F_avg ({FAVOR}, {AGAINST})": mean_defined(
                [label_f1(totals, LEVEL, FAVOR), label_f1(totals, LEVEL, AGAINST)]),
            "macro-F1": mean_defined([label_f1(totals, LEVEL, label) for label in LABELS])}


def tables(totals: Totals) -> dict[str, tuple[LabelRow, ...]]:
    rows = [label_row(totals, LEVEL, label, [label]) for label in LABELS]
    return {"stance label": (*rows, label_row(totals, LEVEL, "all (micro)", LABELS))}
