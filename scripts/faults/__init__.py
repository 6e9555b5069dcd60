"""Faults: the code catalogue (codes.py), the report that collects faults with their
locations (report.py), and its renderings for people, tools and CI (render.py)."""

from .codes import CODES, Code, Severity
from .report import UNLIMITED, Fault, Report, SourceLocation, TableLocation

__all__ = ["CODES", "UNLIMITED", "Code", "Fault", "Report", "Severity", "SourceLocation",
           "TableLocation"]
