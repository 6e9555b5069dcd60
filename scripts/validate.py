"""`skies validate` as a Python API: the same Report object the CLI prints."""

from __future__ import annotations

from .checks import Locator, check_sources, run_checks
from .faults import Report
from .layout import Layout


def validate(layout: Layout, *, built: bool = True) -> Report:
    """Check the sources (faults at file:line) and, with `built`, the committed Parquet
    files (faults at table[row]) and whether they are stale against the sources."""
    _tables, report = check_sources(layout)
    if not built:
        return report
    # Late imports: reading Parquet back and rebuilding need `datasets` (slow to import).
    from .readback import read_release
    from .release import differences, prepare

    for origin, tables in read_release(layout, report).items():
        run_checks(tables, Locator(None, origin), report)
    if report.ok:
        release, _ = prepare(layout)
        assert release is not None
        for difference in differences(release, layout):
            path, _, what = difference.partition(": ")
            report.add("B101", what, file=path)
    return report
