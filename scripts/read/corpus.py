"""Read every source file of a corpus into typed records that remember their lines: the
annotation files with their raw texts, the entity registry and the stories."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from sovereign_skies.schema.columns import ID_PATTERN

from ..faults import Report, SourceLocation
from ..faults.codes import RAW_CHANGED, RAW_MISSING, SOURCE_STRUCTURE, UNSAFE_ID
from ..layout import Layout
from .files import Unreadable, read_text
from .models import ArticleSource, EntityRegistry, StoryRegistry
from .yamlio import line_of, load_yaml

EMITS = (SOURCE_STRUCTURE, RAW_MISSING, RAW_CHANGED, UNSAFE_ID)
SAFE_ID = re.compile(ID_PATTERN)


M = TypeVar("M", bound=BaseModel)


@dataclass
class Parsed(Generic[M]):
    """A parsed file: the model plus the ruamel tree that knows every value's line."""

    shown: str
    tree: Any
    model: M

    def line(self, *path: str | int) -> int | None:
        return line_of(self.tree, path)

    def at(self, *path: str | int) -> SourceLocation:
        """The location of the value at `path` in this file."""
        return SourceLocation(self.shown, self.line(*path))


def parse_file(path: Path, model: type[M], layout: Layout, report: Report) -> Parsed[M] | None:
    shown = layout.rel(path)
    try:
        tree = load_yaml(path, shown, report)
    except Unreadable:
        return None
    try:
        return Parsed(shown, tree, model.model_validate(tree))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "(top level)"
            report.add(SOURCE_STRUCTURE, f"{where}: {err['msg']}",
                       SourceLocation(shown, line_of(tree, loc)))
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


@dataclass
class Corpus:
    layout: Layout
    articles: list[Article] = field(default_factory=list)
    entities: Parsed[EntityRegistry] | None = None
    stories: Parsed[StoryRegistry] | None = None


def _load_article(path: Path, layout: Layout, report: Report) -> Article | None:
    parsed = parse_file(path, ArticleSource, layout, report)
    if parsed is None:
        return None
    article_id = parsed.model.article_id
    if not SAFE_ID.match(article_id):
        # Checked before the id is used to build a path: "../x" must never reach open().
        report.add(UNSAFE_ID, f"article_id {article_id!r} is not a safe id",
                   parsed.at("article_id"))
        return None
    if path.stem != article_id:
        report.add(SOURCE_STRUCTURE, f"file name {path.name!r} does not match article_id "
                   f"{article_id!r}", parsed.at("article_id"))
        return None
    raw_path = layout.raw_file(article_id)
    if not raw_path.is_file():
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


def load_corpus(layout: Layout, report: Report) -> Corpus:
    corpus = Corpus(layout)
    for path in sorted(layout.annotations.glob("*.yaml")):
        article = _load_article(path, layout, report)
        if article is not None:
            corpus.articles.append(article)
    corpus.entities = parse_file(layout.entities, EntityRegistry, layout, report)
    corpus.stories = parse_file(layout.stories, StoryRegistry, layout, report)
    return corpus
