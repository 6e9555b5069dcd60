"""Semantic checks: dates that cannot be, precision that does not fit its date, roles an
event type does not allow, stance holders and event sources absent from their article."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.labels import EVENT_TYPE

from ..build import Tables
from ..faults import Report
from .locate import Locator, emit


def _period_end(date: str, precision: str) -> pl.Expr:
    d, p = pl.col(date), pl.col(precision)
    return (pl.when(p == "DAY").then(d)
            .when(p == "MONTH").then(d.dt.month_end())
            .when(p == "YEAR").then(pl.date(d.dt.year(), 12, 31)))


def _precision_mismatch(date: str, precision: str) -> pl.Expr:
    d, p = pl.col(date), pl.col(precision)
    return (((p == "UNKNOWN") & d.is_not_null())
            | (p.is_in(["DAY", "MONTH", "YEAR"]) & d.is_null())
            | ((p == "MONTH") & (d.dt.day() != 1))
            | ((p == "YEAR") & ((d.dt.day() != 1) | (d.dt.month() != 1))))


def _dates(tables: Tables, locate: Locator, report: Report) -> None:
    published = tables["articles"].lazy().select(
        "article_id", _published_end=_period_end("published_date", "published_precision"))
    future = (tables["events"].lazy().join(published, on="article_id", how="inner")
              .filter((pl.col("realis") == "ACTUAL") & (pl.col("date") > pl.col("_published_end"))))
    emit(report, "M101", future, "events", locate,
         lambda r: f"ACTUAL event dated {r['date']} is after the article's publication "
         f"({r['_published_end']} at the latest)")
    for table, date, precision in (("events", "date", "date_precision"),
                                   ("articles", "published_date", "published_precision")):
        bad = tables[table].lazy().filter(_precision_mismatch(date, precision))
        emit(report, "M102", bad, table, locate,
             lambda r, date=date, precision=precision: f"{date} {r[date]} does not fit "
             f"{precision} {r[precision]} (MONTH dates fall on the 1st, YEAR dates on 1 "
             "January, UNKNOWN has no date)")


def _roles(tables: Tables, locate: Locator, report: Report) -> None:
    allowed = pl.LazyFrame([(t.name, role) for t in EVENT_TYPE.labels for role in t.roles],
                           schema={"_type": pl.String, "role": pl.String}, orient="row")
    arguments = (tables["event_arguments"].lazy()
                 .join(tables["events"].lazy().select("article_id", "event_id", _type="type"),
                       on=["article_id", "event_id"], how="inner")
                 .join(allowed, on=["_type", "role"], how="anti"))
    emit(report, "M103", arguments, "event_arguments", locate,
         lambda r: f"role {r['role']} is not allowed for a {r['_type']} event")


def _unmentioned_in_article(tables: Tables, locate: Locator, report: Report) -> None:
    mentioned = tables["mentions"].lazy().select("article_id", "entity_id").unique()
    for code, table, column, what in (("M104", "stances", "holder_entity_id", "stance holder"),
                                      ("M105", "events", "source_entity_id", "event source")):
        absent = (tables[table].lazy().filter(pl.col(column).is_not_null())
                  .join(mentioned, left_on=["article_id", column],
                        right_on=["article_id", "entity_id"], how="anti"))
        emit(report, code, absent, table, locate,
             lambda r, column=column, what=what: f"{what} {r[column]!r} has no mention in "
             "this article")


def semantic_checks(tables: Tables, locate: Locator, report: Report) -> None:
    _dates(tables, locate, report)
    _roles(tables, locate, report)
    _unmentioned_in_article(tables, locate, report)
