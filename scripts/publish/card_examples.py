"""One example instance per config for the card: the config's first row as `load_dataset`
gives it, long texts and long lists cut visibly, with the names of its ClassLabel integers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from datasets import ClassLabel, Features, List

from sovereign_skies.schema.columns import TABLES, TEXTFREE, config_splits
from sovereign_skies.schema.features import features_for

from ..built import Built

MAX_CHARS = 160  # a longer string is cut here
MAX_ITEMS = 2  # a longer list of rows shows its first ones and a count of the rest
MAX_VALUES = 12  # ... and a longer list of values (tokens, tags, offsets)


@dataclass(frozen=True)
class Example:
    config: str
    split: str
    json: str
    class_labels: list[tuple[str, list[tuple[int, str]]]]  # field path -> (value, name)


def _cut(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_CHARS:
        return f"{value[:MAX_CHARS]}… [{len(value) - MAX_CHARS} more characters]"
    if isinstance(value, list):
        limit = MAX_ITEMS if any(isinstance(v, dict) for v in value) else MAX_VALUES
        shown = [_cut(v) for v in value[:limit]]
        rest = len(value) - limit
        more = f"… [{rest} more item{'s' if rest > 1 else ''}]"
        return [*shown, more] if rest > 0 else shown
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _labels(feature: Any, value: Any, path: str,
            out: dict[str, dict[int, str]]) -> None:
    """Collect (path -> integer -> name) for every ClassLabel value shown in `value`."""
    if isinstance(feature, ClassLabel):
        if isinstance(value, int):
            out.setdefault(path, {})[value] = feature.int2str(value)
    elif isinstance(feature, List):
        for item in value if isinstance(value, list) else []:
            _labels(feature.feature, item, f"{path}[]", out)
    elif isinstance(feature, dict | Features) and isinstance(value, dict):
        for name, sub in feature.items():
            _labels(sub, value.get(name), f"{path}.{name}" if path else name, out)


def _json(value: Any, indent: str = "") -> str:
    """JSON with one field per line, but a list of values (tokens, tags) on one line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


def example(tables: Built, config: str) -> Example | None:
    """The first row of the config's first split that has rows."""
    split = next((s for s in config_splits(config) if (config, s) in tables), None)
    if split is None:
        return None
    row = tables.first_row((config, split))
    if row is None:
        return None
    shown = _cut(row)
    found: dict[str, dict[int, str]] = {}
    _labels(features_for(config), shown, "", found)
    return Example(config, split, _json(shown),
                   [(path, sorted(values.items())) for path, values in found.items()])


def examples(tables: Built) -> list[Example]:
    """The first row of every config; a text-free variant's is its config's, less the text."""
    return [e for config in TABLES if config not in TEXTFREE
            and (e := example(tables, config)) is not None]
