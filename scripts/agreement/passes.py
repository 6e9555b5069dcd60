"""The annotation passes of the repository, checked and measured: the two passes of every
article (dataset/passes/a and b), whose agreement the card reports as before adjudication,
and a new annotator's pass of the test articles (dataset/passes/new-annotator, made from the
guide alone), scored against the gold."""

from __future__ import annotations

from pathlib import Path

from ..checks import check_sources
from ..faults import Report
from ..layout import Layout
from ..tables import CheckTables
from .metrics import agreement
from .result import Agreement

PASSES = ("a", "b")  # dataset/passes/a is the reference pass, b the independent second pass
NEW_ANNOTATOR = "new-annotator"


def _checked(layout: Layout, directory: Path, report: Report) -> CheckTables | None:
    """A pass's check tables; its errors go to `report` (figures from a broken pass would
    be wrong), its warnings are not the release's concern. None when it has no mentions."""
    tables, pass_report = check_sources(layout.for_pass(directory), report.child())
    for fault in pass_report.errors:
        report.add_fault(fault)
    return None if tables["mentions"].is_empty() else tables


def measure_passes(layout: Layout, report: Report) -> Agreement | None:
    """Agreement between dataset/passes/a and b (before adjudication), or None when the
    repository has no passes. Faults in a pass go to `report`: figures from a broken pass
    would be wrong."""
    directories = [layout.passes / name for name in PASSES]
    if not all((d / "annotations").is_dir() for d in directories):
        return None
    tables = [_checked(layout, directory, report) for directory in directories]
    if not report.ok or tables[0] is None or tables[1] is None:
        return None  # a pass with no annotations yet has no agreement to report
    return agreement(tables[0], tables[1])


def measure_new_annotator(layout: Layout, gold: CheckTables, report: Report
                          ) -> Agreement | None:
    """The new annotator's pass against the gold, over the articles it annotates."""
    directory = layout.passes / NEW_ANNOTATOR
    if not (directory / "annotations").is_dir():
        return None
    tables = _checked(layout, directory, report)
    return agreement(gold, tables) if report.ok and tables is not None else None
