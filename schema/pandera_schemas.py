"""pandera (polars backend) schemas for every check table, derived from the column definitions.

Validation runs on the *logical* form of a table: labels as strings (so a fault reads
"unknown label 'STRKE'", not "17"), and list-of-struct columns unnested into child tables
(`event_arguments`, `stance_evidence`, as `columns.NESTED` declares) so every nested value is
checked too.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from .columns import FLAT_TABLES, ID_PATTERN, NESTED, TABLES, WINDOWS_RESERVED, Column, Dtype
from .pandera_polars import pa

_POLARS: dict[Dtype, pl.DataType] = {
    Dtype.STRING: pl.String(), Dtype.LARGE_STRING: pl.String(), Dtype.INT32: pl.Int32(),
    Dtype.DATE32: pl.Date(), Dtype.CLASS: pl.String(), Dtype.LIST_STRING: pl.List(pl.String),
    Dtype.LIST_INT32: pl.List(pl.Int32)}

TableSpec = tuple[tuple[Column, ...], tuple[str, ...]]  # (columns, primary key)


def _flat(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns sources state: no nested lists (they become child tables), no derived."""
    return tuple(c for c in columns if c.dtype is not Dtype.LIST_STRUCT and not c.derived)


def _check_tables() -> dict[str, TableSpec]:
    tables: dict[str, TableSpec] = {}
    for name in FLAT_TABLES:
        columns, key = TABLES[name]
        tables[name] = (_flat(columns), key)
        for nest in (n for n in NESTED if n.parent == name):
            nested = next(c for c in columns if c.name == nest.column)
            parents = tuple(c for c in columns if c.name in nest.key)
            tables[nest.child] = (_flat((*parents, *nested.fields)), nest.child_key)
    return tables


# Tables that validation checks: the flat configs, each followed by its child tables.
CHECK_TABLES: dict[str, TableSpec] = _check_tables()


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Column name -> polars dtype of a check table, for building frames from rows."""
    return {c.name: _POLARS[c.dtype] for c in CHECK_TABLES[table][0]}


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.vocab is not None:
        checks.append(pa.Check.isin(column.vocab.names))
    if column.pattern is not None:
        checks.append(pa.Check.str_matches(column.pattern))
    if column.pattern == ID_PATTERN:
        checks.append(pa.Check.notin(sorted(WINDOWS_RESERVED)))
    if column.ge is not None:
        checks.append(pa.Check.ge(column.ge))
    return checks


@cache
def schema_for(table: str) -> pa.DataFrameSchema:
    """The pandera schema of one check table (see CHECK_TABLES)."""
    columns, key = CHECK_TABLES[table]
    return pa.DataFrameSchema(
        {c.name: pa.Column(_POLARS[c.dtype], _checks(c), nullable=c.nullable)
         for c in columns},
        unique=list(key),
        strict=True,
        name=table,
    )


@cache
def row_schema_for(table: str) -> pa.DataFrameSchema:
    """The column checks of `schema_for(table)` without the key uniqueness: they hold row by
    row, so large tables can be validated in batches of rows."""
    schema = schema_for(table)
    return pa.DataFrameSchema(schema.columns, strict=True, name=table)


@cache
def key_schema_for(table: str) -> pa.DataFrameSchema:
    """Only the primary key's uniqueness, checked on the key columns of the whole table."""
    key = list(CHECK_TABLES[table][1])
    return pa.DataFrameSchema({k: pa.Column(nullable=True) for k in key}, unique=key,
                              name=table)
