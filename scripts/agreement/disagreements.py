"""Every item two annotation sets annotate differently, for adjudication: mentions in one set
only, links that differ, events in one set only, argument, realis, source and date
differences of matched events, coreference links between matched events in one set only,
stances in one set only, and labels and evidence that differ
on matched stances."""

from __future__ import annotations

from typing import Any

import polars as pl

from ..tables import CheckTables
from .coreference import linked_pairs
from .metrics import ARTICLE_VOICE, events_by_key, stances_by_key, typed_mentions

Item = dict[str, Any]


def _mention_items(a: CheckTables, b: CheckTables) -> list[Item]:
    out: list[Item] = []
    ma, mb = typed_mentions(a), typed_mentions(b)
    keys = ["article_id", "start", "end"]
    for side, this, other in (("a", ma, mb), ("b", mb, ma)):
        for r in this.join(other, on=keys, how="anti").sort(keys).iter_rows(named=True):
            out.append({"layer": "mention", "only_in": side, "article_id": r["article_id"],
                        "start": r["start"], "end": r["end"], "text": r["text"],
                        "entity_id": r["entity_id"], "kind": r["kind"]})
    for r in ma.join(mb, on=keys, suffix="_b").filter(
            (pl.col("entity_id") != pl.col("entity_id_b")) | (pl.col("kind") != pl.col("kind_b"))
    ).sort(keys).iter_rows(named=True):
        out.append({"layer": "link", "article_id": r["article_id"], "start": r["start"],
                    "end": r["end"], "text": r["text"], "a": [r["entity_id"], r["kind"]],
                    "b": [r["entity_id_b"], r["kind_b"]]})
    return out


def _event_items(a: CheckTables, b: CheckTables) -> list[Item]:
    out: list[Item] = []
    ea, eb = events_by_key(a), events_by_key(b)
    for side, this, other in (("a", ea, eb), ("b", eb, ea)):
        for key in sorted(set(this) - set(other)):
            out.append({"layer": "event", "only_in": side, "article_id": key[0],
                        "trigger": [key[1], key[2]], "type": key[3]})
    for key in sorted(set(ea) & set(eb)):
        where = {"article_id": key[0], "trigger": [key[1], key[2]], "type": key[3]}
        if ea[key]["arguments"] != eb[key]["arguments"]:
            out.append({"layer": "arguments", **where,
                        "only_a": sorted(ea[key]["arguments"] - eb[key]["arguments"]),
                        "only_b": sorted(eb[key]["arguments"] - ea[key]["arguments"])})
        for layer in ("realis", "source", "date"):
            if ea[key][layer] != eb[key][layer]:
                out.append({"layer": layer, **where, "a": ea[key][layer], "b": eb[key][layer]})
    return out


def _coreference_items(a: CheckTables, b: CheckTables) -> list[Item]:
    """Pairs of events both sets annotate that one set links (directly or through its
    cluster) and the other does not."""
    pairs_a, pairs_b = linked_pairs(a), linked_pairs(b)
    both = {key for pair in pairs_a | pairs_b for key in pair} & set(events_by_key(a)) & set(
        events_by_key(b))
    out: list[Item] = []
    for side, this, other in (("a", pairs_a, pairs_b), ("b", pairs_b, pairs_a)):
        for first, second in sorted(sorted(pair) for pair in this - other if pair <= both):
            out.append({"layer": "coreference", "only_in": side,
                        "events": [{"article_id": k[0], "trigger": [k[1], k[2]], "type": k[3]}
                                   for k in (first, second)]})
    return out


def _evidence(tables: CheckTables) -> dict[tuple[str, str, str], set[tuple[int, int]]]:
    """(article, holder, target) -> evidence spans."""
    if "stance_evidence" not in tables.frames:
        return {}
    holders = {(r["article_id"], r["stance_id"]): (r["holder_entity_id"] or ARTICLE_VOICE,
                                                   r["target"])
               for r in tables["stances"].iter_rows(named=True)}
    out: dict[tuple[str, str, str], set[tuple[int, int]]] = {}
    for article, stance, start, end in tables["stance_evidence"].select(
            "article_id", "stance_id", "start", "end").iter_rows():
        if (article, stance) in holders:
            out.setdefault((article, *holders[article, stance]), set()).add((start, end))
    return out


def _stance_items(a: CheckTables, b: CheckTables) -> list[Item]:
    out: list[Item] = []
    sa, sb = stances_by_key(a), stances_by_key(b)
    for side, this, other in (("a", sa, sb), ("b", sb, sa)):
        for key in sorted(set(this) - set(other)):
            out.append({"layer": "stance", "only_in": side, "article_id": key[0],
                        "holder": key[1], "target": key[2], "label": this[key]})
    matched = sorted(set(sa) & set(sb))
    for key in matched:
        if sa[key] != sb[key]:
            out.append({"layer": "stance_label", "article_id": key[0], "holder": key[1],
                        "target": key[2], "a": sa[key], "b": sb[key]})
    va, vb = _evidence(a), _evidence(b)
    for key in matched:
        spans_a, spans_b = va.get(key, set()), vb.get(key, set())
        if spans_a != spans_b:
            out.append({"layer": "stance_evidence", "article_id": key[0], "holder": key[1],
                        "target": key[2], "only_a": sorted(spans_a - spans_b),
                        "only_b": sorted(spans_b - spans_a)})
    return out


def disagreements(a: CheckTables, b: CheckTables) -> list[Item]:
    """The differing items, layer by layer, each sorted by its position."""
    return [*_mention_items(a, b), *_event_items(a, b), *_coreference_items(a, b),
            *_stance_items(a, b)]
