"""The release (Parquet per config and split, the card, agreement.json, the generated docs)
built in memory from checked tables, then written or compared with what is committed."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sovereign_skies.schema.columns import TABLES, config_splits

from ..baselines.run import figures as baseline_figures
from ..baselines.run import figures_json as baselines_json
from ..baselines.run import has_baselines
from ..built import Built
from ..layout import Layout
from ..read.files import unsafe_kind
from ..tables import CheckTables
from .card import Links, render_card, shipped_path
from .card_figures import Frames, label_coverage
from .citation import citation_cff
from .codec import release_tables
from .croissant import croissant_bytes
from .docs import render_checks_page, render_guidelines
from .hub_files import SHIPPED_DOCS, license_text, shipped_docs
from .parquet import TEMP_FILE, parquet_bytes, write_atomic
from .plots import PLOT_NAMES, plots


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
                 agreement: Mapping[str, Any] | None = None,
                 new_annotator: Mapping[str, Any] | None = None) -> Release:
    """Every file of the release, from tables that passed every check; `agreement` is the
    agreement result of the two passes, when they exist, and `new_annotator` that of a new
    annotator's pass with the gold.

    `tables` are emptied once they are Parquet: the card reads the files back, and holding
    both the check tables and the read-back would double the peak memory of a build (the
    read-back is never held whole either: see built.py)."""
    # One table at a time: each is dropped once it is bytes.
    built = {key: parquet_bytes(table) for key, table in release_tables(tables)}
    tables.frames.clear()
    tables.sketches = None
    files = {layout.parquet(c, s): data for (c, s), data in built.items()}
    # The card describes the files as readers will see them: tables read back from the bytes,
    # one at a time as each figure asks.
    arrow = Built(built)
    sizes = {key: len(data) for key, data in built.items()}
    if agreement is not None:
        files[layout.agreement] = figures_json(agreement).encode("utf-8")
        # The card and its plot show the figures as agreement.json publishes them (rounded).
        agreement = json.loads(files[layout.agreement])
    if new_annotator is not None:
        files[layout.agreement_new_annotator] = figures_json(new_annotator).encode("utf-8")
        new_annotator = json.loads(files[layout.agreement_new_annotator])
    generated = {layout.checks_page: render_checks_page()}
    if (guide := render_guidelines(layout)) is not None:
        generated[layout.guidelines] = guide
    files.update({path: text.encode("utf-8") for path, text in generated.items()})
    frames = Frames.of(arrow)
    files.update(_hub_files(layout, frames, generated, agreement))
    # Baselines trained on train, scored on test (about 0.1 s: scikit-learn is imported for
    # the agreement already); a release without both splits has none.
    baselines = baseline_figures(arrow) if has_baselines(arrow) else None
    if baselines is not None:
        files[layout.baselines] = baselines_json(baselines).encode("utf-8")
    links = Links(
        docs={name.removesuffix(".md"): shipped_path(layout, layout.shipped_docs / name)
              for name in sorted(p.name for p in files if p.parent == layout.shipped_docs)},
        plots={p.name: shipped_path(layout, p) for p in files if p.parent == layout.figures},
        license=shipped_path(layout, layout.license_file),
        agreement=shipped_path(layout, layout.agreement) if agreement is not None else None,
        agreement_new_annotator=(shipped_path(layout, layout.agreement_new_annotator)
                                 if new_annotator is not None else None),
        baselines=shipped_path(layout, layout.baselines) if baselines is not None else None)
    files[layout.card] = render_card(arrow, sizes, layout, agreement, links, frames, baselines,
                                     new_annotator).encode("utf-8")
    # Last: it describes (with hashes) the files above, and links the card and licence.
    files[layout.croissant] = croissant_bytes(layout, files, arrow, frames)
    return Release(files)


def _hub_files(layout: Layout, frames: Frames, generated: Mapping[Path, str],
               agreement: Mapping[str, Any] | None) -> dict[Path, bytes]:
    """The files the card links to, inside dataset/: the licence, the docs, the plots."""
    out = {layout.license_file: license_text(frames.articles).encode("utf-8"),
           layout.citation: citation_cff().encode("utf-8")}
    out.update({layout.shipped_docs / name: text.encode("utf-8")
                for name, text in shipped_docs(layout, generated).items()})
    pngs = plots(frames, label_coverage(frames), agreement)
    out.update({layout.figures / name: data for name, data in pngs.items()})
    return out


def _regular_files(folder: Path) -> list[Path]:
    """Every regular file under `folder`, links not followed (links are not files here)."""
    if not os.path.isdir(folder) or os.path.islink(folder):
        return []
    found = []
    for parent, _dirs, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(parent) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path)
    return sorted(found)


def _built_files(layout: Layout) -> set[Path]:
    return ({p for p in _regular_files(layout.data) if p.suffix == ".parquet"}
            | {p for p in _regular_files(layout.figures) if p.suffix == ".png"}
            | {p for p in _regular_files(layout.shipped_docs) if p.suffix == ".md"})


def _own_parquet(layout: Layout) -> set[Path]:
    """Every Parquet path, plot and shipped doc the build can write: files there are
    provably its own."""
    return ({layout.parquet(config, split) for config in TABLES
             for split in config_splits(config)} | {layout.figures / n for n in PLOT_NAMES}
            | {layout.shipped_docs / n for n in SHIPPED_DOCS})


def leftover_temp_files(layout: Layout) -> list[Path]:
    """Temporary files of interrupted atomic writes (see parquet.write_atomic)."""
    folders = {p.parent for p in _own_parquet(layout)} | {
        layout.dataset, layout.root / "cards"}
    return sorted(path for folder in folders if os.path.isdir(folder)
                  for path in folder.iterdir()
                  if TEMP_FILE.match(path.name) and stat.S_ISREG(os.lstat(path).st_mode))


def unsafe_outputs(release: Release, layout: Layout) -> list[tuple[Path, str]]:
    """Output paths that are, or lie under, a link or a special file: nothing may be written
    through them (a link could point anywhere on the machine)."""
    unsafe: dict[Path, str] = {}
    for path in [*release.files, layout.data]:
        current = layout.root
        for part in path.relative_to(layout.root).parts:
            current = current / part
            if not os.path.lexists(current):
                break
            if kind := unsafe_kind(os.lstat(current).st_mode):
                unsafe.setdefault(current, kind)
                break
    return sorted(unsafe.items())


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


@dataclass(frozen=True)
class Written:
    changed: list[Path]
    removed: list[Path]  # built files no longer produced, and leftover temporary files


def write(release: Release, layout: Layout) -> Written:
    """Write changed files atomically; remove the Parquet files of this build that it no
    longer produces, and the temporary files of interrupted writes. Nothing else is removed.
    The caller checks `unsafe_outputs` first."""
    changed = [p for p, data in sorted(release.files.items())
               if not p.exists() or p.read_bytes() != data]
    for path in changed:
        write_atomic(path, release.files[path])
    removed = sorted((_built_files(layout) & _own_parquet(layout)) - set(release.files))
    removed += leftover_temp_files(layout)
    for path in removed:
        path.unlink()
    return Written(changed, removed)
