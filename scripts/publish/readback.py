"""Built Parquet -> check tables, so the published files get the same checks as the sources.
A file that cannot be read is fault B102, naming it."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.columns import FLAT_TABLES, config_splits

from ..faults import Report, SourceLocation
from ..faults.codes import UNREADABLE_BUILD
from ..layout import Layout
from ..tables import SPLIT, CheckTables
from .codec import from_documents, from_flat_configs

EMITS = (UNREADABLE_BUILD,)


def read_config(layout: Layout, config: str, report: Report) -> pl.DataFrame | None:
    parts = []
    splits = [s for s in config_splits(config) if layout.parquet(config, s).exists()]
    if not splits:
        report.add(UNREADABLE_BUILD, f"config {config!r} has no built file",
                   SourceLocation(layout.rel(layout.data)))
        return None
    for split in splits:
        path = layout.parquet(config, split)
        try:
            parts.append(pl.read_parquet(path).with_columns(pl.lit(split).alias(SPLIT)))
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            report.add(UNREADABLE_BUILD, f"cannot read: {first}", SourceLocation(layout.rel(path)))
    return pl.concat(parts, how="vertical") if len(parts) == len(splits) else None


def read_release(layout: Layout, report: Report) -> dict[str, CheckTables]:
    """{"flat configs": CheckTables, "documents": CheckTables} for whatever could be read."""
    frames = {name: read_config(layout, name, report) for name in (*FLAT_TABLES, "documents")}
    out = {}
    flat = {name: frame for name in FLAT_TABLES if (frame := frames[name]) is not None}
    if len(flat) == len(FLAT_TABLES):
        out["flat configs"] = from_flat_configs(flat)
    documents, entities = frames["documents"], frames["entities"]
    if documents is not None and entities is not None:
        out["documents"] = from_documents(documents, entities)
    return out
