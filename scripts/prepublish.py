"""What must hold before `skies publish` uploads anything: the checks of `skies validate`
(the release included), of `skies build --check` and of `skies release --check` (a version
that does not understate the change), and a dataset/ folder without links or special files.
Each check is a named step of STEPS; a new one is one more entry there."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .build import prepare
from .faults import CODES
from .faults.render import fault_line
from .layout import Layout
from .publish.hub import unsafe_entries
from .publish.release import differences
from .validate import validate


def _validate(layout: Layout) -> list[str]:
    # Errors only: `skies validate` exits 0 on warnings, and so does a publish.
    report = validate(layout, built=True)
    return [fault_line(fault) for fault in report.errors] + [
        f"… and {count} more {code} ({CODES[code].name}) not listed"
        for code, count in sorted(report.suppressed.items())
        if CODES[code].severity == "error"]


def _build_check(layout: Layout) -> list[str]:
    release, _report = prepare(layout)
    if release is None:
        # Its faults are those of the sources, which the validate step lists already.
        return ["no release can be built from the sources (their faults are listed above)"]
    return [f"{difference.path}: {difference.reason}"
            for difference in differences(release, layout)]


def _release_check(layout: Layout) -> list[str]:
    from .publish.card_metadata import version
    from .publish.versions import check

    return check(layout, version()).problems


Step = Callable[[Layout], list[str]]

# (the command a maintainer runs to see the same faults, the check)
STEPS: tuple[tuple[str, Step], ...] = (
    ("skies validate", _validate),
    ("skies build --check", _build_check),
    ("skies release --check", _release_check),
    ("dataset files", unsafe_entries),
)


_OFFLINE_SWITCHES = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")


@contextmanager
def _offline_switches_kept() -> Iterator[None]:
    """The release checks switch huggingface_hub offline for the rest of the process
    (lazy.offline: loading must never reach the network); the upload that follows them
    needs the switch as the user set it."""
    import huggingface_hub

    environment = {name: os.environ.get(name) for name in _OFFLINE_SWITCHES}
    offline = huggingface_hub.constants.HF_HUB_OFFLINE
    try:
        yield
    finally:
        for name, value in environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        huggingface_hub.constants.HF_HUB_OFFLINE = offline


def prepublish_faults(layout: Layout) -> list[str]:
    """Every fault that forbids publishing, each prefixed by the step that found it (empty
    when the release may be published). huggingface_hub's offline switch is left as found."""
    with _offline_switches_kept():
        return [f"{name}: {fault}" for name, step in STEPS for fault in step(layout)]
