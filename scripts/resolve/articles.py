"""Every article read and resolved into rows: on all cores, and from a cache when nothing it
depends on has changed.

An article's rows and faults depend only on its annotation file, its raw text and the code,
so that is the cache key (the registry and stories feed checks that always run again). The
result is the same whatever the number of workers: articles are cut into chunks in file
order, and the chunks' tables and faults are joined back in that order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import polars as pl

from ..faults import Fault, Report, SourceLocation, TableLocation
from ..faults.codes import CACHE_ENTRY_IGNORED
from ..layout import Layout
from ..read.corpus import read_article
from ..read.files import Unreadable, read_bytes, unsafe_kind
from .rows import Row, article_rows, frames_of

EMITS = (CACHE_ENTRY_IGNORED,)

CHUNK = 250  # articles per task of a worker
PARALLEL_FROM = 400  # fewer articles are resolved in this process: starting workers costs more
_UNLIMITED = 10**12  # a worker keeps every fault; the caller's report applies its limits
_DATES = ("published_date", "date")  # row values the cache stores as ISO strings


@dataclass
class Resolved:
    """One article: its rows per table, its faults, and its story with where it is named."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    story: str | None = None
    story_at: SourceLocation | None = None


@cache
def code_version() -> str:
    """A hash of the toolkit's source: a cache entry made by other code is never used."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in (package, package.parent / "schema"):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Cache:
    """Resolved articles under `<root>/.skies-cache/`: one JSON file per article in
    `articles/`, and the tables of whole chunks as Arrow IPC files in `chunks/`, each named by
    the hash of what it depends on. JSON and Arrow, not pickle: a planted entry can be wrong
    (it is then detected and ignored) but can never run code."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.folder = layout.root / ".skies-cache" / "articles"
        self.chunks = layout.root / ".skies-cache" / "chunks"

    def key(self, path: Path) -> str | None:
        scratch = Report()  # faults of these files are reported when they are read
        try:
            annotation = read_bytes(path, self.layout.rel(path), scratch)
            raw = read_bytes(self.layout.raw_file(path.stem), "raw", scratch)
        except Unreadable:
            return None
        digest = hashlib.sha256(code_version().encode())
        for part in (self.layout.rel(path).encode(), annotation, raw):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _usable(self) -> bool:
        for folder in (self.folder.parent, self.folder, self.chunks):
            if os.path.lexists(folder) and unsafe_kind(os.lstat(folder).st_mode):
                return False
        return True

    def get(self, key: str) -> tuple[Resolved | None, str | None]:
        """(the entry, None), (None, None) when absent, (None, why) when it cannot be used."""
        path = self.folder / f"{key}.json"
        if not self._usable() or not os.path.lexists(path):
            return None, None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None, "it was made for other inputs"
            return _decode(data), None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return None, f"it cannot be read ({type(exc).__name__})"

    def put(self, key: str, resolved: Resolved) -> None:
        if not self._usable():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{key}.json"
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps({"key": key, **_encode(resolved)}), encoding="utf-8")
        os.replace(temp, target)


    def get_chunk(self, key: str) -> tuple[Chunk | None, str | None]:
        """(a whole chunk, None), (None, None) when absent, (None, why) when damaged: then
        its articles are taken one by one."""
        folder = self.chunks / key
        if not self._usable() or not os.path.lexists(folder / "articles.json"):
            return None, None
        try:
            data = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None, "it was made for other inputs"
            frames = {name: pl.read_ipc(folder / f"{name}.arrow") for name in data["tables"]}
            articles = [_decode({"rows": {}, **a}) for a in data["articles"]]
            return Chunk(frames, articles), None
        except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError) as exc:
            return None, f"it cannot be read ({type(exc).__name__})"

    def put_chunk(self, key: str, chunk: Chunk) -> None:
        if not self._usable():
            return
        self.chunks.mkdir(parents=True, exist_ok=True)
        temp = self.chunks / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        for name, frame in chunk.frames.items():
            frame.write_ipc(temp / f"{name}.arrow")
        articles = [{k: v for k, v in _encode(a).items() if k != "rows"} for a in chunk.articles]
        (temp / "articles.json").write_text(json.dumps(
            {"key": key, "tables": list(chunk.frames), "articles": articles}), encoding="utf-8")
        try:
            os.replace(temp, self.chunks / key)
        except OSError:  # another process wrote it first
            shutil.rmtree(temp, ignore_errors=True)


