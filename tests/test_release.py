"""Sources -> Parquet -> load_dataset on the real corpus: golden records, exact features,
the card's YAML, splits per story, byte-identical rebuilds, and no write on a fault.

The golden rows below were established outside the toolkit: each offset was found with a
plain `str.find` in the raw file after applying that article's recorded cleaning by hand."""

from __future__ import annotations

import datetime as dt

import datasets
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import Repo, build

from sovereign_skies.schema.columns import DEFAULT_CONFIG, TABLES, TEXTFREE
from sovereign_skies.schema.features import features_for
from sovereign_skies.scripts.build import prepare
from sovereign_skies.scripts.checks import check_sources
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.load import load
from sovereign_skies.scripts.publish.release import Difference, differences, release_from

ROWS = {  # config -> rows per split
    "documents": {"train": 3, "validation": 1, "test": 1},
    "articles": {"train": 3, "validation": 1, "test": 1},
    "entities": {"full": 99},
    "mentions": {"train": 273, "validation": 56, "test": 166},
    "events": {"train": 59, "validation": 18, "test": 55},
    "stances": {"train": 15, "validation": 6, "test": 16},
    # Sentences, read one by one: 18 + 23 + 29 in train, 12 in validation, 41 in test.
    "tokens": {"train": 70, "validation": 12, "test": 41},
    "labels": {"full": 92},  # the vocabularies' sizes: see test_views.py
    "folds": {"full": 5},  # one row per article
}
ROWS.update({variant: ROWS[full] for variant, full in TEXTFREE.items()})  # the same rows


@pytest.mark.parametrize("config", list(TABLES))
def test_rows_per_split(built_seeds: Repo, config: str) -> None:
    loaded = load(config, root=built_seeds.root)
    assert {split: rows.num_rows for split, rows in loaded.items()} == ROWS[config]


def _mention(built: Repo, split: str, article_id: str, mention_id: str) -> dict:
    rows = load("mentions", split=split, root=built.root).filter(
        lambda r: r["article_id"] == article_id and r["mention_id"] == mention_id)
    assert rows.num_rows == 1
    row = rows[0]
    row["type"] = rows.features["type"].int2str(row["type"])
    row["kind"] = rows.features["kind"].int2str(row["kind"])
    return row


def test_golden_first_mention(built_seeds: Repo) -> None:
    assert _mention(built_seeds, "test", "iraqi-militias-iran-israel-conflict", "m2") == {
        "article_id": "iraqi-militias-iran-israel-conflict", "mention_id": "m2",
        "entity_id": "iraq", "type": "GPE", "kind": "NAME", "start": 5, "end": 10,
        "text": "Iraqi"}


def test_golden_nominal_event_mention(built_seeds: Repo) -> None:
    assert _mention(built_seeds, "train", "sadeq-us-spy-planes-iraqi-airspace", "m24") == {
        "article_id": "sadeq-us-spy-planes-iraqi-airspace", "mention_id": "m24",
        "entity_id": "twelve-day-war", "type": "EVENT", "kind": "NOMINAL", "start": 514,
        "end": 553, "text": "12-day U.S.-Israeli military aggression"}


def test_golden_last_mention(built_seeds: Repo) -> None:
    assert _mention(built_seeds, "validation", "araji-concludes-tehran-visit", "m56") == {
        "article_id": "araji-concludes-tehran-visit", "mention_id": "m56", "entity_id": "iraq",
        "type": "GPE", "kind": "NAME", "start": 2642, "end": 2646, "text": "Iraq"}


def test_golden_event_with_its_arguments(built_seeds: Repo) -> None:
    events = load("events", split="test", root=built_seeds.root)
    first = events[0]
    assert (first["article_id"], first["event_id"]) == ("iraqi-militias-iran-israel-conflict",
                                                        "e1")
    assert events.features["type"].int2str(first["type"]) == "STRIKE"
    assert (first["trigger_start"], first["trigger_end"], first["trigger_text"]) == (
        136, 145, "targeting")
    assert (first["date"], events.features["date_precision"].int2str(first["date_precision"])
            ) == (dt.date(2025, 6, 1), "MONTH")
    roles = events.features["arguments"].feature["role"]
    assert [(roles.int2str(a["role"]), a["mention_id"], a["start"], a["end"], a["text"])
            for a in first["arguments"]] == [
        ("ACTOR", "m6", 91, 116, "Iran-aligned armed groups"),
        ("RECIPIENT", "m9", 146, 148, "US")]


def test_golden_event_cluster_across_the_two_reports_of_one_interview(built_seeds: Repo) -> None:
    # Read off the two Sadeq texts (guide rule E13): the US spying over Iraq is told by the
    # spy-planes article's headline (its e1) and its "to monitor Iranian soil" (e2), and by
    # the reconnaissance article's "reconnaissance flights" (e1) and "spying flights" (e6).
    events = load("events", split="train", root=built_seeds.root)
    cluster = sorted((r["article_id"], r["event_id"], r["same_as"]) for r in events
                     if r["cluster_id"] == "sadeq-us-spy-planes-iraqi-airspace/e1")
    assert cluster == [
        ("sadeq-reconnaissance-flights-interview", "e1", "sadeq-us-spy-planes-iraqi-airspace/e1"),
        ("sadeq-reconnaissance-flights-interview", "e6", "e1"),
        ("sadeq-us-spy-planes-iraqi-airspace", "e1", None),
        ("sadeq-us-spy-planes-iraqi-airspace", "e2", "e1")]


