"""Every view as one polars frame with its `_split` column, typed by the config's Arrow
schema (so empty nested lists and all-null columns keep their types)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import polars as pl
import pyarrow as pa

from sovereign_skies.schema.features import arrow_schema_for

from ..tables import SPLIT, CheckTables
from ..workers import ordered_map
from .folds import folds_rows
from .labels import labels_rows
from .tokens import input_chunks, rows_of_inputs, tokens_inputs

# Rows are turned into Arrow this many at a time: a Python dict per token costs about ten
# times its Arrow form, so a large corpus must never be held as Python rows all at once.
BATCH_ROWS = 2_000
# Articles per task of a worker segmenting texts for the tokens view, and the fewest that
# repay starting workers: each imports polars and spaCy (1.5 s or so) and saves about
# 0.7 ms per article on two cores; at 1,000 articles they gained nothing (build 17.5 s
# with them, 17.2 s without, medians of 3).
TOKENS_CHUNK = 500
TOKENS_PARALLEL_FROM = 3_000


def _schema(config: str) -> pa.Schema:
    return arrow_schema_for(config).append(pa.field(SPLIT, pa.string()))


def _table(config: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    schema = _schema(config)
    rows = iter(rows)
    batches = []
    while batch := list(islice(rows, BATCH_ROWS)):
        batches.append(pa.Table.from_pylist(batch, schema=schema))
    return pa.concat_tables(batches) if batches else schema.empty_table()


def _frame(config: str, rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    return pl.from_arrow(_table(config, rows))


def _tokens_table(inputs: CheckTables) -> pa.Table:
    return _table("tokens", rows_of_inputs(inputs))


def tokens_frame(tables: CheckTables) -> pl.DataFrame:
    """The tokens view, its articles segmented in worker processes when there are enough
    of them (segmentation is most of a large build's time); the same frame either way."""
    inputs = tokens_inputs(tables)
    chunks = input_chunks(inputs, TOKENS_CHUNK)
    parallel = inputs["articles"].height >= TOKENS_PARALLEL_FROM
    parts = ordered_map(_tokens_table, [(chunk,) for chunk in chunks], parallel)
    return pl.from_arrow(pa.concat_tables(parts) if parts else _schema("tokens").empty_table())


def view_frames(tables: CheckTables) -> Iterator[tuple[str, pl.DataFrame]]:
    """(config name, frame) for every config of VIEW_TABLES, each made when it is asked for."""
    yield "tokens", tokens_frame(tables)
    yield "labels", _frame("labels", labels_rows())
    yield "folds", _frame("folds", folds_rows(tables))
