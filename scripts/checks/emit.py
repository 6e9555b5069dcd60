"""Failing rows -> faults, without exhausting memory however many rows fail."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ..faults import Code, Report
from .locate import Locator


def emit(report: Report, code: Code, failing: pl.DataFrame | pl.LazyFrame, table: str,
         locate: Locator, message: Callable[[dict[str, object]], str],
         column: str | None = None) -> None:
    """One fault per failing row, located at the row's `column` when given, materializing no
    more rows than the report keeps; the rest are counted. Works the same for ten failing
    rows and for a million."""
    if not report.wants(code):
        return
    lazy = failing.lazy()
    room = report.room(code)
    rows = lazy.head(room).collect().to_dicts() if room else []
    for row in rows:
        report.add(code, message(row), *locate.where(table, row, column))
    if len(rows) == room:
        total = lazy.select(pl.len()).collect().item()
        report.suppress(code, total - len(rows))
