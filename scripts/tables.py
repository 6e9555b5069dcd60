"""The check tables: the pipeline's shared type, from resolving sources to every check.

One polars frame per table of `schema.pandera_schemas.CHECK_TABLES`, in logical form (labels
as strings, nested lists as child tables). Two private columns travel with the rows: `_line`,
the line of the row in its source file, and `_split` on articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

LINE, SPLIT = "_line", "_split"


@dataclass
class CheckTables:
    """The check tables by name (see schema.pandera_schemas.CHECK_TABLES)."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]
