"""The order checks run in, and checking a set of source files end to end."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ..faults import Report
from ..layout import Layout
from ..read.corpus import read_registry, read_stories, source_files
from ..resolve.articles import resolve_all
from ..resolve.rows import entity_frame, frames_of, with_splits
from ..tables import CheckTables
from .corpus import corpus_checks
from .locate import Locator
from .references import reference_checks
from .semantics import semantic_checks
from .spans import span_checks
from .stories import story_splits, unknown_story
from .tables import table_checks

Check = Callable[[CheckTables, Locator, Report], None]
CHECKS: tuple[Check, ...] = (table_checks, span_checks, reference_checks, semantic_checks,
                             corpus_checks)
# Tables in the order checks meet them (so faults come in the same order every run).
_ORDER = ("entities", "mentions", "events", "event_arguments", "stances", "stance_evidence",
          "articles")


def run_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    for check in CHECKS:
        check(tables, locate, report)


def read_sources(layout: Layout, report: Report, use_cache: bool = True) -> CheckTables:
    """Read and resolve every source file into check tables; faults go to `report`."""
    paths = source_files(layout, report)
    registry, stories = read_registry(layout, report), read_stories(layout, report)
    splits = story_splits(stories, report)
    chunks = resolve_all(layout, paths, use_cache)
    for chunk in chunks:
        for article in chunk.articles:
            for fault in article.faults:
                report.add_fault(fault)
            if stories is not None and article.story is not None and article.story_at:
                unknown_story(article.story, article.story_at, splits, report)
    empty = frames_of({})
    tables = {"entities": entity_frame(registry)}
    for name in _ORDER[1:]:
        parts = [chunk.frames[name] for chunk in chunks]
        tables[name] = pl.concat(parts) if parts else empty[name]
    tables["articles"] = with_splits(tables["articles"], splits)
    return CheckTables(tables)


def check_sources(layout: Layout, report: Report | None = None,
                  use_cache: bool = True) -> tuple[CheckTables, Report]:
    """Read, resolve and check every source file: the check tables and all their faults
    (added to `report` when given, whose selection and limits then apply)."""
    report = Report() if report is None else report
    tables = read_sources(layout, report, use_cache)
    # Aggregated rows (a repeated paragraph) lose `_line`: they are located by their key.
    run_checks(tables, Locator(layout, sources=tables), report)
    return tables, report
