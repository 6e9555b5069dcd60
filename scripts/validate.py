"""`skies validate` as a Python API: the same Report object the CLI prints."""

from __future__ import annotations

from .checks import Locator, check_sources, run_checks
from .faults import Report
from .layout import Layout
from .tables import CheckTables


def validate(layout: Layout, *, built: bool = True, report: Report | None = None,
             use_cache: bool = True) -> Report:
    """Check the sources (faults at file:line) and, with `built`, the release: built files
    against a fresh build, the card against the files, and loading every config.

    Pass a Report to select, ignore or limit codes; `use_cache=False` reads every article
    again instead of taking unchanged ones from `.skies-cache/`. Committed files identical
    to a fresh build hold exactly the sources' rows, so only stale or unreadable ones are
    re-checked as tables (their faults are then mapped back to source lines where possible).
    """
    tables, report = check_sources(layout, report, use_cache)
    if built:
        _release(layout, tables, report, use_cache)
    return report


def _release(layout: Layout, tables: CheckTables, report: Report, use_cache: bool) -> None:
    # Late imports: rebuilding and reading Parquet back need `datasets` (slow to import).
    from .build import release_of
    from .checks.release import card_checks, load_checks, stale_checks
    from .publish.readback import read_release
    from .publish.release import differences

    release = release_of(tables, layout, report) if report.ok else None
    stale = differences(release, layout) if release is not None else None
    stale_checks(stale or [], report)
    if stale is None or stale:
        if release is not None:  # building emptied the tables: read the sources again
            tables, _ = check_sources(layout, Report(), use_cache)
        for origin, built in read_release(layout, report).items():
            run_checks(built, Locator(layout, origin, tables), report)
        card_checks(layout, report)
    load_checks(layout, report)
