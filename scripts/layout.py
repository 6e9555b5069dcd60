"""Where everything lives in a Sovereign Skies repository: the only module that knows paths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# In a repository checkout (an editable install) the repository root holds this package.
CHECKOUT_ROOT = Path(__file__).resolve().parents[1]


def parquet_in(data: Path, config: str, split: str) -> Path:
    """A config's file of one split under a release's data/ folder (this repository's, or
    that of a downloaded copy of the Hub repository)."""
    return data / config / f"{split}-00000-of-00001.parquet"


@dataclass(frozen=True)
class Layout:
    """The paths of one repository (folders used on every file are computed once)."""

    root: Path
    # An annotation pass (e.g. dataset/passes/b) has its own annotations/ and entities.yaml
    # but shares the raw texts and stories of the dataset.
    annotation_set: Path | None = None

    def for_pass(self, directory: Path) -> Layout:
        return Layout(self.root, directory.resolve())

    @cached_property
    def dataset(self) -> Path:
        return self.root / "dataset"

    @cached_property
    def raw(self) -> Path:
        return self.dataset / "raw"

    @cached_property
    def annotations(self) -> Path:
        return (self.annotation_set or self.dataset) / "annotations"

    @cached_property
    def entities(self) -> Path:
        return (self.annotation_set or self.dataset) / "entities.yaml"

    @cached_property
    def stories(self) -> Path:
        return self.dataset / "stories.yaml"

    @property
    def data(self) -> Path:
        return self.dataset / "data"

    @property
    def card(self) -> Path:
        return self.dataset / "README.md"

    @property
    def croissant(self) -> Path:
        """The release's Croissant metadata (scripts/publish/croissant.py)."""
        return self.dataset / "croissant.json"

    @property
    def card_template(self) -> Path:
        return self.root / "cards" / "card_template.md"

    @property
    def guidelines_template(self) -> Path:
        return self.root / "cards" / "guidelines_template.md"

    @property
    def guidelines(self) -> Path:
        return self.root / "cards" / "guidelines.md"

    @property
    def agreement(self) -> Path:
        return self.dataset / "agreement.json"

    @property
    def checks_page(self) -> Path:
        return self.root / "cards" / "checks.md"

    @property
    def adjudication_log(self) -> Path:
        return self.root / "cards" / "adjudication.md"

    @property
    def changelog(self) -> Path:
        return self.root / "cards" / "CHANGELOG.md"

    # What the card links to must lie inside dataset/ (the Hub repository): the build ships
    # the licence, copies of the docs and the plots there.
    @property
    def license_file(self) -> Path:
        return self.dataset / "LICENSE"

    @property
    def shipped_docs(self) -> Path:
        return self.dataset / "docs"

    @property
    def figures(self) -> Path:
        return self.dataset / "figures"

    @property
    def baselines(self) -> Path:
        return self.dataset / "baselines.json"

    @property
    def agreement_new_annotator(self) -> Path:
        return self.dataset / "agreement-new-annotator.json"

    @property
    def citation(self) -> Path:
        return self.dataset / "CITATION.cff"

    @property
    def releases(self) -> Path:
        """The signature of every release made (scripts/publish/versions.py)."""
        return self.root / "cards" / "releases"

    @property
    def passes(self) -> Path:
        return self.dataset / "passes"

    def raw_file(self, article_id: str) -> Path:
        return self.raw / f"{article_id}.txt"

    def annotation_file(self, article_id: str) -> Path:
        return self.annotations / f"{article_id}.yaml"

    def parquet(self, config: str, split: str) -> Path:
        return parquet_in(self.data, config, split)

    def rel(self, path: Path) -> str:
        """A path as people see it in messages: relative to the repository root."""
        # A string prefix, not Path.relative_to: this runs for every file of every run.
        shown, root = str(path), self._root_prefix
        return shown[len(root):] if shown.startswith(root) else shown

    @cached_property
    def _root_prefix(self) -> str:
        return str(self.root).rstrip("/") + "/"
