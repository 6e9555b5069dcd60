"""The published form of the check tables, both ways: encode (labels -> ClassLabel integers,
derived columns filled in, child tables nested into list columns, Arrow cast) and decode
(integers -> labels, list columns unnested into child tables). The nesting is the one
`schema.columns.NESTED` declares."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pyarrow as pa

from sovereign_skies.schema.columns import (
    ENTITIES_SPLIT,
    FLAT_TABLES,
    NESTED,
    TABLES,
    TEXTFREE,
    column_of,
    config_splits,
    nests_of,
)
from sovereign_skies.schema.features import arrow_schema_for
from sovereign_skies.schema.pandera_schemas import CHECK_TABLES

from ..resolve.coreference import cluster_ids
from ..tables import SPLIT, CheckTables
from ..views.frames import view_frames
from .textfree import textfree_frame

ORDER = "_order"  # the row's position in its source file, kept while rows are re-sorted


def encode_labels(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    columns, _ = CHECK_TABLES[table]
    return frame.with_columns(
        pl.col(c.name).replace_strict(c.vocab.names, list(range(len(c.vocab.names))),
                                      default=None, return_dtype=pl.Int64)
        for c in columns if c.vocab is not None)


def decode_labels(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """ClassLabel integers back to label strings; an integer out of range stays visible as
    its digits, so the label check reports it."""
    columns, _ = CHECK_TABLES[table]
    return frame.with_columns(
        pl.col(c.name).replace_strict(list(range(len(c.vocab.names))), c.vocab.names,
                                      default=pl.col(c.name).cast(pl.String),
                                      return_dtype=pl.String)
        for c in columns if c.vocab is not None)


def _names(config: str) -> list[str]:
    return [c.name for c in TABLES[config][0]]


def _nest_into(parents: pl.DataFrame, children: pl.DataFrame, config: str, column: str,
               key: list[str]) -> pl.DataFrame:
    """`parents` with list column `column`: its children in source order, [] when none."""
    fields = [f.name for f in column_of(config, column).fields]
    nested = (children.sort([*key, ORDER]).group_by(key, maintain_order=True)
              .agg(pl.struct(fields).alias(column)))
    joined = parents.join(nested, on=key, how="left", maintain_order="left")
    return joined.with_columns(pl.col(column).fill_null(pl.lit([], dtype=joined.schema[column])))


def _nested(config: str, parents: pl.DataFrame, children: dict[str, pl.DataFrame]
            ) -> pl.DataFrame:
    for nest in nests_of(config):
        parents = _nest_into(parents, children[nest.child], config, nest.column, list(nest.key))
    return parents


def _with_derived(enc: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Derived columns (schema: `derived=True`): a mention's type is its entity's; an
    argument's entity and span are its mention's; an event's cluster is named after the
    first record its `same_as` links lead to (resolve/coreference.py)."""
    mentions = enc["mentions"].join(enc["entities"].select("entity_id", "type"),
                                    on="entity_id", how="left")
    arguments = enc["event_arguments"].join(
        mentions.select("article_id", "mention_id", "entity_id", "start", "end", "text"),
        on=["article_id", "mention_id"], how="left")
    events = enc["events"].join(cluster_ids(enc["events"]), on=["article_id", "event_id"],
                                how="left", maintain_order="left")
    return {**enc, "mentions": mentions, "event_arguments": arguments, "events": events}


# Release order of the rows of each flat config (mentions and events by offset; stances as
# written in their source file).
_ROW_ORDER: dict[str, list[str]] = {
    "articles": ["article_id"], "entities": ["entity_id"],
    "mentions": ["article_id", "start", "end", "mention_id"],
    "events": ["article_id", "trigger_start", "trigger_end", "event_id"],
    "stances": ["article_id", ORDER],
}


def config_frames(tables: CheckTables) -> Iterator[tuple[str, pl.DataFrame]]:
    """Every config as one polars frame with an `_split` column, rows in release order, one
    at a time (a large release never holds every config at once); the task views (tokens,
    labels, folds) come from scripts/views/."""
    enc = _with_derived({name: encode_labels(name, frame).with_row_index(ORDER)
                         for name, frame in tables.frames.items()})
    splits = enc["articles"].select("article_id", SPLIT)
    flat = {name: _nested(name, enc[name].sort(_ROW_ORDER[name]), enc) for name in FLAT_TABLES}
    del enc
    flat["entities"] = flat["entities"].with_columns(pl.lit(ENTITIES_SPLIT).alias(SPLIT))
    for name in FLAT_TABLES:
        if name not in ("articles", "entities"):  # rows of an article share its split
            flat[name] = (flat[name].join(splits, on="article_id", how="left",
                                          maintain_order="left")
                          .drop(ORDER).with_row_index(ORDER))
    yield "documents", _nested("documents", flat["articles"], flat)
    yield from flat.items()
    del flat
    yield from view_frames(tables)


def to_arrow(config: str, frame: pl.DataFrame) -> pa.Table:
    """One split's rows as an Arrow table with exactly the config's Features schema."""
    return frame.select(_names(config)).to_arrow().cast(arrow_schema_for(config))


def _split_tables(config: str, frame: pl.DataFrame) -> Iterator[tuple[tuple[str, str], pa.Table]]:
    for split in config_splits(config):
        rows = frame.filter(pl.col(SPLIT) == split)
        if rows.height:
            yield (config, split), to_arrow(config, rows)


_TEXTFREE_OF = {full: variant for variant, full in TEXTFREE.items()}


def release_tables(tables: CheckTables) -> Iterator[tuple[tuple[str, str], pa.Table]]:
    """(config, split) and its Arrow table, for every split that has rows, each config
    followed by its text-free variant. Empty splits are left out: `datasets` cannot load a
    Parquet file without rows."""
    for config, frame in config_frames(tables):
        yield from _split_tables(config, frame)
        if (variant := _TEXTFREE_OF.get(config)) is not None:
            yield from _split_tables(variant, textfree_frame(config, frame))


def _children(parent: pl.DataFrame, key: tuple[str, ...], column: str) -> pl.DataFrame:
    return parent.select(*key, column).explode(column).drop_nulls(column).unnest(column)


def _check_view(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    names = [c.name for c in CHECK_TABLES[table][0]] + [SPLIT]
    return decode_labels(table, frame.select([n for n in names if n in frame.columns]))


def from_flat_configs(frames: dict[str, pl.DataFrame]) -> CheckTables:
    """Flat configs as published (events and stances still nested) -> the check tables."""
    out = dict(frames)
    for nest in NESTED:
        if nest.parent in FLAT_TABLES:
            out[nest.child] = _children(frames[nest.parent], nest.key, nest.column)
    return CheckTables({name: _check_view(name, frame) for name, frame in out.items()})


def from_documents(documents: pl.DataFrame, entities: pl.DataFrame) -> CheckTables:
    """The documents config (plus the registry) as published -> the check tables."""
    frames = {"articles": documents, "entities": entities}
    for nest in nests_of("documents"):
        frames[nest.child] = _children(documents, nest.key, nest.column)
    return from_flat_configs(frames)
