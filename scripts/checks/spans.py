"""Span integrity: offsets in bounds and non-empty, surface text equal to text[start:end],
no whitespace at an edge, NFC text, and no duplicate or crossing mentions."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.tables import CHECK_TABLES

from ..build import LINE, Tables
from ..faults import Report
from .locate import Locator, emit

# (check table, column prefix of its span)
SPAN_TABLES = (("mentions", ""), ("events", "trigger_"), ("stance_evidence", ""))
CROSSING_WINDOW = 4  # each mention is compared with the 4 mentions that start before it


def _keep(frame: pl.DataFrame | pl.LazyFrame, table: str, *extra: str) -> list[str]:
    names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    wanted = [*CHECK_TABLES[table][1], LINE, "article_id", *extra]
    return [c for c in dict.fromkeys(wanted) if c in names]


def _span_table(table: str, prefix: str, tables: Tables, locate: Locator,
                report: Report) -> None:
    start, end, surface = f"{prefix}start", f"{prefix}end", f"{prefix}text"
    frame = tables[table]
    # Slice the article text in one lazy query and drop it: the text is never copied per row.
    spans = (frame.lazy()
             .join(tables["articles"].lazy().select("article_id", _text="text"),
                   on="article_id", how="inner")
             .with_columns(_len=pl.col("_text").str.len_chars(),
                           _slice=pl.col("_text").str.slice(pl.col(start),
                                                            pl.col(end) - pl.col(start)))
             .drop("_text"))
    spans = spans.select(_keep(spans, table, start, end, surface, "_slice", "_len"))
    in_bounds = (pl.col(end) > pl.col(start)) & (pl.col(end) <= pl.col("_len"))
    for code, mask, what in (
        ("P102", pl.col(end) <= pl.col(start), "is empty or ends before it starts"),
        ("P101", pl.col(end) > pl.col("_len"), "ends past the end of the text"),
        ("P103", in_bounds & (pl.col("_slice") != pl.col(surface)),
         "has surface text different from text[start:end]"),
        ("P105", pl.col(surface).str.contains(r"^\s|\s$"), "has whitespace at an edge"),
    ):
        emit(report, code, spans.filter(mask), table, locate,
             lambda r, what=what: f"{table} span [{r[start]}, {r[end]}) {what}: stored "
             f"{r[surface]!r}, text has {r['_slice']!r}")


def _nfc(tables: Tables, locate: Locator, report: Report) -> None:
    articles = tables["articles"]
    failing = (articles.lazy().filter(pl.col("text").str.normalize("NFC") != pl.col("text"))
               .select(_keep(articles, "articles")))
    emit(report, "P104", failing, "articles", locate,
         lambda r: f"text of {r['article_id']!r} is not NFC-normalized")


def _duplicates_and_crossings(tables: Tables, locate: Locator, report: Report) -> None:
    mentions = tables["mentions"].lazy().sort("article_id", "start", pl.col("end"),
                                              descending=[False, False, True])
    keep = _keep(tables["mentions"], "mentions", "start", "end", "text")
    same = pl.struct("article_id", "start", "end").is_duplicated()
    emit(report, "P106", mentions.filter(same).select(keep), "mentions", locate,
         lambda r: f"mention [{r['start']}, {r['end']}) {r['text']!r} is annotated twice")
    # a crosses b when a starts first and ends strictly inside b.
    crossing = pl.lit(False)
    for k in range(1, CROSSING_WINDOW + 1):
        prev_start, prev_end = (pl.col(c).shift(k).over("article_id") for c in ("start", "end"))
        crossing = crossing | ((prev_start < pl.col("start")) & (prev_end > pl.col("start"))
                               & (prev_end < pl.col("end")))
    emit(report, "P107", mentions.filter(crossing).select(keep), "mentions", locate,
         lambda r: f"mention [{r['start']}, {r['end']}) {r['text']!r} crosses an earlier "
         "mention (spans may nest, not cross)")


def span_checks(tables: Tables, locate: Locator, report: Report) -> None:
    for table, prefix in SPAN_TABLES:
        _span_table(table, prefix, tables, locate, report)
    _nfc(tables, locate, report)
    _duplicates_and_crossings(tables, locate, report)
