"""Event coreference links (`same_as`, guide rule E13): each names an event that exists, of the
same type, neither of them GENERIC, in the same article or in another article of the same
story, and no links go round in a cycle.

Links within an article are checked with the article checks (so `skies check` sees them);
links to another article need that article, so they are checked with the whole corpus.
"""

from __future__ import annotations

import polars as pl

from sovereign_skies.schema.labels import REALIS

from ..faults import Report
from ..faults.codes import (
    GENERIC_EVENT_LINKED,
    LINK_ACROSS_STORIES,
    LINK_CYCLE,
    LINKED_TYPES_DIFFER,
    UNKNOWN_LINKED_EVENT,
)
from ..resolve.coreference import TO_ARTICLE, TO_EVENT, Ref, cycles, event_ref, link_targets
from ..resolve.coreference import links_of as resolved_links
from ..tables import CheckTables
from .emit import emit
from .locate import Locator

EMITS = (UNKNOWN_LINKED_EVENT, LINK_ACROSS_STORIES, LINK_CYCLE, LINKED_TYPES_DIFFER,
         GENERIC_EVENT_LINKED)

GENERIC = REALIS.require("GENERIC")
_LOCAL = pl.col(TO_ARTICLE) == pl.col("article_id")


def _links(tables: CheckTables, local: bool) -> pl.LazyFrame | None:
    events = tables["events"]
    if not {"same_as", "type", "realis"} <= set(events.columns):
        return None  # a missing column is the table check's fault (T107)
    return link_targets(events.lazy()).filter(_LOCAL if local else ~_LOCAL)


def _targets(tables: CheckTables, links: pl.LazyFrame, locate: Locator, report: Report,
             local: bool) -> None:
    """R108, M106 and M107 on the given links."""
    targets = tables["events"].lazy().select(
        pl.col("article_id").alias(TO_ARTICLE), pl.col("event_id").alias(TO_EVENT),
        _to_type=pl.col("type"), _to_realis=pl.col("realis"))
    where = "in this article" if local else "in the article it names"
    missing = links.join(targets, on=[TO_ARTICLE, TO_EVENT], how="anti")
    emit(report, UNKNOWN_LINKED_EVENT, missing, "events", locate,
         lambda r: f"same_as {r['same_as']!r}: no event {r[TO_EVENT]!r} {where}",
         column="same_as")
    found = links.join(targets, on=[TO_ARTICLE, TO_EVENT], how="inner")
    emit(report, LINKED_TYPES_DIFFER, found.filter(pl.col("type") != pl.col("_to_type")),
         "events", locate, lambda r: f"{r['event_id']} ({r['type']}) is linked to "
         f"{r['same_as']} ({r['_to_type']}): the records of one event share its type",
         column="same_as")
    generic = found.filter((pl.col("realis") == GENERIC) | (pl.col("_to_realis") == GENERIC))
    emit(report, GENERIC_EVENT_LINKED, generic, "events", locate,
         lambda r: f"{r['event_id']} ({r['realis']}) is linked to {r['same_as']} "
         f"({r['_to_realis']}): a GENERIC event is never the same as another", column="same_as")


def _cycles(tables: CheckTables, locate: Locator, report: Report, local: bool) -> None:
    """R110 on every event of a cycle: of the cycles within one article (local), or of those
    that go through another article."""
    links = resolved_links(tables["events"])
    found = [c for c in cycles(links) if all(a == c[0][0] for a, _ in c) == local]
    if not found:
        return
    cycle_of: dict[Ref, list[Ref]] = {event: cycle for cycle in found for event in cycle}
    members = pl.DataFrame([list(event) for event in cycle_of],
                           schema={"article_id": pl.String, "event_id": pl.String}, orient="row")
    rows = tables["events"].lazy().join(members.lazy(), on=["article_id", "event_id"],
                                        how="semi")

    def message(r: dict[str, object]) -> str:
        cycle = cycle_of[str(r["article_id"]), str(r["event_id"])]
        if len(cycle) == 1:
            return f"{r['event_id']} names itself in same_as"
        path = " -> ".join(event_ref(*e) for e in [*cycle, cycle[0]])
        return f"the same_as links go round in a cycle: {path}"

    emit(report, LINK_CYCLE, rows, "events", locate, message, column="same_as")


def coreference_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """The links within each article."""
    links = _links(tables, local=True)
    if links is None:
        return
    _targets(tables, links, locate, report, local=True)
    _cycles(tables, locate, report, local=True)


def cross_document_checks(tables: CheckTables, locate: Locator, report: Report) -> None:
    """The links to another article: it exists and is of the same story (R109)."""
    links = _links(tables, local=False)
    if links is None:
        return
    stories = tables["articles"].lazy().select("article_id", "story_id")
    with_stories = (links.join(stories, on="article_id", how="left")
                    .join(stories.select(pl.col("article_id").alias(TO_ARTICLE),
                                         pl.col("story_id").alias("_to_story")),
                          on=TO_ARTICLE, how="left"))
    no_article = with_stories.filter(pl.col("_to_story").is_null())
    emit(report, UNKNOWN_LINKED_EVENT, no_article, "events", locate,
         lambda r: f"same_as {r['same_as']!r}: there is no article {r[TO_ARTICLE]!r}",
         column="same_as")
    other_story = with_stories.filter(pl.col("_to_story").is_not_null()
                                      & (pl.col("_to_story") != pl.col("story_id")))
    emit(report, LINK_ACROSS_STORIES, other_story, "events", locate,
         lambda r: f"same_as {r['same_as']!r}: article {r[TO_ARTICLE]!r} is in story "
         f"{r['_to_story']!r}, this one in {r['story_id']!r}", column="same_as")
    same_story = with_stories.filter(pl.col("_to_story") == pl.col("story_id")).drop(
        "story_id", "_to_story")
    _targets(tables, same_story, locate, report, local=False)
    _cycles(tables, locate, report, local=False)
