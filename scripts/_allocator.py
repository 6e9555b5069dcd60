"""Allocator settings for the `skies` process, applied before polars is imported.

polars allocates with jemalloc and keeps freed pages for 0.5-1 s (its defaults, to which
polars appends this override): on a large corpus the transient memory of successive checks
then piles up in RSS. A 200 ms decay returns it between checks at no measurable cost in time
(tests/benchmarks/bench_validate.py). A value the user set is kept.
"""

import os

ALLOCATOR_CONF = "dirty_decay_ms:200,muzzy_decay_ms:200"
os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR_CONF)
