"""Hugging Face Features and Arrow schemas, derived from the column definitions."""

from __future__ import annotations

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from .columns import TABLES, Column, Dtype


def _feature(column: Column) -> ClassLabel | List | Value | dict:
    if column.dtype is Dtype.CLASS:
        assert column.vocab is not None
        return ClassLabel(names=column.vocab.names)
    if column.dtype is Dtype.LIST_CLASS:
        assert column.vocab is not None
        return List(ClassLabel(names=column.vocab.names))
    if column.dtype is Dtype.LIST_STRING:
        return List(Value("string"))
    if column.dtype is Dtype.LIST_INT32:
        return List(Value("int32"))
    if column.dtype is Dtype.LIST_STRUCT:
        return List({sub.name: _feature(sub) for sub in column.fields})
    return Value(str(column.dtype))


def features_for(config: str) -> Features:
    columns, _key = TABLES[config]
    return Features({column.name: _feature(column) for column in columns})


def arrow_schema_for(config: str) -> pa.Schema:
    return features_for(config).arrow_schema
