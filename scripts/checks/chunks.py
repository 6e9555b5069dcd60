"""The article checks, chunk by chunk: a chunk whose articles, registry, stories and code are
unchanged takes its faults from the cache, so after editing one file only that file's chunk
is checked again.

The faults are the same with and without the cache, in the same order: each chunk's faults
are those of a run over that chunk alone (an article check looks at one article and the
registry), and all of them are put in file, line and column order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import polars as pl

from ..faults import UNLIMITED, Fault, Report, SourceLocation
from ..faults.codes import CACHE_ENTRY_IGNORED
from ..layout import Layout
from ..read.files import Unreadable
from ..resolve.cache import SKETCHES, Cache, Chunk, code_version
from ..resolve.rows import frames_of, with_splits
from ..resolve.sketches import SKETCH_SCHEMA, renumbered
from ..tables import CheckTables
from .locate import Locator

EMITS = (CACHE_ENTRY_IGNORED,)

Check = Callable[[CheckTables, Locator, Report], None]

BATCH = 100  # chunks checked together: fewer, larger polars and pandera calls
# Tables in the order checks meet them (so faults come in the same order every run).
_ORDER = ("entities", "mentions", "events", "event_arguments", "stances", "stance_evidence",
          "articles")


@dataclass
class Sources:
    """The sources read and resolved: the check tables, the chunks they were joined from, and
    what the article checks read besides an article (the registry's frame, the splits)."""

    tables: CheckTables
    chunks: list[Chunk]
    entities: pl.DataFrame
    splits: dict[str, str]


def join_chunks(chunks: list[Chunk], entities: pl.DataFrame,
                splits: dict[str, str]) -> CheckTables:
    """The check tables of some chunks, with the whole registry."""
    empty = frames_of({})
    tables = {"entities": entities}
    runs = _runs(chunks)
    for name in _ORDER[1:]:
        parts = [_joined(run, name) for run in runs]
        tables[name] = pl.concat(parts) if parts else empty[name]
    tables["articles"] = with_splits(tables["articles"], splits)
    return CheckTables(tables)


def joined_sketches(chunks: list[Chunk]) -> pl.DataFrame:
    """The chunks' sketches, numbered as the rows of their joined articles table."""
    parts, first = [], 0
    for run in _runs(chunks):
        origin = run[0].origin
        if origin is None:
            parts.append(renumbered(run[0].sketches, first))
        else:
            shift = pl.col("article_id") + pl.lit(first, dtype=pl.Int64) - origin.starts[
                "articles"]
            parts.append(_joined(run, SKETCHES).with_columns(shift.cast(pl.UInt32)))
        first += sum(chunk.frames["articles"].height for chunk in run)
    return pl.concat(parts) if parts else pl.DataFrame(schema=SKETCH_SCHEMA)


def _runs(chunks: list[Chunk]) -> list[list[Chunk]]:
    """The chunks in runs that lie next to each other in the tables they were cut from (one
    slice each, instead of hundreds of pieces to concatenate); other chunks alone."""
    runs: list[list[Chunk]] = []
    for chunk in chunks:
        last = runs[-1][-1] if runs else None
        if (last is not None and last.origin is not None and chunk.origin is not None
                and chunk.origin.tables is last.origin.tables
                and chunk.origin.starts["articles"] == last.origin.starts["articles"]
                + last.frames["articles"].height):
            runs[-1].append(chunk)
        else:
            runs.append([chunk])
    return runs


def _height(chunk: Chunk, name: str) -> int:
    return chunk.sketches.height if name == SKETCHES else chunk.frames[name].height


def _joined(run: list[Chunk], name: str) -> pl.DataFrame:
    origin = run[0].origin
    if origin is None:
        return run[0].frames[name]
    return origin.tables[name].slice(origin.starts[name],
                                     sum(_height(chunk, name) for chunk in run))


def _context(layout: Layout, store: Cache) -> str | None:
    """What the article checks read besides a chunk: the code, the registry and the stories
    (None when one cannot be read: nothing is then cached)."""
    if store.manifest is None:
        return None
    try:
        parts = [store.manifest.digest(p, layout.rel(p)) for p in (layout.entities,
                                                                   layout.stories)]
    except Unreadable:
        return None
    return "\n".join([code_version(), *parts])


def _key(chunk: Chunk, context: str | None) -> str | None:
    if chunk.key is None or context is None:
        return None
    return hashlib.sha256(f"{context}\n{chunk.key}".encode()).hexdigest()


def _batches(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def _files_of(layout: Layout, chunk: Chunk) -> set[str]:
    ids = chunk.frames["articles"]["article_id"].to_list()
    return {layout.rel(layout.annotation_file(i)) for i in ids}


def _check_batch(layout: Layout, sources: Sources, chunks: list[Chunk],
                 checks: tuple[Check, ...]) -> Report:
    tables = join_chunks(chunks, sources.entities, sources.splits)
    # Every fault, unlimited (a batch has at most its rows' worth): a chunk's faults are
    # cached only whole, and the caller's report applies its selection and limits.
    scratch = Report(limit_per_code=UNLIMITED)
    # In memory: a batch is at most a few thousand articles, and pandera collects ~90
    # small queries per table, each ~15× slower on polars' default streaming engine.
    with pl.Config(engine_affinity="in-memory"):
        for check in checks:
            check(tables, Locator(layout, sources=tables), scratch)
    return scratch


def article_checks(layout: Layout, sources: Sources, checks: tuple[Check, ...],
                   store: Cache | None, report: Report) -> None:
    """Run `checks` on every chunk not in the cache and add all chunks' faults to `report`."""
    context = _context(layout, store) if store else None
    keys = [_key(chunk, context) for chunk in sources.chunks]
    found: list[list[Fault] | None] = []
    for key in keys:
        faults, problem = store.get_checks(key) if store and key else (None, None)
        if problem and store and key:
            report.add(CACHE_ENTRY_IGNORED, f"the cache entry {key[:12]}… is ignored: {problem}",
                       SourceLocation(layout.rel(store.checks_entry(key))))
        found.append(faults)
    loose: list[Fault] = []  # faults not in any one chunk's files: never cached
    suppressed: Counter[str] = Counter()
    for batch in _batches([n for n, faults in enumerate(found) if faults is None]):
        scratch = _check_batch(layout, sources, [sources.chunks[n] for n in batch], checks)
        suppressed += scratch.suppressed
        owner = {file: n for n in batch for file in _files_of(layout, sources.chunks[n])}
        for n in batch:
            found[n] = []
        for fault in scratch.faults:
            if fault.file in owner:
                found[owner[fault.file]].append(fault)  # type: ignore[union-attr]
            else:
                loose.append(fault)
        if store and not scratch.suppressed:  # a chunk's faults are cached only when whole
            for n in batch:
                if keys[n]:
                    store.put_checks(keys[n], found[n] or [])
    faults = [fault for chunk_faults in found for fault in chunk_faults or []]
    for fault in sorted(faults, key=_position) + loose:
        report.add_fault(fault)
    for code, count in suppressed.items():
        report.suppress(Fault(code, "").spec, count)


def _position(fault: Fault) -> tuple[str, int, int, str, str]:
    return (fault.file or "", fault.line or 0, fault.column or 0, fault.code, fault.message)
