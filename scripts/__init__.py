"""Sovereign Skies toolkit: sources -> check -> build Parquet -> card -> load.

`from sovereign_skies.scripts import load` gives the one-line loader for researchers.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load"]


def __getattr__(name: str) -> Any:
    # Lazy, so `skies --help` does not pay for importing `datasets`.
    if name == "load":
        from .load import load

        return load
    raise AttributeError(name)
