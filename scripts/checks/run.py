"""The order checks run in, and checking a set of source files end to end."""

from __future__ import annotations

from collections.abc import Callable

from ..faults import Report
from ..layout import Layout
from ..read.corpus import load_corpus
from ..resolve.rows import build_tables
from ..tables import CheckTables
from .corpus import corpus_checks
from .locate import Locator
from .references import reference_checks
from .semantics import semantic_checks
from .spans import span_checks
from .stories import story_splits, unknown_stories
from .tables import table_checks

Check = Callable[[CheckTables, Locator, Report], None]
CHECKS: tuple[Check, ...] = (table_checks, span_checks, reference_checks, semantic_checks,
                             corpus_checks)


def run_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    for check in CHECKS:
        check(tables, locate, report)


def check_sources(layout: Layout, report: Report | None = None) -> tuple[CheckTables, Report]:
    """Read, resolve and check every source file: the check tables and all their faults
    (added to `report` when given, whose selection and limits then apply)."""
    report = Report() if report is None else report
    corpus = load_corpus(layout, report)
    splits = story_splits(corpus, report)
    unknown_stories(corpus, splits, report)
    tables = build_tables(corpus, splits, report)
    # Aggregated rows (a repeated paragraph) lose `_line`: they are located by their key.
    run_checks(tables, Locator(layout, source_marks=Locator.marks_of(tables)), report)
    return tables, report
