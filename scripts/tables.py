"""The check tables: the pipeline's shared type, from resolving sources to every check.

One polars frame per table of `schema.pandera_schemas.CHECK_TABLES`, in logical form (labels
as strings, nested lists as child tables). Private columns travel with the rows: `_line`
and `_col`, where the row's item starts in its source file (the checks locate a fault on one
of the row's fields from there), and `_split` on articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

LINE, COLUMN, SPLIT = "_line", "_col", "_split"


@dataclass
class CheckTables:
    """The check tables by name (see schema.pandera_schemas.CHECK_TABLES)."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    # Near-duplicate sketches of `articles` (resolve/sketches.py), when already computed.
    sketches: pl.DataFrame | None = None

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]
