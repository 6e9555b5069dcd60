"""The checks that run on check tables, whether built from sources or read from Parquet.

A fault on a row built from sources is located at `file:line`; a fault on a row read from a
built file is located at `table[key]`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandera.polars as pa
import polars as pl

from sovereign_skies.schema.tables import CHECK_TABLES, schema_for

from .build import LINE, Tables, build_tables
from .faults import Report
from .layout import Layout
from .sources import load_corpus

MAX_CASES_PER_CHECK = 1000  # keep memory bounded when a whole column is wrong


class Locator:
    """Where a row of a check table is fixed: its source line, or its table and key."""

    def __init__(self, layout: Layout | None, origin: str | None = None) -> None:
        self.layout, self.origin = layout, origin

    def where(self, table: str, row: dict[str, object]) -> dict[str, object]:
        line = row.get(LINE)
        if self.layout is not None and line is not None:
            if table == "entities":
                return {"file": self.layout.rel(self.layout.entities), "line": line}
            path = self.layout.annotations / f"{row['article_id']}.yaml"
            return {"file": self.layout.rel(path), "line": line}
        key = CHECK_TABLES[table][1]
        shown = f"{self.origin}:{table}" if self.origin else table
        return {"table": shown, "row": "/".join(str(row.get(k)) for k in key)}


def _code(check: str) -> str:
    for needle, code in (("dtype(", "T101"), ("not_nullable", "T102"), ("isin(", "T103"),
                         ("str_matches(", "T104"), ("greater_than", "T105"),
                         ("uniqueness", "T106"), ("unique", "T106"), ("column_in", "T107")):
        if needle in check:
            return code
    return "T199"


def table_checks(tables: Tables, locate: Locator, report: Report) -> None:
    for name, frame in tables.frames.items():
        schema = schema_for(name)
        try:
            schema.validate(frame.select([c for c in frame.columns if c in schema.columns]),
                            lazy=True)
        except pa.errors.SchemaErrors as exc:
            _report_cases(name, frame, exc.failure_cases, locate, report)


def _report_cases(name: str, frame: pl.DataFrame, cases: pl.DataFrame, locate: Locator,
                  report: Report) -> None:
    grouped = cases.with_row_index("_n").group_by(["column", "check"], maintain_order=True)
    for (column, check), group in grouped:
        code = _code(str(check))
        shown = group.head(MAX_CASES_PER_CHECK)
        for case in shown.iter_rows(named=True):
            index = case["index"]
            where = (locate.where(name, frame.row(index, named=True)) if index is not None
                     else locate.where(name, {}) | {"row": None})
            value = case["failure_case"]
            report.add(code, f"{name}.{column}: {value!r} fails {check}", **where)
        if group.height > shown.height:
            report.add(code, f"{name}.{column}: {group.height - shown.height} more rows fail "
                       f"{check} (not listed)", **(locate.where(name, {}) | {"row": None}))


def _rows(frame: pl.DataFrame, mask: pl.Expr, columns: list[str]) -> list[dict[str, object]]:
    keep = [c for c in dict.fromkeys(columns) if c in frame.columns]
    return frame.filter(mask).select(keep).head(MAX_CASES_PER_CHECK).to_dicts()


def _span_checks(table: str, frame: pl.DataFrame, texts: pl.DataFrame, prefix: str,
                 locate: Locator, report: Report) -> None:
    start, end, surface = f"{prefix}start", f"{prefix}end", f"{prefix}text"
    key = [*CHECK_TABLES[table][1], LINE]
    # Slice in one lazy query and drop the article text, so it is never copied per row.
    spans = (frame.lazy().join(texts.lazy(), on="article_id", how="inner")
             .with_columns(
                 _len=pl.col("_text").str.len_chars(),
                 _slice=pl.col("_text").str.slice(pl.col(start), pl.col(end) - pl.col(start)))
             .drop("_text").collect())
    for code, mask, what in (
        ("P102", pl.col(end) <= pl.col(start), "is empty or ends before it starts"),
        ("P101", pl.col(end) > pl.col("_len"), "ends past the end of the text"),
        ("P103", (pl.col(end) > pl.col(start)) & (pl.col(end) <= pl.col("_len"))
         & (pl.col("_slice") != pl.col(surface)), "surface text differs from text[start:end]"),
    ):
        for row in _rows(spans, mask, [*key, start, end, surface, "_slice", "_len"]):
            report.add(code, f"{table} span [{row[start]}, {row[end]}) {what}: stored "
                       f"{row[surface]!r}, text has {row.get('_slice')!r}",
                       **locate.where(table, row))


def span_checks(tables: Tables, locate: Locator, report: Report) -> None:
    texts = tables["articles"].select("article_id", _text="text")
    for table, prefix in (("mentions", ""), ("events", "trigger_"), ("stance_evidence", "")):
        _span_checks(table, tables[table], texts, prefix, locate, report)


# (table, its columns, referenced table, referenced columns, what the value names)
_REFERENCES: tuple[tuple[str, list[str], str, list[str], str], ...] = (
    ("mentions", ["entity_id"], "entities", ["entity_id"], "entity"),
    ("events", ["source_entity_id"], "entities", ["entity_id"], "source entity"),
    ("stances", ["holder_entity_id"], "entities", ["entity_id"], "holder entity"),
    ("event_arguments", ["article_id", "mention_id"], "mentions", ["article_id", "mention_id"],
     "mention"),
    ("event_arguments", ["article_id", "event_id"], "events", ["article_id", "event_id"],
     "event"),
    ("stance_evidence", ["article_id", "stance_id"], "stances", ["article_id", "stance_id"],
     "stance"),
    ("mentions", ["article_id"], "articles", ["article_id"], "article"),
    ("events", ["article_id"], "articles", ["article_id"], "article"),
    ("stances", ["article_id"], "articles", ["article_id"], "article"),
)
_REFERENCE_CODES = {"entities": "R101", "mentions": "R102", "articles": "R103",
                    "events": "R103", "stances": "R103"}


def reference_checks(tables: Tables, locate: Locator, report: Report) -> None:
    for table, columns, target, target_columns, what in _REFERENCES:
        frame, known = tables[table], tables[target].select(target_columns).unique()
        dangling = (frame.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in columns))
                    .join(known, left_on=columns, right_on=target_columns, how="anti"))
        for row in dangling.head(MAX_CASES_PER_CHECK).to_dicts():
            value = row[columns[-1]]
            report.add(_REFERENCE_CODES[target], f"{table}: {what} {value!r} does not exist"
                       + (" in this article" if "article_id" in columns[:-1] else ""),
                       **locate.where(table, row))


CHECKS: tuple[Callable[[Tables, Locator, Report], None], ...] = (
    table_checks, span_checks, reference_checks)


def run_checks(tables: Tables, locate: Locator, report: Report) -> None:
    for check in CHECKS:
        check(tables, locate, report)


def check_sources(layout: Layout) -> tuple[Tables, Report]:
    """Read, build and check every source file: the check tables and all their faults."""
    report = Report()
    tables = build_tables(load_corpus(layout, report), report)
    run_checks(tables, Locator(layout), report)
    return tables, report
