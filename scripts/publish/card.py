"""The dataset card: YAML (configs, dataset_info) generated from the data, body from the
template. Nothing in it is typed by hand, so it cannot drift from the Parquet files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard, DatasetCardData

from sovereign_skies.schema.columns import (
    DEFAULT_CONFIG,
    ENTITIES_SPLIT,
    SPLITS,
    TABLES,
    config_splits,
)
from sovereign_skies.schema.features import features_for
from sovereign_skies.schema.labels import VOCABULARIES

from ..layout import Layout
from .docs import label_table

Built = dict[tuple[str, str], pa.Table]  # (config, split) -> the table as readers see it


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def card_data(tables: Built, sizes: dict[tuple[str, str], int], layout: Layout
              ) -> DatasetCardData:
    n_articles = sum(t.num_rows for (c, _), t in tables.items() if c == DEFAULT_CONFIG)
    data = DatasetCardData(
        pretty_name="Sovereign Skies", language=["en"], license="other",
        task_categories=["token-classification", "text-classification"],
        task_ids=["named-entity-recognition", "sentiment-classification"],
        size_categories=[_size_category(n_articles)],
        tags=["news", "event-extraction", "stance-detection", "entity-linking", "iraq"],
    )
    configs, infos = {}, {}
    for config in TABLES:
        splits = [s for s in config_splits(config) if (config, s) in tables]
        if not splits:
            continue
        configs[config] = {
            "data_files": [{"split": s, "path": layout.rel(layout.parquet(config, s))
                            .removeprefix("dataset/")} for s in splits],
            **({"default": True} if config == DEFAULT_CONFIG else {}),
        }
        infos[config] = DatasetInfo(
            features=features_for(config), config_name=config,
            splits=SplitDict({s: SplitInfo(s, num_bytes=tables[config, s].nbytes,
                                           num_examples=tables[config, s].num_rows)
                              for s in splits}),
            download_size=sum(sizes[config, s] for s in splits),
            dataset_size=sum(tables[config, s].nbytes for s in splits),
        )
    MetadataConfigs(configs).to_dataset_card_data(data)
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def _fields() -> dict[str, list[tuple[str, str, str]]]:
    return {config: [(c.name, c.vocab.key if c.vocab else str(c.dtype), c.description)
                     for c in columns] for config, (columns, _key) in TABLES.items()}


def render_card(tables: Built, sizes: dict[tuple[str, str], int], layout: Layout,
                agreement: Mapping[str, Any] | None = None) -> str:
    """The whole card; `agreement` is the agreement result of the two passes, if measured."""
    row_counts = {config: {s: tables[config, s].num_rows for s in config_splits(config)
                           if (config, s) in tables} for config in TABLES}
    card = DatasetCard.from_template(
        card_data(tables, sizes, layout), template_path=str(layout.card_template),
        splits=[*SPLITS, ENTITIES_SPLIT], row_counts=row_counts, fields=_fields(),
        vocabularies=VOCABULARIES, label_table=label_table, agreement=agreement)
    return str(card).rstrip("\n") + "\n"


def card_sections(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The card YAML's `configs` and `dataset_info` entries, by section and config."""
    return {f"{section} {item['config_name']}": item
            for section in ("configs", "dataset_info") for item in data.get(section, [])}


def committed_card_sections(layout: Layout) -> dict[str, dict[str, Any]]:
    return card_sections(DatasetCard.load(layout.card).data.to_dict())


def expected_card_sections(layout: Layout) -> dict[str, dict[str, Any]]:
    """What the card's YAML sections must say about the Parquet files on disk."""
    tables, sizes = {}, {}
    for config in TABLES:
        for split in config_splits(config):
            path = layout.parquet(config, split)
            if path.exists():
                tables[config, split] = pq.read_table(path)
                sizes[config, split] = path.stat().st_size
    return card_sections(card_data(tables, sizes, layout).to_dict())
