"""`skies show`: an article's text with its annotations marked inline, for reviewing them
as a reader sees them: `[Iraq]{iraq}` for a mention, `<rejected>{e1 REJECT ACTUAL}` for an
event trigger (`{e4 REJECT ACTUAL same_as e1}` for a linked one), `«…»{s1 AGAINST …}` for
stance evidence. Colours in a terminal, plain text when
piped (rich decides)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from .checks.run import read_sources
from .faults import UNLIMITED, Report
from .layout import Layout
from .resolve.text import article_text
from .tables import CheckTables

LAYERS = ("mentions", "events", "stances")
_BRACKETS = {"mentions": ("[", "]"), "events": ("<", ">"), "stances": ("«", "»")}
_STYLES = {"mentions": "bold cyan", "events": "bold magenta", "stances": "bold yellow"}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: str
    label: str


def _marks(tables: CheckTables, layers: tuple[str, ...]) -> list[Mark]:
    marks = []
    if "mentions" in layers:
        marks += [Mark(r["start"], r["end"], "mentions", r["entity_id"])
                  for r in tables["mentions"].iter_rows(named=True)]
    if "events" in layers:
        marks += [Mark(r["trigger_start"], r["trigger_end"], "events",
                       f"{r['event_id']} {r['type']} {r['realis']}"
                       + (f" same_as {r['same_as']}" if r.get("same_as") else ""))
                  for r in tables["events"].iter_rows(named=True)]
    if "stances" in layers:
        stances = {r["stance_id"]: r for r in tables["stances"].iter_rows(named=True)}
        for r in tables["stance_evidence"].iter_rows(named=True):
            stance = stances.get(r["stance_id"], {})
            marks.append(Mark(r["start"], r["end"], "stances",
                              f"{r['stance_id']} {stance.get('label')} {stance.get('target')}"))
    return marks


def render(text: str, marks: list[Mark]) -> Text:
    """The text with each mark's brackets and label inserted: at one offset, spans that end
    close first (innermost first), then spans that start open (outermost first)."""
    events: list[tuple[int, int, int, Mark]] = []
    for mark in marks:
        events.append((mark.start, 1, -(mark.end - mark.start), mark))
        events.append((mark.end, 0, mark.end - mark.start, mark))
    out, at = Text(), 0
    for offset, opening, _order, mark in sorted(events, key=lambda e: e[:3]):
        out.append(text[at:offset])
        at = offset
        left, right = _BRACKETS[mark.layer]
        piece = left if opening else f"{right}{{{mark.label}}}"
        out.append(piece, style=_STYLES[mark.layer])
    out.append(text[at:])
    return out


def show_article(layout: Layout, article_id: str, layers: tuple[str, ...] = LAYERS
                 ) -> tuple[Text, Report]:
    """The marked text, and the faults that kept any annotation out of it."""
    text = article_text(layout, article_id, refuse_faulty=True)
    report = Report(limit_per_code=UNLIMITED)
    sources = read_sources(layout, report, None, [layout.annotation_file(article_id)])
    return render(text, _marks(sources.tables, layers)), report
