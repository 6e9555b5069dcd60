"""`skies add`: a new article from a text file, stored verbatim under a safe id, with an
annotation skeleton whose metadata are filled in and whose unknowns say why they are unknown.

Nothing is guessed: an outlet, URL or date not given is recorded as unknown with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sovereign_skies.schema.labels import (
    DATE_BASIS,
    DATE_PARTS,
    DAY,
    EXPLICIT,
    MONTH,
    UNKNOWN_BASIS,
    UNKNOWN_PRECISION,
)

from ..faults import Report
from ..layout import Layout
from ..publish.parquet import write_atomic
from ..read.corpus import is_safe_id
from ..read.files import MAX_BYTES, Unreadable, read_bytes
from . import yamlfile

# The statement every article carries (the same as the seeds'): the texts are the
# publishers'; the dataset licence covers the annotations.
RIGHTS = ("Copyright remains with the original publisher. The text is included as received, "
          "for non-commercial research on news language; the dataset licence covers the "
          "annotations, not the article text.")
MAX_ID = 60  # characters of an id derived from a title


class AddRefused(ValueError):
    """The article cannot be added; the message names the file or the id."""


@dataclass
class NewArticle:
    """What `skies add` is told about an article."""

    text: str  # as received, decoded
    seed_file: str  # the file's name as received ("-" for standard input)
    story: str
    article_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    precision: str | None = None
    date_basis: str = EXPLICIT
    date_note: str | None = None
    split: str | None = None  # for a story not yet in stories.yaml
    story_note: str | None = None


def decode(data: bytes, shown: str, encoding: str | None) -> str:
    """The text of a file: UTF-8 unless `encoding` is given; a clear refusal otherwise."""
    if not data.strip():
        raise AddRefused(f"{shown}: the file is empty")
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AddRefused(f"{shown}:{line}: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                         f"is not {encoding or 'UTF-8'}; if the file is in a legacy encoding, "
                         "pass --encoding (e.g. --encoding cp1256)") from None
    except LookupError:
        raise AddRefused(f"unknown encoding {encoding!r}") from None


def read_input(path: Path | None, stdin: bytes | None, encoding: str | None) -> tuple[str, str]:
    """(text, name as received) of FILE or of standard input."""
    if path is None:
        data = stdin or b""
        if len(data) > MAX_BYTES:
            raise AddRefused(f"standard input is larger than {MAX_BYTES // 2**20} MiB")
        return decode(data, "standard input", encoding), "-"
    report = Report()
    try:
        data = read_bytes(path, str(path), report)
    except Unreadable:
        raise AddRefused("; ".join(f"{f.file}: {f.message}" for f in report.faults)) from None
    return decode(data, str(path), encoding), path.name


def slug(title: str) -> str:
    """An id from a title: ASCII letters and digits joined by hyphens, at most MAX_ID long."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_ID:
            break
        out = f"{out}-{word}" if out else word
    return out


def _article_id(new: NewArticle) -> str:
    if new.article_id is not None:
        wanted = new.article_id
    elif new.title:
        wanted = slug(new.title)
    else:
        raise AddRefused("give --id, or a --title to derive the id from")
    if not is_safe_id(wanted):
        raise AddRefused(f"{wanted!r} is not a safe article id: lowercase letters, digits and "
                         "inner hyphens only (no '/', '..', spaces; not a reserved name)")
    return wanted


def _duplicate_of(layout: Layout, digest: str) -> str | None:
    """The article whose raw text has this sha256, if any."""
    if not layout.raw.is_dir():
        return None
    for path in sorted(layout.raw.glob("*.txt")):
        if path.is_file() and not path.is_symlink() and hashlib.sha256(
                path.read_bytes()).hexdigest() == digest:
            return path.stem
    return None


def _cleaning(text: str) -> CommentedSeq:
    steps = CommentedSeq()
    if "\r" in text:
        steps.append(_flow({"op": "normalize_newlines",
                            "why": "The text was received with CR or CRLF line ends."}))
    if unicodedata.normalize("NFC", text.replace("\r", "")) != text.replace("\r", ""):
        steps.append(_flow({"op": "nfc",
                            "why": "The text was received in a Unicode form other than NFC."}))
    return steps


