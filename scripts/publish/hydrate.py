"""`skies hydrate`: the full configs again, from the text-free ones and the user's own copies
of the articles. A copy is accepted only when its bytes hash to the article's `raw_sha256`
(whatever the file is called); the text is then made by removing the stretches the cleaning
removed (`removed_starts`/`removed_ends`), and every text column is filled in from it. The
result is byte for byte the full release."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sovereign_skies.schema.columns import TABLES, TEXTFREE, Column, TextSource
from sovereign_skies.schema.features import arrow_schema_for

from ..layout import parquet_in
from ..resolve.cleaning import restored
from .parquet import parquet_bytes, write_atomic

MAX_COPY_BYTES = 16 * 2**20  # as for raw files (read/files.py): a larger copy is no article
ARTICLES = next(variant for variant, full in TEXTFREE.items() if full == "articles")


class HydrateRefused(Exception):
    """Nothing was written; `problems` names every article or file at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Wanted:
    raw_sha256: str
    stretches: tuple[list[int], list[int]] | None  # None: not restorable (see cleaning.py)


def _variants(data: bytes) -> Iterator[bytes]:
    """The bytes as saved, and as they were before an editor's usual changes: a byte-order
    mark added, LF line ends made CRLF."""
    yield data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        yield data
    if b"\r\n" in data:
        yield data.replace(b"\r\n", b"\n")


def _files(folder: Path) -> Iterator[Path]:
    """Regular files under `folder`; links are not followed (a copy is a file)."""
    for parent, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(parent) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield path


def wanted_articles(release: Path) -> dict[str, Wanted]:
    """Article id -> what its copy must hash to and how its text is made, from the text-free
    articles config of a release folder."""
    found: dict[str, Wanted] = {}
    for path in sorted((release / "data" / ARTICLES).glob("*.parquet")):
        for row in _read(path).select(["article_id", "raw_sha256", "removed_starts",
                                       "removed_ends"]).to_pylist():
            stretches = (None if row["removed_starts"] is None
                         else (row["removed_starts"], row["removed_ends"]))
            found[row["article_id"]] = Wanted(row["raw_sha256"], stretches)
    if not found:
        raise HydrateRefused([f"{release}: no text-free release here (no data/{ARTICLES}/)"])
    return found


def _read(path: Path) -> pa.Table:
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise HydrateRefused([f"{path}: not a readable Parquet file ({exc})"]) from exc


def find_texts(copies: Path, wanted: dict[str, Wanted]) -> dict[str, str]:
    """Article id -> its published text, from the copies; refuses (naming each) any article
    without a copy whose hash matches, or whose text cannot be restored."""
    by_hash = {w.raw_sha256: article_id for article_id, w in wanted.items()}
    raws: dict[str, str] = {}
    problems: list[str] = []
    mismatched: set[str] = set()  # named for an article, but another text
    for path in _files(copies):
        if path.stat().st_size > MAX_COPY_BYTES:
            continue
        data = path.read_bytes()
        for variant in _variants(data):
            article_id = by_hash.get(hashlib.sha256(variant).hexdigest())
            if article_id is not None and article_id not in raws:
                try:
                    raws[article_id] = variant.decode("utf-8")
                except UnicodeDecodeError as exc:  # a hash collision is not a concern here
                    problems.append(f"{path}: not UTF-8 ({exc})")
                break
        else:
            if path.stem in wanted:
                mismatched.add(path.stem)
                actual = hashlib.sha256(data).hexdigest()
                problems.append(
                    f"{path}: its sha256 {actual[:12]}… is not the raw_sha256 "
                    f"{wanted[path.stem].raw_sha256[:12]}… of article {path.stem}: another "
                    "version of the text (a re-edited page, or a page saved as HTML rather "
                    "than its text); refusing it")
    texts: dict[str, str] = {}
    for article_id, w in sorted(wanted.items()):
        if article_id not in raws:
            if article_id not in mismatched:
                problems.append(f"article {article_id}: no file in {copies} has its "
                                f"raw_sha256 {w.raw_sha256[:12]}…")
        elif w.stretches is None:
            problems.append(f"article {article_id}: its cleaning did more than remove text, "
                            "so its text cannot be restored from a copy")
        else:
            texts[article_id] = restored(raws[article_id], w.stretches)
    if problems:
        raise HydrateRefused(problems)
    return texts


def _fill(row: dict[str, Any], columns: tuple[Column, ...], text: str) -> None:
    """Put every text column of `columns` back into `row` (nested rows included)."""
    for column in columns:
        if column.text_source is TextSource.ARTICLE:
            row[column.name] = text
        elif column.text_source is TextSource.SPAN:
            prefix = column.name.removesuffix("text")
            row[column.name] = text[row[f"{prefix}start"]:row[f"{prefix}end"]]
        elif column.text_source is TextSource.TOKENS:
            row[column.name] = [text[s:e] for s, e in zip(row["token_starts"],
                                                          row["token_ends"], strict=True)]
        elif column.fields:
            for item in row[column.name] or ():
                _fill(item, column.fields, text)


def hydrated_table(full: str, table: pa.Table, texts: dict[str, str]) -> pa.Table:
    """Rows of the text-free variant of config `full` -> the rows of `full`."""
    rows = table.to_pylist()
    for row in rows:
        _fill(row, TABLES[full][0], texts[row["article_id"]])
    return pa.Table.from_pylist(rows, schema=arrow_schema_for(full))


def hydrated_files(release: Path, texts: dict[str, str]) -> dict[Path, bytes]:
    """Path under the output folder -> bytes: every full config, split by split."""
    out: dict[Path, bytes] = {}
    for variant, full in TEXTFREE.items():
        for path in sorted((release / "data" / variant).glob("*.parquet")):
            split = path.name.split("-", 1)[0]
            table = hydrated_table(full, _read(path), texts)
            out[parquet_in(Path("data"), full, split)] = parquet_bytes(table)
    return out


def _passed_on(release: Path) -> dict[Path, bytes]:
    """The files the output keeps as the release has them: the card (so `load_dataset`
    finds every config) and every config without text."""
    out = {Path("README.md"): (release / "README.md").read_bytes()}
    for path in sorted((release / "data").glob("*/*.parquet")):
        if path.parent.name not in TEXTFREE.values():
            out[path.relative_to(release)] = path.read_bytes()
    return out


def hydrate(release: Path, copies: Path, out: Path, force: bool = False) -> list[Path]:
    """Write the full release into `out`; nothing is written unless every article's text
    is restored, and no existing file is replaced unless `force`."""
    texts = find_texts(copies, wanted_articles(release))
    files = {**_passed_on(release), **hydrated_files(release, texts)}
    existing = [out / p for p in files if (out / p).exists()]
    if existing and not force:
        raise HydrateRefused([f"{existing[0]} exists (and {len(existing) - 1} more): choose "
                              "an empty --out folder, or pass --force to replace them"])
    for path, data in sorted(files.items()):
        write_atomic(out / path, data)
    return sorted(out / p for p in files)
