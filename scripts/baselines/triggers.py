"""The event baseline: every trigger word of the training split with its most frequent event
type, found in the test texts (ignoring case, whole words, longest first). Arguments by one
rule: the nearest mention the gazetteer finds before the trigger, and the nearest after it,
in the same paragraph, take the role that training arguments on that side of a trigger of
that event type most often have. No test annotation is used, not even the gold mentions."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from sovereign_skies.schema.labels import ARGUMENT_ROLE, EVENT_TYPE

from ..score import Argument, Event, Gold, Mention
from .lexicon import Lexicon, majority

BEFORE, AFTER = "before", "after"


@dataclass(frozen=True)
class TriggerModel:
    lexicon: Lexicon
    roles: dict[tuple[str, str], str]  # (event type, side of the trigger) -> role
    fallback: dict[str, str]  # side -> the most frequent role on that side, all types


def learn(train: Gold) -> TriggerModel:
    lexicon = Lexicon.learn(((train.texts[e.article_id][e.trigger_start:e.trigger_end], e.type)
                             for e in train.events), EVENT_TYPE.names, ignore_case=True)
    sides: dict[tuple[str, str], list[str]] = {}
    for e in train.events:
        for a in e.arguments:
            side = BEFORE if a.end <= e.trigger_start else AFTER
            sides.setdefault((e.type, side), []).append(a.role)
    fallback = {side: majority([r for (_, s), roles in sides.items() if s == side
                                for r in roles], ARGUMENT_ROLE.names)
                for side in (BEFORE, AFTER) if any(s == side for _, s in sides)}
    return TriggerModel(lexicon, {key: majority(roles, ARGUMENT_ROLE.names)
                                  for key, roles in sorted(sides.items())}, fallback)


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


@dataclass(frozen=True)
class Fillers:
    """An article's candidate argument mentions, sorted by (start, end), with what the
    nearest-mention searches need: each trigger looks at its neighbours, not the article."""

    mentions: Sequence[Mention]
    starts: Sequence[int]
    longest: int

    @classmethod
    def of(cls, mentions: list[Mention]) -> Fillers:
        ordered = sorted(mentions, key=lambda m: (m.start, m.end))
        return cls(ordered, [m.start for m in ordered],
                   max((m.end - m.start for m in ordered), default=0))

    def nearest_before(self, low: int, start: int) -> Mention | None:
        """The mention in [low, start) that ends last (the first such in order on a tie)."""
        best: Mention | None = None
        for at in range(bisect_left(self.starts, start) - 1, -1, -1):
            mention = self.mentions[at]
            if mention.start < low or (best and mention.start + self.longest < best.end):
                break  # nothing earlier can end later than `best`
            if mention.end <= start and (best is None or mention.end >= best.end):
                best = mention
        return best

    def nearest_after(self, end: int, high: int) -> Mention | None:
        """The first mention starting at or after `end` that lies inside [end, high)."""
        for at in range(bisect_left(self.starts, end), len(self.mentions)):
            mention = self.mentions[at]
            if mention.start >= high:
                return None
            if mention.end <= high:
                return mention
        return None


def _arguments(model: TriggerModel, event_type: str, start: int, end: int, text: str,
               fillers: Fillers) -> tuple[Argument, ...]:
    low, high = _paragraph(text, start)
    before, after = fillers.nearest_before(low, start), fillers.nearest_after(end, high)
    chosen = [(BEFORE, before) if before else None, (AFTER, after) if after else None]
    arguments = []
    for side, mention in filter(None, chosen):
        role = model.roles.get((event_type, side), model.fallback.get(side))
        if role is not None:
            arguments.append(Argument(role, mention.start, mention.end))
    return tuple(sorted(arguments))


def predict(model: TriggerModel, texts: dict[str, str], mentions: Sequence[Mention]
            ) -> list[Event]:
    """Events in `texts`; `mentions` are the gazetteer's predictions, the argument fillers."""
    events = []
    by_article: dict[str, list[Mention]] = {}
    for mention in mentions:  # grouped once: a scan per article is quadratic in the corpus
        by_article.setdefault(mention.article_id, []).append(mention)
    for article_id in sorted(texts):
        text, fillers = texts[article_id], Fillers.of(by_article.get(article_id, []))
        for start, end, event_type in model.lexicon.find(text):
            events.append(Event(article_id, start, end, event_type,
                                _arguments(model, event_type, start, end, text, fillers)))
    return events
