"""The whole corpus's resolved chunks as one entry of the cache (`.skies-cache/snapshot/`):
one Arrow file per table instead of one per table and chunk, so a warm run opens a handful
of files whatever the corpus size (at 10,000 articles, 9 instead of 360).

Chunks are found in it by their keys (which already name the code and every input), so a
snapshot made before an edit still gives every chunk the edit did not touch; the edited
ones come from their own entries or are resolved again. It is written again only when
enough of the corpus has moved on, so an edit does not cost a rewrite of every table.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from .cache import DAMAGED, SKETCHES, Cache, Chunk, Origin, decode, encode, read_arrow
from .sketches import renumbered

FOLDER = "snapshot"
INDEX = "index.json"
# Rewritten when more than this share of the chunks did not come from it.
REWRITE_FROM = 0.05


def _folder(store: Cache) -> Path:
    return store.root / FOLDER


def _index_key(chunk_keys: list[str]) -> str:
    return hashlib.sha256("\n".join(chunk_keys).encode()).hexdigest()


Read = tuple[dict[str, Chunk], str | None]


def read_early(store: Cache) -> None:
    """Start reading the snapshot in a thread: Arrow decodes it without holding the GIL,
    so it overlaps listing and stat-ing the sources (a warm run at 10,000 articles spends
    0.2 s on each). read_snapshot then takes the result instead of reading again."""
    if store.usable and store.early is None:
        pool = ThreadPoolExecutor(1)
        store.early = pool.submit(_read, store)
        pool.shutdown(wait=False)  # the thread ends after its one read


def read_snapshot(store: Cache) -> Read:
    """The snapshot's chunks by key ({} when there is none), and why it cannot be used when
    it is damaged (then it gives no chunk)."""
    early, store.early = store.early, None
    return early.result() if early is not None else _read(store)


def _read(store: Cache) -> Read:
    folder = _folder(store)
    if not store.usable or not os.path.lexists(folder / INDEX):
        return {}, None
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        entries = index["chunks"]
        if index["key"] != _index_key([entry["key"] for entry in entries]):
            return {}, "it was made for other inputs"
        frames = {name: read_arrow(folder / f"{name}.arrow") for name in index["tables"]}
        sketches = read_arrow(folder / f"{SKETCHES}.arrow")
        chunks = _sliced(entries, frames, sketches)
    except DAMAGED as exc:
        return {}, f"it cannot be read ({type(exc).__name__})"
    store.used.add(folder)
    return {chunk.key: chunk for chunk in chunks if chunk.key}, None


def _sliced(entries: list[dict], frames: dict[str, pl.DataFrame],
            sketches: pl.DataFrame) -> list[Chunk]:
    """The chunks of the index, as zero-copy slices of the snapshot's tables."""
    tables = {**frames, SKETCHES: sketches}
    starts = dict.fromkeys(tables, 0)
    chunks = []
    for entry in entries:
        heights: dict[str, int] = {**entry["rows"], SKETCHES: entry["sketches"]}
        if set(heights) != set(tables):
            raise ValueError("a chunk lists other tables than the snapshot")
        origin = Origin(tables, dict(starts))
        sliced = {name: tables[name].slice(starts[name], height)
                  for name, height in heights.items()}
        for name, height in heights.items():
            starts[name] += height
        local = sliced.pop(SKETCHES).with_columns(
            pl.col("article_id") - pl.lit(origin.starts["articles"], dtype=pl.UInt32))
        articles = [decode(a) for a in entry["articles"]]  # rows left out
        chunks.append(Chunk(sliced, articles, local, str(entry["key"]), origin))
    if starts != {name: frame.height for name, frame in tables.items()}:
        raise ValueError("the tables do not hold the rows the index lists")
    return chunks


def should_rewrite(chunks: list[Chunk], taken: int) -> bool:
    """Whether to write a snapshot of `chunks`, `taken` of which came from the last one."""
    if not chunks or not all(chunk.key for chunk in chunks):
        return False
    return len(chunks) - taken > len(chunks) * REWRITE_FROM


def write_snapshot(store: Cache, chunks: list[Chunk]) -> None:
    """Replace the snapshot by one of `chunks` (each with a key), written beside it first so
    a reader never sees half of one."""
    if not store.usable:
        return
    temp = store.root / f".{FOLDER}.{os.getpid()}.tmp"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    names = list(chunks[0].frames)
    # lz4: twice as fast to read as zstd, and a warm run reads the whole snapshot.
    for name in names:
        pl.concat([chunk.frames[name] for chunk in chunks]).write_ipc(
            temp / f"{name}.arrow", compression="lz4")
    numbered, first = [], 0
    for chunk in chunks:
        numbered.append(renumbered(chunk.sketches, first))
        first += chunk.frames["articles"].height
    pl.concat(numbered).write_ipc(temp / f"{SKETCHES}.arrow", compression="lz4")
    entries = [{"key": chunk.key,
                "rows": {name: chunk.frames[name].height for name in names},
                "sketches": chunk.sketches.height,
                "articles": [{k: v for k, v in encode(a).items() if k != "rows"}
                             for a in chunk.articles]} for chunk in chunks]
    index = {"key": _index_key([str(entry["key"]) for entry in entries]), "tables": names,
             "chunks": entries}
    (temp / INDEX).write_text(json.dumps(index), encoding="utf-8")
    folder, old = _folder(store), store.root / f".{FOLDER}.{os.getpid()}.old"
    if os.path.lexists(folder):
        os.replace(folder, old)
    os.replace(temp, folder)
    shutil.rmtree(old, ignore_errors=True)
