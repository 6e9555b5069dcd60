"""Table checks with pandera (polars backend): types, nulls, vocabularies, formats, ranges,
uniqueness and composite keys, for every check table."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from sovereign_skies.schema.tables import (
    CHECK_TABLES,
    key_schema_for,
    row_schema_for,
    schema_for,
)

from ..build import LINE, Tables
from ..faults import Report
from .locate import Locator, emit

_CODES = (("dtype(", "T101"), ("not_nullable", "T102"), ("isin(", "T103"),
          ("str_matches(", "T104"), ("greater_than", "T105"), ("uniqueness", "T106"),
          ("unique", "T106"), ("column_in", "T107"))


def code_of(check: str) -> str:
    return next((code for needle, code in _CODES if needle in check), "T199")


ROW_BATCH = 500_000  # rows validated at once: memory stays bounded for large tables


def table_checks(tables: Tables, locate: Locator, report: Report) -> None:
    for name, frame in tables.frames.items():
        checked = frame.select([c for c in frame.columns if c in schema_for(name).columns])
        if frame.height <= ROW_BATCH:
            _validate(schema_for(name), name, frame, checked, 0, locate, report)
            continue
        for offset in range(0, frame.height, ROW_BATCH):
            _validate(row_schema_for(name), name, frame, checked.slice(offset, ROW_BATCH),
                      offset, locate, report)
        key = key_schema_for(name)
        _validate(key, name, frame, checked.select(list(key.columns)), 0, locate, report)


def _validate(schema: pa.DataFrameSchema, name: str, frame: pl.DataFrame,
              rows: pl.DataFrame, offset: int, locate: Locator, report: Report) -> None:
    try:
        schema.validate(rows, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.with_columns(pl.col("index") + offset)
        _report_cases(name, frame, cases, locate, report)


def _report_cases(name: str, frame: pl.DataFrame, cases: pl.DataFrame, locate: Locator,
                  report: Report) -> None:
    for (column, check), group in cases.group_by(["column", "check"], maintain_order=True):
        code = code_of(str(check))
        located = group.filter(pl.col("index").is_not_null())
        if located.height < group.height:  # whole-column faults (dtype, missing column)
            for case in group.filter(pl.col("index").is_null()).head(3).to_dicts():
                report.add(code, f"{name}.{column}: {case['failure_case']!r} fails {check}",
                           **locate.where(name, {}))
        if located.is_empty():
            continue
        rows = (frame.with_row_index("_index")
                .join(located.select(pl.col("index").cast(pl.UInt32).alias("_index"),
                                     "failure_case"), on="_index", how="inner")
                .sort("_index"))
        keep = [c for c in rows.columns if c in {*schema_for(name).columns, LINE,
                                                   "failure_case"}]
        emit(report, code, rows.select(keep), name, locate,
             _duplicate_key(name) if code == "T106" else
             lambda r, column=column, check=check: f"{name}.{column}: {r['failure_case']!r} "
             f"fails {check}")


def _duplicate_key(name: str):
    key = CHECK_TABLES[name][1]
    return lambda r: (f"{name}: key ({', '.join(key)}) = "
                      f"({', '.join(repr(r[k]) for k in key)}) occurs more than once")
