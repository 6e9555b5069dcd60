"""Sovereign Skies toolkit: the stages a record passes through, one subpackage each.

    read/       source files -> typed records that remember their lines
    resolve/    records -> check tables: cleaning, quote anchors -> offsets, dates, rows
    views/      check tables -> the task views: tokens and sentences (spaCy), labels, folds
    score/      the official scorer: predictions against the gold of a split, with intervals
    baselines/  baselines trained on train, scored on test with score/ (figures in the build)
    publish/    check tables <-> the released form (codec), Parquet, card, docs, the release
    checks/     every check over the data, each module declaring its codes (`EMITS`)
    edit/       commands that write the sources (`skies add`), keeping comments, atomically
    interchange/ annotation tools' formats <-> the sources (Label Studio, brat, doccano, ...)
    agreement/  inter-annotator agreement of two annotation sets
    synth/      synthetic corpora for scale tests and benchmarks

Shared by every stage: `faults/` (the code catalogue, the report, its renderings),
`tables.py` (the check tables), `layout.py` (every path) and `built.py` (the released
tables, read back a table at a time). On top: `build.py`,
`validate.py` and `check.py` (the pipelines as Python APIs), `stats.py`, `load.py` (for
researchers) and `cli.py` (the `skies` command, typer wiring only). `lazy.py` owns the heavy
imports.

The dependency rule: a module imports only from the stages before it in
`schema <- faults, tables, layout <- built <- read <- resolve <- views <- score <- baselines
<- publish <- checks <- edit <- interchange <- agreement <- synth, stats, build, validate, check
<- cli`;
checks come after publish because the release checks rebuild the release and read it back;
score and baselines come before publish because the build writes the baselines' figures.

`from sovereign_skies.scripts import load` gives the one-line loader for researchers.
"""

from __future__ import annotations

import os
from typing import Any

# polars allocates with jemalloc and keeps freed pages for 0.5-1 s: on a large corpus the
# transient memory of successive checks then piles up in RSS. A 200 ms decay returns it
# between checks at no measurable cost in time (tests/benchmarks/bench_validate.py). It must
# be set before polars is imported, so here, where every import of the toolkit starts; a
# value the user set is kept.
ALLOCATOR_CONF = "dirty_decay_ms:200,muzzy_decay_ms:200"
os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR_CONF)

__all__ = ["load"]


def __getattr__(name: str) -> Any:
    # Lazy, so `skies --help` does not pay for importing `datasets`.
    if name == "load":
        from .load import load

        return load
    raise AttributeError(name)
