"""Where a fault on a row of a check table is fixed."""

from __future__ import annotations

from sovereign_skies.schema.pandera_schemas import CHECK_TABLES

from ..faults import SourceLocation, TableLocation
from ..layout import Layout
from ..tables import LINE, CheckTables

Key = tuple[object, ...]
Where = tuple[SourceLocation | None, TableLocation | None]


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
        return self.layout.rel(self.layout.annotation_file(str(row["article_id"])))

    def where(self, table: str, row: dict[str, object]) -> Where:
        """(source, table) locations of a row: either may be None, not both."""
        key = self.key(table, row)
        line = row.get(LINE)
        if line is None:
            line = self.source_lines.get(table, {}).get(key)
        file = self._file(table, row) if line is not None else None
        source = SourceLocation(file, int(line)) if file is not None and line is not None else None
        in_table = None
        if self.origin is not None or source is None:
            shown = f"{self.origin}:{table}" if self.origin else table
            in_table = TableLocation(shown, "/".join(str(k) for k in key)
                                     if any(k is not None for k in key) else None)
        return source, in_table

    @classmethod
    def lines_of(cls, tables: CheckTables) -> dict[str, dict[Key, int]]:
        """(table -> row key -> source line) of check tables built from sources."""
        out = {}
        for name, frame in tables.frames.items():
            key = list(CHECK_TABLES[name][1])
            if LINE in frame.columns and not frame.is_empty():
                out[name] = {tuple(r[:-1]): r[-1] for r in
                             frame.select(*key, LINE).iter_rows()}
        return out
