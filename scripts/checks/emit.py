"""Failing rows -> faults, without exhausting memory however many rows fail."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from sovereign_skies.schema.pandera_schemas import CHECK_TABLES

from ..faults import Code, Report
from ..tables import COLUMN, LINE
from .locate import Locator

_SORTABLE = (pl.String, pl.Int32, pl.Int64, pl.UInt32, pl.UInt64, pl.Date, pl.Boolean)


def _in_source_order(failing: pl.LazyFrame, table: str) -> pl.LazyFrame:
    """The failing rows by key and source position: joins do not keep row order, and the
    same sources must give the same report, fault for fault, in the same order."""
    schema = failing.collect_schema()
    wanted = [*CHECK_TABLES[table][1], LINE, COLUMN] if table in CHECK_TABLES else []
    by = [c for c in dict.fromkeys(wanted) if c in schema]
    by = by or [c for c, dtype in schema.items() if isinstance(dtype, _SORTABLE)]
    return failing.sort(by, nulls_last=True, maintain_order=True) if by else failing


def emit(report: Report, code: Code, failing: pl.DataFrame | pl.LazyFrame, table: str,
         locate: Locator, message: Callable[[dict[str, object]], str],
         column: str | None = None) -> None:
    """One fault per failing row, located at the row's `column` when given, materializing no
    more rows than the report keeps; the rest are counted. Works the same for ten failing
    rows and for a million."""
    if not report.wants(code):
        return
    lazy = _in_source_order(failing.lazy(), table)
    room = report.room(code)
    rows = lazy.head(room).collect().to_dicts() if room else []
    for row in rows:
        report.add(code, message(row), *locate.where(table, row, column))
    if len(rows) == room:
        total = lazy.select(pl.len()).collect().item()
        report.suppress(code, total - len(rows))