def _encode(resolved: Resolved) -> dict[str, Any]:
    rows = {table: [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
                    for row in table_rows] for table, table_rows in resolved.rows.items()}
    return {"rows": rows, "faults": [asdict(f) for f in resolved.faults],
            "story": resolved.story,
            "story_at": asdict(resolved.story_at) if resolved.story_at else None}


def _decode(data: dict[str, Any]) -> Resolved:
    rows = {table: [{k: dt.date.fromisoformat(v) if k in _DATES and v is not None else v
                     for k, v in row.items()} for row in table_rows]
            for table, table_rows in data["rows"].items()}
    faults = [Fault(f["code"], f["message"],
                    SourceLocation(**f["source"]) if f["source"] else None,
                    TableLocation(**f["in_table"]) if f["in_table"] else None)
              for f in data["faults"]]
    story_at = SourceLocation(**data["story_at"]) if data["story_at"] else None
    return Resolved(rows, faults, data["story"], story_at)


def resolve_article(path: Path, layout: Layout) -> Resolved:
    report = Report(limit_per_code=_UNLIMITED)
    article = read_article(path, layout, report)
    if article is None:
        return Resolved(faults=report.faults)
    rows = article_rows(article, report)
    return Resolved(rows, report.faults, article.src.story_id, article.parsed.at("story_id"))


@dataclass
class Chunk:
    """Resolved articles: their rows as one frame per table, and each article's faults and
    story, in file order."""

    frames: dict[str, pl.DataFrame]
    articles: list[Resolved]  # rows left out: they are in `frames`


def resolve_chunk(root: Path, annotation_set: Path | None, paths: list[Path],
                  use_cache: bool) -> Chunk:
    layout = Layout(root, annotation_set)
    store = Cache(layout) if use_cache else None
    keys = [store.key(path) for path in paths] if store else []
    chunk_key = None
    problem = None
    if store and all(keys):
        chunk_key = hashlib.sha256("".join(k or "" for k in keys).encode()).hexdigest()
        cached, problem = store.get_chunk(chunk_key)
        if cached is not None:
            return cached
    chunk = _resolve_paths(layout, paths, store)
    if store and chunk_key:
        store.put_chunk(chunk_key, chunk)
        if problem and chunk.articles:
            chunk.articles[0].faults.append(_ignored(layout, store.chunks / chunk_key, problem))
    return chunk


def _ignored(layout: Layout, entry: Path, problem: str) -> Fault:
    return Fault(CACHE_ENTRY_IGNORED.code, f"the cache entry {entry.name[:12]}… is ignored: "
                 f"{problem}", SourceLocation(layout.rel(entry)))


def _resolve_paths(layout: Layout, paths: list[Path], store: Cache | None) -> Chunk:
    rows: dict[str, list[Row]] = {}
    articles = []
    for path in paths:
        resolved = _cached(store, path, layout) if store else resolve_article(path, layout)
        for table, table_rows in resolved.rows.items():
            rows.setdefault(table, []).extend(table_rows)
        articles.append(Resolved(faults=resolved.faults, story=resolved.story,
                                 story_at=resolved.story_at))
    return Chunk(frames_of(rows), articles)


def _cached(store: Cache, path: Path, layout: Layout) -> Resolved:
    key = store.key(path)
    if key is None:
        return resolve_article(path, layout)
    resolved, problem = store.get(key)
    if resolved is None:
        resolved = resolve_article(path, layout)
        store.put(key, resolved)
        if problem:
            resolved.faults.append(_ignored(layout, store.folder / f"{key}.json", problem))
    return resolved


def workers() -> int:
    """Worker processes: SKIES_WORKERS when set, else one per core."""
    return max(1, int(os.environ.get("SKIES_WORKERS") or os.cpu_count() or 1))


def resolve_all(layout: Layout, paths: list[Path], use_cache: bool = True) -> list[Chunk]:
    """Every article resolved, in chunks in file order."""
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    count = min(workers(), len(chunks))
    if count <= 1 or len(paths) < PARALLEL_FROM:
        return [resolve_chunk(layout.root, layout.annotation_set, chunk, use_cache)
                for chunk in chunks]
    # spawn, not fork: polars' thread pool must not be copied into a child mid-flight.
    with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as pool:
        return list(pool.map(resolve_chunk, [layout.root] * len(chunks),
                             [layout.annotation_set] * len(chunks), chunks,
                             [use_cache] * len(chunks)))
