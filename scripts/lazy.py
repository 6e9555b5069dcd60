"""The heavy imports, in one place.

`datasets` takes over a second to import (pyarrow, fsspec, huggingface_hub, ...) and most
commands never need it, so no module imports it at load time except those that only the
build, the release checks and loading reach. scikit-learn (1.5 s) and krippendorff are needed
only when two annotation passes are compared, spaCy (0.8 s) only when the `tokens` view is
built, matplotlib (0.7 s) only when the build draws the card's plots. Those go through the
functions here; `datasets()` also makes sure loading never reaches the network: its offline
switches are read at import time, so they are set before it, and set on the modules when
something imported them already.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

_OFFLINE = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")


def offline() -> None:
    """Forbid network access to `datasets` and `huggingface_hub` from now on."""
    for name in _OFFLINE:
        os.environ[name] = "1"
    if "huggingface_hub" in sys.modules:
        sys.modules["huggingface_hub"].constants.HF_HUB_OFFLINE = True
    if "datasets" in sys.modules:
        config = sys.modules["datasets"].config
        config.HF_HUB_OFFLINE = config.HF_DATASETS_OFFLINE = True


def agreement_measures() -> tuple[Callable[..., float], ModuleType]:
    """scikit-learn's `cohen_kappa_score` and the `krippendorff` module."""
    import krippendorff as module
    from sklearn.metrics import cohen_kappa_score

    return cohen_kappa_score, module


def bag_of_words() -> tuple[type, type]:
    """scikit-learn's `CountVectorizer` and `LogisticRegression` (1.5 s to import): only the
    stance baseline of `skies baselines` (and the build, which writes its figures) trains."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    return CountVectorizer, LogisticRegression


def spacy() -> ModuleType:
    """spaCy (0.8 s to import): only the `tokens` view of a release tokenizes."""
    import spacy as module

    return module


def plotting() -> tuple[type, type]:
    """matplotlib's `Figure` and the Agg canvas that renders it to PNG (0.7 s to import: only
    the build draws the card's plots). No pyplot: no global figure state, no GUI backend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return Figure, FigureCanvasAgg


def datasets(*, offline_only: bool = True, quiet: bool = True) -> ModuleType:
    """The `datasets` module: for the toolkit's own loading, offline and without progress
    bars; `load()` for researchers passes both False and leaves their settings alone."""
    if offline_only:
        offline()
    import datasets as module

    if quiet:
        module.disable_progress_bars()
    return module
