"""The thin loading helper: `datasets.load_dataset` on the dataset folder, nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import datasets

from .card import DEFAULT_CONFIG

# In a repository checkout (an editable install) the dataset sits beside this package.
_CHECKOUT_DATASET = Path(__file__).resolve().parents[1] / "dataset"


def dataset_dir(root: Path | None = None) -> Path:
    if root is not None:
        return Path(root) / "dataset"
    return _CHECKOUT_DATASET if _CHECKOUT_DATASET.is_dir() else Path.cwd() / "dataset"


def load(config: str = DEFAULT_CONFIG, split: str | None = None, *, root: Path | None = None,
         **kwargs: Any) -> Any:
    """`load_dataset("<repo>/dataset", config, split=split, **kwargs)`: a DatasetDict, or a
    Dataset when `split` is given (an IterableDataset with `streaming=True`)."""
    return datasets.load_dataset(str(dataset_dir(root)), config, split=split, **kwargs)
