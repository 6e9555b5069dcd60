"""Build the release (Parquet per config and split, plus the card) in memory, then write it
or compare it with what is committed. Nothing is written unless every check passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .agreement import agreement_json, measure_passes
from .assemble import release_tables
from .build import Tables
from .card import render_card
from .checks import check_sources
from .checks_page import render_checks_page
from .faults import Report
from .guidelines import render_guidelines
from .layout import Layout
from .parquet import parquet_bytes, write_atomic


@dataclass
class Release:
    files: dict[Path, bytes] = field(default_factory=dict)


def prepare(layout: Layout, report: Report | None = None) -> tuple[Release | None, Report]:
    """The release the sources give, or None with the faults that prevent it."""
    tables, report = check_sources(layout, report)
    return release_from(tables, layout, report), report


def release_from(tables: Tables, layout: Layout, report: Report) -> Release | None:
    """The release built from already checked source tables (None if `report` has errors)."""
    figures = measure_passes(layout, report)
    if not report.ok:
        return None
    built = {key: parquet_bytes(table) for key, table in release_tables(tables).items()}
    files = {layout.parquet(c, s): data for (c, s), data in built.items()}
    # The card describes the files as readers will see them: tables read back from the bytes.
    arrow = {key: pq.read_table(pa.BufferReader(data)) for key, data in built.items()}
    sizes = {key: len(data) for key, data in built.items()}
    files[layout.card] = render_card(arrow, sizes, layout, figures).encode("utf-8")
    if figures is not None:
        files[layout.agreement] = agreement_json(figures).encode("utf-8")
    files[layout.checks_page] = render_checks_page().encode("utf-8")
    if (guide := render_guidelines(layout)) is not None:
        files[layout.guidelines] = guide.encode("utf-8")
    return Release(files)


def _built_files(layout: Layout) -> set[Path]:
    return set(layout.data.rglob("*.parquet")) if layout.data.exists() else set()


def differences(release: Release, layout: Layout) -> list[str]:
    """Files whose committed bytes differ from the fresh build (missing, changed or extra)."""
    out = []
    for path, data in sorted(release.files.items()):
        if not path.exists():
            out.append(f"{layout.rel(path)}: missing")
        elif path.read_bytes() != data:
            out.append(f"{layout.rel(path)}: differs from a fresh build")
    out += [f"{layout.rel(p)}: not produced by the build"
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
