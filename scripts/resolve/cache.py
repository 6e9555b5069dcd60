"""The cache of resolved articles and of their check results, under `<root>/.skies-cache/`.

Every entry is named by the hash of what it depends on and repeats that key inside, so an
entry made for other inputs or by other code is detected and ignored. JSON and Arrow IPC,
never pickle: a planted entry can be wrong (and is then ignored) but can never run code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import polars as pl

from ..faults import Fault, Report, SourceLocation, TableLocation
from ..faults.codes import CACHE_ENTRY_IGNORED
from ..layout import Layout
from ..read.files import Unreadable, read_bytes, unsafe_kind
from .rows import Row

_DATES = ("published_date", "date")  # row values the cache stores as ISO strings
# A file changed within this long of the manifest being written may have kept its stat
# (coarse file-system clocks): its digest is not trusted, it is read again (git's "racy" rule).
_RACY_NS = 2 * 10**9
PRUNE_AFTER = 7 * 86_400  # seconds: an entry no run has used for a week is removed
# The folders are scanned for stale entries at most this often: a scan stats every entry,
# which would cost an incremental run more than the run itself at 100k articles.
PRUNE_EVERY = 86_400
# What reading a damaged entry raises (polars' Rust panics are not Exceptions).
DAMAGED = (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError,
           pl.exceptions.PanicException)
# The manifest's columns: Arrow, as a warm run at 100,000 articles reads and writes 200,000
# entries (JSON took several times longer both ways).
_MANIFEST = pl.Schema({"file": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64,
                       "ctime_ns": pl.Int64, "inode": pl.UInt64, "sha256": pl.String})


@dataclass
class Resolved:
    """One article: its rows per table, its faults, and its story with where it is named."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    story: str | None = None
    story_at: SourceLocation | None = None


@dataclass(frozen=True)
class Origin:
    """Where a chunk's rows are in the larger tables it was cut from (the snapshot's): its
    first row in each table, so that neighbouring chunks are joined as one slice."""

    tables: dict[str, pl.DataFrame]  # sketches under SKETCHES, numbered across all articles
    starts: dict[str, int]


SKETCHES = "_sketches"


@dataclass
class Chunk:
    """Resolved articles: their rows as one frame per table, and each article's faults and
    story, in file order; `key` names it in the cache (None when it is not cached)."""

    frames: dict[str, pl.DataFrame]
    articles: list[Resolved]  # rows left out: they are in `frames`
    sketches: pl.DataFrame  # of the chunk's articles, numbered from 0
    key: str | None = None
    origin: Origin | None = None


@cache
def code_version() -> str:
    """A hash of the toolkit's source: a cache entry made by other code is never used."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in (package, package.parent / "schema"):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _lstat(path: str) -> os.stat_result | None:
    """A path's own status (links not followed); None when it is missing or unreadable."""
    try:
        return os.lstat(path)
    except OSError:
        return None


