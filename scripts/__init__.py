"""Sovereign Skies toolkit: sources -> check -> build Parquet -> card -> load.

`from sovereign_skies.scripts import load` gives the one-line loader for researchers.
"""

from .load import load

__all__ = ["load"]
