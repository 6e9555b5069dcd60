"""Versions that cannot understate a change. A release is recorded as its signature (the
Features of every config, every label set in order, the article ids and the hash of every
data file) in `cards/releases/VERSION.json`; `skies release --check` compares the current
build with the latest recorded release and refuses a version that bumps less than the change
needs (the rule the card states):

- major: a config, field or label removed or renamed, a field's type changed, or labels
  reordered (a ClassLabel integer would then mean another label);
- minor: a config, field, label or article added;
- patch: anything else that changes a data file (corrections).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from sovereign_skies.schema.columns import TABLES
from sovereign_skies.schema.features import features_for
from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES

from ..layout import Layout
from .parquet import write_atomic

VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# The changelog's entries: `## 0.1.0 (unreleased)` or `## 0.1.0 (2026-12-02)`.
CHANGELOG_ENTRY = re.compile(r"^## (\S+)(?: \((.*)\))?$", re.MULTILINE)


class Bump(IntEnum):
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


def parse_version(text: str) -> tuple[int, int, int]:
    match = VERSION.match(text)
    if match is None:
        raise ValueError(f"version {text!r} is not MAJOR.MINOR.PATCH (semantic versioning)")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def signature(layout: Layout) -> dict[str, Any]:
    """What a release promises its users, from the built files on disk."""
    files = sorted(layout.data.glob("*/*.parquet"))
    articles = sorted({a for p in files if p.parent.name == "articles"
                       for a in pq.read_table(p, columns=["article_id"])["article_id"]
                       .to_pylist()})
    return {
        "configs": {config: features_for(config).to_dict() for config in TABLES},
        "labels": {v.key: list(v.names) for v in PUBLISHED_VOCABULARIES},
        "articles": articles,
        "files": {layout.rel(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
    }


@dataclass(frozen=True)
class Change:
    bump: Bump
    what: str


def _fields(features: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Field path -> its feature without nested fields (a struct's fields are paths too)."""
    out: dict[str, Any] = {}
    for name, feature in features.items():
        path = f"{prefix}{name}"
        inner = feature.get("feature") if isinstance(feature, dict) else None
        if isinstance(inner, dict) and "_type" not in inner:  # a list of structs
            out[path] = {"_type": "List", "of": "struct"}
            out.update(_fields(inner, f"{path}[]."))
        else:
            out[path] = feature
    return out


def _label_names(feature: Any) -> list[str] | None:
    if isinstance(feature, dict):
        if feature.get("_type") == "ClassLabel":
            return list(feature["names"])
        if isinstance(feature.get("feature"), dict):
            return _label_names(feature["feature"])
    return None


def _without_labels(feature: Any) -> Any:
    """The feature with its ClassLabel names left out: label changes are judged apart."""
    if isinstance(feature, dict):
        return {k: _without_labels(v) for k, v in feature.items() if k != "names"}
    return feature


def _schema_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = [Change(Bump.MAJOR, f"config {c!r} removed") for c in old if c not in new]
    changes += [Change(Bump.MINOR, f"config {c!r} added") for c in new if c not in old]
    for config in sorted(set(old) & set(new)):
        before, after = _fields(old[config]), _fields(new[config])
        for path in sorted(set(before) - set(after)):
            changes.append(Change(Bump.MAJOR, f"field {config}.{path} removed or renamed"))
        for path in sorted(set(after) - set(before)):
            changes.append(Change(Bump.MINOR, f"field {config}.{path} added"))
        for path in sorted(set(before) & set(after)):
            if _without_labels(before[path]) != _without_labels(after[path]):
                changes.append(Change(Bump.MAJOR, f"field {config}.{path}: type changed"))
    return changes


