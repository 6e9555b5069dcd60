"""Faults: the code catalogue (codes.py), the report that collects faults with their
locations (report.py), and its renderings for people, tools and CI (render.py)."""

from .codes import CODES, Code, Severity
from .report import Fault, Report, SourceLocation, TableLocation

__all__ = ["CODES", "Code", "Fault", "Report", "Severity", "SourceLocation", "TableLocation"]