def _flow(values: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(values)
    node.fa.set_flow_style()
    return node


def _published(new: NewArticle) -> CommentedMap:
    if new.date is None:
        return _flow({"value": None, "precision": UNKNOWN_PRECISION, "basis": UNKNOWN_BASIS,
                      "note": "No publication date was given when the article was added."})
    if new.date_basis not in DATE_BASIS.names or new.date_basis == UNKNOWN_BASIS:
        known = [n for n in DATE_BASIS.names if n != UNKNOWN_BASIS]
        raise AddRefused(f"--date-basis {new.date_basis}: one of {', '.join(known)}")
    by_parts = {parts: name for name, parts in DATE_PARTS.items()}
    precision = new.precision or by_parts.get(len(new.date.split("-")), "")
    if DATE_PARTS.get(precision) != len(new.date.split("-")):
        raise AddRefused(f"--date {new.date!r}: write 2025-06-13 (DAY), 2025-06 (MONTH) or "
                         "2025 (YEAR), matching --precision")
    try:  # written as YAML reads each precision: a date, "2025-06", an int
        value: Any = (dt.date.fromisoformat(new.date) if precision == DAY
                      else new.date if precision == MONTH else int(new.date))
        if precision == MONTH:
            dt.date.fromisoformat(f"{new.date}-01")
    except ValueError:
        raise AddRefused(f"--date {new.date!r} is not a calendar date") from None
    note = new.date_note or "Given by the contributor when the article was added."
    return _flow({"value": value, "precision": precision, "basis": new.date_basis,
                  "note": note})


def skeleton(article_id: str, digest: str, new: NewArticle) -> CommentedMap:
    """The annotation file of a new article, before any annotation."""
    unknown = "Not given when the article was added with skies add."
    return CommentedMap({
        "article_id": article_id, "seed_file": new.seed_file, "raw_sha256": digest,
        "story_id": new.story, "title": new.title, "outlet": new.outlet,
        "outlet_note": "Given by the contributor." if new.outlet else unknown,
        "url": new.url, "url_note": "Given by the contributor." if new.url else unknown,
        "published": _published(new), "rights": RIGHTS, "cleaning": _cleaning(new.text),
        "mentions": CommentedSeq(), "events": CommentedSeq(), "stances": CommentedSeq()})


def _story_entry(layout: Layout, new: NewArticle) -> Any | None:
    """stories.yaml with the new story added, or None when the story is listed."""
    try:
        stories = yamlfile.load(layout.stories)
    except (OSError, UnicodeDecodeError, yamlfile.YamlEditError) as exc:
        raise AddRefused(f"{layout.rel(layout.stories)}: {exc}") from None
    listed = stories.get("stories") if isinstance(stories, CommentedMap) else None
    if not isinstance(listed, CommentedSeq) or not all(isinstance(s, dict) for s in listed):
        raise AddRefused(f"{layout.rel(layout.stories)}: not a `stories:` list; run "
                         "`skies validate --sources-only` for its faults")
    if any(story.get("id") == new.story for story in listed):
        return None
    if not is_safe_id(new.story):
        raise AddRefused(f"story {new.story!r} is not a safe id")
    if new.split is None:
        raise AddRefused(f"story {new.story!r} is not in {layout.rel(layout.stories)}: give "
                         "--split to add it")
    listed.append(CommentedMap({
        "id": new.story, "split": new.split,
        "note": new.story_note or "Added with skies add."}))
    return stories


@dataclass
class Added:
    article_id: str
    written: list[Path]


def add_article(layout: Layout, new: NewArticle) -> Added:
    """Write the raw text, the annotation skeleton and, for a new story, stories.yaml."""
    article_id = _article_id(new)
    annotation, raw = layout.annotation_file(article_id), layout.raw_file(article_id)
    for path in (annotation, raw):
        if path.exists() or path.is_symlink():
            raise AddRefused(f"{layout.rel(path)} exists: article {article_id!r} is not "
                             "overwritten (choose another --id)")
    data = new.text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if (existing := _duplicate_of(layout, digest)) is not None:
        raise AddRefused(f"this text is already in the corpus as article {existing!r}")
    stories = _story_entry(layout, new)
    skeleton_text = yamlfile.dumps(skeleton(article_id, digest, new))
    write_atomic(raw, data)
    write_atomic(annotation, skeleton_text.encode("utf-8"))
    written = [raw, annotation]
    if stories is not None:
        yamlfile.save(layout.stories, stories)
        written.append(layout.stories)
    return Added(article_id, written)
