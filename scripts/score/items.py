"""What the scorer compares: one record type per task, the same for the gold and for
predictions, so both sides go through the same matching code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Task(StrEnum):
    ner = "ner"
    events = "events"
    stance = "stance"


# The published config whose rows a task's predictions mirror (a model can emit that table).
TASK_CONFIG: dict[Task, str] = {Task.ner: "mentions", Task.events: "events",
                                Task.stance: "stances"}


@dataclass(frozen=True, order=True, slots=True)
class Mention:
    article_id: str
    start: int  # code-point offsets into the article's NFC text, end exclusive
    end: int
    type: str


@dataclass(frozen=True, order=True, slots=True)
class Argument:
    role: str
    start: int
    end: int


@dataclass(frozen=True, order=True, slots=True)
class Event:
    article_id: str
    trigger_start: int
    trigger_end: int
    type: str
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, order=True, slots=True)
class Stance:
    article_id: str
    holder_entity_id: str | None  # None: the article's own voice
    target: str
    label: str

    @property
    def key(self) -> tuple[str, str | None, str]:
        """The unit stance is scored on: who holds a stance on what, in which article."""
        return (self.article_id, self.holder_entity_id, self.target)


Item = Mention | Event | Stance
