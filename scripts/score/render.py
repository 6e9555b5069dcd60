"""A score for people: the headline metrics with their intervals, then the per-label
tables, then the notes (how small the split is)."""

from __future__ import annotations

from .result import LabelRow, Score, rounded


def figure(value: float | None) -> str:
    # From the figure as stored (4 decimals), so text, JSON and the card never disagree.
    shown = rounded(value)
    return "-" if shown is None else f"{shown:.3f}"


def _table(title: str, rows: tuple[LabelRow, ...]) -> list[str]:
    partial = any(r.partial_f1 is not None for r in rows)
    width = max(len(title), *(len(r.label) for r in rows))
    header = (f"{title:<{width}}  {'gold':>5}  {'pred':>5}  {'P':>6}  {'R':>6}  {'F1':>6}"
              + (f"  {'partial F1':>10}" if partial else ""))
    lines = [header]
    for r in rows:
        lines.append(f"{r.label:<{width}}  {r.gold:>5}  {r.predicted:>5}  "
                     f"{figure(r.precision):>6}  {figure(r.recall):>6}  {figure(r.f1):>6}"
                     + (f"  {figure(r.partial_f1):>10}" if partial else ""))
    return lines


def score_text(result: Score) -> str:
    b = result.bootstrap
    lines = [f"{result.task} on the {result.split} split: 95% intervals from {b.samples} "
             f"bootstrap resamples of {b.units} {b.unit} (seed {b.seed})"]
    width = max(len(m.name) for m in result.metrics)
    for m in result.metrics:
        interval = "" if m.ci95 is None else f"  [{figure(m.ci95[0])}, {figure(m.ci95[1])}]"
        lines.append(f"  {m.name:<{width}}  {figure(m.value)}{interval}")
    for title, rows in result.tables.items():
        lines += ["", *_table(title, rows)]
    lines += ["", *(f"note: {note}" for note in result.notes)]
    return "\n".join(lines) + "\n"
