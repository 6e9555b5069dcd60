"""Percentile bootstrap intervals: resample the units of a split with replacement
(`SAMPLES` times, numpy's PCG64 generator seeded with `SEED`, so a run is repeatable), sum
each resample's counts, compute every metric on each, and take the 2.5th and 97.5th
percentiles of the defined values (linear interpolation, numpy's default).

The unit is what may be treated as independent: paragraphs for spans (NER and events), the
scored (article, holder, target) items for stance. With one test article the interval says
how stable a score is across that article's paragraphs, not across articles: it is no
substitute for more articles.
"""

from __future__ import annotations

import numpy as np

from .counts import Metrics, Tally

SAMPLES = 1000
SEED = 0


def resample_weights(units: int, samples: int = SAMPLES, seed: int = SEED) -> np.ndarray:
    """weights[s, u]: how often resample s drew unit u (each row sums to `units`)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, units, size=(samples, units))
    weights = np.zeros((samples, units))
    np.add.at(weights, (np.repeat(np.arange(samples), units), draws.ravel()), 1)
    return weights


def intervals(tally: Tally, metrics: Metrics, samples: int = SAMPLES, seed: int = SEED
              ) -> dict[str, tuple[float, float] | None]:
    """Each metric's 95% percentile interval (None where no resample defines it)."""
    units = tally.counts.shape[0]
    if units == 0:
        return dict.fromkeys(metrics(tally.totals()))
    values = metrics(tally.totals(resample_weights(units, samples, seed)))
    out: dict[str, tuple[float, float] | None] = {}
    for name, value in values.items():
        defined = value[~np.isnan(value)]
        out[name] = None if defined.size == 0 else (
            float(np.percentile(defined, 2.5)), float(np.percentile(defined, 97.5)))
    return out
