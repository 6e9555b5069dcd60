"""Work spread over worker processes, results in the order of the tasks: the output is the
same whatever the number of workers (SKIES_WORKERS, else one per core)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

Result = TypeVar("Result")


def workers() -> int:
    """Worker processes: SKIES_WORKERS when set, else one per core."""
    return max(1, int(os.environ.get("SKIES_WORKERS") or os.cpu_count() or 1))


def ordered_map(function: Callable[..., Result], tasks: Sequence[tuple], parallel: bool
                ) -> list[Result]:
    """`function(*task)` for every task, in task order; in worker processes only when
    `parallel` (the caller knows whether the work repays starting them) and there are
    at least two tasks and two workers."""
    count = min(workers(), len(tasks))
    if not parallel or count <= 1:
        return [function(*task) for task in tasks]
    # spawn, not fork: polars' thread pool must not be copied into a child mid-flight.
    with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as pool:
        return list(pool.map(function, *zip(*tasks, strict=True)))
