"""Invisible characters in source values: bidirectional controls and zero-width characters.

In an id, a label or a reference they can only be a mistake (or an attempt to make two
different ids look the same): an error. In prose fields (quotes, names, notes) real text may
carry them, so they are a warning there: a quote must keep them if the article has them."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..faults import Report, SourceLocation
from ..faults.codes import INVISIBLE_IN_ID, INVISIBLE_IN_TEXT
from .models import PROSE_FIELDS
from .yamlio import Mark, YamlList, YamlMap

EMITS = (INVISIBLE_IN_ID, INVISIBLE_IN_TEXT)

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _describe(text: str) -> str:
    found = INVISIBLE.search(text)
    assert found is not None
    char = found.group()
    return f"U+{ord(char):04X} {unicodedata.name(char, 'invisible character')}"


def _check(value: str, field: str | None, mark: Mark, shown: str, report: Report) -> None:
    if INVISIBLE.search(value):
        code = INVISIBLE_IN_TEXT if field in PROSE_FIELDS else INVISIBLE_IN_ID
        where = f"{field}: " if field else ""
        report.add(code, f"{where}{value[:40]!r} contains {_describe(value)}",
                   SourceLocation(shown, mark.line, mark.column))


def _walk(node: Any, field: str | None, mark: Mark, shown: str, report: Report) -> None:
    if isinstance(node, YamlMap):
        for key, value in node.items():
            if isinstance(key, str):
                _check(key, None, node.marks[key], shown, report)
            _walk(value, key if isinstance(key, str) else field, node.marks[key], shown, report)
    elif isinstance(node, YamlList):
        for value, item_mark in zip(node, node.marks, strict=True):
            _walk(value, field, item_mark, shown, report)
    elif isinstance(node, str):
        _check(node, field, mark, shown, report)


def invisible_characters(text: str, tree: Any, shown: str, report: Report) -> None:
    """Report every value of `tree` (parsed from `text`) with an invisible character."""
    if INVISIBLE.search(text) or "\\u" in text or "\\U" in text:  # escapes can write them
        _walk(tree, None, Mark(1, 1), shown, report)
