"""The card's plots as PNG bytes: label distribution per layer and split, articles and events
over time, agreement per layer.

The same data gives the same bytes: the Agg renderer at a fixed size and resolution, the
DejaVu Sans font that ships with matplotlib, the style reset to matplotlib's defaults (a
user's matplotlibrc changes nothing), and no `Software` entry in the PNG (it would carry the
version). The locked matplotlib pins the rest (its wheels bundle their own FreeType).

Each plot is drawn from a small hashable summary of the data (counts, not tables), and a
summary drawn once in a process is not drawn again: a PNG costs a few tenths of a second,
and the tests and `skies validate` build the same release several times.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

import polars as pl

from sovereign_skies.schema.columns import SPLITS
from sovereign_skies.schema.labels import DATE_PRECISION, YEAR

from .. import lazy
from .card_figures import Coverage, Frames

FONT = "DejaVu Sans"
DPI = 100
SPLIT_COLOURS = dict(zip(SPLITS, ("#4c72b0", "#dd8452", "#55a868"), strict=False))
PRECISION_COLOURS = {"DAY": "#4c72b0", "MONTH": "#8fb0d8"}
# Dates known to the day or the month are placed in their month; a year alone cannot be.
PLACED = tuple(p for p in DATE_PRECISION.names if p in PRECISION_COLOURS)
STYLE = {"font.family": FONT, "font.size": 9, "axes.spines.top": False,
         "axes.spines.right": False}
CACHED = 8  # summaries kept per plot


def _integer_ticks(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _png(draw: Callable[[Any], None], size: tuple[float, float]) -> bytes:
    import matplotlib

    figure_class, canvas_class = lazy.plotting()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        # Fixed margins, no layout engine: a constrained layout draws the figure twice.
        figure = figure_class(figsize=size, dpi=DPI)
        canvas_class(figure)
        draw(figure)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


# (layer title, ((label, rows per split), ...)) per layer.
LabelCounts = tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...]


def label_distribution(coverage: list[Coverage]) -> bytes:
    """One panel per layer: each label's rows in each split, as grouped horizontal bars."""
    return _label_png(tuple((c.layer.title, tuple((label, tuple(n[s] for s in SPLITS))
                                                  for label, n in c.counts.items()))
                            for c in coverage))


