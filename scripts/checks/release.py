"""Release checks: built files stale against the sources, card YAML different from the
built files, configs that do not load with `datasets.load_dataset`."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pyarrow.parquet as pq
from huggingface_hub import DatasetCard

from ..assemble import config_splits
from ..card import card_data
from ..faults import Report
from ..layout import Layout


def _card_sections(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{section} {item['config_name']}": item
            for section in ("configs", "dataset_info") for item in data.get(section, [])}


def card_checks(layout: Layout, report: Report) -> None:
    """B103: the card's configs and dataset_info must be what the built Parquet files give."""
    from sovereign_skies.schema.columns import TABLES

    shown = layout.rel(layout.card)
    try:
        committed = DatasetCard.load(layout.card).data.to_dict()
        tables, sizes = {}, {}
        for config in TABLES:
            for split in config_splits(config):
                path = layout.parquet(config, split)
                if path.exists():
                    tables[config, split] = pq.read_table(path)
                    sizes[config, split] = path.stat().st_size
    except Exception as exc:
        report.add("B103", f"cannot compare the card with the built files: {exc}", file=shown)
        return
    expected = _card_sections(card_data(tables, sizes, layout).to_dict())
    found = _card_sections(committed)
    for name in sorted(expected.keys() | found.keys()):
        if expected.get(name) != found.get(name):
            keys = sorted(k for k in (expected.get(name, {}).keys() | found.get(name, {}).keys())
                          if expected.get(name, {}).get(k) != found.get(name, {}).get(k))
            report.add("B103", f"{name}: {', '.join(keys) or 'missing'} differ from the data",
                       file=shown)


def load_checks(layout: Layout, report: Report) -> None:
    """B104: every config loads offline with `datasets.load_dataset`, with its features."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import datasets

    from sovereign_skies.schema.columns import TABLES
    from sovereign_skies.schema.features import features_for

    datasets.disable_progress_bars()
    with tempfile.TemporaryDirectory(prefix="skies-load-") as cache:
        for config in TABLES:
            try:
                loaded = datasets.load_dataset(str(layout.dataset), config, cache_dir=cache)
                wrong = [s for s, d in loaded.items() if d.features != features_for(config)]
                if wrong:
                    report.add("B104", f"config {config!r} loads with other features in "
                               f"{', '.join(wrong)}", file=layout.rel(layout.card))
            except Exception as exc:
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                report.add("B104", f"config {config!r} does not load: {first}",
                           file=layout.rel(layout.card))