class Manifest:
    """The content digest of each source file, with the file's size, times and inode when it
    was hashed. While all four are unchanged the file is not read again just to learn its
    hash (as git's index does); a copied or planted manifest cannot match a checkout's
    inodes and change times, so it is never trusted by mistake."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = pl.DataFrame(schema=_MANIFEST)
        self.changed = False
        written = 0
        try:
            with open(path, "rb") as handle:
                # When it was written: its own modification time, on the clock of the
                # files it describes (as git does with its index).
                written = os.fstat(handle.fileno()).st_mtime_ns
                frame = pl.read_ipc(handle.read())
            if frame.schema != _MANIFEST:
                raise ValueError("not a manifest")
            self.known = frame
        except DAMAGED:
            written = 0
        self.trusted_before = written - _RACY_NS

    def digest(self, path: Path | str, shown: str) -> str:
        """The sha256 of a regular file's bytes; Unreadable when it cannot be read (the
        reader reports why, where the file is read for its content)."""
        found = self.digests([str(path)], [shown])[0]
        if found is None:
            raise Unreadable
        return found

    def digests(self, paths: list[str], shown: list[str]) -> list[str | None]:
        """The digest of each file (None for one that is not a regular file or cannot be
        read): taken from the manifest in one join where the file's status is unchanged,
        so a warm run at 100,000 articles stats its files and hashes only the edited ones."""
        stats = [_lstat(path) for path in paths]
        now = pl.DataFrame({
            "file": shown,
            "size": [s.st_size if s else -1 for s in stats],
            "mtime_ns": [s.st_mtime_ns if s else -1 for s in stats],
            "ctime_ns": [s.st_ctime_ns if s else -1 for s in stats],
            "inode": [s.st_ino if s else 0 for s in stats]},
            schema={name: _MANIFEST[name] for name in _MANIFEST.names()[:-1]})
        same = [pl.col(name) == pl.col(f"{name}_known")
                for name in ("size", "mtime_ns", "ctime_ns", "inode")]
        trusted = (pl.all_horizontal(same)
                   & (pl.col("mtime_ns_known") < self.trusted_before)
                   & (pl.col("ctime_ns_known") < self.trusted_before))
        found = (now.join(self.known, on="file", how="left", suffix="_known",
                          maintain_order="left")
                 .select(pl.when(trusted).then(pl.col("sha256")))
                 .to_series().to_list())
        learnt = []
        for n, digest in enumerate(found):
            status = stats[n]
            if digest is None and status is not None and stat.S_ISREG(status.st_mode):
                try:
                    found[n] = hashlib.sha256(read_bytes(Path(paths[n]), shown[n], Report())
                                              ).hexdigest()
                except Unreadable:
                    continue
                learnt.append(n)
        if learnt:
            self._learn(now[learnt].with_columns(sha256=pl.Series([found[n] for n in learnt],
                                                                  dtype=pl.String)))
        return found

    def _learn(self, rows: pl.DataFrame) -> None:
        self.known = pl.concat([self.known.join(rows, on="file", how="anti"), rows])
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.known.write_ipc(temp)
        os.replace(temp, self.path)


class Cache:
    """Resolved articles (one JSON file each in `articles/`), whole chunks (their tables as
    Arrow IPC files in `chunks/`), the faults the article checks found in a chunk
    (`checks/`), and what the registry and the stories gave (`files/`).

    Keys are computed from the repository's own content, so anyone could compute them: a
    cache folder is used only when it was made on this machine, in this checkout (its
    stamp file still has the inode and change time recorded when it was made, which no
    copy, archive or commit can reproduce). A foreign folder is reported and left alone."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.root = layout.root / ".skies-cache"
        self.folder = self.root / "articles"
        self.chunks = self.root / "chunks"
        self.checks = self.root / "checks"
        self.files = self.root / "files"
        self.foreign: str | None = None  # why an existing folder is not used
        self.used: set[Path] = set()  # entries read or written in this run
        self.early: Future[Any] | None = None  # the snapshot being read (snapshot.read_early)

    @cached_property
    def usable(self) -> bool:
        """The folder is ours (made here, or made now) and holds no link or special file
        where entries go."""
        for path in (self.root, self.folder, self.chunks, self.checks, self.files,
                     self.root / "snapshot", self.root / "manifest.arrow", self.root / "stamp"):
            if os.path.lexists(path) and unsafe_kind(os.lstat(path).st_mode):
                self.foreign = f"{self.layout.rel(path)} is a link or a special file"
                return False
        if not os.path.lexists(self.root):
            return self._make()
        if not self._stamped():
            self.foreign = ("it was not made in this checkout (copied, unpacked or "
                            "committed); delete it to cache again")
            return False
        return True

    def _make(self) -> bool:
        try:
            self.root.mkdir()
            (self.root / "stamp").touch(exist_ok=False)
            now = os.lstat(self.root / "stamp")
            (self.root / "stamp.json").write_text(json.dumps(
                [now.st_ino, now.st_ctime_ns]), encoding="utf-8")
        except OSError:
            return False
        return True

    def _stamped(self) -> bool:
        try:
            now = os.lstat(self.root / "stamp")
            return json.loads((self.root / "stamp.json").read_text(encoding="utf-8")) == [
                now.st_ino, now.st_ctime_ns]
        except (OSError, ValueError):
            return False

    @cached_property
    def manifest(self) -> Manifest | None:
        """Read on first use: workers, given their keys, never need it."""
        return Manifest(self.root / "manifest.arrow") if self.usable else None

    def keys(self, paths: list[Path]) -> list[str | None]:
        """Each article's key: of the code, its path, and the digests of its annotation
        file and raw text (None when either cannot be read: it is then never cached)."""
        if self.manifest is None:
            return [None] * len(paths)
        rels = [self.layout.rel(path) for path in paths]
        raw_rels = [self._raw_rel(path.name) for path in paths]
        digests = self.manifest.digests(
            [str(path) for path in paths] + [self._root_prefix + r for r in raw_rels],
            rels + raw_rels)
        version, count = code_version(), len(paths)
        return [hashlib.sha256(f"{version}\n{rel}\n{annotation}\n{raw}".encode()).hexdigest()
                if annotation and raw else None
                for rel, annotation, raw in zip(rels, digests[:count], digests[count:],
                                                strict=True)]

    @cached_property
    def _root_prefix(self) -> str:
        return str(self.layout.root).rstrip("/") + "/"

    def _raw_rel(self, annotation_name: str) -> str:
        return f"{self._raw_folder}/{annotation_name.removesuffix('.yaml')}.txt"

    @cached_property
    def _raw_folder(self) -> str:
        return self.layout.rel(self.layout.raw)

    def save(self) -> None:
        """Keep the digests learnt in this run for the next one, and let go of entries no
        run has used for a while."""
        if "manifest" in self.__dict__ and self.manifest is not None and self.usable:
            self.manifest.save()
        if self.usable:
            self._prune()

    def _prune(self) -> None:
        """Entries used in this run are touched; others unused for PRUNE_AFTER go (looked
        for once every PRUNE_EVERY)."""
        for path in self.used:
            with contextlib.suppress(OSError):
                os.utime(path, follow_symlinks=False)
        mark = self.root / "pruned"
        try:
            if time.time() - os.lstat(mark).st_mtime < PRUNE_EVERY:
                return
        except OSError:
            pass  # never pruned: prune now
        with contextlib.suppress(OSError):  # a link planted there is not followed
            os.close(os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644))
            os.utime(mark, follow_symlinks=False)
        self._remove_stale(time.time() - PRUNE_AFTER)

    def _remove_stale(self, stale: float) -> None:
        for folder in (self.folder, self.chunks, self.checks, self.files):
            if not os.path.isdir(folder):
                continue
            for entry in os.scandir(folder):
                path = Path(entry.path)
                if path in self.used or entry.stat(follow_symlinks=False).st_mtime > stale:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        path.unlink()

    def _read_json(self, path: Path, key: str) -> tuple[dict[str, Any] | None, str | None]:
        if not self.usable or not os.path.lexists(path):
            return None, None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return None, f"it cannot be read ({type(exc).__name__})"
        if not isinstance(data, dict) or data.get("key") != key:
            return None, "it was made for other inputs"
        return data, None

    def _write_json(self, path: Path, data: dict[str, Any]) -> None:
        if not self.usable:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, path)

    def article_entry(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[Resolved | None, str | None]:
        """(the entry, None), (None, None) when absent, (None, why) when it cannot be used."""
        data, problem = self._read_json(self.article_entry(key), key)
        if data is None:
            return None, problem
        try:
            return decode(data), None
        except (ValueError, KeyError, TypeError) as exc:
            return None, f"it cannot be read ({type(exc).__name__})"

    def put(self, key: str, resolved: Resolved) -> None:
        self._write_json(self.article_entry(key), {"key": key, **encode(resolved)})

    def get_chunk(self, key: str) -> tuple[Chunk | None, str | None]:
        """(a whole chunk, None), (None, None) when absent, (None, why) when damaged: then
        its articles are taken one by one."""
        folder = self.chunks / key
        data, problem = self._read_json(folder / "articles.json", key)
        if data is None:
            return None, problem
        try:
            frames = {name: read_arrow(folder / f"{name}.arrow") for name in data["tables"]}
            articles = [decode(a) for a in data["articles"]]  # rows left out
            sketch = read_arrow(folder / f"{SKETCHES}.arrow")
        except DAMAGED as exc:
            return None, f"it cannot be read ({type(exc).__name__})"
        self.used.add(folder)
        return Chunk(frames, articles, sketch, key), None

    def put_chunk(self, key: str, chunk: Chunk) -> None:
        if not self.usable:
            return
        self.chunks.mkdir(parents=True, exist_ok=True)
        temp = self.chunks / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        # zstd: texts compress several times over (the snapshot, read on every warm run,
        # uses the faster lz4).
        for name, frame in chunk.frames.items():
            frame.write_ipc(temp / f"{name}.arrow", compression="zstd")
        chunk.sketches.write_ipc(temp / f"{SKETCHES}.arrow", compression="zstd")
        articles = [{k: v for k, v in encode(a).items() if k != "rows"} for a in chunk.articles]
        (temp / "articles.json").write_text(json.dumps(
            {"key": key, "tables": list(chunk.frames), "articles": articles}), encoding="utf-8")
        try:
            os.replace(temp, self.chunks / key)
        except OSError:  # another process wrote it first
            shutil.rmtree(temp, ignore_errors=True)

    def file_key(self, path: Path) -> str | None:
        """The key of what is read from a shared source file (the registry, the stories)."""
        if self.manifest is None:
            return None
        try:
            digest = self.manifest.digest(path, self.layout.rel(path))
        except Unreadable:
            return None
        return hashlib.sha256(f"{code_version()}\n{self.layout.rel(path)}\n{digest}".encode()
                              ).hexdigest()

    def get_file(self, key: str) -> FileResult | None:
        entry = self.files / f"{key}.json"
        data, _ = self._read_json(entry, key)
        if data is None:
            return None
        try:
            frame = read_arrow(self.files / f"{key}.arrow") if data["frame"] else None
            result = FileResult([fault_of(f) for f in data["faults"]], data["values"], frame)
        except DAMAGED:
            return None  # damaged: the file is simply read again
        self.used.update({entry, self.files / f"{key}.arrow"})
        return result

    def put_file(self, key: str, result: FileResult) -> None:
        if not self.usable:
            return
        if result.frame is not None:
            self.files.mkdir(parents=True, exist_ok=True)
            temp = self.files / f".{key}.{os.getpid()}.tmp"
            result.frame.write_ipc(temp)
            os.replace(temp, self.files / f"{key}.arrow")
        self._write_json(self.files / f"{key}.json", {
            "key": key, "faults": [asdict(f) for f in result.faults],
            "values": result.values, "frame": result.frame is not None})

    def checks_entry(self, key: str) -> Path:
        return self.checks / f"{key}.json"

    def get_checks(self, key: str) -> tuple[list[Fault] | None, str | None]:
        """The faults the article checks found in a chunk, under `key` (of the chunk and of
        everything else the checks read)."""
        data, problem = self._read_json(self.checks_entry(key), key)
        if data is None:
            return None, problem
        try:
            faults = [fault_of(f) for f in data["faults"]]
        except (ValueError, KeyError, TypeError) as exc:
            return None, f"it cannot be read ({type(exc).__name__})"
        self.used.add(self.checks_entry(key))
        return faults, None

    def put_checks(self, key: str, faults: list[Fault]) -> None:
        self._write_json(self.checks_entry(key),
                         {"key": key, "faults": [asdict(f) for f in faults]})


@dataclass
class FileResult:
    """What reading one shared source file gave: its faults, and its table or its values."""

    faults: list[Fault]
    values: Any = None
    frame: pl.DataFrame | None = None


def read_arrow(path: Path) -> pl.DataFrame:
    """An Arrow IPC file read whole into memory (not mapped: a file cut short while mapped
    would crash the process). Through polars, not pyarrow: a warm run then never imports
    pyarrow (25-110 ms)."""
    with open(path, "rb") as handle:
        return pl.read_ipc(handle.read())


def fault_of(data: dict[str, Any]) -> Fault:
    return Fault(str(data["code"]), str(data["message"]),
                 SourceLocation(**data["source"]) if data["source"] else None,
                 TableLocation(**data["in_table"]) if data["in_table"] else None)


def encode(resolved: Resolved) -> dict[str, Any]:
    """An article as JSON, without the faults about the cache itself: they hold for the run
    that found them, not for the next one that reads this entry."""
    rows = {table: [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
                    for row in table_rows] for table, table_rows in resolved.rows.items()}
    faults = [asdict(f) for f in resolved.faults if f.code != CACHE_ENTRY_IGNORED.code]
    return {"rows": rows, "faults": faults,
            "story": resolved.story,
            "story_at": asdict(resolved.story_at) if resolved.story_at else None}


def decode(data: dict[str, Any]) -> Resolved:
    rows = {table: [{k: dt.date.fromisoformat(v) if k in _DATES and v is not None else v
                     for k, v in row.items()} for row in table_rows]
            for table, table_rows in data.get("rows", {}).items()}
    story_at = SourceLocation(**data["story_at"]) if data["story_at"] else None
    return Resolved(rows, [fault_of(f) for f in data["faults"]], data["story"], story_at)
