"""NER: exact and partial span F1 per entity type, and their micro and macro averages.

Matching is nervaluate's (SemEval-2013 Task 9.1), run on each entity type on its own, one
article per document, one to one:
- exact: a predicted mention matches a gold mention of its type with the same start and
  end ("strict" in nervaluate);
- partial: a prediction with the same start and end counts 1, one that only overlaps a gold
  mention of its type counts 0.5 ("partial" in nervaluate, computed within the type).
Predictions are given to nervaluate in offset order with the exact ones first, so a
prediction that only overlaps never takes the gold mention another prediction hits exactly.
Micro averages sum the counts of every type (a prediction of the wrong type earns nothing);
macro averages are the mean F1 of the types that occur in the gold or the predictions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from nervaluate import Evaluator

from sovereign_skies.schema.labels import ENTITY_TYPE

from .counts import Tally, Totals, f1, label_f1, label_row, level_fields, mean_defined, summed
from .gold import PARAGRAPH_UNIT, Gold
from .items import Mention
from .result import LabelRow

TYPES = tuple(ENTITY_TYPE.names)
LEVELS = ("exact", "partial")
UNIT = PARAGRAPH_UNIT  # what the bootstrap resamples


def _documents(mentions: Sequence[Mention], articles: list[str]) -> list[list[Mention]]:
    by_article: dict[str, list[Mention]] = {a: [] for a in articles}
    for mention in mentions:
        by_article[mention.article_id].append(mention)
    return [by_article[a] for a in articles]


def _entities(document: list[Mention]) -> list[dict]:
    # nervaluate's spans end inclusively (it adds 1 to measure overlap); ours end exclusively.
    return [{"label": m.type, "start": m.start, "end": m.end - 1} for m in document]


def _cells(gold: Gold, predicted: Sequence[Mention], entity_type: str,
           cells: Counter[tuple[int, str]]) -> None:
    articles = sorted(gold.texts)
    gold_docs = _documents(sorted(m for m in gold.mentions if m.type == entity_type), articles)
    exact = {(m.article_id, m.start, m.end) for m in gold.mentions if m.type == entity_type}
    pred_docs = [sorted(doc, key=lambda m: ((m.article_id, m.start, m.end) not in exact,
                                            m.start, m.end))
                 for doc in _documents([m for m in predicted if m.type == entity_type],
                                       articles)]
    unit = gold.paragraphs.index
    for doc in gold_docs:
        for m in doc:
            for level in LEVELS:
                cells[unit(m.article_id, m.start), f"{level}:{entity_type}:gold"] += 1
    for doc in pred_docs:
        for m in doc:
            for level in LEVELS:
                cells[unit(m.article_id, m.start), f"{level}:{entity_type}:predicted"] += 1
    if not any(gold_docs) and not any(pred_docs):
        return
    found = Evaluator([_entities(d) for d in gold_docs], [_entities(d) for d in pred_docs],
                      tags=[entity_type], loader="dict").evaluate()["overall_indices"]
    for level, scheme, credits in (("exact", "strict", (("correct", 1.0),)),
                                   ("partial", "partial", (("correct", 1.0), ("partial", 0.5)))):
        for outcome, credit in credits:
            for doc_index, pred_index in getattr(found[scheme], f"{outcome}_indices"):
                m = pred_docs[doc_index][pred_index]
                cells[unit(m.article_id, m.start), f"{level}:{entity_type}:matched"] += credit


def tally(gold: Gold, predicted: Sequence[Mention]) -> Tally:
    cells: Counter[tuple[int, str]] = Counter()
    for entity_type in TYPES:
        _cells(gold, predicted, entity_type, cells)
    fields = [f for level in LEVELS for f in level_fields(level, TYPES)]
    return Tally.of(gold.paragraphs.count, fields, cells)


def metrics(totals: Totals) -> dict[str, np.ndarray]:
    out = {}
    for level in LEVELS:
        out[f"{level} F1 (micro)"] = f1(*(summed(totals, level, TYPES, part)
                                          for part in ("matched", "predicted", "gold")))
        out[f"{level} F1 (macro)"] = mean_defined([label_f1(totals, level, t) for t in TYPES])
    return out


def tables(totals: Totals) -> dict[str, tuple[LabelRow, ...]]:
    rows = [label_row(totals, "exact", t, [t], "partial") for t in TYPES
            if not np.isnan(label_f1(totals, "exact", t))]
    return {"entity type": (*rows, label_row(totals, "exact", "all (micro)", TYPES, "partial"))}
