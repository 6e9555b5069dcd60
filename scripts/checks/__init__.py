"""Every check of Sovereign Skies, one module per family. Each check takes the check tables,
a Locator and the Report, and adds one fault per failing row (see faults.CODES)."""

from .locate import Locator, emit
from .run import CHECKS, check_sources, run_checks

__all__ = ["CHECKS", "Locator", "check_sources", "emit", "run_checks"]
