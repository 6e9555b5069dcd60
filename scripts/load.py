"""The thin loading helper: `datasets.load_dataset` on the dataset folder, nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sovereign_skies.schema.columns import DEFAULT_CONFIG

from . import lazy
from .layout import CHECKOUT_ROOT, Layout


def dataset_dir(root: Path | None = None) -> Path:
    """The dataset folder: of `root`, else of this checkout, else under the current folder."""
    if root is not None:
        return Layout(Path(root)).dataset
    checkout = Layout(CHECKOUT_ROOT).dataset
    return checkout if checkout.is_dir() else Layout(Path.cwd()).dataset


def load(config: str = DEFAULT_CONFIG, split: str | None = None, *, root: Path | None = None,
         **kwargs: Any) -> Any:
    """`load_dataset("<repo>/dataset", config, split=split, **kwargs)`: a DatasetDict, or a
    Dataset when `split` is given (an IterableDataset with `streaming=True`)."""
    module = lazy.datasets(offline_only=False, quiet=False)
    return module.load_dataset(str(dataset_dir(root)), config, split=split, **kwargs)
