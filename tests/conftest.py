"""Fixtures: a tiny hand-written corpus (one fault at a time is injected into it) and a copy of
the real repository's sources in a temporary folder."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.layout import Layout
from sovereign_skies.scripts.validate import validate

REPO = Path(__file__).resolve().parents[1]

RAW = "Iran’s envoy said Baghdad met Tehran.\nIraq rejected strikes. Iraq met Iran.\n"

ANNOTATION = """\
article_id: tiny-article
seed_file: tiny.txt
raw_sha256: {sha}
story_id: tiny-story
title: null
outlet: null
outlet_note: Not named.
url: null
url_note: Not known.
published:
  value: 2025-06-16
  precision: DAY
  basis: EXPLICIT
  note: Printed.
rights: Test text.
cleaning: []
mentions:
  - {{id: m1, entity: iran, quote: Iran, occurrence: 1}}
  - {{id: m2, entity: iraq, quote: Baghdad}}
  - {{id: m3, entity: iraq, quote: Iraq, occurrence: 1}}
events:
  - id: e1
    type: REJECT
    trigger: {{quote: rejected}}
    realis: ACTUAL
    source: null
    date: {{value: null, precision: UNKNOWN, basis: UNKNOWN}}
    arguments:
      - {{role: ACTOR, mention: m3}}
stances:
  - id: s1
    holder: iraq
    target: FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE
    label: AGAINST
    evidence:
      - quote: Iraq rejected strikes.
"""

ENTITIES = """\
entities:
  - {id: iran, name: Iran, type: GPE, wikidata: Q794}
  - {id: iraq, name: Iraq, type: GPE, wikidata: Q796}
"""

STORIES = """\
stories:
  - {id: tiny-story, split: train, note: The only story.}
"""


@dataclass
class Repo:
    root: Path

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    @property
    def annotation(self) -> Path:
        return self.root / "dataset" / "annotations" / "tiny-article.yaml"

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture does not contain {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, path: Path, needle: str) -> int:
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {path}")

    def validate(self, built: bool = False) -> Report:
        # A one-article corpus lacks most labels in every split: D105 is expected here and
        # tested on its own.
        return validate(self.layout, built=built, report=Report(ignore=("D105",)))


def _copy_cards(root: Path) -> None:
    (root / "cards").mkdir()
    shutil.copy(REPO / "cards" / "card_template.md", root / "cards" / "card_template.md")


@pytest.fixture
def tiny(tmp_path: Path) -> Repo:
    dataset = tmp_path / "dataset"
    (dataset / "raw").mkdir(parents=True)
    (dataset / "annotations").mkdir()
    (dataset / "raw" / "tiny-article.txt").write_text(RAW, encoding="utf-8")
    sha = hashlib.sha256(RAW.encode()).hexdigest()
    (dataset / "annotations" / "tiny-article.yaml").write_text(ANNOTATION.format(sha=sha),
                                                                encoding="utf-8")
    (dataset / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (dataset / "stories.yaml").write_text(STORIES, encoding="utf-8")
    _copy_cards(tmp_path)
    return Repo(tmp_path)


@pytest.fixture
def seeds(tmp_path: Path) -> Repo:
    """The real sources (raw, annotations, registry, stories) without any built file."""
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    for name in ("raw", "annotations"):
        shutil.copytree(REPO / "dataset" / name, dataset / name)
    for name in ("entities.yaml", "stories.yaml"):
        shutil.copy(REPO / "dataset" / name, dataset / name)
    _copy_cards(tmp_path)
    return Repo(tmp_path)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test may reach the network, and `datasets` caches go to a temporary folder."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path_factory.mktemp("hf-home")))
