"""The one fixture set of the suite: a tiny hand-written corpus (one fault at a time is
injected into it), copies of the real repository's sources (unbuilt, and built once per
session), two annotation passes of the tiny corpus, and `skies` for running the CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# No test may reach the network, and `datasets` caches go to a temporary folder: both are read
# when `datasets` is imported, so they are set before anything imports it.
_HF_HOME = tempfile.mkdtemp(prefix="skies-test-hf-")
os.environ.update(HF_HOME=_HF_HOME, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")

import pytest  # noqa: E402
from typer.testing import CliRunner, Result  # noqa: E402

from sovereign_skies.scripts.build import prepare  # noqa: E402
from sovereign_skies.scripts.cli import app  # noqa: E402
from sovereign_skies.scripts.faults import Fault, Report  # noqa: E402
from sovereign_skies.scripts.layout import Layout  # noqa: E402
from sovereign_skies.scripts.publish.release import write  # noqa: E402
from sovereign_skies.scripts.validate import validate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

RAW = "Iran’s envoy said Baghdad met Tehran.\nIraq rejected strikes. Iraq met Iran.\n"

ANNOTATION = """\
article_id: tiny-article
seed_file: tiny.txt
raw_sha256: {sha}
story_id: tiny-story
title: null
outlet: Tiny Times
outlet_note: Named in the text.
url: https://example.org/tiny-article
url_note: A test fixture's made-up address.
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
  - {id: iraq, name: Iraq, type: GPE, aliases: [Baghdad], wikidata: Q796}
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

    def pass_annotation(self, name: str) -> Path:
        return self.root / "dataset" / "passes" / name / "annotations" / "tiny-article.yaml"

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


def copy_sources(root: Path) -> Repo:
    dataset = root / "dataset"
    dataset.mkdir()
    for name in ("raw", "annotations"):
        shutil.copytree(REPO / "dataset" / name, dataset / name)
    for name in ("entities.yaml", "stories.yaml"):
        shutil.copy(REPO / "dataset" / name, dataset / name)
    _copy_cards(root)
    return Repo(root)


def build(repo: Repo) -> Repo:
    """Build the release of `repo` through the library (it must have no faults)."""
    release, report = prepare(repo.layout)
    assert release is not None, [f.message for f in report.faults]
    write(release, repo.layout)
    return repo


_runner = CliRunner()


def skies(*args: str | Path, root: Path | None = None) -> Result:
    """Run `skies ARGS [--root ROOT]` in-process; stdout and stderr are kept apart."""
    argv = [str(a) for a in args] + (["--root", str(root)] if root is not None else [])
    return _runner.invoke(app, argv)


def only(faults: list[Fault], code: str) -> Fault:
    """The one fault of `code` (fails when there is none, or more than one)."""
    matching = [f for f in faults if f.code == code]
    assert len(matching) == 1, f"{len(matching)} {code} in {[(f.code, f.message) for f in faults]}"
    return matching[0]


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
    return copy_sources(tmp_path)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The real sources built once for the session into a temporary repository. Read only:
    a test that changes a repository uses `seeds`."""
    return build(copy_sources(tmp_path_factory.mktemp("seeds")))


@pytest.fixture(scope="session")
def built_release(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The whole release as the repository builds it: the real sources with both annotation
    passes (so agreement is measured) and every file of cards/ (the guide, the adjudication
    log, the changelog), built once for the session. Read only."""
    root = tmp_path_factory.mktemp("release")
    repo = copy_sources(root)
    shutil.copytree(REPO / "dataset" / "passes", root / "dataset" / "passes")
    shutil.rmtree(root / "cards")
    shutil.copytree(REPO / "cards", root / "cards")
    return build(repo)


@pytest.fixture
def two_passes(tiny: Repo) -> Repo:
    """`tiny` with two annotation passes: a copy of the gold, and one whose only stance is
    labelled FAVOR instead of AGAINST."""
    for name in ("a", "b"):
        directory = tiny.root / "dataset" / "passes" / name
        directory.mkdir(parents=True)
        shutil.copytree(tiny.layout.annotations, directory / "annotations")
        shutil.copy(tiny.layout.entities, directory / "entities.yaml")
    tiny.edit(tiny.pass_annotation("b"), "label: AGAINST", "label: FAVOR")
    return tiny


@pytest.fixture(autouse=True, scope="session")
def _hf_home() -> Iterator[None]:
    yield
    shutil.rmtree(_HF_HOME, ignore_errors=True)


FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def interchange(tiny: Repo) -> Repo:
    """`tiny` plus tests/fixtures/interchange-article (a flag and emoji in its text, so
    UTF-16 offsets differ from code points) and the entity it needs."""
    dataset = tiny.root / "dataset"
    shutil.copy(FIXTURES / "interchange-article.txt", dataset / "raw" / "interchange-article.txt")
    shutil.copy(FIXTURES / "interchange-article.yaml",
                dataset / "annotations" / "interchange-article.yaml")
    with (dataset / "entities.yaml").open("a", encoding="utf-8") as registry:
        registry.write("  - {id: israel, name: Israel, type: GPE, wikidata: Q801}\n")
    return tiny
