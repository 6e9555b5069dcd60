"""Sources -> the logical check tables: one row per stated fact, labels still as strings.

Every row keeps `_line`, the line in its source file, so any later fault on the row points at
the line a person edits. Rows whose anchors cannot be resolved are reported and left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from sovereign_skies.schema.pandera_schemas import CHECK_TABLES, polars_schema

from ..faults import Report
from ..faults.codes import BAD_DATE, CLEANING_FAILED, UNREVIEWED_SUGGESTION
from ..read.corpus import Article, Parsed
from ..read.models import Anchor, DateSource
from ..tables import COLUMN, LINE, SPLIT
from .anchors import AnchorError, resolve
from .cleaning import NFC_STEP, CleaningError, clean, describe, removed_stretches
from .dates import parse_date

EMITS = (CLEANING_FAILED, BAD_DATE, UNREVIEWED_SUGGESTION)
Row = dict[str, Any]

# Check-table column -> where its value is written inside the row's source item, where that
# is not a field of the same name: faults on a column are located there.
SOURCE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "articles": {"published_date": ("published", "value"),
                 "published_precision": ("published", "precision"),
                 "published_basis": ("published", "basis"),
                 "published_note": ("published", "note"), "text": ("cleaning",)},
    "entities": {"entity_id": ("id",), "wikidata_qid": ("wikidata",),
                 "country_entity_id": ("country",)},
    "mentions": {"mention_id": ("id",), "entity_id": ("entity",), "start": ("quote",),
                 "end": ("quote",), "text": ("quote",)},
    "events": {"event_id": ("id",), "source_entity_id": ("source",), "date": ("date", "value"),
               "date_precision": ("date", "precision"), "date_basis": ("date", "basis"),
               "date_note": ("date", "note"), "trigger_start": ("trigger", "quote"),
               "trigger_end": ("trigger", "quote"), "trigger_text": ("trigger", "quote")},
    "event_arguments": {"mention_id": ("mention",)},
    "stances": {"stance_id": ("id",), "holder_entity_id": ("holder",)},
    "stance_evidence": {"start": ("quote",), "end": ("quote",), "text": ("quote",)},
}


def item_mark(parsed: Parsed, *path: str | int) -> Row:
    """The private location columns of a row whose source item is at `path`."""
    mark = parsed.mark(*path)
    return {LINE: mark and mark.line, COLUMN: mark and mark.column}


class _ArticleRows:
    """Turns one article's annotations into rows, reporting what cannot be resolved."""

    def __init__(self, article: Article, text: str, report: Report) -> None:
        self.article, self.text, self.report = article, text, report
        self.id = article.src.article_id

    def item(self, *path: str | int) -> Row:
        return item_mark(self.article.parsed, *path)

    def span(self, anchor: Anchor, *path: str | int) -> tuple[int, int] | None:
        """The offsets of the anchor at `path`; a fault at its quote when it has none."""
        try:
            return resolve(self.text, anchor)
        except AnchorError as exc:
            self.report.add(exc.code, str(exc), self.article.parsed.at(*path, "quote"))
            return None

    def date(self, source: DateSource, *path: str | int) -> dt.date | None:
        value, problem = parse_date(source)
        if problem:
            self.report.add(BAD_DATE, problem, self.article.parsed.at(*path, "value"))
        return value

    def removed(self) -> Row:
        stretches = removed_stretches(self.article.raw, self.text)
        starts, ends = stretches if stretches is not None else (None, None)
        return {"removed_starts": starts, "removed_ends": ends}

    def mentions(self) -> list[Row]:
        rows = []
        for i, m in enumerate(self.article.src.mentions):
            if (span := self.span(m, "mentions", i)) is not None:
                rows.append({"article_id": self.id, "mention_id": m.id, "entity_id": m.entity,
                             "kind": m.kind, "start": span[0], "end": span[1],
                             "text": self.text[span[0]:span[1]], **self.item("mentions", i)})
        return rows

    def events(self) -> tuple[list[Row], list[Row]]:
        events, arguments = [], []
        for i, e in enumerate(self.article.src.events):
            for j, a in enumerate(e.arguments):
                arguments.append({"article_id": self.id, "event_id": e.id, "role": a.role,
                                  "mention_id": a.mention,
                                  **self.item("events", i, "arguments", j)})
            if (span := self.span(e.trigger, "events", i, "trigger")) is None:
                continue
            events.append({
                "article_id": self.id, "event_id": e.id, "type": e.type,
                "trigger_start": span[0], "trigger_end": span[1],
                "trigger_text": self.text[span[0]:span[1]], "realis": e.realis,
                "source_entity_id": e.source, "date": self.date(e.date, "events", i, "date"),
                "date_precision": e.date.precision, "date_basis": e.date.basis,
                "date_note": e.date.note, "same_as": e.same_as, **self.item("events", i)})
        return events, arguments

    def stances(self) -> tuple[list[Row], list[Row]]:
        stances, evidence = [], []
        for i, s in enumerate(self.article.src.stances):
            stances.append({"article_id": self.id, "stance_id": s.id,
                            "holder_entity_id": s.holder, "target": s.target,
                            "label": s.label, **self.item("stances", i)})
            for j, anchor in enumerate(s.evidence):
                if (span := self.span(anchor, "stances", i, "evidence", j)) is not None:
                    evidence.append({"article_id": self.id, "stance_id": s.id,
                                     "start": span[0], "end": span[1],
                                     "text": self.text[span[0]:span[1]],
                                     **self.item("stances", i, "evidence", j)})
        return stances, evidence

    def article_row(self, split: str | None) -> Row:
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
            **self.removed(),
            "text": self.text, SPLIT: split, **self.item(),
        }


