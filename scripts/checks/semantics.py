"""Semantic checks: dates that cannot be, precision that does not fit its date, roles an
event type does not allow, stance holders and event sources absent from their article."""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.labels import ACTUAL, ALLOWED_ROLES, DAY, MONTH, UNKNOWN_PRECISION, YEAR

from ..faults import Report
from ..faults.codes import (
    EVENT_AFTER_PUBLICATION,
    HOLDER_NOT_MENTIONED,
    PRECISION_MISMATCH,
    ROLE_NOT_ALLOWED,
    SOURCE_NOT_MENTIONED,
)
from ..tables import CheckTables
from .emit import emit
from .locate import Locator

EMITS = (EVENT_AFTER_PUBLICATION, PRECISION_MISMATCH, ROLE_NOT_ALLOWED, HOLDER_NOT_MENTIONED,
    SOURCE_NOT_MENTIONED)


def _period_end(date: str, precision: str) -> pl.Expr:
    d, p = pl.col(date), pl.col(precision)
    return (pl.when(p == DAY).then(d)
            .when(p == MONTH).then(d.dt.month_end())
            .when(p == YEAR).then(pl.date(d.dt.year(), 12, 31)))


def _precision_mismatch(date: str, precision: str) -> pl.Expr:
    d, p = pl.col(date), pl.col(precision)
    return (((p == UNKNOWN_PRECISION) & d.is_not_null())
            | (p.is_in([DAY, MONTH, YEAR]) & d.is_null())
            | ((p == MONTH) & (d.dt.day() != 1))
            | ((p == YEAR) & ((d.dt.day() != 1) | (d.dt.month() != 1))))


def _dates(tables: CheckTables, locate: Locator, report: Report) -> None:
    published = tables["articles"].lazy().select(
        "article_id", _published_end=_period_end("published_date", "published_precision"))
    future = (tables["events"].lazy().join(published, on="article_id", how="inner")
              .filter((pl.col("realis") == ACTUAL) & (pl.col("date") > pl.col("_published_end"))))
    emit(report, EVENT_AFTER_PUBLICATION, future, "events", locate,
         lambda r: f"ACTUAL event dated {r['date']} is after the article's publication "
         f"({r['_published_end']} at the latest)", column="date")
    for table, date, precision in (("events", "date", "date_precision"),
                                   ("articles", "published_date", "published_precision")):
        bad = tables[table].lazy().filter(_precision_mismatch(date, precision))
        emit(report, PRECISION_MISMATCH, bad, table, locate,
             lambda r, date=date, precision=precision: f"{date} {r[date]} does not fit "
             f"{precision} {r[precision]} (MONTH dates fall on the 1st, YEAR dates on 1 "
             "January, UNKNOWN has no date)", column=date)


def _roles(tables: CheckTables, locate: Locator, report: Report) -> None:
    allowed = pl.LazyFrame([(t, role) for t, roles in ALLOWED_ROLES.items() for role in roles],
                           schema={"_type": pl.String, "role": pl.String}, orient="row")
    arguments = (tables["event_arguments"].lazy()
                 .join(tables["events"].lazy().select("article_id", "event_id", _type="type"),
                       on=["article_id", "event_id"], how="inner")
                 .join(allowed, on=["_type", "role"], how="anti"))
    emit(report, ROLE_NOT_ALLOWED, arguments, "event_arguments", locate,
         lambda r: f"role {r['role']} is not allowed for a {r['_type']} event", column="role")


def _unmentioned_in_article(tables: CheckTables, locate: Locator, report: Report) -> None:
    mentioned = tables["mentions"].lazy().select("article_id", "entity_id").unique()
    for code, table, column, what in (
            (HOLDER_NOT_MENTIONED, "stances", "holder_entity_id", "stance holder"),
            (SOURCE_NOT_MENTIONED, "events", "source_entity_id", "event source")):
        absent = (tables[table].lazy().filter(pl.col(column).is_not_null())
                  .join(mentioned, left_on=["article_id", column],
                        right_on=["article_id", "entity_id"], how="anti"))
        emit(report, code, absent, table, locate,
             lambda r, column=column, what=what: f"{what} {r[column]!r} has no mention in "
             "this article", column=column)


def semantic_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    _dates(tables, locate, report)
    _roles(tables, locate, report)
    _unmentioned_in_article(tables, locate, report)
