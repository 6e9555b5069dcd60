"""Sources -> the logical check tables: one row per stated fact, labels still as strings.

Every row keeps `_line`, the line in its source file, so any later fault on the row points at
the line a person edits. Rows whose anchors cannot be resolved are reported and left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sovereign_skies.schema.tables import CHECK_TABLES, polars_schema

from .anchors import AnchorError, resolve
from .cleaning import NFC_STEP, CleaningError, clean, describe
from .faults import Report
from .sources import Anchor, Article, Corpus, DateSource, Parsed

LINE, SPLIT = "_line", "_split"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_PRECISION_PARTS = {"YEAR": 1, "MONTH": 2, "DAY": 3}


@dataclass
class Tables:
    """The check tables by name (see schema.tables.CHECK_TABLES)."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]


def parse_date(source: DateSource) -> tuple[dt.date | None, str | None]:
    """(date, problem): the first day of the period the value names, checked against its
    precision. Unknown precisions are left to the label check."""
    value, precision = source.value, source.precision
    if precision == "UNKNOWN":
        return None, None if value is None else "UNKNOWN precision takes `value: null`"
    if value is None:
        return None, f"precision {precision} needs a date value"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    match = _DATE.match(text)
    if not match:
        return None, f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    parts = [int(p) for p in match.groups() if p is not None]
    if precision in _PRECISION_PARTS and len(parts) != _PRECISION_PARTS[precision]:
        return None, f"{text!r} does not have {precision} precision"
    try:
        return dt.date(parts[0], *[*parts[1:], 1, 1][:2]), None
    except ValueError as exc:
        return None, f"{text!r}: {exc}"


class _ArticleRows:
    """Turns one article's annotations into rows, reporting what cannot be resolved."""

    def __init__(self, article: Article, text: str, report: Report) -> None:
        self.article, self.text, self.report = article, text, report
        self.id = article.src.article_id

    def line(self, *path: str | int) -> int | None:
        return self.article.parsed.line(*path)

    def span(self, anchor: Anchor, *path: str | int) -> tuple[int, int] | None:
        try:
            return resolve(self.text, anchor)
        except AnchorError as exc:
            self.report.add(exc.code, str(exc), file=self.article.parsed.shown,
                            line=self.line(*path))
            return None

    def date(self, source: DateSource, *path: str | int) -> dt.date | None:
        value, problem = parse_date(source)
        if problem:
            self.report.add("S110", problem, file=self.article.parsed.shown,
                            line=self.line(*path, "value"))
        return value

    def mentions(self) -> list[dict[str, Any]]:
        rows = []
        for i, m in enumerate(self.article.src.mentions):
            if (span := self.span(m, "mentions", i)) is not None:
                rows.append({"article_id": self.id, "mention_id": m.id, "entity_id": m.entity,
                             "kind": m.kind, "start": span[0], "end": span[1],
                             "text": self.text[span[0]:span[1]], LINE: self.line("mentions", i)})
        return rows

    def events(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        events, arguments = [], []
        for i, e in enumerate(self.article.src.events):
            for j, a in enumerate(e.arguments):
                arguments.append({"article_id": self.id, "event_id": e.id, "role": a.role,
                                  "mention_id": a.mention,
                                  LINE: self.line("events", i, "arguments", j)})
            if (span := self.span(e.trigger, "events", i, "trigger")) is None:
                continue
            events.append({
                "article_id": self.id, "event_id": e.id, "type": e.type,
                "trigger_start": span[0], "trigger_end": span[1],
                "trigger_text": self.text[span[0]:span[1]], "realis": e.realis,
                "source_entity_id": e.source, "date": self.date(e.date, "events", i, "date"),
                "date_precision": e.date.precision, "date_basis": e.date.basis,
                "date_note": e.date.note, LINE: self.line("events", i)})
        return events, arguments

    def stances(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        stances, evidence = [], []
        for i, s in enumerate(self.article.src.stances):
            stances.append({"article_id": self.id, "stance_id": s.id,
                            "holder_entity_id": s.holder, "target": s.target,
                            "label": s.label, LINE: self.line("stances", i)})
            for j, anchor in enumerate(s.evidence):
                if (span := self.span(anchor, "stances", i, "evidence", j)) is not None:
                    evidence.append({"article_id": self.id, "stance_id": s.id,
                                     "start": span[0], "end": span[1],
                                     "text": self.text[span[0]:span[1]],
                                     LINE: self.line("stances", i, "evidence", j)})
        return stances, evidence

    def article_row(self, split: str | None) -> dict[str, Any]:
        src = self.article.src
        return {
            "article_id": self.id, "story_id": src.story_id, "seed_file": src.seed_file,
            "title": src.title, "outlet": src.outlet, "outlet_note": src.outlet_note,
            "url": src.url, "url_note": src.url_note,
            "published_date": self.date(src.published, "published"),
            "published_precision": src.published.precision,
            "published_basis": src.published.basis, "published_note": src.published.note,
            "rights": src.rights, "language": src.language, "raw_sha256": src.raw_sha256,
            "cleaning": [describe(step) for step in src.cleaning] + [NFC_STEP],
            "text": self.text, SPLIT: split, LINE: self.line("article_id"),
        }


def _frame(table: str, rows: list[dict[str, Any]], extra: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={**polars_schema(table), **extra}, orient="row")


def _entity_rows(parsed: Parsed | None) -> list[dict[str, Any]]:
    if parsed is None:
        return []
    return [{"entity_id": e.id, "name": e.name, "type": e.type, "sector": e.sector,
             "aliases": list(e.aliases), "wikidata_qid": e.wikidata, "note": e.note,
             LINE: parsed.line("entities", i)}
            for i, e in enumerate(parsed.model.entities)]


def _story_splits(corpus: Corpus, report: Report) -> dict[str, str]:
    if corpus.stories is None:
        return {}
    splits: dict[str, str] = {}
    for i, story in enumerate(corpus.stories.model.stories):
        if story.id in splits:
            report.add("S111", f"story {story.id!r} is listed again",
                       file=corpus.stories.shown, line=corpus.stories.line("stories", i))
        splits.setdefault(story.id, story.split)
    return splits


def build_tables(corpus: Corpus, report: Report) -> Tables:
    """All check tables of the corpus; faults found on the way go to `report`."""
    splits = _story_splits(corpus, report)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in CHECK_TABLES}
    rows["entities"] = _entity_rows(corpus.entities)
    for article in corpus.articles:
        src, shown = article.src, article.parsed.shown
        try:
            text = clean(article.raw, src.cleaning)
        except CleaningError as exc:
            report.add("S109", str(exc), file=shown, line=article.parsed.line("cleaning"))
            continue
        if src.story_id not in splits and corpus.stories is not None:
            report.add("R104", f"story {src.story_id!r} is not in stories.yaml", file=shown,
                       line=article.parsed.line("story_id"))
        one = _ArticleRows(article, text, report)
        rows["articles"].append(one.article_row(splits.get(src.story_id)))
        rows["mentions"] += one.mentions()
        events, arguments = one.events()
        rows["events"] += events
        rows["event_arguments"] += arguments
        stances, evidence = one.stances()
        rows["stances"] += stances
        rows["stance_evidence"] += evidence
    extra: dict[str, pl.DataType] = {LINE: pl.Int32}
    frames = {name: _frame(name, table_rows, extra) for name, table_rows in rows.items()
              if name != "articles"}
    frames["articles"] = _frame("articles", rows["articles"], {**extra, SPLIT: pl.String})
    return Tables(frames)
