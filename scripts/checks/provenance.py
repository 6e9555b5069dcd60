"""Provenance: an article whose URL or outlet is not known is reported with the reason its
annotation file records, so every gap in where a text came from stays visible."""

from __future__ import annotations

import polars as pl

from ..faults import Report
from ..faults.codes import PROVENANCE_UNKNOWN
from ..tables import CheckTables
from .emit import emit
from .locate import Locator

EMITS = (PROVENANCE_UNKNOWN,)


def provenance_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    articles = tables["articles"]
    for field, note in (("url", "url_note"), ("outlet", "outlet_note")):
        if not {field, note} <= set(articles.columns):
            continue  # a missing column is the table check's fault (T107)
        emit(report, PROVENANCE_UNKNOWN, articles.lazy().filter(pl.col(field).is_null()),
             "articles", locate,
             lambda r, field=field, note=note: f"no {field} is known: {r[note]}",
             column=field)
