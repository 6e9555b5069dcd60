"""The source files people write, parsed into typed records that remember their lines.

Structure (unknown, missing or mistyped fields) is checked here with pydantic; label values
are plain strings at this stage and are checked against the vocabularies by pandera.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sovereign_skies.schema.columns import ID_PATTERN
from sovereign_skies.schema.labels import SPLITS

from .faults import Report
from .layout import Layout
from .yamlio import Unreadable, line_of, load_yaml, read_text

SAFE_ID = re.compile(ID_PATTERN)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Anchor(_Strict):
    """A W3C TextQuoteSelector-style anchor: the exact quote, disambiguated only if needed."""

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    prefix: str | None = None
    suffix: str | None = None


class MentionSource(Anchor):
    id: str
    entity: str
    kind: str = "NAME"


class ArgumentSource(_Strict):
    role: str
    mention: str


class DateSource(_Strict):
    # YAML reads 2025 as int and 2025-06-13 as a date; 2025-06 stays a string.
    value: dt.date | int | str | None
    precision: str
    basis: str
    note: str | None = None


class PublishedSource(DateSource):
    note: str


class EventSource(_Strict):
    id: str
    type: str
    trigger: Anchor
    realis: str
    source: str | None
    date: DateSource
    arguments: list[ArgumentSource] = []


class StanceSource(_Strict):
    id: str
    holder: str | None
    target: str
    label: str
    evidence: list[Anchor] = Field(min_length=1)


class CleaningStep(_Strict):
    op: Literal["drop_line", "remove_repeats", "strip_lines", "collapse_blank_lines",
                "trim"]
    text: str | None = None
    keep_first: bool = False
    why: str


class ArticleSource(_Strict):
    article_id: str
    seed_file: str
    raw_sha256: str
    story_id: str
    title: str | None
    outlet: str | None
    outlet_note: str
    url: str | None
    url_note: str
    published: PublishedSource
    rights: str
    language: str = "en"
    cleaning: list[CleaningStep] = []
    mentions: list[MentionSource] = []
    events: list[EventSource] = []
    stances: list[StanceSource] = []


class EntitySource(_Strict):
    id: str
    name: str
    type: str
    sector: str | None = None
    aliases: list[str] = []
    wikidata: str | None = None
    note: str | None = None


class EntityRegistry(_Strict):
    entities: list[EntitySource]


class StorySource(_Strict):
    id: str
    split: Literal[SPLITS]  # type: ignore[valid-type]
    note: str


class StoryRegistry(_Strict):
    stories: list[StorySource]


M = TypeVar("M", bound=BaseModel)


@dataclass
class Parsed(Generic[M]):
    """A parsed file: the model plus the ruamel tree that knows every value's line."""

    shown: str
    tree: Any
    model: M

    def line(self, *path: str | int) -> int | None:
        return line_of(self.tree, path)


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
            report.add("S102", f"{where}: {err['msg']}", file=shown, line=line_of(tree, loc))
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
        report.add("S106", f"article_id {article_id!r} is not a safe id", file=parsed.shown,
                   line=parsed.line("article_id"))
        return None
    if path.stem != article_id:
        report.add("S102", f"file name {path.name!r} does not match article_id "
                   f"{article_id!r}", file=parsed.shown, line=parsed.line("article_id"))
        return None
    raw_path = layout.raw_file(article_id)
    if not raw_path.is_file():
        report.add("S104", f"no raw text {layout.rel(raw_path)}", file=parsed.shown,
                   line=parsed.line("article_id"))
        return None
    try:
        raw = read_text(raw_path, layout.rel(raw_path), report, raw=True)
    except Unreadable:
        return None
    article = Article(parsed, raw)
    if article.raw_sha256 != parsed.model.raw_sha256:
        report.add("S105", f"{layout.rel(raw_path)} has SHA-256 {article.raw_sha256[:12]}…, "
                   f"annotated as {parsed.model.raw_sha256[:12]}…", file=parsed.shown,
                   line=parsed.line("raw_sha256"))
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
