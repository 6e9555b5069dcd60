"""Built Parquet -> check tables, so the published files get the same checks as the sources."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.columns import FLAT_TABLES
from sovereign_skies.schema.tables import CHECK_TABLES

from .assemble import config_splits
from .build import SPLIT, Tables
from .faults import Report
from .layout import Layout


def _decode(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """ClassLabel integers back to label strings; an integer out of range stays visible as
    its digits, so the label check reports it."""
    columns, _ = CHECK_TABLES[table]
    return frame.with_columns(
        pl.col(c.name).replace_strict(list(range(len(c.vocab.names))), c.vocab.names,
                                      default=pl.col(c.name).cast(pl.String),
                                      return_dtype=pl.String)
        for c in columns if c.vocab is not None)


def _check_view(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    names = [c.name for c in CHECK_TABLES[table][0]] + [SPLIT]
    return _decode(table, frame.select([n for n in names if n in frame.columns]))


def _children(parent: pl.DataFrame, key: list[str], column: str) -> pl.DataFrame:
    return parent.select(*key, column).explode(column).drop_nulls(column).unnest(column)


def split_nested(frames: dict[str, pl.DataFrame]) -> Tables:
    """Flat configs (events and stances still nested) -> the check tables."""
    out = dict(frames)
    out["event_arguments"] = _children(frames["events"], ["article_id", "event_id"], "arguments")
    out["stance_evidence"] = _children(frames["stances"], ["article_id", "stance_id"], "evidence")
    return Tables({name: _check_view(name, frame) for name, frame in out.items()})


def from_documents(documents: pl.DataFrame, entities: pl.DataFrame) -> Tables:
    frames = {"articles": documents, "entities": entities}
    for name in ("mentions", "events", "stances"):
        frames[name] = _children(documents, ["article_id"], name)
    return split_nested(frames)


def read_config(layout: Layout, config: str, report: Report) -> pl.DataFrame | None:
    parts = []
    splits = [s for s in config_splits(config) if layout.parquet(config, s).exists()]
    if not splits:
        report.add("B102", f"config {config!r} has no built file", file=layout.rel(layout.data))
        return None
    for split in splits:
        path = layout.parquet(config, split)
        try:
            parts.append(pl.read_parquet(path).with_columns(pl.lit(split).alias(SPLIT)))
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            report.add("B102", f"cannot read: {first}", file=layout.rel(path))
    return pl.concat(parts, how="vertical") if len(parts) == len(splits) else None


def read_release(layout: Layout, report: Report) -> dict[str, Tables]:
    """{"flat configs": Tables, "documents": Tables} for whatever could be read."""
    frames = {name: read_config(layout, name, report) for name in (*FLAT_TABLES, "documents")}
    out = {}
    flat = {name: frames[name] for name in FLAT_TABLES}
    if all(frame is not None for frame in flat.values()):
        out["flat configs"] = split_nested(flat)  # type: ignore[arg-type]
    if frames["documents"] is not None and frames["entities"] is not None:
        out["documents"] = from_documents(frames["documents"], frames["entities"])
    return out
