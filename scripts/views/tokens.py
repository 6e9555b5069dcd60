"""The `tokens` view: one row per sentence, with its tokens and their offsets, IOB2 NER tags
of the outermost mentions, the mentions the tags cannot hold (nested ones), and the events
whose trigger is in the sentence with their arguments, all as token spans.

Which mentions the tags hold: mentions in order of start, longer first, each taken unless it
overlaps one already taken. So "Iraqi government" is tagged and "Iraqi" inside it is nested;
every mention is in exactly one of the two.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import polars as pl

from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    ENTITY_TYPE,
    EVENT_TYPE,
    NER_TAG,
    REALIS,
)
from sovereign_skies.schema.vocab import OUTSIDE, Vocabulary

from ..resolve.coreference import cluster_ids
from ..tables import SPLIT, CheckTables
from .segment import Segmented, segment

Row = dict[str, Any]


def _ids(vocab: Vocabulary) -> dict[str, int]:
    return {name: i for i, name in enumerate(vocab.names)}


_TAG, _TYPE, _EVENT, _REALIS, _ROLE = map(_ids, (NER_TAG, ENTITY_TYPE, EVENT_TYPE, REALIS,
                                                  ARGUMENT_ROLE))


class SpanOutsideTokens(RuntimeError):
    """A gold span whose ends are not token edges: a bug in segment(), never bad input."""


@dataclass(frozen=True)
class _Positions:
    """Token spans of one article: character offsets -> (sentence, first token, end token),
    token indices counted from the start of the sentence."""

    segmented: Segmented
    first_token: dict[int, int]  # start offset -> index of the token starting there
    last_token: dict[int, int]  # end offset -> index of the token ending there

    @classmethod
    def of(cls, segmented: Segmented) -> _Positions:
        return cls(segmented, {s: i for i, s in enumerate(segmented.starts)},
                   {e: i for i, e in enumerate(segmented.ends)})

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """The article-level token span [first, end) covering exactly [start, end)."""
        try:
            return self.first_token[start], self.last_token[end] + 1
        except KeyError:
            raise SpanOutsideTokens(f"span {start}-{end} does not fall on token edges") from None

    def sentence_of(self, token: int) -> int:
        return bisect_right(self.segmented.sentence_starts, token) - 1

    def local(self, start: int, end: int) -> tuple[int, int, int]:
        """(sentence, first, end) of the span, token indices within the sentence."""
        first, stop = self.tokens(start, end)
        sentence = self.sentence_of(first)
        offset = self.segmented.sentence_starts[sentence]
        return sentence, first - offset, stop - offset


def _tagged_and_nested(mentions: list[Row]) -> tuple[list[Row], list[Row]]:
    """Mentions in order of start (longer first): each is tagged unless it overlaps one
    tagged before it, then it is nested."""
    tagged, nested, reach = [], [], -1
    for mention in sorted(mentions, key=lambda m: (m["start"], -m["end"], m["order"])):
        if mention["start"] >= reach:
            tagged.append(mention)
            reach = mention["end"]
        else:
            nested.append(mention)
    return tagged, nested


def _article_rows(text: str, mentions: list[Row], events: list[Row],
                  arguments: dict[str, list[Row]]) -> Iterator[Row]:
    spans = [(m["start"], m["end"]) for m in mentions]
    spans += [(e["trigger_start"], e["trigger_end"]) for e in events]
    segmented = segment(text, spans)
    at = _Positions.of(segmented)
    tags = [_TAG[OUTSIDE]] * len(segmented.starts)
    tagged, nested = _tagged_and_nested(mentions)
    for mention in tagged:
        first, stop = at.tokens(mention["start"], mention["end"])
        tags[first] = _TAG[f"B-{mention['type']}"]
        tags[first + 1:stop] = [_TAG[f"I-{mention['type']}"]] * (stop - first - 1)
    by_id = {m["mention_id"]: m for m in mentions}
    bounds = [*segmented.sentence_starts, len(segmented.starts)]
    rows: list[Row] = [{
        "sentence_id": n,
        "tokens": [text[s:e] for s, e in zip(segmented.starts[a:b], segmented.ends[a:b],
                                              strict=True)],
        "token_starts": segmented.starts[a:b], "token_ends": segmented.ends[a:b],
        "ner_tags": tags[a:b], "nested_mentions": [], "events": [],
    } for n, (a, b) in enumerate(pairwise(bounds))]
    for mention in sorted(nested, key=lambda m: (m["start"], m["end"], m["order"])):
        sentence, first, stop = at.local(mention["start"], mention["end"])
        rows[sentence]["nested_mentions"].append({
            "mention_id": mention["mention_id"], "entity_id": mention["entity_id"],
            "type": _TYPE[mention["type"]], "token_start": first, "token_end": stop})
    for event in sorted(events, key=lambda e: (e["trigger_start"], e["trigger_end"],
                                               e["event_id"])):
        sentence, first, stop = at.local(event["trigger_start"], event["trigger_end"])
        items = []
        for argument in arguments.get(event["event_id"], []):
            mention = by_id[argument["mention_id"]]
            where, arg_first, arg_stop = at.local(mention["start"], mention["end"])
            items.append({"role": _ROLE[argument["role"]], "mention_id": mention["mention_id"],
                          "entity_id": mention["entity_id"], "sentence_id": where,
                          "token_start": arg_first, "token_end": arg_stop})
        rows[sentence]["events"].append({
            "event_id": event["event_id"], "type": _EVENT[event["type"]],
            "realis": _REALIS[event["realis"]], "cluster_id": event["cluster_id"],
            "trigger_token_start": first,
            "trigger_token_end": stop, "arguments": items})
    yield from rows


def _by_article(frame: pl.DataFrame) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row["article_id"], []).append(row)
    return out


def tokens_inputs(tables: CheckTables) -> CheckTables:
    """What the view reads, with every event's coreference cluster joined on: clusters are
    named over the whole corpus (as in the `events` config), so this runs before the
    articles are cut into chunks."""
    return CheckTables({
        "articles": tables["articles"].select("article_id", "text", SPLIT),
        "mentions": tables["mentions"].with_row_index("order")
        .join(tables["entities"].select("entity_id", "type"), on="entity_id", how="left"),
        "events": tables["events"].join(cluster_ids(tables["events"]),
                                        on=["article_id", "event_id"], how="left",
                                        maintain_order="left"),
        "event_arguments": tables["event_arguments"]})


def input_chunks(inputs: CheckTables, size: int) -> list[CheckTables]:
    """`inputs` cut into chunks of `size` articles in id order, each with its rows."""
    ids = inputs["articles"]["article_id"].sort()
    chunks = []
    for start in range(0, len(ids), size):
        wanted = ids.slice(start, size).implode()
        chunks.append(CheckTables({name: frame.filter(pl.col("article_id").is_in(wanted))
                                   for name, frame in inputs.frames.items()}))
    return chunks


def rows_of_inputs(inputs: CheckTables) -> Iterator[Row]:
    """The rows of the view for `inputs` (made by tokens_inputs), articles in id order."""
    mentions = _by_article(inputs["mentions"])
    events = _by_article(inputs["events"])
    arguments: dict[str, dict[str, list[Row]]] = {}  # article -> event -> its arguments
    for row in inputs["event_arguments"].iter_rows(named=True):  # in annotation order
        arguments.setdefault(row["article_id"], {}).setdefault(row["event_id"], []).append(row)
    for article in inputs["articles"].sort("article_id").iter_rows(named=True):
        article_id = article["article_id"]
        for row in _article_rows(article["text"], mentions.get(article_id, []),
                                 events.get(article_id, []), arguments.get(article_id, {})):
            yield {"article_id": article_id, **row, SPLIT: article[SPLIT]}


def tokens_rows(tables: CheckTables) -> Iterator[Row]:
    """Every sentence of every article as a row of the `tokens` config (plus `_split`),
    labels as ClassLabel integers; articles in id order, sentences in text order."""
    return rows_of_inputs(tokens_inputs(tables))
