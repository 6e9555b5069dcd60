"""Table checks with pandera (polars backend): types, nulls, vocabularies, formats, ranges,
uniqueness and composite keys, for every check table.

A pandera failure is mapped to a code by pandera's own reason code and, for value checks, the
name of the check that failed; anything pandera adds later is T199, never silence."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.pandera_polars import pa
from sovereign_skies.schema.pandera_schemas import (
    CHECK_TABLES,
    key_schema_for,
    row_schema_for,
    schema_for,
)

from ..faults import Code, Report
from ..faults.codes import (
    BAD_FORMAT,
    DUPLICATE_KEY,
    MISSING_COLUMN,
    NULL_VALUE,
    OUT_OF_RANGE,
    TABLE_SCHEMA,
    UNKNOWN_LABEL,
    WRONG_DTYPE,
)
from ..tables import COLUMN, LINE, CheckTables
from .emit import emit
from .locate import Locator

EMITS = (WRONG_DTYPE, NULL_VALUE, UNKNOWN_LABEL, BAD_FORMAT, OUT_OF_RANGE, DUPLICATE_KEY,
         MISSING_COLUMN, TABLE_SCHEMA)

Reason = pa.errors.SchemaErrorReason

_BY_REASON: dict[Reason, Code] = {
    Reason.WRONG_DATATYPE: WRONG_DTYPE,
    Reason.SERIES_CONTAINS_NULLS: NULL_VALUE,
    Reason.DUPLICATES: DUPLICATE_KEY,
    Reason.COLUMN_NOT_IN_DATAFRAME: MISSING_COLUMN,
    Reason.COLUMN_NOT_IN_SCHEMA: MISSING_COLUMN,
}
# Value checks (reason DATAFRAME_CHECK) by the name of the pandera check built in
# schema/pandera_schemas.py. A check that could not run at all (CHECK_ERROR) is T199.
_BY_CHECK: dict[str, Code] = {"isin": UNKNOWN_LABEL, "str_matches": BAD_FORMAT,
                              "notin": BAD_FORMAT, "greater_than_or_equal_to": OUT_OF_RANGE}


def code_of(reason: Reason, check_name: str | None) -> Code:
    if reason is Reason.DATAFRAME_CHECK and check_name in _BY_CHECK:
        return _BY_CHECK[check_name]
    return _BY_REASON.get(reason, TABLE_SCHEMA)


ROW_BATCH = 500_000  # rows validated at once: memory stays bounded for large tables


def table_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    _check(tables, [name for name in tables.frames if name != "entities"], locate, report)


def registry_table_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """The registry's table alone: it is checked once per run, not with each article."""
    _check(tables, ["entities"], locate, report)


def _check(tables: CheckTables, names: list[str], locate: Locator, report: Report) -> None:
    for name in names:
        frame = tables[name]
        checked = frame.select([c for c in frame.columns if c in schema_for(name).columns])
        if frame.height <= ROW_BATCH:
            _validate(schema_for(name), name, frame, checked, 0, locate, report)
            continue
        for offset in range(0, frame.height, ROW_BATCH):
            _validate(row_schema_for(name), name, frame, checked.slice(offset, ROW_BATCH),
                      offset, locate, report)
        key = key_schema_for(name)
        _validate(key, name, frame, checked.select(list(key.columns)), 0, locate, report)


Codes = dict[tuple[str | None, str], Code]


def _codes(exc: pa.errors.SchemaErrors) -> Codes:
    """(column, check as failure_cases shows it) -> code, from pandera's schema errors. A
    frame-wide failure (uniqueness, a missing column) has no column of its own: it is also
    entered under (None, check)."""
    out: Codes = {}
    for error in exc.schema_errors:
        check = error.check
        shown, name = ((check.error, check.name) if isinstance(check, pa.Check)
                       else (str(check), None))
        code = code_of(error.reason_code, name)
        out[error.column_name, shown] = code
        out.setdefault((None, shown), code)
    return out


def _validate(schema: pa.DataFrameSchema, name: str, frame: pl.DataFrame,
              rows: pl.DataFrame, offset: int, locate: Locator, report: Report) -> None:
    try:
        schema.validate(rows, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.with_columns(pl.col("index") + offset)
        _report_cases(name, frame, cases, _codes(exc), locate, report)


def _report_cases(name: str, frame: pl.DataFrame, cases: pl.DataFrame,
                  codes: Codes, locate: Locator,
                  report: Report) -> None:
    for (column, check), group in cases.group_by(["column", "check"], maintain_order=True):
        code = codes.get((column, check)) or codes.get((None, check), TABLE_SCHEMA)
        located = group.filter(pl.col("index").is_not_null())
        if located.height < group.height:  # whole-column faults (dtype, missing column)
            for case in group.filter(pl.col("index").is_null()).head(3).to_dicts():
                report.add(code, f"{name}.{column}: {case['failure_case']!r} fails {check}",
                           *locate.where(name, {}))
        if located.is_empty():
            continue
        rows = (frame.with_row_index("_index")
                .join(located.select(pl.col("index").cast(pl.UInt32).alias("_index"),
                                     "failure_case"), on="_index", how="inner")
                .sort("_index"))
        keep = [c for c in rows.columns if c in {*schema_for(name).columns, LINE, COLUMN,
                                                   "failure_case"}]
        emit(report, code, rows.select(keep), name, locate,
             _duplicate_key(name) if code is DUPLICATE_KEY else
             lambda r, column=column, check=check: f"{name}.{column}: {r['failure_case']!r} "
             f"fails {check}", column=None if code is DUPLICATE_KEY else column)


def _duplicate_key(name: str):
    key = CHECK_TABLES[name][1]
    return lambda r: (f"{name}: key ({', '.join(key)}) = "
                      f"({', '.join(repr(r[k]) for k in key)}) occurs more than once")
