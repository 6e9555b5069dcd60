"""Where a fault is fixed, and how failing rows become faults without exhausting memory."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from sovereign_skies.schema.tables import CHECK_TABLES

from ..build import LINE, Tables
from ..faults import Report
from ..layout import Layout

Key = tuple[object, ...]


class Locator:
    """Locates a row of a check table: at `file:line` in the source it came from when that is
    known (rows built from sources carry `_line`; rows read back from Parquet are looked up
    in `source_lines`), and at `origin:table[key]` otherwise."""

    def __init__(self, layout: Layout | None, origin: str | None = None,
                 source_lines: dict[str, dict[Key, int]] | None = None) -> None:
        self.layout, self.origin = layout, origin
        self.source_lines = source_lines or {}

    @staticmethod
    def key(table: str, row: dict[str, object]) -> Key:
        return tuple(row.get(k) for k in CHECK_TABLES[table][1])

    def _file(self, table: str, row: dict[str, object]) -> str | None:
        if self.layout is None:
            return None
        if table == "entities":
            return self.layout.rel(self.layout.entities)
        if row.get("article_id") is None:
            return None
        return self.layout.rel(self.layout.annotations / f"{row['article_id']}.yaml")

    def where(self, table: str, row: dict[str, object]) -> dict[str, object]:
        key = self.key(table, row)
        line = row.get(LINE)
        if line is None:
            line = self.source_lines.get(table, {}).get(key)
        file = self._file(table, row) if line is not None else None
        out: dict[str, object] = {}
        if self.origin is not None or file is None:
            shown = f"{self.origin}:{table}" if self.origin else table
            out = {"table": shown, "row": "/".join(str(k) for k in key)
                   if any(k is not None for k in key) else None}
        if file is not None:
            out |= {"file": file, "line": line}
        return out

    @classmethod
    def lines_of(cls, tables: Tables) -> dict[str, dict[Key, int]]:
        """(table -> row key -> source line) of check tables built from sources."""
        out = {}
        for name, frame in tables.frames.items():
            key = list(CHECK_TABLES[name][1])
            if LINE in frame.columns and not frame.is_empty():
                out[name] = {tuple(r[:-1]): r[-1] for r in
                             frame.select(*key, LINE).iter_rows()}
        return out


def emit(report: Report, code: str, failing: pl.DataFrame | pl.LazyFrame, table: str,
         locate: Locator, message: Callable[[dict[str, object]], str]) -> None:
    """One fault per failing row, materializing no more rows than the report keeps; the rest
    are counted. Works the same for ten failing rows and for a million."""
    if not report.wants(code):
        return
    lazy = failing.lazy()
    room = report.room(code)
    rows = lazy.head(room).collect().to_dicts() if room else []
    for row in rows:
        report.add(code, message(row), **locate.where(table, row))
    if len(rows) == room:
        total = lazy.select(pl.len()).collect().item()
        report.suppress(code, total - len(rows))
