"""Faults injected into a synthetic corpus: a chosen fraction of the rows of every family
corrupted, so benchmarks and tests can measure the checks on failing rows too."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from sovereign_skies.schema.labels import ACTUAL

from ..tables import CheckTables


def _corrupt(frame: pl.DataFrame, fraction: float, rng: np.random.Generator,
             **columns: pl.Expr) -> pl.DataFrame:
    hit = pl.Series(rng.random(frame.height) < fraction)
    return frame.with_columns(**{name: pl.when(hit).then(expr).otherwise(pl.col(name))
                                 for name, expr in columns.items()})


def inject_faults(tables: CheckTables, fraction: float, seed: int = 1) -> CheckTables:
    """Corrupt about `fraction` of the rows of each family: labels (T103), ids (T104), ranges
    (T105), spans (P103, P105), references (R101, R102), semantics (M101, M103)."""
    rng = np.random.default_rng(seed)
    t = dict(tables.frames)
    t["events"] = _corrupt(t["events"], fraction, rng, type=pl.lit("STRIKES"))
    t["events"] = _corrupt(t["events"], fraction, rng, realis=pl.lit(ACTUAL),
                           date=pl.lit(dt.date(2026, 1, 1)))
    t["mentions"] = _corrupt(t["mentions"], fraction, rng, text=pl.col("text") + "x")
    t["mentions"] = _corrupt(t["mentions"], fraction, rng, entity_id=pl.lit("entity-nobody"))
    t["event_arguments"] = _corrupt(t["event_arguments"], fraction, rng,
                                    mention_id=pl.lit("m999"))
    t["event_arguments"] = _corrupt(t["event_arguments"], fraction, rng,
                                    role=pl.lit("FORUM"))
    t["stance_evidence"] = _corrupt(t["stance_evidence"], fraction, rng,
                                    start=pl.lit(-1, pl.Int32))
    t["entities"] = _corrupt(t["entities"], fraction, rng, entity_id=pl.col("entity_id") + "/x")
    return CheckTables(t)
