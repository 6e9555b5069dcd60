"""Events, ACE-style: four F1 scores, each an exact one-to-one match of keys.

- trigger identification: a predicted event matches a gold event of the same article whose
  trigger has the same start and end;
- trigger classification: ... and the same event type;
- argument identification: a predicted argument matches a gold argument with the same start
  and end whose event's trigger has the same start and end as the predicted argument's
  event's trigger (in the same article);
- argument classification: ... and the same role.
The event type is not part of the argument keys: trigger classification scores it, and an
argument is not counted wrong twice for it. (Li et al., 2013 require the event type and not
the trigger span; here the trigger span ties an argument to its event.) A key predicted k
times and present g times matches min(k, g) times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Sequence

import numpy as np

from sovereign_skies.schema.labels import ARGUMENT_ROLE, EVENT_TYPE

from .counts import Tally, Totals, f1, label_f1, label_row, level_fields, match_cells, summed
from .gold import PARAGRAPH_UNIT, Gold, Paragraphs
from .items import Event
from .result import LabelRow

ALL = "all"  # the one label of the identification levels
LEVELS: dict[str, tuple[str, ...]] = {
    "trigger identification": (ALL,),
    "trigger classification": tuple(EVENT_TYPE.names),
    "argument identification": (ALL,),
    "argument classification": tuple(ARGUMENT_ROLE.names),
}
UNIT = PARAGRAPH_UNIT  # what the bootstrap resamples


def _keys(events: Sequence[Event], level: str, units: Paragraphs
          ) -> Iterator[tuple[int, str, Hashable]]:
    for e in events:
        unit, trigger = units.index(e.article_id, e.trigger_start), (
            e.article_id, e.trigger_start, e.trigger_end)
        if level == "trigger identification":
            yield unit, ALL, trigger
        elif level == "trigger classification":
            yield unit, e.type, (*trigger, e.type)
        for a in e.arguments:
            if level == "argument identification":
                yield unit, ALL, (*trigger, a.start, a.end)
            elif level == "argument classification":
                yield unit, a.role, (*trigger, a.start, a.end, a.role)


def tally(gold: Gold, predicted: Sequence[Event]) -> Tally:
    cells: Counter[tuple[int, str]] = Counter()
    for level in LEVELS:
        cells.update(match_cells(_keys(gold.events, level, gold.paragraphs),
                                 _keys(predicted, level, gold.paragraphs), level))
    fields = [f for level, labels in LEVELS.items() for f in level_fields(level, labels)]
    return Tally.of(gold.paragraphs.count, fields, cells)


def metrics(totals: Totals) -> dict[str, np.ndarray]:
    return {f"{level} F1": f1(*(summed(totals, level, labels, part)
                                for part in ("matched", "predicted", "gold")))
            for level, labels in LEVELS.items()}


def tables(totals: Totals) -> dict[str, tuple[LabelRow, ...]]:
    out = {}
    for level, title in (("trigger classification", "event type (trigger classification)"),
                         ("argument classification", "role (argument classification)")):
        labels = LEVELS[level]
        rows = [label_row(totals, level, label, [label]) for label in labels
                if not np.isnan(label_f1(totals, level, label))]
        out[title] = (*rows, label_row(totals, level, "all (micro)", labels))
    return out
