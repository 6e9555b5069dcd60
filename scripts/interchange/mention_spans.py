"""Mentions read back from a tool that carries only a span and its entity (doccano,
INCEpTION): what the tool has no place for (the mention's id, kind and reviewed flag) is taken
from the article's current mention at the same span, so a round trip changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sovereign_skies.schema.labels import MENTION_KIND

from .document import Mention

# A span the tool added has no kind: a name is the common case, the guide's M1.
NEW_KIND = MENTION_KIND.require("NAME")
_NUMBERED = re.compile(r"m(\d+)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str


def _next_number(current: Iterable[Mention]) -> int:
    numbers = [int(m.group(1)) for c in current if (m := _NUMBERED.fullmatch(c.id))]
    return max(numbers, default=0) + 1


def _pick(candidates: list[Mention], entity: str) -> Mention | None:
    """The current mention a span keeps: the one linked to the same entity if any (so two
    mentions of one span stay apart), else the first; each is used once."""
    for candidate in candidates:
        if candidate.entity == entity:
            candidates.remove(candidate)
            return candidate
    return candidates.pop(0) if candidates else None


def mentions_from_spans(spans: Iterable[Span], current: list[Mention] | None) -> list[Mention]:
    """The tool's spans as mentions, in text order. A span matching a current mention keeps
    its id and kind, and its reviewed flag unless the link changed (a person relinked it in the
    tool, which is a review); a new span is a reviewed NAME mention with the next free id
    m<N>, numbered in text order so the same file always gives the same ids."""
    current = current or []
    pool: dict[tuple[int, int], list[Mention]] = {}
    for mention in current:
        pool.setdefault((mention.start, mention.end), []).append(mention)
    number = _next_number(current)
    mentions = []
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.entity)):
        old = _pick(pool.get((span.start, span.end), []), span.entity)
        if old is None:
            mentions.append(Mention(f"m{number}", span.start, span.end, span.entity, NEW_KIND))
            number += 1
        else:
            reviewed = old.reviewed or old.entity != span.entity
            mentions.append(Mention(old.id, span.start, span.end, span.entity, old.kind, reviewed))
    return mentions
