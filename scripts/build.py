"""`skies build` as a Python API: check the sources, measure the two passes, and give the
release they make, or nothing with the faults that prevent it."""

from __future__ import annotations

from .agreement.passes import measure_new_annotator, measure_passes
from .checks import check_sources
from .checks.release import output_checks
from .faults import Report
from .faults.codes import UNREVIEWED_IN_RELEASE, UNREVIEWED_SUGGESTION
from .layout import Layout
from .publish.release import Release, release_from
from .tables import CheckTables

EMITS = (UNREVIEWED_IN_RELEASE,)


def prepare(layout: Layout, report: Report | None = None, use_cache: bool = True
            ) -> tuple[Release | None, Report]:
    """The release the sources give, or None with the faults that prevent it."""
    tables, report = check_sources(layout, report, use_cache)
    return release_of(tables, layout, report), report


def release_of(tables: CheckTables, layout: Layout, report: Report) -> Release | None:
    """The release built from already checked source tables (None if `report` has errors,
    including faults of the passes and output paths that may not be written)."""
    figures = measure_passes(layout, report)
    new_annotator = measure_new_annotator(layout, tables, report)
    if unreviewed := report.counts()[UNREVIEWED_SUGGESTION.code]:
        report.add(UNREVIEWED_IN_RELEASE, f"{unreviewed} suggested mention(s) are not reviewed "
                   "yet (S124); nothing is written")
    if not report.ok:
        return None
    release = release_from(tables, layout, figures, new_annotator)
    output_checks(release, layout, report)
    return release if report.ok else None
