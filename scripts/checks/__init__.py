"""Every check over the data, one module per family, each declaring the codes it emits
(`EMITS`). A table check takes the check tables, a Locator and the Report, and adds one fault
per failing row; `stories` runs on the parsed sources and `release` on the built files."""

from .emit import emit
from .locate import Locator
from .run import CHECKS, check_sources, run_checks

__all__ = ["CHECKS", "Locator", "check_sources", "emit", "run_checks"]
