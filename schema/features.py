"""Hugging Face Features and Arrow schemas, derived from the column definitions."""

from __future__ import annotations

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from .columns import TABLES, Column

_VALUE = {"string": "string", "large_string": "large_string", "int32": "int32",
          "date32": "date32"}


def _feature(column: Column):
    if column.dtype == "class":
        assert column.vocab is not None
        return ClassLabel(names=column.vocab.names)
    if column.dtype == "list:string":
        return List(Value("string"))
    if column.dtype == "list:struct":
        return List({sub.name: _feature(sub) for sub in column.fields})
    return Value(_VALUE[column.dtype])


def features_for(config: str) -> Features:
    columns, _key = TABLES[config]
    return Features({column.name: _feature(column) for column in columns})


def arrow_schema_for(config: str) -> pa.Schema:
    return features_for(config).arrow_schema
