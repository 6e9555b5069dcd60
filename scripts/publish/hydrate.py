"""`skies hydrate`: the full configs again, from the text-free ones and the user's own copies
of the articles. A copy is accepted only when its bytes hash to the article's `raw_sha256`
(whatever the file is called); a saved web page, when one of the texts `pages.py` reads
from it does. The text is then made by removing the stretches the cleaning removed
(`removed_starts`/`removed_ends`), and every text column is filled in from it. The result
is byte for byte the full release."""

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
from .pages import PageUnreadable, looks_like_html, read_page, url_key
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
    url: str | None = None  # where it was published: how a saved page names its article


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
                                       "removed_ends", "url"]).to_pylist():
            stretches = (None if row["removed_starts"] is None
                         else (row["removed_starts"], row["removed_ends"]))
            found[row["article_id"]] = Wanted(row["raw_sha256"], stretches, row["url"])
    if not found:
        raise HydrateRefused([f"{release}: no text-free release here (no data/{ARTICLES}/)"])
    return found


def _read(path: Path) -> pa.Table:
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise HydrateRefused([f"{path}: not a readable Parquet file ({exc})"]) from exc


def _take_text(path: Path, data: bytes, by_hash: dict[str, str], raws: dict[str, str],
               problems: list[str]) -> bool:
    """Whether the bytes (or an editor's variant of them) are an article's raw file; the
    first such copy of each article is kept in `raws`."""
    for variant in _variants(data):
        article_id = by_hash.get(hashlib.sha256(variant).hexdigest())
        if article_id is None:
            continue
        if article_id not in raws:
            try:
                raws[article_id] = variant.decode("utf-8")
            except UnicodeDecodeError as exc:  # a hash collision is not a concern here
                problems.append(f"{path}: not UTF-8 ({exc})")
        return True
    return False


def _text_refusal(path: Path, data: bytes, article_id: str, w: Wanted) -> str:
    actual = hashlib.sha256(data).hexdigest()
    return (f"{path}: its sha256 {actual[:12]}… is not the raw_sha256 {w.raw_sha256[:12]}… "
            f"of article {article_id}: another version of the text (a re-edited page, or a "
            "page saved as HTML rather than its text); refusing it")


@dataclass(frozen=True)
class PageMiss:
    """A saved page none of whose candidate texts is an article's raw file."""

    path: Path
    article_id: str | None  # the article it is most likely of, if it says
    because: str  # how the page says so ("its canonical link is the article's url")
    why: str  # which check failed, for the message


def _page_of(path: Path, urls: tuple[tuple[str, str], ...], wanted: dict[str, Wanted]
             ) -> tuple[str | None, str]:
    """The article a page is most likely of: the one whose url the page gives for itself,
    else the one its file is named after."""
    by_url = {url_key(w.url): a for a, w in sorted(wanted.items()) if w.url}
    for where, url in urls:
        if (article_id := by_url.get(url_key(url))) is not None:
            return article_id, f"{where} is the article's url"
    if path.stem in wanted:
        return path.stem, "it is named after the article"
    return None, ""


def _take_page(path: Path, data: bytes, wanted: dict[str, Wanted], by_hash: dict[str, str],
               raws: dict[str, str]) -> PageMiss | None:
    """Keep the first candidate text of a saved page that is an article's raw file; else
    say which article it is likely of and why none was."""
    try:
        page = read_page(data)
    except PageUnreadable as exc:
        article_id, because = _page_of(path, (), wanted)
        return PageMiss(path, article_id, because, f"cannot be read: it {exc}")
    for text in page.candidates:
        article_id = by_hash.get(hashlib.sha256(text.encode("utf-8")).hexdigest())
        if article_id is not None:
            raws.setdefault(article_id, text)
            return None
    article_id, because = _page_of(path, page.urls, wanted)
    if not page.candidates:
        why = (f"holds no text outside scripts, styles and menus (read as {page.charset}), "
               "so no text of it can be the raw file")
    else:
        whose = (f"the article's raw_sha256 {wanted[article_id].raw_sha256[:12]}…"
                 if article_id else "any article's raw_sha256")
        why = (f"none of the {len(page.candidates)} texts read from it (read as {page.charset}) "
               f"has {whose}, so the hash check failed: the page holds another version of "
               "the text (re-edited by its publisher, or its site's template changed) or "
               "lays it out in a way hydrate does not try")
    if not page.complete:
        why += "; the page does not end with </html>, so it may have been cut short"
    return PageMiss(path, article_id, because, why)


def _page_refusal(miss: PageMiss) -> str:
    of = (f"a saved page of article {miss.article_id} ({miss.because})" if miss.article_id
          else "a saved page that gives no article's url and is named after none")
    return (f"{miss.path}: {of}; {miss.why}; save the article's text itself (its raw text "
            "file, as the dataset records it) into the copies folder instead")


def find_texts(copies: Path, wanted: dict[str, Wanted]) -> dict[str, str]:
    """Article id -> its published text, from the copies (raw text files or saved pages);
    refuses (naming each) any article without a copy whose hash matches, or whose text
    cannot be restored."""
    by_hash = {w.raw_sha256: article_id for article_id, w in wanted.items()}
    raws: dict[str, str] = {}
    problems: list[str] = []
    mismatched: set[str] = set()  # named for an article, but another text
    missed_pages: list[PageMiss] = []
    for path in _files(copies):
        if path.stat().st_size > MAX_COPY_BYTES:
            continue
        data = path.read_bytes()
        if _take_text(path, data, by_hash, raws, problems):
            continue
        if looks_like_html(path.name, data):
            if (miss := _take_page(path, data, wanted, by_hash, raws)) is not None:
                missed_pages.append(miss)
        elif path.stem in wanted:
            mismatched.add(path.stem)
            problems.append(_text_refusal(path, data, path.stem, wanted[path.stem]))
    missing = [a for a in sorted(wanted) if a not in raws]
    for miss in missed_pages:
        # A page is judged only when its article has no copy: a page beside the raw file
        # (or of another article, when the page names none) is no fault.
        if miss.article_id in missing:
            mismatched.add(miss.article_id)
            problems.append(_page_refusal(miss))
        elif miss.article_id is None and missing:
            problems.append(_page_refusal(miss))
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
