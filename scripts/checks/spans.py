"""Span integrity: offsets in bounds and non-empty, surface text equal to text[start:end],
no whitespace at an edge, NFC text, and no duplicate or crossing mentions."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.pandera_schemas import CHECK_TABLES

from ..faults import Report
from ..faults.codes import (
    CROSSING_MENTION,
    DUPLICATE_MENTION,
    SPAN_EDGE_WHITESPACE,
    SPAN_EMPTY,
    SPAN_OUT_OF_BOUNDS,
    SPAN_TEXT_MISMATCH,
    TEXT_NOT_NFC,
)
from ..tables import COLUMN, LINE, CheckTables
from .emit import emit
from .locate import Locator

EMITS = (SPAN_OUT_OF_BOUNDS, SPAN_EMPTY, SPAN_TEXT_MISMATCH, TEXT_NOT_NFC, SPAN_EDGE_WHITESPACE,
    DUPLICATE_MENTION, CROSSING_MENTION)

# (check table, column prefix of its span): every table with a span's three columns
SPAN_TABLES = tuple((table, c.name.removesuffix("start"))
                    for table, (columns, _key) in CHECK_TABLES.items()
                    for c in columns if c.name.endswith("start"))
CROSSING_WINDOW = 4  # each mention is compared with the 4 mentions that start before it


def _keep(frame: pl.DataFrame | pl.LazyFrame, table: str, *extra: str) -> list[str]:
    names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    wanted = [*CHECK_TABLES[table][1], LINE, COLUMN, "article_id", *extra]
    return [c for c in dict.fromkeys(wanted) if c in names]


def _span_table(table: str, prefix: str, tables: CheckTables, locate: Locator,
                report: Report) -> None:
    start, end, surface = f"{prefix}start", f"{prefix}end", f"{prefix}text"
    frame = tables[table]
    in_bounds = (pl.col(end) > pl.col(start)) & (pl.col(end) <= pl.col("_len"))
    flags = {
        SPAN_EMPTY: (pl.col(end) <= pl.col(start), "is empty or ends before it starts"),
        SPAN_OUT_OF_BOUNDS: (pl.col(end) > pl.col("_len"), "ends past the end of the text"),
        SPAN_TEXT_MISMATCH: (in_bounds & (pl.col("_slice") != pl.col(surface)),
                             "has surface text different from text[start:end]"),
        SPAN_EDGE_WHITESPACE: (pl.col(surface).str.contains(r"^\s|\s$"),
                               "has whitespace at an edge"),
    }
    # One pass: slice the article text, flag every fault, keep only failing rows. The text
    # is joined as a view and dropped in the same query, never copied onto each row.
    # The streaming engine slices in morsels, so memory stays bounded however many spans.
    failing = (frame.lazy().select(_keep(frame, table, start, end, surface))
               .join(tables["articles"].lazy().select("article_id", _text="text"),
                     on="article_id", how="inner")
               .with_columns(_len=pl.col("_text").str.len_chars(),
                             _slice=pl.col("_text").str.slice(pl.col(start),
                                                              pl.col(end) - pl.col(start)))
               .drop("_text")
               .with_columns(**{code.code: mask.fill_null(False)
                                for code, (mask, _) in flags.items()})
               .filter(pl.any_horizontal(*(code.code for code in flags)))
               .collect(engine="streaming"))
    for code, (_mask, what) in flags.items():
        emit(report, code, failing.filter(pl.col(code.code)), table, locate,
             lambda r, what=what: f"{table} span [{r[start]}, {r[end]}) {what}: stored "
             f"{r[surface]!r}, text has {r['_slice']!r}", column=surface)


def _nfc(tables: CheckTables, locate: Locator, report: Report) -> None:
    articles = tables["articles"]
    failing = (articles.lazy().filter(pl.col("text").str.normalize("NFC") != pl.col("text"))
               .select(_keep(articles, "articles")))
    emit(report, TEXT_NOT_NFC, failing, "articles", locate,
         lambda r: f"text of {r['article_id']!r} is not NFC-normalized")


def _duplicates_and_crossings(tables: CheckTables, locate: Locator, report: Report) -> None:
    mentions = tables["mentions"]
    # Sort a narrow integer index, not the mentions: row number, article number, offsets.
    numbers = tables["articles"].lazy().select(
        "article_id", _a=pl.int_range(pl.len(), dtype=pl.UInt32))
    order = (mentions.lazy()
             .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), "article_id",
                     "start", "end")
             .join(numbers, on="article_id", how="left")
             .select("_i", "_a", "start", "end")
             .sort("_a", "start", "end", "_i", descending=[False, False, True, False]))

    def same_as(k: int) -> pl.Expr:
        return pl.col("_a").shift(k) == pl.col("_a")

    def same_span(k: int) -> pl.Expr:
        return (same_as(k) & (pl.col("start").shift(k) == pl.col("start"))
                & (pl.col("end").shift(k) == pl.col("end")))

    crossing = pl.lit(False)
    for k in range(1, CROSSING_WINDOW + 1):  # a crosses b: a starts first, ends inside b
        prev_start, prev_end = pl.col("start").shift(k), pl.col("end").shift(k)
        crossing = crossing | (same_as(k) & (prev_start < pl.col("start"))
                               & (prev_end > pl.col("start")) & (prev_end < pl.col("end")))
    flagged = (order.with_columns(
        _dup=(same_span(1) | same_span(-1)).fill_null(False),
        _cross=crossing.fill_null(False))
        .filter(pl.col("_dup") | pl.col("_cross")).select("_i", "_dup", "_cross").collect())
    keep = _keep(mentions, "mentions", "start", "end", "text")
    rows = mentions.select(keep)[flagged["_i"]].with_columns(flagged.select("_dup", "_cross"))
    emit(report, DUPLICATE_MENTION, rows.filter("_dup"), "mentions", locate,
         lambda r: f"mention [{r['start']}, {r['end']}) {r['text']!r} is annotated twice",
         column="text")
    emit(report, CROSSING_MENTION, rows.filter("_cross"), "mentions", locate,
         lambda r: f"mention [{r['start']}, {r['end']}) {r['text']!r} crosses an earlier "
         "mention (spans may nest, not cross)", column="text")


def span_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    for table, prefix in SPAN_TABLES:
        _span_table(table, prefix, tables, locate, report)
    _nfc(tables, locate, report)
    _duplicates_and_crossings(tables, locate, report)
