"""pandera's polars API, imported without pandas and hypothesis.

pandera imports pandas at its top level whenever pandas is installed (here it is: `datasets`
needs it), looks for it again at its first validation, and imports hypothesis for its data
strategies when its built-in checks are first used; the polars backend needs neither, and
together they cost most of a second of every command that checks tables. pandera supports
installs without either, so both are hidden from it while it is imported and while it
answers those questions. When pandas or hypothesis is already imported (a notebook, the test
suite) nothing is hidden and pandera imports as usual: the checks are the same either way.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

_HIDDEN = ("pandas", "hypothesis")


class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name.split(".")[0] in _HIDDEN:
            # The exact message pandera recognises as "not installed".
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _import() -> ModuleType:
    if "pandera.polars" in sys.modules or any(name in sys.modules for name in _HIDDEN):
        import pandera.polars
        return pandera.polars
    hide = _Hide()
    sys.meta_path.insert(0, hide)
    try:
        import pandera.backends.polars.builtin_checks  # imports the strategies, and hypothesis
        import pandera.polars
        from pandera.backends import register_checks
        # pandera asks once whether pandas is there and remembers: ask now, while hidden
        # (if this private helper moves in a later pandera, only the speed-up is lost).
        getattr(register_checks, "_load_get_backend_types_from_mro", lambda: None)()
    finally:
        sys.meta_path.remove(hide)
    return pandera.polars


pa = _import()
