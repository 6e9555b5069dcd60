"""Build the release (Parquet per config and split, plus the card) in memory, then write it
or compare it with what is committed. Nothing is written unless every check passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .assemble import release_tables
from .card import render_card
from .checks import check_sources
from .faults import Report
from .guidelines import render_guidelines
from .layout import Layout
from .parquet import parquet_bytes, write_atomic


@dataclass
class Release:
    files: dict[Path, bytes] = field(default_factory=dict)


def prepare(layout: Layout) -> tuple[Release | None, Report]:
    """The release the sources give, or None with the faults that prevent it."""
    tables, report = check_sources(layout)
    if not report.ok:
        return None, report
    arrow = release_tables(tables)
    files = {layout.parquet(c, s): parquet_bytes(t) for (c, s), t in arrow.items()}
    sizes = {(c, s): len(files[layout.parquet(c, s)]) for (c, s) in arrow}
    files[layout.card] = render_card(arrow, sizes, layout).encode("utf-8")
    if (guide := render_guidelines(layout)) is not None:
        files[layout.guidelines] = guide.encode("utf-8")
    return Release(files), report


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
