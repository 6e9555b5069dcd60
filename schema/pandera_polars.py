"""pandera's polars API, imported without pandas.

pandera imports pandas at its top level whenever pandas is installed (here it is: `datasets`
needs it), and looks for it again at its first validation, although the polars backend never
uses it; that costs half a second of every command that checks tables. pandera supports
installs without pandas, so pandas is hidden from it while it is imported and answers that
question. When pandas is already imported (a notebook,
the test suite) nothing is hidden and pandera imports as usual: both give the same checks.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class _HidePandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            # The exact message pandera recognises as "pandas is not installed".
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _import() -> ModuleType:
    if "pandera.polars" in sys.modules or "pandas" in sys.modules:
        import pandera.polars
        return pandera.polars
    hide = _HidePandas()
    sys.meta_path.insert(0, hide)
    try:
        import pandera.polars
        # At its first validation pandera looks for pandas once more and remembers the
        # answer: ask now, while pandas is hidden (only an optimisation if this moves).
        from pandera.backends import register_checks
        getattr(register_checks, "_load_get_backend_types_from_mro", lambda: None)()
    finally:
        sys.meta_path.remove(hide)
    return pandera.polars


pa = _import()
