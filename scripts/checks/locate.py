"""Where a fault on a row of a check table is fixed: the line and column of the field in the
source file a person edits, when the row came from one."""

from __future__ import annotations

from typing import Any

from sovereign_skies.schema.pandera_schemas import CHECK_TABLES

from ..faults import Report, SourceLocation, TableLocation
from ..layout import Layout
from ..read.files import Unreadable, read_text
from ..read.yamlio import Mark, YamlList, YamlMap, mark_of, parse_yaml
from ..resolve.rows import SOURCE_FIELDS
from ..tables import COLUMN, LINE, CheckTables

Key = tuple[object, ...]
Where = tuple[SourceLocation | None, TableLocation | None]


def _items(node: Any, index: dict[Mark, YamlMap]) -> dict[Mark, YamlMap]:
    """Every mapping of a parsed file by the mark where it starts."""
    if isinstance(node, YamlMap):
        index.setdefault(node.mark, node)
        for value in node.values():
            _items(value, index)
    elif isinstance(node, YamlList):
        for value in node:
            _items(value, index)
    return index


class Locator:
    """Locates a row of a check table: at `file:line:column` of the field in the source it
    came from when that is known (rows built from sources carry the mark of their item; rows
    read back from Parquet are looked up in `source_marks`), and at `origin:table[key]`
    otherwise."""

    def __init__(self, layout: Layout | None, origin: str | None = None,
                 sources: CheckTables | None = None) -> None:
        self.layout, self.origin = layout, origin
        self.sources = sources  # the tables built from sources, for rows without a mark
        self._marks: dict[str, dict[Key, Mark]] = {}
        self._files: dict[str, dict[Mark, YamlMap]] = {}

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

    def _index(self, file: str) -> dict[Mark, YamlMap]:
        """The mappings of a source file by mark (parsed again, once, on the first fault)."""
        if file not in self._files:
            assert self.layout is not None
            scratch = Report()  # its faults are reported where the file is read
            try:
                text = read_text(self.layout.root / file, file, scratch)
                self._files[file] = _items(parse_yaml(text, file, scratch), {})
            except Unreadable:
                self._files[file] = {}
        return self._files[file]

    def _field(self, file: str, item: Mark, table: str, column: str | None) -> Mark:
        if column is None:
            return item
        node = self._index(file).get(item)
        path = SOURCE_FIELDS.get(table, {}).get(column, (column,))
        if node is None or path[0] not in node:
            return item
        return mark_of(node, path) or item

    def _item(self, table: str, row: dict[str, object]) -> Mark | None:
        line, column = row.get(LINE), row.get(COLUMN)
        if line is not None:
            return Mark(int(line), int(column) if column is not None else 0)
        key = self.key(table, row)
        if all(k is None for k in key):  # a fault about the whole table: no row to look up
            return None
        return self._source_marks(table).get(key)

    def _source_marks(self, table: str) -> dict[Key, Mark]:
        """Row key -> mark of its source item, for one table (built on its first fault)."""
        if table not in self._marks:
            frame = self.sources.frames.get(table) if self.sources is not None else None
            key = list(CHECK_TABLES[table][1])
            marks = {}
            if frame is not None and {LINE, COLUMN} <= set(frame.columns):
                marks = {tuple(r[:-2]): Mark(r[-2], r[-1]) for r in
                         frame.select(*key, LINE, COLUMN).iter_rows() if r[-2] is not None}
            self._marks[table] = marks
        return self._marks[table]

    def where(self, table: str, row: dict[str, object], column: str | None = None) -> Where:
        """(source, table) locations of a row, at `column` when given: either may be None,
        not both."""
        key = self.key(table, row)
        item = self._item(table, row)
        file = self._file(table, row) if item is not None else None
        source = None
        if file is not None and item is not None:
            mark = self._field(file, item, table, column) if item.column else item
            source = SourceLocation(file, mark.line, mark.column or None)
        in_table = None
        if self.origin is not None or source is None:
            shown = f"{self.origin}:{table}" if self.origin else table
            in_table = TableLocation(shown, "/".join(str(k) for k in key)
                                     if any(k is not None for k in key) else None)
        return source, in_table
