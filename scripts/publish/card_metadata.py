"""The card's YAML header: what the Hub indexes (creators, tasks, licence, size) and what
`load_dataset` reads (`configs`, `dataset_info`, generated from the built tables).

Every value of the first kind is one of the Hub's allowed values (schema/hub_metadata.py);
the check C101 holds the card to them. The release facts the card states (the version, the
`datasets` it needs) are read from the toolkit's pyproject.toml, never typed twice.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from functools import cache

import pyarrow as pa
from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCardData

from sovereign_skies.schema.columns import DEFAULT_CONFIG, TABLES, config_splits
from sovereign_skies.schema.features import features_for

from ..layout import CHECKOUT_ROOT, Layout

Built = dict[tuple[str, str], pa.Table]  # (config, split) -> the table as readers see it

PRETTY_NAME = "Sovereign Skies"
# Both annotation passes and the adjudication were made by AI annotation agents.
ANNOTATIONS_CREATORS = ["machine-generated"]
# The texts are news articles as their outlets published them.
LANGUAGE_CREATORS = ["found"]
MULTILINGUALITY = ["monolingual"]
SOURCE_DATASETS = ["original"]
# NER is token classification; stance (holder and target given, FAVOR / AGAINST / NEUTRAL) is
# multi-class classification, not sentiment. Event extraction, entity linking and stance
# detection have no Hub task id: they are tags.
TASK_CATEGORIES = ["token-classification", "text-classification"]
TASK_IDS = ["named-entity-recognition", "multi-class-classification"]
TAGS = ["news", "event-extraction", "stance-detection", "entity-linking", "iraq", "airspace"]
# The annotations are CC BY 4.0; the article texts stay their publishers' (README, Licence):
# no single Hub licence id says that, so `other` with the terms in dataset/LICENSE.
LICENSE = "other"
LICENSE_NAME = "cc-by-4.0-annotations"
ANNOTATIONS_LICENSE = "CC BY 4.0"
ANNOTATIONS_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode"
# The year of the first release (0.1.0): the citation's year.
CITATION_YEAR = 2026
CITATION_AUTHOR = "Sovereign Skies contributors"


def size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def languages(tables: Built) -> list[str]:
    """The language codes of the released articles (`en` for a release without any)."""
    found = {code for (config, _), t in tables.items() if config == DEFAULT_CONFIG
             for code in t.column("language").to_pylist()}
    return sorted(found) or ["en"]


def card_data(tables: Built, sizes: dict[tuple[str, str], int], layout: Layout
              ) -> DatasetCardData:
    n_articles = sum(t.num_rows for (c, _), t in tables.items() if c == DEFAULT_CONFIG)
    data = DatasetCardData(
        pretty_name=PRETTY_NAME, language=languages(tables), license=LICENSE,
        license_name=LICENSE_NAME, license_link=layout.license_file.name,
        annotations_creators=ANNOTATIONS_CREATORS, language_creators=LANGUAGE_CREATORS,
        multilinguality=MULTILINGUALITY, source_datasets=SOURCE_DATASETS,
        task_categories=TASK_CATEGORIES, task_ids=TASK_IDS,
        size_categories=[size_category(n_articles)], tags=TAGS,
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


@cache
def _project() -> tuple[str, tuple[str, ...]]:
    """The toolkit's version and requirements: from its pyproject.toml in a checkout, else
    from the installed distribution's metadata (the same file, as installed)."""
    pyproject = CHECKOUT_ROOT / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        return project["version"], tuple(project["dependencies"])
    return (importlib.metadata.version("sovereign-skies"),
            tuple(importlib.metadata.requires("sovereign-skies") or ()))


def version() -> str:
    return _project()[0]


def requirement(package: str) -> str:
    """The version specifier the toolkit requires of `package` (e.g. `>=5.2`)."""
    for spec in _project()[1]:
        if match := re.fullmatch(rf"{re.escape(package)}\s*((?:[<>=!~]=?[^,;\s]+,?)+).*", spec):
            return match.group(1)
    raise KeyError(f"pyproject.toml does not require {package}")
