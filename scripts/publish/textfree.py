"""The text-free variants of the configs that hold the publishers' text (`TEXTFREE` in
schema/columns.py): the same rows without any column whose values are article text
(`Column.text_source`), nested fields included. `hydrate.py` puts those columns back."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.columns import TABLES, Column, Dtype


def _kept(expr: pl.Expr, column: Column) -> pl.Expr:
    """`expr` (the values of `column`) with every text field of its nested rows left out."""
    if column.dtype is not Dtype.LIST_STRUCT:
        return expr
    fields = [_kept(pl.element().struct.field(f.name), f).alias(f.name)
              for f in column.fields if f.text_source is None]
    return expr.list.eval(pl.struct(fields))


def textfree_frame(full: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of config `full` (with any private columns, such as the split) as its
    text-free variant has them."""
    columns = TABLES[full][0]
    text = [c.name for c in columns if c.text_source is not None]
    nested = [c for c in columns if c.text_source is None and c.dtype is Dtype.LIST_STRUCT]
    return frame.drop(text).with_columns(_kept(pl.col(c.name), c).alias(c.name)
                                         for c in nested)

