"""pandera (polars backend) schemas for every table, derived from the column definitions.

Validation runs on the *logical* form of a table: labels as strings (so a fault reads
"unknown label 'STRKE'", not "17"), and list-of-struct columns unnested into child tables
(`event_arguments`, `stance_evidence`) so every nested value is checked too.
"""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl

from .columns import ARTICLE_ID, EVENTS, STANCES, TABLES, Column

_POLARS = {"string": pl.String, "large_string": pl.String, "int32": pl.Int32,
           "date32": pl.Date, "class": pl.String, "list:string": pl.List(pl.String)}


def _child(parent: str, column: str, key: tuple[str, ...]) -> tuple[tuple[Column, ...],
                                                                   tuple[str, ...]]:
    columns, parent_key = TABLES[parent]
    nested = next(c for c in columns if c.name == column)
    parents = tuple(c for c in columns if c.name in parent_key)
    return _flat((*parents, *nested.fields)), key


def _flat(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(c for c in columns if c.dtype != "list:struct" and not c.derived)


# Tables that validation checks: the flat configs with nested lists split off into children.
CHECK_TABLES: dict[str, tuple[tuple[Column, ...], tuple[str, ...]]] = {
    "articles": TABLES["articles"],
    "entities": TABLES["entities"],
    "mentions": (_flat(TABLES["mentions"][0]), TABLES["mentions"][1]),
    "events": (_flat(EVENTS), TABLES["events"][1]),
    "event_arguments": _child("events", "arguments",
                              ("article_id", "event_id", "role", "mention_id")),
    "stances": (_flat(STANCES), TABLES["stances"][1]),
    "stance_evidence": _child("stances", "evidence", ("article_id", "stance_id", "start", "end")),
}
assert ARTICLE_ID in CHECK_TABLES["event_arguments"][0]


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Column name -> polars dtype of a check table, for building frames from rows."""
    return {c.name: _POLARS[c.dtype] for c in CHECK_TABLES[table][0]}


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.vocab is not None:
        checks.append(pa.Check.isin(column.vocab.names))
    if column.pattern is not None:
        checks.append(pa.Check.str_matches(column.pattern))
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
