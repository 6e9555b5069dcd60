"""The two annotation passes of the repository (dataset/passes/a and b), checked and
measured: the figures the card reports as agreement before adjudication."""

from __future__ import annotations

from ..checks import check_sources
from ..faults import Report
from ..layout import Layout
from .metrics import agreement
from .result import Agreement

PASSES = ("a", "b")  # dataset/passes/a is the reference pass, b the independent second pass


def measure_passes(layout: Layout, report: Report) -> Agreement | None:
    """Agreement between dataset/passes/a and b (before adjudication), or None when the
    repository has no passes. Faults in a pass go to `report`: figures from a broken pass
    would be wrong."""
    directories = [layout.passes / name for name in PASSES]
    if not all((d / "annotations").is_dir() for d in directories):
        return None
    tables = []
    for directory in directories:
        pass_tables, pass_report = check_sources(layout.for_pass(directory), report.child())
        for fault in pass_report.errors:  # a pass's warnings are not the release's concern
            report.add_fault(fault)
        tables.append(pass_tables)
    if not report.ok or any(t["mentions"].is_empty() for t in tables):
        return None  # a pass with no annotations yet has no agreement to report
    return agreement(*tables)
