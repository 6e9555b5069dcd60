"""C101: the card's YAML header holds only what the Hugging Face Hub allows, checked offline
against the lists in schema/hub_metadata.py (the Hub's own validation needs the network).
Each fault names the field and the line of the card where the value stands."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from sovereign_skies.schema.hub_metadata import (
    ALLOWED,
    CUSTOM_LICENSE,
    LICENSE_NAME_PATTERN,
    TASKS,
)

from ..faults import Report, SourceLocation
from ..faults.codes import CARD_METADATA_INVALID

EMITS = (CARD_METADATA_INVALID,)

# The fields the card must state: what the Hub's dataset filters and the Datasheets ask.
REQUIRED = ("annotations_creators", "language_creators", "language", "license",
            "multilinguality", "size_categories", "source_datasets", "task_categories")
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"  # an ISO 639-1 or 639-3 code
# `original`, `extended`, `extended|<dataset>` or the Hub id of a source dataset.
SOURCE_DATASET_PATTERN = r"^(original|extended|(extended\|)?[\w.-]+(/[\w.-]+)?)$"
HEADER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)

Fault = tuple[str, str, str | None]  # (field, message, the offending value)


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _listed(meta: Mapping[str, Any]) -> list[Fault]:
    faults: list[Fault] = []
    for name, allowed in ALLOWED.items():
        for value in _values(meta.get(name, [])):
            if value not in allowed:
                faults.append((name, f"{name}: {value!r} is not a value the Hub allows",
                               str(value)))
    for name, pattern in (("language", LANGUAGE_PATTERN),
                          ("source_datasets", SOURCE_DATASET_PATTERN)):
        for value in _values(meta.get(name, [])):
            if not isinstance(value, str) or not re.fullmatch(pattern, value):
                faults.append((name, f"{name}: {value!r} is not of the form the Hub expects",
                               str(value)))
    return faults


def _task_ids(meta: Mapping[str, Any]) -> list[Fault]:
    categories = [c for c in _values(meta.get("task_categories", [])) if c in TASKS]
    ids = {t for c in categories for t in TASKS[c]}
    return [("task_ids", f"task_ids: {t!r} belongs to none of the task categories "
             f"{', '.join(categories) or '(none)'}", str(t))
            for t in _values(meta.get("task_ids", []))
            if t in ALLOWED["task_ids"] and t not in ids]


def _license(meta: Mapping[str, Any], is_file: Callable[[str], bool] | None) -> list[Fault]:
    if meta.get("license") != CUSTOM_LICENSE:
        return []
    faults: list[Fault] = []
    name, link = meta.get("license_name"), meta.get("license_link")
    if not isinstance(name, str) or not re.fullmatch(LICENSE_NAME_PATTERN, name):
        faults.append(("license_name", f"license_name: {name!r} is not an id such as "
                       "`my-license-1.0`, which `license: other` needs", None))
    if not isinstance(link, str) or not link:
        faults.append(("license_link", "license_link is missing: `license: other` needs the "
                       "licence's file (LICENSE) or URL", None))
    elif is_file is not None and "://" not in link and not is_file(link):
        faults.append(("license_link", f"license_link: {link!r} is no file of the dataset "
                       "folder", link))
    return faults


def metadata_faults(meta: Mapping[str, Any], is_file: Callable[[str], bool] | None = None
                    ) -> list[Fault]:
    """Every value of `meta` (a card's YAML header) outside the Hub's lists, with its field;
    `is_file` tells whether a relative `license_link` names a file of the dataset folder."""
    missing: list[Fault] = [(name, f"{name} is missing: the card must state it", None)
                            for name in REQUIRED if not meta.get(name)]
    return missing + _listed(meta) + _task_ids(meta) + _license(meta, is_file)


def _lines(header: str, first_line: int) -> dict[tuple[str, str | None], int]:
    """(field, value) and (field, None) -> the card line where it stands."""
    node = yaml.compose(header, Loader=yaml.SafeLoader)
    lines: dict[tuple[str, str | None], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        field = str(key.value)
        lines[field, None] = first_line + key.start_mark.line
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if isinstance(item, yaml.ScalarNode):
                lines.setdefault((field, str(item.value)), first_line + item.start_mark.line)
    return lines


def card_metadata_checks(text: str, shown: str, report: Report,
                         is_file: Callable[[str], bool] | None = None) -> None:
    """C101 for every disallowed value of the card `text`, located at `shown`:line."""
    match = HEADER.match(text)
    if match is None:
        report.add(CARD_METADATA_INVALID, "the card has no YAML header between `---` lines",
                   SourceLocation(shown, 1))
        return
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        report.add(CARD_METADATA_INVALID, f"the card's YAML header does not parse: {exc}",
                   SourceLocation(shown, 1))
        return
    if not isinstance(meta, dict):
        report.add(CARD_METADATA_INVALID, "the card's YAML header is not a mapping",
                   SourceLocation(shown, 1))
        return
    lines = _lines(match.group(1), first_line=2)
    for field, message, value in metadata_faults(meta, is_file):
        line = lines.get((field, value), lines.get((field, None), 1))
        report.add(CARD_METADATA_INVALID, message, SourceLocation(shown, line))
