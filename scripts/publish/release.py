"""The release (Parquet per config and split, the card, agreement.json, the generated docs)
built in memory from checked tables, then written or compared with what is committed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..layout import Layout
from ..tables import CheckTables
from .card import render_card
from .codec import release_tables
from .docs import render_checks_page, render_guidelines
from .parquet import parquet_bytes, write_atomic


@dataclass
class Release:
    files: dict[Path, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Difference:
    """A committed file that is not what a fresh build gives."""

    path: str  # relative to the repository root
    reason: str  # "missing", "differs from a fresh build" or "not produced by the build"


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, Mapping):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def figures_json(figures: Mapping[str, Any]) -> str:
    """agreement.json: the figures to 4 decimals, keys sorted, so rebuilds are identical."""
    return json.dumps(_rounded(figures), indent=2, sort_keys=True) + "\n"


def release_from(tables: CheckTables, layout: Layout,
                 agreement: Mapping[str, Any] | None = None) -> Release:
    """Every file of the release, from tables that passed every check; `agreement` is the
    agreement result of the two passes, when they exist."""
    built = {key: parquet_bytes(table) for key, table in release_tables(tables).items()}
    files = {layout.parquet(c, s): data for (c, s), data in built.items()}
    # The card describes the files as readers will see them: tables read back from the bytes.
    arrow = {key: pq.read_table(pa.BufferReader(data)) for key, data in built.items()}
    sizes = {key: len(data) for key, data in built.items()}
    files[layout.card] = render_card(arrow, sizes, layout, agreement).encode("utf-8")
    if agreement is not None:
        files[layout.agreement] = figures_json(agreement).encode("utf-8")
    files[layout.checks_page] = render_checks_page().encode("utf-8")
    if (guide := render_guidelines(layout)) is not None:
        files[layout.guidelines] = guide.encode("utf-8")
    return Release(files)


def _built_files(layout: Layout) -> set[Path]:
    return set(layout.data.rglob("*.parquet")) if layout.data.exists() else set()


def differences(release: Release, layout: Layout) -> list[Difference]:
    """Files whose committed bytes differ from the fresh build (missing, changed or extra)."""
    out = []
    for path, data in sorted(release.files.items()):
        if not path.exists():
            out.append(Difference(layout.rel(path), "missing"))
        elif path.read_bytes() != data:
            out.append(Difference(layout.rel(path), "differs from a fresh build"))
    out += [Difference(layout.rel(p), "not produced by the build")
            for p in sorted(_built_files(layout) - set(release.files))]
    return out


def write(release: Release, layout: Layout) -> list[Path]:
    """Write changed files atomically; remove Parquet files the build no longer produces."""
    changed = [p for p, data in sorted(release.files.items())
               if not p.exists() or p.read_bytes() != data]
    for path in changed:
        write_atomic(path, release.files[path])
    for stale in _built_files(layout) - set(release.files):
        stale.unlink()
    return changed
