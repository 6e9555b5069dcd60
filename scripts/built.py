"""The release's tables as readers see them, by (config, split), read from their Parquet
when asked for.

A build reads its own files back to describe them (card, Croissant, baselines). At 100,000
articles the tables are several GB as Arrow; holding them all at once, beside the check
tables, set the peak memory of `skies build` and `skies validate`. So a table is read when
asked for and dropped by the caller, and what is asked often (row counts, sizes) is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sovereign_skies.schema.columns import TABLES, config_splits

from .layout import parquet_in

Key = tuple[str, str]  # (config, split)
Source = bytes | Path | pa.Table  # a Parquet file's bytes or path, or a table in hand
BATCH_ROWS = 65_536  # rows per batch when a caller streams a table


class Built(Mapping[Key, pa.Table]):
    """(config, split) -> the table; `tables[key]` reads the whole table each time."""

    def __init__(self, sources: Mapping[Key, Source]) -> None:
        self._sources = dict(sources)
        self._shapes: dict[Key, tuple[int, int]] = {}

    @classmethod
    def from_folder(cls, data: Path, configs: Sequence[str] = tuple(TABLES)) -> Built:
        """The Parquet files of `configs` found under a release's `data/` folder."""
        return cls({(config, split): path for config in configs
                    for split in config_splits(config)
                    if (path := parquet_in(data, config, split)).is_file()})

    def __getitem__(self, key: Key) -> pa.Table:
        return self.read(key)

    def __iter__(self) -> Iterator[Key]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, key: object) -> bool:
        return key in self._sources  # Mapping's default would read the table

    def read(self, key: Key, columns: Sequence[str] | None = None) -> pa.Table:
        source = self._sources[key]
        if isinstance(source, pa.Table):
            return source if columns is None else source.select(list(columns))
        return pq.read_table(_readable(source), columns=None if columns is None
                             else list(columns))

    def batches(self, key: Key, columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        """The table's `columns` a batch at a time: for a figure over a large column (the
        tokens of every sentence), computed without holding the column whole."""
        source = self._sources[key]
        if isinstance(source, pa.Table):
            yield from source.select(list(columns)).to_batches(BATCH_ROWS)
            return
        yield from pq.ParquetFile(_readable(source)).iter_batches(BATCH_ROWS, columns=columns)

    def first_row(self, key: Key) -> dict | None:
        """The table's first row as Python values (None when it has no rows)."""
        source = self._sources[key]
        if isinstance(source, pa.Table):
            rows = source.slice(0, 1).to_pylist()
        else:
            batch = next(pq.ParquetFile(_readable(source)).iter_batches(1), None)
            rows = batch.slice(0, 1).to_pylist() if batch is not None else []
        return rows[0] if rows else None

    def num_rows(self, key: Key) -> int:
        return self._shape(key)[0]

    def nbytes(self, key: Key) -> int:
        """The table's size in memory as Arrow (what `datasets` records as num_bytes)."""
        return self._shape(key)[1]

    def _shape(self, key: Key) -> tuple[int, int]:
        if key not in self._shapes:
            table = self.read(key)
            self._shapes[key] = (table.num_rows, table.nbytes)
        return self._shapes[key]


def _readable(source: bytes | Path) -> pa.BufferReader | Path:
    return pa.BufferReader(source) if isinstance(source, bytes) else source