def _frame(table: str, rows: list[Row], extra: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={**polars_schema(table), **extra}, orient="row")


def _entity_rows(parsed: Parsed | None) -> list[Row]:
    if parsed is None:
        return []
    return [{"entity_id": e.id, "name": e.name, "type": e.type, "sector": e.sector,
             "aliases": list(e.aliases), "wikidata_qid": e.wikidata,
             "country_entity_id": e.country, "note": e.note,
             **item_mark(parsed, "entities", i)}
            for i, e in enumerate(parsed.model.entities)]


def _unreviewed(article: Article, report: Report) -> None:
    for i, mention in enumerate(article.src.mentions):
        if not mention.reviewed:
            report.add(UNREVIEWED_SUGGESTION, f"mention {mention.id} ({mention.entity!r}, "
                       f"{mention.quote!r}) was suggested and is not reviewed yet",
                       article.parsed.at("mentions", i, "reviewed"))


def article_rows(article: Article, report: Report) -> dict[str, list[Row]]:
    """The rows of one article, per check table (its article row has no split yet); none
    when its text cannot be made from the raw file."""
    try:
        text = clean(article.raw, article.src.cleaning)
    except CleaningError as exc:
        path = ("cleaning",) if exc.step is None else ("cleaning", exc.step)
        report.add(CLEANING_FAILED, str(exc), article.parsed.at(*path))
        return {}
    one = _ArticleRows(article, text, report)
    _unreviewed(article, report)
    rows = {"articles": [one.article_row(None)], "mentions": one.mentions()}
    rows["events"], rows["event_arguments"] = one.events()
    rows["stances"], rows["stance_evidence"] = one.stances()
    return rows


_EXTRA: dict[str, pl.DataType] = {LINE: pl.Int32(), COLUMN: pl.Int32()}


def frames_of(rows: dict[str, list[Row]]) -> dict[str, pl.DataFrame]:
    """Rows per table -> one frame per check table (every table, empty ones included)."""
    return {name: _frame(name, rows.get(name, []),
                         {**_EXTRA, SPLIT: pl.String()} if name == "articles" else _EXTRA)
            for name in CHECK_TABLES}


def with_splits(articles: pl.DataFrame, splits: dict[str, str]) -> pl.DataFrame:
    """Each article in the split of its story (`splits`: story id -> split)."""
    return articles.with_columns(pl.col("story_id").replace_strict(
        list(splits), list(splits.values()), default=None, return_dtype=pl.String
    ).alias(SPLIT))


def entity_frame(parsed: Parsed | None) -> pl.DataFrame:
    return _frame("entities", _entity_rows(parsed), _EXTRA)
