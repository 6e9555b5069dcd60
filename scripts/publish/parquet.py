"""Parquet bytes that are the same on every run, and atomic file writes."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# Fixed writer options: with pyarrow pinned by the lock file, the same table always gives the
# same bytes (the writer stores no timestamps).
_WRITE_OPTIONS = {"compression": "zstd", "compression_level": 9, "use_dictionary": True,
                  "write_statistics": True, "row_group_size": 64 * 1024}


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **_WRITE_OPTIONS)
    return sink.getvalue().to_pybytes()


# The temporary files of write_atomic: `.<name>.<random>.tmp` beside the file. A write killed
# half-way leaves one; the next build removes it, validate reports it, git ignores it.
TEMP_FILE = re.compile(r"^\..+\.[^.]+\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