def _label_changes(old: Mapping[str, list[str]], new: Mapping[str, list[str]]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key, []), new.get(key, [])
        removed = [n for n in before if n not in after]
        if removed:
            changes.append(Change(Bump.MAJOR, f"labels of {key} removed or renamed: "
                                              f"{', '.join(removed)}"))
        elif after[:len(before)] != before:
            changes.append(Change(Bump.MAJOR, f"labels of {key} reordered (their ClassLabel "
                                              "integers change)"))
        elif len(after) > len(before):
            changes.append(Change(Bump.MINOR, f"labels of {key} added: "
                                              f"{', '.join(after[len(before):])}"))
    return changes


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from release `old` to `new` (signatures), with the bump it needs."""
    found = _schema_changes(old["configs"], new["configs"])
    found += _label_changes(old["labels"], new["labels"])
    removed = sorted(set(old["articles"]) - set(new["articles"]))
    added = sorted(set(new["articles"]) - set(old["articles"]))
    if removed:
        found.append(Change(Bump.MAJOR, f"articles removed: {', '.join(removed)}"))
    if added:
        found.append(Change(Bump.MINOR, f"articles added: {', '.join(added)}"))
    edited = sorted(p for p, h in new["files"].items() if old["files"].get(p, h) != h)
    if edited:
        more = " …" if len(edited) > 3 else ""
        found.append(Change(Bump.PATCH, f"{len(edited)} data file(s) changed: "
                                        f"{', '.join(edited[:3])}{more}"))
    return found


def required(old_version: str, bump: Bump) -> tuple[int, int, int]:
    """The lowest version a change of size `bump` may be released as."""
    major, minor, patch = parse_version(old_version)
    return {Bump.NONE: (major, minor, patch), Bump.PATCH: (major, minor, patch + 1),
            Bump.MINOR: (major, minor + 1, 0), Bump.MAJOR: (major + 1, 0, 0)}[bump]


def releases(layout: Layout) -> dict[str, Path]:
    """Recorded releases, version -> signature file, oldest first."""
    found = {p.stem: p for p in layout.releases.glob("*.json") if VERSION.match(p.stem)}
    return dict(sorted(found.items(), key=lambda item: parse_version(item[0])))


@dataclass(frozen=True)
class Verdict:
    version: str
    previous: str | None
    changes: list[Change]
    problems: list[str]


def check(layout: Layout, version: str) -> Verdict:
    """Is `version` a truthful version for the current build? (`problems` empty: yes.)"""
    problems = []
    try:
        parse_version(version)
    except ValueError as exc:
        return Verdict(version, None, [], [str(exc)])
    entry = changelog_version(layout)
    if entry != version:
        problems.append(f"{layout.rel(layout.changelog)}: its latest entry is {entry!r}, not "
                        f"the version {version!r}: add a `## {version}` section")
    recorded = releases(layout)
    if not recorded:
        return Verdict(version, None, [], problems)
    previous = list(recorded)[-1]
    try:
        old = json.loads(recorded[previous].read_text(encoding="utf-8"))
        found = changes(old, signature(layout))
    except (ValueError, KeyError, TypeError) as exc:
        return Verdict(version, previous, [], [
            f"{layout.rel(recorded[previous])}: not a release record skies wrote ({exc!r}); "
            "restore it from git"])
    bump = max((c.bump for c in found), default=Bump.NONE)
    if parse_version(version) < parse_version(previous):
        problems.append(f"version {version} is lower than the last release, {previous}")
    elif version == previous and bump is not Bump.NONE:
        problems.append(f"{version} is released already and the build changed: release it as "
                        f"{'.'.join(map(str, required(previous, bump)))} or higher")
    elif parse_version(version) < required(previous, bump):
        problems.append(f"version {version} understates the change since {previous} (a "
                        f"{bump.name.lower()} change): release it as "
                        f"{'.'.join(map(str, required(previous, bump)))} or higher")
    return Verdict(version, previous, found, problems)


def changelog_version(layout: Layout) -> str | None:
    """The version of the changelog's first entry."""
    if not layout.changelog.is_file():
        return None
    match = CHANGELOG_ENTRY.search(layout.changelog.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def record(layout: Layout, version: str) -> Path:
    """Write the current build's signature as release `version`."""
    path = layout.releases / f"{version}.json"
    write_atomic(path, (json.dumps(signature(layout), indent=1, sort_keys=True) + "\n")
                 .encode("utf-8"))
    return path
