"""The gold of one split, from the built release: the Parquet files a researcher downloads
(`read_gold`), or the tables a build has just made (`gold_from_tables`), so the scorer needs
neither the sources nor the toolkit's checks."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sovereign_skies.schema.columns import ENTITIES_SPLIT, SPLITS, column_of

from ..built import Built
from ..layout import parquet_in
from .items import Argument, Event, Mention, Stance, Task

_CONFIGS = ("articles", "mentions", "events", "stances", "entities")
EVIDENCE_JOINER = " … "  # between the evidence spans of one stance


class ScoreError(Exception):
    """Input the scorer cannot use; `problems` are the messages, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _labels(table: pa.Table, config: str, name: str, values: list) -> list[str | None]:
    """A ClassLabel column as label names (the release stores the integers)."""
    vocab = column_of(config, name).vocab
    assert vocab is not None
    integer = pa.types.is_integer(table.schema.field(name).type)
    return [vocab.names[v] if integer and v is not None else v for v in values]


def _column(table: pa.Table | None, name: str) -> list:
    return [] if table is None else table.column(name).to_pylist()


PARAGRAPH_UNIT = "paragraphs (non-blank lines)"


@dataclass(frozen=True)
class Paragraphs:
    """The bootstrap's resampling unit for spans: a paragraph, i.e. a non-blank line of an
    article's text. Items of one paragraph share a quote, a speaker, a topic: resampling
    paragraphs rather than items keeps that dependence in the intervals."""

    starts: dict[str, list[int]]  # article id -> offsets where its paragraphs start
    first: dict[str, int]  # article id -> index of its first paragraph among all

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Paragraphs:
        starts, first, count = {}, {}, 0
        for article_id in sorted(texts):
            offsets, at = [], 0
            for line in texts[article_id].split("\n"):
                if line.strip():
                    offsets.append(at)
                at += len(line) + 1
            starts[article_id], first[article_id] = offsets or [0], count
            count += len(starts[article_id])
        return cls(starts, first)

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.starts.values())

    def index(self, article_id: str, offset: int) -> int:
        """The paragraph holding `offset` (a blank line belongs to the paragraph before)."""
        within = max(bisect.bisect_right(self.starts[article_id], offset) - 1, 0)
        return self.first[article_id] + within


@dataclass(frozen=True)
class Gold:
    split: str
    texts: dict[str, str]  # article id -> text, for the articles of the split
    split_of: dict[str, str]  # every article of the release -> its split (for messages)
    entity_ids: frozenset[str]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    stances: tuple[Stance, ...]
    # Stance key -> its evidence spans' text, joined: the input of stance classification.
    evidence: dict[tuple[str, str | None, str], str] = field(default_factory=dict)

    def items(self, task: Task) -> tuple[Mention, ...] | tuple[Event, ...] | tuple[Stance, ...]:
        return {Task.ner: self.mentions, Task.events: self.events,
                Task.stance: self.stances}[task]

    @cached_property
    def paragraphs(self) -> Paragraphs:
        return Paragraphs.of(self.texts)

    def size(self) -> dict[str, int]:
        """How big the split is: every score is reported with these counts."""
        return {"articles": len(self.texts), "paragraphs": self.paragraphs.count,
                "mentions": len(self.mentions), "events": len(self.events),
                "arguments": sum(len(e.arguments) for e in self.events),
                "stances": len(self.stances)}


def _mentions(table: pa.Table | None) -> tuple[Mention, ...]:
    if table is None:
        return ()
    types = _labels(table, "mentions", "type", _column(table, "type"))
    return tuple(sorted(Mention(a, s, e, t) for a, s, e, t in zip(
        _column(table, "article_id"), _column(table, "start"), _column(table, "end"), types,
        strict=True)))


def _events(table: pa.Table | None) -> tuple[Event, ...]:
    if table is None:
        return ()
    types = _labels(table, "events", "type", _column(table, "type"))
    roles = column_of("events", "arguments").fields[0].vocab
    assert roles is not None
    integer_roles = pa.types.is_integer(
        table.schema.field("arguments").type.value_type.field("role").type)
    events = []
    for article_id, start, end, event_type, arguments in zip(
            _column(table, "article_id"), _column(table, "trigger_start"),
            _column(table, "trigger_end"), types, _column(table, "arguments"), strict=True):
        args = tuple(sorted(Argument(roles.names[a["role"]] if integer_roles else a["role"],
                                     a["start"], a["end"]) for a in arguments or ()))
        events.append(Event(article_id, start, end, event_type, args))
    return tuple(sorted(events))


def _stances(table: pa.Table | None) -> tuple[Stance, ...]:
    if table is None:
        return ()
    targets = _labels(table, "stances", "target", _column(table, "target"))
    labels = _labels(table, "stances", "label", _column(table, "label"))
    return tuple(sorted((Stance(a, h, t, lab) for a, h, t, lab in zip(
        _column(table, "article_id"), _column(table, "holder_entity_id"), targets, labels,
        strict=True)), key=lambda s: (s.article_id, s.holder_entity_id or "", s.target)))


def _evidence(table: pa.Table | None) -> dict[tuple[str, str | None, str], str]:
    if table is None:
        return {}
    targets = _labels(table, "stances", "target", _column(table, "target"))
    return {(a, h, t): EVIDENCE_JOINER.join(span["text"] for span in evidence or ())
            for a, h, t, evidence in zip(_column(table, "article_id"),
                                         _column(table, "holder_entity_id"), targets,
                                         _column(table, "evidence"), strict=True)}


def gold_from_tables(tables: Built, split: str) -> Gold:
    """The gold of `split` from a release's tables (configs without rows in a split have no
    file, hence no table: they count as empty)."""
    if split not in SPLITS:
        raise ScoreError([f"unknown split {split!r}: one of {', '.join(SPLITS)}"])
    if ("articles", split) not in tables:
        raise ScoreError([f"the release has no {split} split"])
    articles = tables["articles", split]
    texts = dict(zip(_column(articles, "article_id"), _column(articles, "text"), strict=True))
    split_of = {a: s for s in SPLITS if ("articles", s) in tables
                for a in _column(tables.read(("articles", s), ["article_id"]), "article_id")}
    return Gold(split, texts, split_of,
                frozenset(_column(tables.get(("entities", ENTITIES_SPLIT)), "entity_id")),
                _mentions(tables.get(("mentions", split))),
                _events(tables.get(("events", split))),
                _stances(tables.get(("stances", split))),
                _evidence(tables.get(("stances", split))))


def read_tables(dataset: Path) -> Built:
    """The tables the scorer and the baselines read, from a dataset folder (this repository's
    `dataset/`, or a download of the Hub repository)."""
    tables: dict[tuple[str, str], pa.Table] = {}
    for config in _CONFIGS:
        for each in (ENTITIES_SPLIT,) if config == "entities" else SPLITS:
            path = parquet_in(dataset / "data", config, each)
            if path.is_file():
                try:
                    tables[config, each] = pq.read_table(path)
                except Exception as exc:
                    raise ScoreError([f"{path}: cannot read the gold: {exc}"]) from None
    return Built(tables)


def read_gold(dataset: Path, split: str) -> Gold:
    """The gold of `split` from a dataset folder's built release."""
    if split not in SPLITS:
        raise ScoreError([f"unknown split {split!r}: one of {', '.join(SPLITS)}"])
    tables = read_tables(dataset)
    if ("articles", split) not in tables:
        raise ScoreError([f"{dataset}/data/articles/ has no {split} split: score against a "
                          "built release (run `skies build`, or pass --dataset)"])
    return gold_from_tables(tables, split)