@lru_cache(maxsize=CACHED)
def _label_png(layers: LabelCounts) -> bytes:
    rows = (len(layers) + 1) // 2
    heights = [max(len(labels) for _t, labels in layers[i * 2:i * 2 + 2]) for i in range(rows)]
    height = 0.24 * sum(heights) + 1.2 * rows  # inches: a bar group per label, room per row

    def draw(figure: Any) -> None:
        # The right column's labels (stance targets) are the longest: a wide gap before it.
        grid = figure.add_gridspec(rows, 2, height_ratios=heights, left=0.17, right=0.98,
                                   top=1 - 0.35 / height, bottom=0.45 / height, wspace=1.0,
                                   hspace=0.9 / (height / rows))
        width = 0.8 / len(SPLITS)
        for i, (title, labels) in enumerate(layers):
            axes = figure.add_subplot(grid[i // 2, i % 2])
            for k, split in enumerate(SPLITS):
                axes.barh([y + (k - 1) * width for y in range(len(labels))],
                          [counts[k] for _label, counts in labels], height=width,
                          color=SPLIT_COLOURS[split], label=split)
            axes.set_yticks(range(len(labels)), [label for label, _counts in labels])
            axes.invert_yaxis()
            axes.set_title(title, loc="left", fontweight="bold")
            axes.set_xlabel("rows")
            _integer_ticks(axes.xaxis)
            if i == 0:
                axes.legend(loc="lower right", frameon=False)

    return _png(draw, (11, height))


def _months(first: date, last: date) -> list[date]:
    out, current = [], date(first.year, first.month, 1)
    while current <= last:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def _placed(rows: pl.DataFrame, date_col: str, precision_col: str) -> pl.DataFrame:
    """Rows dated to the day or month: their month and precision."""
    if rows.is_empty():
        return pl.DataFrame(schema={"month": pl.Date, "precision": pl.String})
    return rows.filter(pl.col(precision_col).is_in(PLACED)).select(
        month=pl.col(date_col).dt.truncate("1mo"), precision=pl.col(precision_col))


# (title, rows per month for each placed precision, placed, year only, undated, total)
Panel = tuple[str, tuple[tuple[int, ...], ...], int, int, int, int]


def timeline(f: Frames) -> bytes:
    """Articles (by publication date) and events (by event date) per month, stacked by the
    precision of the date; dates known only to the year, and undated rows, are counted in each
    panel's title and not placed."""
    sources = (("Articles", f.articles, "published_date", "published_precision"),
               ("Events", f.events, "date", "date_precision"))
    placed = [_placed(rows, d, p) for _title, rows, d, p in sources]
    known = [m for frame in placed for m in frame["month"]]
    months = _months(min(known), max(known)) if known else []
    panels = []
    for frame, (title, rows, _d, precision) in zip(placed, sources, strict=True):
        by_month = {(m, p): n for m, p, n in frame.group_by("month", "precision").len()
                    .iter_rows()}
        year_only = rows.filter(pl.col(precision) == YEAR).height if rows.height else 0
        panels.append((title, tuple(tuple(by_month.get((m, p), 0) for m in months)
                                    for p in PLACED), frame.height, year_only,
                       rows.height - frame.height - year_only, rows.height))
    return _timeline_png(tuple(m.strftime("%Y-%m") for m in months), tuple(panels))


@lru_cache(maxsize=CACHED)
def _timeline_png(months: tuple[str, ...], panels: tuple[Panel, ...]) -> bytes:
    def draw(figure: Any) -> None:
        axes_list = figure.subplots(len(panels), 1, sharex=True, gridspec_kw=dict(
            left=0.06, right=0.98, top=0.94, bottom=0.14, hspace=0.25))
        for axes, (title, stacks, placed, year_only, undated, total) in zip(
                axes_list, panels, strict=True):
            bottom = [0] * len(months)
            for precision, values in zip(PLACED, stacks, strict=True):
                axes.bar(range(len(months)), values, bottom=bottom,
                         color=PRECISION_COLOURS[precision],
                         label=f"dated to the {precision.lower()}")
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            axes.set_title(f"{title}: {placed} of {total} placed by month; {year_only} known "
                           f"to the year only, {undated} undated", loc="left",
                           fontweight="bold")
            axes.set_ylabel("rows")
            _integer_ticks(axes.yaxis)
            axes.legend(loc="upper left", frameon=False)
        axes_list[-1].set_xticks(range(len(months)), months, rotation=90)

    return _png(draw, (11, 6))


# (layer, measure, path into agreement.json): the headline figures of each layer.
AGREEMENT_MEASURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("mentions", "span F1, exact", ("mentions", "exact", "f1")),
    ("mentions", "span F1, overlap", ("mentions", "overlap", "f1")),
    ("mentions", "span + type F1, exact", ("mentions", "typed_exact", "f1")),
    ("mentions", "entity-link accuracy", ("mentions", "entity_link_accuracy", "accuracy")),
    ("events", "type + trigger F1", ("events", "trigger_type", "f1")),
    ("events", "argument tuple F1", ("events", "argument_tuples", "f1")),
    ("events", "type + trigger + all arguments F1", ("events", "trigger_type_arguments", "f1")),
    ("events", "realis κ", ("events", "realis", "cohen_kappa")),
    ("events", "date agreement", ("events", "date", "observed")),
    ("events", "coreference MUC F1", ("events", "coreference", "muc", "f1")),
    ("events", "coreference B³ F1", ("events", "coreference", "b_cubed", "f1")),
    ("stances", "holder + target F1", ("stances", "holder_target", "f1")),
    ("stances", "label κ", ("stances", "label", "cohen_kappa")),
)
LAYER_COLOURS = {"mentions": "#4c72b0", "events": "#dd8452", "stances": "#55a868"}


def _value(figures: Mapping[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = figures
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, int | float) else None


def agreement(figures: Mapping[str, Any]) -> bytes:
    """The headline agreement of each layer before adjudication, one bar per measure (the
    measures agreement.json does not hold are left out)."""
    return _agreement_png(tuple((layer, measure, float(v))
                                for layer, measure, path in AGREEMENT_MEASURES
                                if (v := _value(figures, path)) is not None))


@lru_cache(maxsize=CACHED)
def _agreement_png(shown: tuple[tuple[str, str, float], ...]) -> bytes:
    height = 0.35 * len(shown) + 1.2  # inches

    def draw(figure: Any) -> None:
        axes = figure.subplots(gridspec_kw=dict(left=0.36, right=0.97, top=1 - 0.4 / height,
                                                bottom=0.55 / height))
        axes.barh(range(len(shown)), [v for _l, _m, v in shown],
                  color=[LAYER_COLOURS[layer] for layer, _m, _v in shown])
        axes.set_yticks(range(len(shown)), [f"{layer}: {m}" for layer, m, _v in shown])
        axes.invert_yaxis()
        axes.set_xlim(0, 1.1)
        axes.set_xlabel("agreement of pass A and pass B (1 = identical)")
        for y, (_l, _m, v) in enumerate(shown):
            axes.text(v + 0.01, y, f"{v:.3f}", va="center")
        axes.set_title("Agreement before adjudication", loc="left", fontweight="bold")

    return _png(draw, (9, height))


def clear_cache() -> None:
    """Forget the PNGs drawn so far: the next call draws again (to test that it is the same)."""
    for render in (_label_png, _timeline_png, _agreement_png):
        render.cache_clear()


LABELS_PLOT, TIMELINE_PLOT, AGREEMENT_PLOT = "labels-per-split.png", "timeline.png", "agreement.png"
PLOT_NAMES = (LABELS_PLOT, TIMELINE_PLOT, AGREEMENT_PLOT)


def plots(f: Frames, coverage: list[Coverage], figures: Mapping[str, Any] | None
          ) -> dict[str, bytes]:
    """The plots of a release by file name, in the order the card shows them; the agreement
    plot only when the two passes were measured."""
    out = {LABELS_PLOT: label_distribution(coverage), TIMELINE_PLOT: timeline(f)}
    if figures is not None:
        out[AGREEMENT_PLOT] = agreement(figures)
    return out
