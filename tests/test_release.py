"""Sources -> Parquet -> load_dataset: the round trip, reproducibility and the card."""

from __future__ import annotations

import datasets
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import REPO, Repo
from ruamel.yaml import YAML

from sovereign_skies.schema.columns import TABLES
from sovereign_skies.schema.features import features_for
from sovereign_skies.scripts.anchors import resolve
from sovereign_skies.scripts.cleaning import clean
from sovereign_skies.scripts.load import load
from sovereign_skies.scripts.release import differences, prepare, write
from sovereign_skies.scripts.sources import Anchor


def build(repo: Repo) -> None:
    release, report = prepare(repo.layout)
    assert release is not None, [f.message for f in report.faults]
    write(release, repo.layout)


@pytest.fixture(scope="module")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The real seeds built once into a temporary repository."""
    import shutil
    root = tmp_path_factory.mktemp("seeds")
    for name in ("raw", "annotations"):
        shutil.copytree(REPO / "dataset" / name, root / "dataset" / name)
    for name in ("entities.yaml", "stories.yaml"):
        shutil.copy(REPO / "dataset" / name, root / "dataset" / name)
    (root / "cards").mkdir()
    shutil.copy(REPO / "cards" / "card_template.md", root / "cards" / "card_template.md")
    repo = Repo(root)
    build(repo)
    return repo


def _source_mentions(repo: Repo) -> set[tuple[str, str, str, int, int]]:
    """(article, mention, entity, start, end) computed straight from the YAML and raw text,
    independently of the build's tables."""
    out = set()
    for path in sorted(repo.layout.annotations.glob("*.yaml")):
        doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        raw = (repo.layout.raw / f"{doc['article_id']}.txt").read_text(encoding="utf-8")
        from sovereign_skies.scripts.sources import CleaningStep
        text = clean(raw, [CleaningStep(**s) for s in doc["cleaning"]])
        for m in doc["mentions"]:
            start, end = resolve(text, Anchor(quote=m["quote"], occurrence=m.get("occurrence")))
            assert text[start:end] == m["quote"]
            out.add((doc["article_id"], m["id"], m["entity"], start, end))
    return out


def test_round_trip_mentions_match_the_sources(built_seeds: Repo) -> None:
    loaded = load("mentions", root=built_seeds.root)
    rows = {(r["article_id"], r["mention_id"], r["entity_id"], r["start"], r["end"])
            for split in loaded.values() for r in split}
    assert rows == _source_mentions(built_seeds)


def test_round_trip_documents_spans_and_labels(built_seeds: Repo) -> None:
    docs = load("documents", root=built_seeds.root)
    features = docs["train"].features
    event_type = features["events"].feature["type"]
    stance_label = features["stances"].feature["label"]
    seen = {}
    for split in docs.values():
        for doc in split:
            text = doc["text"]
            for m in doc["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
            for e in doc["events"]:
                assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
                seen[doc["article_id"], e["event_id"]] = event_type.int2str(e["type"])
            for s in doc["stances"]:
                seen[doc["article_id"], s["stance_id"]] = stance_label.int2str(s["label"])
    expected = {}
    for path in built_seeds.layout.annotations.glob("*.yaml"):
        doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        expected |= {(doc["article_id"], e["id"]): e["type"] for e in doc["events"]}
        expected |= {(doc["article_id"], s["id"]): s["label"] for s in doc["stances"]}
    assert seen == expected


@pytest.mark.parametrize("config", list(TABLES))
def test_every_config_loads_with_its_exact_features(built_seeds: Repo, config: str) -> None:
    loaded = load(config, root=built_seeds.root)
    for split in loaded.values():
        assert split.features == features_for(config)
    streamed = load(config, root=built_seeds.root, streaming=True)
    first_split = next(iter(streamed.values()))
    assert first_split.features == features_for(config)
    assert next(iter(first_split)).keys() == features_for(config).keys()


def test_card_yaml_matches_the_data(built_seeds: Repo) -> None:
    card = built_seeds.layout.card.read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---\n")[1])
    infos = {info["config_name"]: info for info in meta["dataset_info"]}
    for config in TABLES:
        for split in infos[config]["splits"]:
            path = built_seeds.layout.parquet(config, split["name"])
            assert pq.read_metadata(path).num_rows == split["num_examples"]
    defaults = [c["config_name"] for c in meta["configs"] if c.get("default")]
    assert defaults == ["documents"]


def test_stories_never_straddle_splits(built_seeds: Repo) -> None:
    articles = load("articles", root=built_seeds.root)
    split_of_story: dict[str, set[str]] = {}
    for split, rows in articles.items():
        for story in rows["story_id"]:
            split_of_story.setdefault(story, set()).add(split)
    assert split_of_story and all(len(s) == 1 for s in split_of_story.values())
    stories = split_of_story.keys()
    assert "sadeq-interview-2025-12" in stories  # the story reported twice (seeds 000, 001)


def test_rebuild_is_byte_identical(built_seeds: Repo, seeds: Repo) -> None:
    build(seeds)
    first = {p.relative_to(built_seeds.root): p.read_bytes()
             for p in built_seeds.layout.dataset.rglob("*") if p.suffix in {".parquet", ".md"}}
    second = {p.relative_to(seeds.root): p.read_bytes()
              for p in seeds.layout.dataset.rglob("*") if p.suffix in {".parquet", ".md"}}
    assert len(first) == 17 and first == second


def test_committed_release_is_fresh() -> None:
    from sovereign_skies.scripts.layout import Layout
    layout = Layout(REPO)
    release, report = prepare(layout)
    assert release is not None, [f.message for f in report.faults]
    assert differences(release, layout) == []


def test_check_reports_a_changed_source(seeds: Repo) -> None:
    build(seeds)
    seeds.edit(seeds.root / "dataset" / "entities.yaml", "name: Iraq\n", "name: Republic of Iraq\n")
    release, _ = prepare(seeds.layout)
    assert release is not None
    stale = differences(release, seeds.layout)
    assert "dataset/data/entities/full-00000-of-00001.parquet: differs from a fresh build" in stale


def test_nothing_is_written_when_a_check_fails(seeds: Repo) -> None:
    build(seeds)
    before = {p: p.read_bytes() for p in seeds.layout.data.rglob("*.parquet")}
    seeds.edit(next(seeds.layout.annotations.glob("araji*.yaml")), "label: AGAINST",
               "label: AGAINTS")
    release, report = prepare(seeds.layout)
    assert release is None and [f.code for f in report.errors] == ["T103"]
    assert {p: p.read_bytes() for p in seeds.layout.data.rglob("*.parquet")} == before


def test_datasets_sees_class_labels_not_strings(built_seeds: Repo) -> None:
    mentions = load("mentions", split="train", root=built_seeds.root)
    assert isinstance(mentions.features["type"], datasets.ClassLabel)
    assert "GPE" in mentions.features["type"].names
