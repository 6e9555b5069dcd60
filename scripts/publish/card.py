"""The dataset card: YAML (card_metadata.py) and a body rendered from cards/card_template.md
with figures computed from the released tables (card_figures.py), an example row per config
(card_examples.py), the plots (plots.py) and the files shipped beside it (hub_files.py).
Nothing in it is typed by hand, so it cannot drift from the Parquet files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from huggingface_hub import DatasetCard

from sovereign_skies.schema.columns import (
    CONFIG_DESCRIPTIONS,
    DEFAULT_CONFIG,
    ENTITIES_SPLIT,
    SPLITS,
    TABLES,
    TEXTFREE,
    Column,
    Dtype,
    config_splits,
)
from sovereign_skies.schema.labels import PUBLISHED_VOCABULARIES

from ..built import Built
from ..layout import Layout
from . import card_figures as figures
from .card_examples import MAX_CHARS, MAX_ITEMS, MAX_VALUES, examples
from .card_metadata import (
    ANNOTATIONS_LICENSE,
    ANNOTATIONS_LICENSE_URL,
    CITATION_AUTHOR,
    CITATION_TITLE,
    CITATION_YEAR,
    LICENSE_NAME,
    PRETTY_NAME,
    PROSE,
    bibtex,
    card_data,
    languages,
    requirement,
    version,
)
from .docs import label_table

TOP_ROWS = 25  # a table of people, holders, outlets or stories shows this many, then a count


@dataclass(frozen=True)
class Links:
    """Paths relative to dataset/ (the Hub repository) of the files the card links to; a
    file the release does not hold is absent, and the card then does not link it."""

    docs: dict[str, str] = field(default_factory=dict)  # e.g. "guidelines" -> docs/...
    plots: dict[str, str] = field(default_factory=dict)  # file name -> figures/<name>
    license: str = "LICENSE"
    agreement: str | None = None
    agreement_new_annotator: str | None = None
    baselines: str | None = None


def _type_of(column: Column) -> str:
    if column.vocab is not None:
        return f"[`{column.vocab.key}`](#{column.vocab.key})" \
            + (" (list)" if column.dtype is Dtype.LIST_CLASS else "")
    return f"`{column.dtype}`"


def _field_rows(columns: tuple[Column, ...], prefix: str = "") -> list[tuple[str, str, str]]:
    """(field path, type, description); the fields of nested lists as `parent[].child`."""
    rows = []
    for c in columns:
        rows.append((prefix + c.name, _type_of(c), c.description))
        if c.dtype is Dtype.LIST_STRUCT:
            rows += _field_rows(c.fields, f"{prefix}{c.name}[].")
    return rows


def render_card(tables: Built, sizes: dict[tuple[str, str], int], layout: Layout,
                agreement: Mapping[str, Any] | None = None, links: Links | None = None,
                frames: figures.Frames | None = None,
                baselines: Mapping[str, Any] | None = None,
                new_annotator: Mapping[str, Any] | None = None) -> str:
    """The whole card; `agreement` is the agreement result of the two passes, if measured;
    `links` the files shipped beside the card (none without); `frames` the tables' frames
    when the caller has them already; `baselines` the figures of baselines.json, computed
    by the same build (never read back from disk, where they may be a build behind)."""
    links = links or Links()
    data = card_data(tables, sizes, layout)
    f = frames or figures.Frames.of(tables)
    coverage = figures.label_coverage(f)
    holders = figures.holders(f)
    row_counts = {config: {s: tables.num_rows((config, s)) for s in config_splits(config)
                           if (config, s) in tables} for config in TABLES}
    config_names = [c for c in TABLES if row_counts[c]]
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    template = env.from_string(layout.card_template.read_text(encoding="utf-8"))
    body = template.render(
        card_data=data.to_yaml(), pretty_name=PRETTY_NAME, default_config=DEFAULT_CONFIG,
        splits=[*SPLITS, ENTITIES_SPLIT], main_splits=SPLITS, row_counts=row_counts,
        config_names=config_names, unsplit=[c for c in config_names if SPLITS[0] not in
                                            row_counts[c]],
        describe=CONFIG_DESCRIPTIONS.__getitem__, fields={
            config: _field_rows(columns) for config, (columns, _key) in TABLES.items()},
        vocabularies=PUBLISHED_VOCABULARIES, label_table=label_table, agreement=agreement,
        size=figures.size(f), coverage={c.layer.vocab.key: c for c in coverage},
        outlets=figures.outlets(f), gaps=figures.gaps(f), holders=holders,
        holders_by_kind=figures.holders_by_kind(holders), stories=figures.stories(f),
        countries=figures.countries(f),
        persons=figures.persons(f), nested=figures.nested_mentions(f),
        articles_dated=figures.dated(f.articles, "published_date", "published_precision"),
        events_dated=figures.dated(f.events, "date", "date_precision"),
        folds=figures.fold_count(tables), languages=languages(tables),
        cleaning_steps=_cleaning_steps(f), examples=examples(tables),
        max_chars=MAX_CHARS, max_items=MAX_ITEMS, max_values=MAX_VALUES,
        event_columns=[c.name for c in TABLES["events"][0]],
        baselines=baselines if links.baselines else None, links=links,
        datasets_requirement=requirement("datasets"), version=version(),
        license_name=LICENSE_NAME, annotations_license=ANNOTATIONS_LICENSE,
        annotations_license_url=ANNOTATIONS_LICENSE_URL, citation_author=CITATION_AUTHOR,
        citation_year=CITATION_YEAR, citation_title=CITATION_TITLE, bibtex=bibtex(),
        prose=PROSE, pct=_pct, top=TOP_ROWS, textfree=TEXTFREE,
        new_annotator=new_annotator if links.agreement_new_annotator else None)
    return str(DatasetCard(body)).rstrip("\n") + "\n"


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def _cleaning_steps(f: figures.Frames) -> int:
    """Cleaning steps recorded beyond the NFC normalization every text gets."""
    if f.articles.is_empty():
        return 0
    return int(f.articles["cleaning"].list.len().sum()) - f.articles.height


def card_sections(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The card YAML's `configs` and `dataset_info` entries, by section and config."""
    return {f"{section} {item['config_name']}": item
            for section in ("configs", "dataset_info") for item in data.get(section, [])}


def committed_card_sections(layout: Layout) -> dict[str, dict[str, Any]]:
    return card_sections(DatasetCard.load(layout.card).data.to_dict())


def expected_card_sections(layout: Layout) -> dict[str, dict[str, Any]]:
    """What the card's YAML sections must say about the Parquet files on disk."""
    tables = Built.from_folder(layout.data)
    sizes = {(config, split): layout.parquet(config, split).stat().st_size
             for config, split in tables}
    return card_sections(card_data(tables, sizes, layout).to_dict())


def shipped_path(layout: Layout, path: Path) -> str:
    """A shipped file's path as the card links it: relative to dataset/."""
    return path.relative_to(layout.dataset).as_posix()
