"""`skies validate` as a Python API: the same Report object the CLI prints."""

from __future__ import annotations

from .build import Tables
from .checks import Locator, check_sources, run_checks
from .faults import Report
from .layout import Layout


def validate(layout: Layout, *, built: bool = True, report: Report | None = None) -> Report:
    """Check the sources (faults at file:line) and, with `built`, the release: built files
    against a fresh build, the card against the files, and loading every config.

    Pass a Report to select, ignore or limit codes. Committed files identical to a fresh
    build hold exactly the sources' rows, so only stale or unreadable ones are re-checked
    as tables (their faults are then mapped back to source lines where possible).
    """
    tables, report = check_sources(layout, report)
    if built:
        _release(layout, tables, report)
    return report


def _release(layout: Layout, tables: Tables, report: Report) -> None:
    # Late imports: rebuilding and reading Parquet back need `datasets` (slow to import).
    from .checks.release import card_checks, load_checks
    from .readback import read_release
    from .release import differences, release_from

    release = release_from(tables, layout, report) if report.ok else None
    stale = differences(release, layout) if release is not None else None
    for difference in stale or []:
        path, _, what = difference.partition(": ")
        report.add("B101", what, file=path)
    if stale is None or stale:
        lines = Locator.lines_of(tables)
        for origin, built in read_release(layout, report).items():
            run_checks(built, Locator(layout, origin, lines), report)
        card_checks(layout, report)
    load_checks(layout, report)
