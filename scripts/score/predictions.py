"""Records -> the items of a task, every field checked against the gold and the
vocabularies. Every bad record is reported at its place (all of them, not the first) and
nothing is scored while any is left: a score of half-read predictions would mislead.

Checked: required fields present and of their type (an integer is never a bool or a float),
article ids of the scored split, labels of the task's vocabulary (names; ClassLabel integers
too in Parquet), spans with 0 <= start < end <= the length of the text in code points, an
optional surface `text` equal to `text[start:end]` (catches UTF-8 or UTF-16 offsets),
holders of the entity registry, and no item predicted twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    ENTITY_TYPE,
    EVENT_TYPE,
    STANCE_LABEL,
    STANCE_TARGET,
)
from sovereign_skies.schema.vocab import Vocabulary

from .formats import Record, read_records
from .gold import Gold, ScoreError
from .items import Argument, Event, Item, Mention, Stance, Task

SHOWN_PROBLEMS = 20  # a file with every line wrong is told in 20 lines and a count


class _Fields:
    """One record's fields, read with checks; each problem is kept with the record's place."""

    def __init__(self, record: Record, values: dict[str, Any], gold: Gold, class_ids: bool,
                 problems: list[str], context: str = "") -> None:
        self.record, self.values, self.gold = record, values, gold
        self.class_ids, self.problems, self.context = class_ids, problems, context
        self.ok = True

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.record.where}: {self.context}{message}")
        self.ok = False

    def present(self, key: str) -> bool:
        if key not in self.values:
            self.problem(f"missing field {key!r}")
            return False
        return True

    def string(self, key: str, nullable: bool = False) -> str | None:
        if not self.present(key):
            return None
        value = self.values[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.problem(f"{key} must be a string{' or null' if nullable else ''}, not "
                         f"{value!r}")
            return None
        return value

    def integer(self, key: str) -> int | None:
        if not self.present(key):
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{key} must be an integer, not {value!r}")
            return None
        return value

    def label(self, key: str, vocab: Vocabulary) -> str | None:
        if not self.present(key):
            return None
        value = self.values[key]
        if isinstance(value, str) and value in vocab.names:
            return value
        if self.class_ids and isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value < len(vocab.names):
                return vocab.names[value]
            self.problem(f"{key} {value} is no ClassLabel of {vocab.key} (0 to "
                         f"{len(vocab.names) - 1})")
            return None
        self.problem(f"{key} {value!r} is not a label of {vocab.key}: one of "
                     f"{', '.join(vocab.names)}")
        return None

    def article(self) -> str | None:
        article_id = self.string("article_id")
        if article_id is None or article_id in self.gold.texts:
            return article_id
        elsewhere = self.gold.split_of.get(article_id)
        self.problem(f"article {article_id!r} is not in the {self.gold.split} split" + (
            f" (it is in {elsewhere})" if elsewhere else " nor anywhere in the release"))
        return None

    def span(self, article_id: str | None, start_key: str, end_key: str,
             text_key: str) -> tuple[int, int] | None:
        start, end = self.integer(start_key), self.integer(end_key)
        if start is None or end is None or article_id is None:
            return None
        text = self.gold.texts[article_id]
        if not 0 <= start < end:
            self.problem(f"{start_key} {start} and {end_key} {end} are no span (need 0 <= "
                         f"{start_key} < {end_key})")
            return None
        if end > len(text):
            self.problem(f"{end_key} {end} is past the end of {article_id}'s text "
                         f"({len(text)} code points)")
            return None
        surface = self.values.get(text_key)
        if surface is not None and surface != text[start:end]:
            self.problem(f"{text_key} {surface!r} is not the text at [{start}, {end}), which "
                         f"is {text[start:end]!r}: offsets are code points into the NFC text")
            return None
        return start, end

    def within(self, values: Any, context: str) -> _Fields | None:
        """The fields of a nested object (an event's argument)."""
        if not isinstance(values, dict):
            self.problem(f"{context}must be an object, not {values!r}")
            return None
        return _Fields(self.record, values, self.gold, self.class_ids, self.problems,
                       self.context + context)


def _mention(fields: _Fields) -> Mention | None:
    article_id = fields.article()
    span = fields.span(article_id, "start", "end", "text")
    mention_type = fields.label("type", ENTITY_TYPE)
    if not fields.ok or article_id is None or span is None or mention_type is None:
        return None
    return Mention(article_id, *span, mention_type)


def _arguments(fields: _Fields, article_id: str | None) -> tuple[Argument, ...] | None:
    if not fields.present("arguments"):
        return None
    values = fields.values["arguments"]
    if not isinstance(values, list):
        fields.problem(f"arguments must be a list, not {values!r}")
        return None
    arguments, seen = [], set()
    for number, value in enumerate(values):
        argument = fields.within(value, f"arguments[{number}]: ")
        if argument is None:
            continue
        role = argument.label("role", ARGUMENT_ROLE)
        span = argument.span(article_id, "start", "end", "text")
        if role is None or span is None:
            continue
        if (role, *span) in seen:
            argument.problem(f"the same argument ({role} at [{span[0]}, {span[1]})) twice")
        seen.add((role, *span))
        arguments.append(Argument(role, *span))
    return tuple(sorted(arguments))


def _event(fields: _Fields) -> Event | None:
    article_id = fields.article()
    if "event_id" in fields.values:
        fields.string("event_id", nullable=True)
    span = fields.span(article_id, "trigger_start", "trigger_end", "trigger_text")
    event_type = fields.label("type", EVENT_TYPE)
    arguments = _arguments(fields, article_id)
    if not fields.ok or article_id is None or span is None or event_type is None:
        return None
    return Event(article_id, *span, event_type, arguments or ())


def _stance(fields: _Fields) -> Stance | None:
    article_id = fields.article()
    holder = fields.string("holder_entity_id", nullable=True)
    if holder is not None and holder not in fields.gold.entity_ids:
        fields.problem(f"holder_entity_id {holder!r} is not an entity of the registry (null "
                       "for the article's own voice)")
    target = fields.label("target", STANCE_TARGET)
    label = fields.label("label", STANCE_LABEL)
    if not fields.ok or article_id is None or target is None or label is None:
        return None
    return Stance(article_id, holder, target, label)


_READERS: dict[Task, Callable[[_Fields], Item | None]] = {
    Task.ner: _mention, Task.events: _event, Task.stance: _stance}


def _identity(task: Task, item: Item, record: Record) -> tuple:
    """What may not be predicted twice: a mention (span and type), an event id or else the
    whole event, a stance's (article, holder, target)."""
    if isinstance(item, Stance):
        return item.key
    event_id = record.values.get("event_id") if task is Task.events else None
    return (item.article_id, "id", event_id) if event_id is not None else (item,)


def items_of(records: list[Record], task: Task, gold: Gold, class_ids: bool,
             problems: list[str]) -> list[Item]:
    """The records' items; problems are appended for every bad record."""
    read, items, first = _READERS[task], [], {}
    for record in records:
        item = read(_Fields(record, record.values, gold, class_ids, problems))
        if item is None:
            continue
        identity = _identity(task, item, record)
        if identity in first:
            problems.append(f"{record.where}: predicted twice: the same {task} item as "
                            f"{first[identity]}")
            continue
        first[identity] = record.where
        items.append(item)
    return items


def read_predictions(path: Path, task: Task, gold: Gold) -> list[Item]:
    """The predictions in `path` for `task`, checked; ScoreError lists every bad record."""
    found = read_records(path)
    problems = list(found.problems)
    items = items_of(found.records, task, gold, found.class_ids, problems)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"... and {len(problems) - SHOWN_PROBLEMS} more problem(s) in {path}")
        raise ScoreError(shown)
    return items
