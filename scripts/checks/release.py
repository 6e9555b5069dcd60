"""Release checks: built files stale against a fresh build of the sources, card YAML (and its
Hub metadata, C101) different from the built files, configs that do not load with
`datasets.load_dataset`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from sovereign_skies.schema.columns import TABLES
from sovereign_skies.schema.features import features_for

from .. import lazy
from ..faults import Report, SourceLocation
from ..faults.codes import (
    CARD_MISMATCH,
    CONFIG_DOES_NOT_LOAD,
    LEFTOVER_TEMP_FILE,
    STALE_BUILD,
    UNSAFE_PATH,
)
from ..layout import Layout
from ..publish.card import committed_card_sections, expected_card_sections
from ..publish.release import Difference, Release, leftover_temp_files, unsafe_outputs
from .card_metadata import card_metadata_checks

EMITS = (STALE_BUILD, CARD_MISMATCH, CONFIG_DOES_NOT_LOAD, LEFTOVER_TEMP_FILE, UNSAFE_PATH)
# C101 (card_metadata_checks) is declared by checks/card_metadata.py.


def output_checks(release: Release, layout: Layout, report: Report) -> None:
    """S120 for an output path that is a link or special file (nothing is then written),
    B105 for temporary files an interrupted write left (the next build removes them), C101
    for a card header the Hub would refuse (the build then writes nothing)."""
    card = release.files.get(layout.card)
    if card is not None:
        card_metadata_checks(card.decode("utf-8"), layout.rel(layout.card), report,
                             _in_release(release, layout))
    for path, kind in unsafe_outputs(release, layout):
        report.add(UNSAFE_PATH, f"the output path is {kind}; the build writes nothing "
                   "through it", SourceLocation(layout.rel(path)))
    for path in leftover_temp_files(layout):
        report.add(LEFTOVER_TEMP_FILE, "an interrupted write left this temporary file",
                   SourceLocation(layout.rel(path)))


def stale_checks(stale: list[Difference], report: Report) -> None:
    """B101: every committed file that differs from a fresh build."""
    for difference in stale:
        report.add(STALE_BUILD, difference.reason, SourceLocation(difference.path))


def _in_release(release: Release, layout: Layout) -> Callable[[str], bool]:
    """Whether a name relative to dataset/ is a file once the release is written."""
    return lambda name: (layout.dataset / name) in release.files \
        or (layout.dataset / name).is_file()


def card_checks(layout: Layout, report: Report) -> None:
    """B103: the card's configs and dataset_info must be what the built Parquet files give;
    C101: its header holds only values the Hub allows."""
    shown = SourceLocation(layout.rel(layout.card))
    if layout.card.is_file():
        card_metadata_checks(layout.card.read_text(encoding="utf-8", errors="replace"),
                             shown.file, report, lambda name: (layout.dataset / name).is_file())
    try:
        found, expected = committed_card_sections(layout), expected_card_sections(layout)
    except Exception as exc:
        report.add(CARD_MISMATCH, f"cannot compare the card with the built files: {exc}", shown)
        return
    for name in sorted(expected.keys() | found.keys()):
        if expected.get(name) != found.get(name):
            keys = sorted(k for k in (expected.get(name, {}).keys() | found.get(name, {}).keys())
                          if expected.get(name, {}).get(k) != found.get(name, {}).get(k))
            report.add(CARD_MISMATCH, f"{name}: {', '.join(keys) or 'missing'} differ from the "
                       "data", shown)


def load_checks(layout: Layout, report: Report) -> None:
    """B104: every config loads offline with `datasets.load_dataset`, with its features."""
    datasets = lazy.datasets()
    shown = SourceLocation(layout.rel(layout.card))
    with tempfile.TemporaryDirectory(prefix="skies-load-") as cache:
        for config in TABLES:
            try:
                loaded = datasets.load_dataset(str(layout.dataset), config, cache_dir=cache)
                wrong = [s for s, d in loaded.items() if d.features != features_for(config)]
                if wrong:
                    report.add(CONFIG_DOES_NOT_LOAD, f"config {config!r} loads with other "
                               f"features in {', '.join(wrong)}", shown)
            except Exception as exc:
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                report.add(CONFIG_DOES_NOT_LOAD, f"config {config!r} does not load: {first}",
                           shown)
