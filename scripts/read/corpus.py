"""Read every source file of a corpus into typed records that remember where each value is:
the annotation files with their raw texts, the entity registry and the stories. Every entry
of the source folders is accounted for: a stray file, a link or a device is a fault naming
it, and is never read."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from sovereign_skies.schema.columns import ID_PATTERN, WINDOWS_RESERVED

from ..faults import Report, SourceLocation
from ..faults.codes import (
    RAW_CHANGED,
    RAW_MISSING,
    SOURCE_STRUCTURE,
    UNEXPECTED_FILE,
    UNSAFE_ID,
    UNSAFE_PATH,
)
from ..layout import Layout
from .files import CONTROL, Unreadable, read_text, unsafe_kind
from .hygiene import invisible_characters
from .models import ArticleSource, EntityRegistry, StoryRegistry
from .yamlio import Mark, mark_of, parse_yaml

EMITS = (SOURCE_STRUCTURE, RAW_MISSING, RAW_CHANGED, UNSAFE_ID, UNEXPECTED_FILE, UNSAFE_PATH)
SAFE_ID = re.compile(ID_PATTERN)


def is_safe_id(value: str) -> bool:
    return bool(SAFE_ID.match(value)) and value not in WINDOWS_RESERVED


M = TypeVar("M", bound=BaseModel)


@dataclass
class Parsed(Generic[M]):
    """A parsed file: the model plus the ruamel tree that knows every value's line."""

    shown: str
    tree: Any
    model: M

    def mark(self, *path: str | int) -> Mark | None:
        return mark_of(self.tree, path)

    def line(self, *path: str | int) -> int | None:
        mark = self.mark(*path)
        return None if mark is None else mark.line

    def at(self, *path: str | int) -> SourceLocation:
        """The location (line and column) of the value at `path` in this file."""
        mark = self.mark(*path)
        return SourceLocation(self.shown, mark and mark.line, mark and mark.column)


def parse_file(path: Path, model: type[M], layout: Layout, report: Report) -> Parsed[M] | None:
    shown = layout.rel(path)
    try:
        # Control characters are reported (S114) by read_text; parse the rest so one
        # invisible character does not hide every other fault of the file.
        text = CONTROL.sub("", read_text(path, shown, report))
        tree = parse_yaml(text, shown, report)
    except Unreadable:
        return None
    invisible_characters(text, tree, shown, report)
    try:
        return Parsed(shown, tree, model.model_validate(tree))
    except ValidationError as exc:
        parsed = Parsed(shown, tree, None)
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "(top level)"
            report.add(SOURCE_STRUCTURE, f"{where}: {err['msg']}", parsed.at(*loc))
        return None


@dataclass
class Article:
    parsed: Parsed[ArticleSource]
    raw: str

    @property
    def src(self) -> ArticleSource:
        return self.parsed.model

    @property
    def raw_sha256(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()


def read_article(path: Path, layout: Layout, report: Report) -> Article | None:
    """The annotation file at `path` with its raw text, or None (faults reported)."""
    parsed = parse_file(path, ArticleSource, layout, report)
    if parsed is None:
        return None
    article_id = parsed.model.article_id
    if not is_safe_id(article_id):
        # Checked before the id is used to build a path: "../x" must never reach open().
        report.add(UNSAFE_ID, f"article_id {article_id!r} is not a safe id",
                   parsed.at("article_id"))
        return None
    if path.stem != article_id:
        report.add(SOURCE_STRUCTURE, f"file name {path.name!r} does not match article_id "
                   f"{article_id!r}", parsed.at("article_id"))
        return None
    raw_path = layout.raw_file(article_id)
    if not os.path.lexists(raw_path):
        report.add(RAW_MISSING, f"no raw text {layout.rel(raw_path)}", parsed.at("article_id"))
        return None
    try:
        raw = read_text(raw_path, layout.rel(raw_path), report, raw=True)
    except Unreadable:
        return None
    article = Article(parsed, raw)
    if article.raw_sha256 != parsed.model.raw_sha256:
        report.add(RAW_CHANGED, f"{layout.rel(raw_path)} has SHA-256 {article.raw_sha256[:12]}…, "
                   f"annotated as {parsed.model.raw_sha256[:12]}…", parsed.at("raw_sha256"))
    return article


def _entries(folder: Path, layout: Layout, report: Report) -> list[os.DirEntry]:
    """The regular files and folders of `folder`, sorted; links and special files are
    reported and left out. A missing folder has no entries."""
    if not os.path.lexists(folder):
        return []
    if kind := unsafe_kind(os.lstat(folder).st_mode):
        report.add(UNSAFE_PATH, f"the folder is {kind}; nothing in it is read",
                   SourceLocation(layout.rel(folder)))
        return []
    entries = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        # The entry's type comes with the listing: only an unusual one costs an lstat.
        if entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
            entries.append(entry)
        elif kind := unsafe_kind(entry.stat(follow_symlinks=False).st_mode):
            report.add(UNSAFE_PATH, f"the file is {kind}; it is not read",
                       SourceLocation(layout.rel(Path(entry.path))))
        else:
            entries.append(entry)
    return entries


def annotation_paths(layout: Layout, report: Report) -> list[Path]:
    """Every `*.yaml` entry of the annotations folder; any other entry is a fault."""
    paths = []
    entries = _entries(layout.annotations, layout, report)
    # iterdir joins each name to the folder without parsing the whole path again, which
    # Path(entry.path) does (a third of the cost: this runs for every article of every run).
    made = {path.name: path for path in layout.annotations.iterdir()} if entries else {}
    for entry in entries:
        if entry.name.endswith(".yaml") and entry.name != ".yaml":
            paths.append(made.get(entry.name) or Path(entry.path))
        else:
            path = Path(entry.path)
            hint = ": rename it to .yaml" if path.suffix == ".yml" else ""
            report.add(UNEXPECTED_FILE, f"{entry.name!r} is not an annotation file "
                       f"(<article_id>.yaml){hint}", SourceLocation(layout.rel(path)))
    return paths


def _orphan_raw_files(layout: Layout, annotated: set[str], report: Report) -> None:
    for entry in _entries(layout.raw, layout, report):
        if entry.name.endswith(".txt") and entry.name[:-4] in annotated:
            continue
        path = Path(entry.path)
        if path.suffix != ".txt" or path.stem not in annotated:
            report.add(UNEXPECTED_FILE, f"{entry.name!r} has no annotation file "
                       f"{layout.rel(layout.annotation_file(path.stem))}",
                       SourceLocation(layout.rel(path)))


def source_files(layout: Layout, report: Report) -> list[Path]:
    """The annotation files of the corpus; every other entry of the source folders is a
    fault (a raw text without annotation file only in the gold: a pass annotates some of
    the shared raw texts)."""
    paths = annotation_paths(layout, report)
    if layout.annotation_set is None:
        _orphan_raw_files(layout, {p.name[:-5] for p in paths}, report)  # less .yaml
    return paths


def read_registry(layout: Layout, report: Report) -> Parsed[EntityRegistry] | None:
    return parse_file(layout.entities, EntityRegistry, layout, report)


def read_stories(layout: Layout, report: Report) -> Parsed[StoryRegistry] | None:
    return parse_file(layout.stories, StoryRegistry, layout, report)
