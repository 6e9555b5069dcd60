"""The neutral form every tool converts to and from: an article's text and its annotations as
code-point spans, with the registry facts tools show (an entity's type). Built here from the
source files; a layer a tool does not carry is None, so importing it leaves that layer alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..faults import Report
from ..layout import Layout
from ..read.corpus import is_safe_id, read_article, read_registry
from ..read.models import Anchor, ArticleSource, DateSource, EntitySource
from ..resolve.anchors import AnchorError, resolve
from ..resolve.cleaning import CleaningError, clean
from .offsets import InterchangeError


@dataclass(frozen=True)
class Mention:
    id: str
    start: int
    end: int
    entity: str
    kind: str = "NAME"
    reviewed: bool = True


@dataclass(frozen=True)
class Argument:
    role: str
    mention: str


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    start: int  # the trigger
    end: int
    realis: str
    arguments: tuple[Argument, ...] = ()
    # Facts most tools have no place for; None when the tool did not carry them, so the
    # annotation file's own values are kept (or, for a new event, recorded as unknown).
    source: str | None = None
    date: dict[str, Any] | None = None


@dataclass(frozen=True)
class Stance:
    id: str
    holder: str | None
    target: str
    label: str
    evidence: tuple[tuple[int, int], ...]


@dataclass
class Annotated:
    article_id: str
    text: str
    mentions: list[Mention] | None = None
    events: list[Event] | None = None
    stances: list[Stance] | None = None


@dataclass(frozen=True)
class Registry:
    """What tools need of the entity registry: each entity's record, by id."""

    entities: dict[str, EntitySource] = field(default_factory=dict)

    def type_of(self, entity: str) -> str | None:
        record = self.entities.get(entity)
        return None if record is None else record.type


def _problems(report: Report) -> str:
    return "; ".join(f"{f.location}: {f.message}" for f in report.errors)


def read_registry_for_tools(layout: Layout) -> Registry:
    report = Report()
    parsed = read_registry(layout, report)
    if parsed is None:
        raise InterchangeError(_problems(report) or "the entity registry cannot be read")
    return Registry({entity.id: entity for entity in parsed.model.entities})


def _span(text: str, anchor: Anchor, item: str) -> tuple[int, int]:
    try:
        return resolve(text, anchor)
    except AnchorError as exc:
        raise InterchangeError(f"{item}: {exc}; fix it (skies check) before exporting") from None


def _date(date: DateSource) -> dict[str, Any]:
    """The date as the file writes it: an absent note is not written as null."""
    return {k: v for k, v in date.model_dump().items() if not (k == "note" and v is None)}


def from_source(article_id: str, text: str, src: ArticleSource) -> Annotated:
    """Every layer of an annotation file as spans; InterchangeError on an anchor that fails."""
    where = f"article {article_id}"
    mentions = [Mention(m.id, *_span(text, m, f"{where} mention {m.id}"), m.entity, m.kind,
                        m.reviewed) for m in src.mentions]
    events = [Event(e.id, e.type, *_span(text, e.trigger, f"{where} event {e.id} trigger"),
                    e.realis, tuple(Argument(a.role, a.mention) for a in e.arguments),
                    e.source, _date(e.date))
              for e in src.events]
    stances = [Stance(s.id, s.holder, s.target, s.label,
                      tuple(_span(text, ev, f"{where} stance {s.id} evidence {n}")
                            for n, ev in enumerate(s.evidence, 1)))
               for s in src.stances]
    return Annotated(article_id, text, mentions, events, stances)


def read_annotated(layout: Layout, article_id: str) -> Annotated:
    """An article of the corpus in the neutral form (InterchangeError naming what fails)."""
    if not is_safe_id(article_id):
        raise InterchangeError(f"{article_id!r} is not a safe article id")
    report = Report()
    path = layout.annotation_file(article_id)
    article = read_article(path, layout, report) if path.is_file() else None
    if article is None or report.errors:  # an import would rewrite it: it must read clean
        raise InterchangeError(_problems(report) or f"no article {article_id!r} "
                               f"({layout.rel(path)} does not exist)")
    try:
        text = clean(article.raw, article.src.cleaning)
    except CleaningError as exc:
        raise InterchangeError(f"{layout.rel(path)}: cleaning fails: {exc}") from None
    return from_source(article_id, text, article.src)
