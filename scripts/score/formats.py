"""Prediction files -> records, each with the place it came from (`file:line` for JSONL,
`file: row N` for Parquet, rows numbered from 0 as pyarrow and polars number them).

JSONL: one JSON object per line (blank lines are skipped), labels written as names.
Parquet: the published table of the task's config (`mentions`, `events`, `stances`), as a
model can emit it: labels as names or as the release's ClassLabel integers; columns the
scorer does not use are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .gold import ScoreError
from .items import Event, Item, Mention

SUFFIXES = (".jsonl", ".parquet")


@dataclass(frozen=True)
class Record:
    where: str  # "preds.jsonl:3" or "preds.parquet: row 3"
    values: dict[str, Any]


@dataclass(frozen=True)
class Records:
    records: list[Record]
    problems: list[str]
    class_ids: bool  # ClassLabel integers accepted for labels (Parquet, as published)


def _jsonl(path: Path, data: bytes) -> Records:
    records, problems = [], []
    for number, raw in enumerate(data.split(b"\n"), 1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError as exc:
            problems.append(f"{where}: not UTF-8 (byte {exc.start + 1} of the line)")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a JSON object, found {type(value).__name__}")
            continue
        records.append(Record(where, value))
    return Records(records, problems, class_ids=False)


def _parquet(path: Path) -> Records:
    try:
        rows = pq.read_table(path).to_pylist()
    except Exception as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise ScoreError([f"{path}: cannot read as Parquet: {first}"]) from None
    return Records([Record(f"{path}: row {i}", row) for i, row in enumerate(rows)], [],
                   class_ids=True)


def read_records(path: Path) -> Records:
    """The records of a prediction file; the format is told by its suffix."""
    if path.suffix not in SUFFIXES:
        raise ScoreError([f"{path}: unknown prediction format {path.suffix or '(no suffix)'!r}:"
                          f" write {' or '.join(SUFFIXES)}"])
    if not path.is_file():
        raise ScoreError([f"{path}: no such file"])
    if path.suffix == ".parquet":
        return _parquet(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScoreError([f"{path}: cannot read: {exc.strerror}"]) from None
    return _jsonl(path, data)


def record_of(item: Item) -> dict[str, Any]:
    """An item as a JSONL object of the documented format."""
    if isinstance(item, Mention):
        return {"article_id": item.article_id, "start": item.start, "end": item.end,
                "type": item.type}
    if isinstance(item, Event):
        return {"article_id": item.article_id, "type": item.type,
                "trigger_start": item.trigger_start, "trigger_end": item.trigger_end,
                "arguments": [{"role": a.role, "start": a.start, "end": a.end}
                              for a in item.arguments]}
    return {"article_id": item.article_id, "holder_entity_id": item.holder_entity_id,
            "target": item.target, "label": item.label}


def jsonl(items: Iterable[Item]) -> str:
    """Items as a JSONL prediction file (keys sorted, so the same items give the same bytes)."""
    return "".join(json.dumps(record_of(item), ensure_ascii=False, sort_keys=True) + "\n"
                   for item in items)
