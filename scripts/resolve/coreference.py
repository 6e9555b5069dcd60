"""Event coreference: the `same_as` links of the events table -> clusters.

A link names an earlier record of the same real-world event: `e3` in the event's own article,
`article-id/e3` in another article of its story. Each event has at most one link, so the links
form trees (once the checks have ruled out cycles), and each tree's root, the one record
without `same_as`, names its cluster: `article-id/event-id`. Naming the cluster after its
root keeps a cluster's id when a later report is linked to it.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

import polars as pl

from sovereign_skies.schema.columns import EVENT_REF_SEPARATOR

Ref = tuple[str, str]  # (article id, event id)

TO_ARTICLE, TO_EVENT = "_to_article", "_to_event"  # the event a link names, as columns


def event_ref(article_id: str, event_id: str) -> str:
    """The corpus-wide name of an event, as `same_as` and `cluster_id` write it."""
    return f"{article_id}{EVENT_REF_SEPARATOR}{event_id}"


def link_targets(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The events with a link, each with the article and event it names (its own article when
    the link names none)."""
    same_as = pl.col("same_as")
    parts = same_as.str.split(EVENT_REF_SEPARATOR)
    return (frame.filter(same_as.is_not_null())
            .with_columns(pl.when(same_as.str.contains(EVENT_REF_SEPARATOR, literal=True))
                          .then(parts.list.first()).otherwise(pl.col("article_id"))
                          .alias(TO_ARTICLE),
                          parts.list.last().alias(TO_EVENT)))


def links_of(events: pl.DataFrame | pl.LazyFrame) -> dict[Ref, Ref]:
    """Event -> the event its link names, for links to events that exist (a link to none is
    a fault of its own, R108, and joins nothing). A table without `same_as` has no links."""
    if "same_as" not in events.lazy().collect_schema():
        return {}
    known = events.lazy().select(pl.col("article_id").alias(TO_ARTICLE),
                                 pl.col("event_id").alias(TO_EVENT))
    rows = (link_targets(events.lazy()).join(known, on=[TO_ARTICLE, TO_EVENT], how="semi")
            .select("article_id", "event_id", TO_ARTICLE, TO_EVENT).collect().iter_rows())
    return {(a, e): (to_a, to_e) for a, e, to_a, to_e in rows}


def _walk(links: Mapping[Ref, Ref], start: Ref, known: Container[Ref]
          ) -> tuple[list[Ref], Ref]:
    """Follow the links from `start` until an event with no link, one in `known`, or one
    already on the way: (the events walked, where the walk stopped)."""
    path: list[Ref] = []
    on_path: set[Ref] = set()
    node = start
    while node in links and node not in known and node not in on_path:
        path.append(node)
        on_path.add(node)
        node = links[node]
    return path, node


def cycles(links: Mapping[Ref, Ref]) -> list[list[Ref]]:
    """The cycles of the links (an event that names itself is one of length 1), each in link
    order from its smallest event, in a fixed order."""
    done: set[Ref] = set()
    found = []
    for start in sorted(links):
        path, node = _walk(links, start, done)
        if node in path:  # the walk came back into itself
            cycle = path[path.index(node):]
            first = cycle.index(min(cycle))
            found.append(cycle[first:] + cycle[:first])
        done.update(path)
    return sorted(found)


def roots(links: Mapping[Ref, Ref]) -> dict[Ref, Ref]:
    """Every event a link starts or ends at -> the root of its tree. A cycle (a fault, R110)
    has no root: its smallest event stands for it, so even faulty links give one answer."""
    root: dict[Ref, Ref] = {}
    for start in sorted(links):
        path, node = _walk(links, start, root)
        if node in root:
            found = root[node]
        elif node in path:
            found = min(path[path.index(node):])
        else:
            found = root[node] = node  # no link of its own: the first record
        for member in path:
            root[member] = found
    return root


def cluster_ids(events: pl.DataFrame) -> pl.DataFrame:
    """`article_id`, `event_id` and `cluster_id` of every event: its root's name (its own
    when no link joins it)."""
    root = roots(links_of(events))
    ids = events.select(pl.col("article_id", "event_id").cast(pl.String))  # typed when empty
    named = pl.DataFrame([(a, e, event_ref(*r)) for (a, e), r in root.items()],
                         schema={"article_id": pl.String, "event_id": pl.String,
                                 "cluster_id": pl.String}, orient="row")
    return (ids.join(named, on=["article_id", "event_id"], how="left", maintain_order="left")
            .with_columns(pl.col("cluster_id").fill_null(
                pl.concat_str("article_id", pl.lit(EVENT_REF_SEPARATOR), "event_id"))))
