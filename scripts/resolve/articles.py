"""Every article read and resolved into rows: on all cores, and from a cache when nothing it
depends on has changed.

An article's rows and faults depend only on its annotation file, its raw text and the code,
so that is the cache key (see cache.py). The result is the same whatever the number of
workers: articles are cut into chunks in file order, and the chunks' tables and faults are
joined back in that order.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..faults import UNLIMITED, Fault, Report, SourceLocation
from ..faults.codes import CACHE_ENTRY_IGNORED
from ..layout import Layout
from ..read.corpus import read_article
from ..workers import ordered_map
from .cache import Cache, Chunk, Resolved
from .rows import Row, article_rows, frames_of
from .sketches import sketches
from .snapshot import FOLDER, read_snapshot, should_rewrite, write_snapshot

EMITS = (CACHE_ENTRY_IGNORED,)

# Articles per task of a worker, and per entry of the cache: an edit re-reads and re-checks
# its chunk, so small chunks keep a warm run short (250 cost 0.3 s more per edit).
CHUNK = 50
PARALLEL_FROM = 400  # fewer articles are resolved in this process: starting workers costs more


def resolve_article(path: Path, layout: Layout) -> Resolved:
    report = Report(limit_per_code=UNLIMITED)  # the caller's report applies its limits
    article = read_article(path, layout, report)
    if article is None:
        return Resolved(faults=report.faults)
    rows = article_rows(article, report)
    return Resolved(rows, report.faults, article.src.story_id, article.parsed.at("story_id"))


def chunk_key(keys: list[str | None]) -> str | None:
    """The cache key of a chunk: of its articles' keys (None when one cannot be read)."""
    if not keys or not all(keys):
        return None
    return hashlib.sha256("".join(k or "" for k in keys).encode()).hexdigest()


def resolve_chunk(root: Path, annotation_set: Path | None, paths: list[Path],
                  keys: list[str | None] | None, problem: str | None = None) -> Chunk:
    """Resolve the articles of `paths`, taking each from the cache when `keys` are given
    (a chunk found whole in the cache never reaches this)."""
    layout = Layout(root, annotation_set)
    store = Cache(layout) if keys is not None else None
    chunk = _resolve_paths(layout, paths, keys or [], store)
    chunk.key = chunk_key(keys or [])
    if store and chunk.key:
        store.put_chunk(chunk.key, chunk)
        if problem and chunk.articles:
            chunk.articles[0].faults.append(_ignored(layout, store.chunks / chunk.key, problem))
    return chunk


def _ignored(layout: Layout, entry: Path, problem: str) -> Fault:
    return Fault(CACHE_ENTRY_IGNORED.code, f"the cache entry {entry.name[:12]}… is ignored: "
                 f"{problem}", SourceLocation(layout.rel(entry)))


def _resolve_paths(layout: Layout, paths: list[Path], keys: list[str | None],
                   store: Cache | None) -> Chunk:
    rows: dict[str, list[Row]] = {}
    articles = []
    for n, path in enumerate(paths):
        key = keys[n] if store else None
        resolved = _cached(store, key, path, layout) if store and key else \
            resolve_article(path, layout)
        for table, table_rows in resolved.rows.items():
            rows.setdefault(table, []).extend(table_rows)
        articles.append(Resolved(faults=resolved.faults, story=resolved.story,
                                 story_at=resolved.story_at))
    frames = frames_of(rows)
    return Chunk(frames, articles, sketches(frames["articles"]))


def _cached(store: Cache, key: str, path: Path, layout: Layout) -> Resolved:
    resolved, problem = store.get(key)
    if resolved is None:
        resolved = resolve_article(path, layout)
        store.put(key, resolved)
        if problem:
            resolved.faults.append(_ignored(layout, store.article_entry(key), problem))
    return resolved


def resolve_all(layout: Layout, paths: list[Path], store: Cache | None = None,
                report: Report | None = None, whole: bool = False) -> list[Chunk]:
    """Every article resolved, in chunks in file order. Whole chunks are looked up in the
    cache here (none without `store`), and for the `whole` corpus in its snapshot first;
    only the chunks it misses go to worker processes, and only when there are enough of
    their articles to repay starting them. A damaged snapshot is reported to `report`."""
    groups = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    every = store.keys(paths) if store else []
    keys = [every[i:i + CHUNK] if store else None for i in range(0, len(paths), CHUNK)]
    # A few named articles (skies check) neither read the corpus's snapshot nor replace it.
    snapshot = _snapshot(layout, store, report) if whole else {}
    found: list[Chunk | None] = []
    tasks = []
    for group, group_keys in zip(groups, keys, strict=True):
        cached, problem = None, None
        if store and (key := chunk_key(group_keys or [])):
            cached = snapshot.get(key)
            if cached is None:
                cached, problem = store.get_chunk(key)
            else:  # kept while the snapshot holds it, should the snapshot be lost
                store.used.add(store.chunks / key)
        found.append(cached)
        if cached is None:
            tasks.append((layout.root, layout.annotation_set, group, group_keys, problem))
    parallel = sum(len(task[2]) for task in tasks) >= PARALLEL_FROM
    resolved = iter(ordered_map(resolve_chunk, tasks, parallel))
    chunks = [chunk if chunk is not None else next(resolved) for chunk in found]
    if store and whole and should_rewrite(chunks, sum(chunk.key in snapshot for chunk in chunks)):
        write_snapshot(store, chunks)
    return chunks


def _snapshot(layout: Layout, store: Cache | None, report: Report | None) -> dict[str, Chunk]:
    if store is None:
        return {}
    snapshot, problem = read_snapshot(store)
    if problem and report is not None:
        report.add(CACHE_ENTRY_IGNORED, f"the snapshot is ignored: {problem}",
                   SourceLocation(layout.rel(store.root / FOLDER)))
    return snapshot