def test_golden_stance_with_its_evidence(built_seeds: Repo) -> None:
    stances = load("stances", split="validation", root=built_seeds.root)
    first = stances[0]
    assert (first["article_id"], first["stance_id"], first["holder_entity_id"]) == (
        "araji-concludes-tehran-visit", "s1", "qasim-al-araji")
    assert stances.features["target"].int2str(first["target"]) == (
        "FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE")
    assert stances.features["label"].int2str(first["label"]) == "AGAINST"
    assert [(e["start"], e["end"]) for e in first["evidence"]] == [(175, 278), (978, 1123)]


def test_documents_nest_every_span_exactly(built_seeds: Repo) -> None:
    spans = 0
    for split in load("documents", root=built_seeds.root).values():
        for doc in split:
            text = doc["text"]
            for m in doc["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
            for e in doc["events"]:
                assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
            for s in doc["stances"]:
                for v in s["evidence"]:
                    assert text[v["start"]:v["end"]] == v["text"]
            spans += len(doc["mentions"]) + len(doc["events"])
    assert spans == 495 + 132


@pytest.mark.parametrize("config", list(TABLES))
def test_every_config_loads_with_its_exact_features(built_seeds: Repo, config: str) -> None:
    for split in load(config, root=built_seeds.root).values():
        assert split.features == features_for(config)


@pytest.mark.parametrize("config", list(TABLES))
def test_every_config_streams_with_its_exact_features(built_seeds: Repo, config: str) -> None:
    first_split = next(iter(load(config, root=built_seeds.root, streaming=True).values()))
    assert first_split.features == features_for(config)
    assert next(iter(first_split)).keys() == features_for(config).keys()


def test_card_split_sizes_are_the_files(built_seeds: Repo) -> None:
    meta = yaml.safe_load(built_seeds.layout.card.read_text(encoding="utf-8").split("---\n")[1])
    infos = {info["config_name"]: info for info in meta["dataset_info"]}
    for config in TABLES:
        for split in infos[config]["splits"]:
            path = built_seeds.layout.parquet(config, split["name"])
            assert pq.read_metadata(path).num_rows == split["num_examples"]


def test_card_names_the_default_config(built_seeds: Repo) -> None:
    meta = yaml.safe_load(built_seeds.layout.card.read_text(encoding="utf-8").split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"] if c.get("default")] == [DEFAULT_CONFIG]


def test_stories_never_straddle_splits(built_seeds: Repo) -> None:
    split_of_story: dict[str, set[str]] = {}
    for split, rows in load("articles", root=built_seeds.root).items():
        for story in rows["story_id"]:
            split_of_story.setdefault(story, set()).add(split)
    assert split_of_story["sadeq-interview-2025-12"] == {"train"}  # seeds 000 and 001
    assert all(len(s) == 1 for s in split_of_story.values())


def test_rebuild_is_byte_identical(built_seeds: Repo, seeds: Repo) -> None:
    build(seeds)

    def built_files(repo: Repo) -> dict:
        return {p.relative_to(repo.root): p.read_bytes()
                for p in repo.layout.dataset.rglob("*")
                if p.suffix in {".parquet", ".md", ".png"} or p.name == "LICENSE"}

    first, second = built_files(built_seeds), built_files(seeds)
    # + the card, its LICENSE, the check catalogue shipped in docs/ and two plots (no
    # agreement plot: this copy of the sources has no annotation passes)
    assert len(first) == sum(len(splits) for splits in ROWS.values()) + 5
    assert first == second


def test_check_reports_a_changed_source(seeds: Repo) -> None:
    build(seeds)
    seeds.edit(seeds.layout.entities, "name: Iraq\n", "name: Republic of Iraq\n")
    release, _ = prepare(seeds.layout)
    assert release is not None
    assert Difference("dataset/data/entities/full-00000-of-00001.parquet",
                      "differs from a fresh build") in differences(release, seeds.layout)


def test_nothing_is_written_when_a_check_fails(seeds: Repo) -> None:
    build(seeds)
    before = {p: p.read_bytes() for p in seeds.layout.data.rglob("*.parquet")}
    seeds.edit(seeds.layout.annotation_file("araji-concludes-tehran-visit"), "label: AGAINST",
               "label: AGAINTS")
    release, report = prepare(seeds.layout)
    assert release is None and [f.code for f in report.errors] == ["T103"]
    assert {p: p.read_bytes() for p in seeds.layout.data.rglob("*.parquet")} == before


def test_datasets_sees_class_labels_not_strings(built_seeds: Repo) -> None:
    mentions = load("mentions", split="train", root=built_seeds.root)
    assert isinstance(mentions.features["type"], datasets.ClassLabel)
    assert "GPE" in mentions.features["type"].names


def test_a_build_lets_go_of_the_check_tables(tiny: Repo) -> None:
    """The card reads the Parquet back: the check tables are not kept alongside."""
    tables, report = check_sources(tiny.layout, Report(ignore=("D105",)))
    assert report.ok and tables.frames["mentions"].height > 0
    release_from(tables, tiny.layout)
    assert tables.frames == {} and tables.sketches is None
