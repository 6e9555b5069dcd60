"""`skies build` as a Python API: check the sources, measure the two passes, and give the
release they make, or nothing with the faults that prevent it."""

from __future__ import annotations

from .agreement.passes import measure_passes
from .checks import check_sources
from .faults import Report
from .layout import Layout
from .publish.release import Release, release_from
from .tables import CheckTables


def prepare(layout: Layout, report: Report | None = None) -> tuple[Release | None, Report]:
    """The release the sources give, or None with the faults that prevent it."""
    tables, report = check_sources(layout, report)
    return release_of(tables, layout, report), report


def release_of(tables: CheckTables, layout: Layout, report: Report) -> Release | None:
    """The release built from already checked source tables (None if `report` has errors,
    including faults of the passes)."""
    figures = measure_passes(layout, report)
    if not report.ok:
        return None
    return release_from(tables, layout, figures)
