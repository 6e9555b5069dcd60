"""Every view as one polars frame with its `_split` column, typed by the config's Arrow
schema (so empty nested lists and all-null columns keep their types)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

import polars as pl
import pyarrow as pa

from sovereign_skies.schema.features import arrow_schema_for

from ..tables import SPLIT, CheckTables
from .folds import folds_rows
from .labels import labels_rows
from .tokens import tokens_rows

# Rows are turned into Arrow this many at a time: a Python dict per token costs about ten
# times its Arrow form, so a large corpus must never be held as Python rows all at once.
BATCH_ROWS = 2_000


def _frame(config: str, rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    schema = arrow_schema_for(config).append(pa.field(SPLIT, pa.string()))
    rows = iter(rows)
    batches = []
    while batch := list(islice(rows, BATCH_ROWS)):
        batches.append(pa.Table.from_pylist(batch, schema=schema))
    table = pa.concat_tables(batches) if batches else schema.empty_table()
    return pl.from_arrow(table)


def view_frames(tables: CheckTables) -> dict[str, pl.DataFrame]:
    """Config name -> frame, for every config of VIEW_TABLES."""
    return {"tokens": _frame("tokens", tokens_rows(tables)),
            "labels": _frame("labels", labels_rows()),
            "folds": _frame("folds", folds_rows(tables))}
