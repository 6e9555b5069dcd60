"""Check tables -> published configs: labels encoded as ClassLabel integers, nested lists
built, and every table cast to the Arrow schema of its Hugging Face Features."""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from sovereign_skies.schema.columns import ENTITIES_SPLIT, TABLES
from sovereign_skies.schema.features import arrow_schema_for
from sovereign_skies.schema.labels import SPLITS
from sovereign_skies.schema.tables import CHECK_TABLES

from .build import LINE, SPLIT, Tables

ORDER = "_order"


def _encode(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    columns, _ = CHECK_TABLES[table]
    return frame.with_columns(
        pl.col(c.name).replace_strict(c.vocab.names, list(range(len(c.vocab.names))),
                                      default=None, return_dtype=pl.Int64)
        for c in columns if c.vocab is not None)


def _names(config: str, nested: str | None = None) -> list[str]:
    columns, _ = TABLES[config]
    if nested is None:
        return [c.name for c in columns]
    return [f.name for f in next(c for c in columns if c.name == nested).fields]


def _nest(children: pl.DataFrame, key: list[str], fields: list[str], name: str) -> pl.DataFrame:
    return (children.sort([*key, ORDER])
            .group_by(key, maintain_order=True)
            .agg(pl.struct(fields).alias(name)))


def _attach(parents: pl.DataFrame, nested: pl.DataFrame, key: list[str], name: str
            ) -> pl.DataFrame:
    joined = parents.join(nested, on=key, how="left", maintain_order="left")
    return joined.with_columns(pl.col(name).fill_null(pl.lit([], dtype=joined.schema[name])))


def config_frames(tables: Tables) -> dict[str, pl.DataFrame]:
    """Every config as one polars frame with an `_split` column, rows in release order."""
    enc = {name: _encode(name, frame).with_row_index(ORDER)
           for name, frame in tables.frames.items()}
    splits = enc["articles"].select("article_id", SPLIT)
    entity_types = enc["entities"].select("entity_id", "type")

    mentions = (enc["mentions"].join(entity_types, on="entity_id", how="left")
                .sort("article_id", "start", "end", "mention_id"))
    arguments = enc["event_arguments"].join(
        mentions.select("article_id", "mention_id", "entity_id", "start", "end", "text"),
        on=["article_id", "mention_id"], how="left")
    events = _attach(enc["events"].sort("article_id", "trigger_start", "trigger_end", "event_id"),
                     _nest(arguments, ["article_id", "event_id"],
                           _names("events", "arguments"), "arguments"),
                     ["article_id", "event_id"], "arguments")
    stances = _attach(enc["stances"].sort("article_id", ORDER),
                      _nest(enc["stance_evidence"], ["article_id", "stance_id"],
                            _names("stances", "evidence"), "evidence"),
                      ["article_id", "stance_id"], "evidence")

    flat = {"articles": enc["articles"].sort("article_id"),
            "entities": enc["entities"].sort("entity_id").with_columns(
                pl.lit(ENTITIES_SPLIT).alias(SPLIT)),
            "mentions": mentions, "events": events, "stances": stances}
    for name in ("mentions", "events", "stances"):
        flat[name] = flat[name].join(splits, on="article_id", how="left",
                                     maintain_order="left").drop(ORDER).with_row_index(ORDER)
    documents = flat["articles"]
    for name in ("mentions", "events", "stances"):
        documents = _attach(documents, _nest(flat[name], ["article_id"], _names("documents", name),
                                             name), ["article_id"], name)
    return {"documents": documents, **flat}


def config_splits(config: str) -> tuple[str, ...]:
    """The splits a config can have; a release holds those of them that have rows."""
    return (ENTITIES_SPLIT,) if config == "entities" else SPLITS


def to_arrow(config: str, frame: pl.DataFrame) -> pa.Table:
    """One split's rows as an Arrow table with exactly the config's Features schema."""
    return frame.select(_names(config)).to_arrow().cast(arrow_schema_for(config))


def release_tables(tables: Tables) -> dict[tuple[str, str], pa.Table]:
    """(config, split) -> Arrow table for every split that has rows. Empty splits are left
    out: `datasets` cannot load a Parquet file without rows."""
    out = {}
    for config, frame in config_frames(tables).items():
        for split in config_splits(config):
            rows = frame.filter(pl.col(SPLIT) == split)
            if rows.height:
                out[config, split] = to_arrow(config, rows)
    return out


__all__ = ["LINE", "config_splits", "release_tables"]
