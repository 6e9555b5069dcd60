"""The source files people write, as pydantic models: their structure (unknown, missing or
mistyped fields) is checked here. Label values are plain strings at this stage; pandera checks
them against the vocabularies once the sources are resolved into tables."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sovereign_skies.schema.columns import SPLITS

# Fields whose values are prose (quotes of the text, names, notes), not ids or labels.
PROSE_FIELDS = frozenset({"quote", "prefix", "suffix", "context", "name", "aliases", "note",
                          "title", "outlet", "outlet_note", "url_note", "rights", "why",
                          "text"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# In an anchor's `context`, the quote is marked like this: "visit to [[Iraq]] on Tuesday".
CONTEXT_OPEN, CONTEXT_CLOSE = "[[", "]]"


class Anchor(_Strict):
    """A W3C TextQuoteSelector-style anchor: the exact quote, disambiguated only if needed,
    by `occurrence` (the canonical form), a `prefix`/`suffix`, or a `context` written by a
    contributor (a piece of the text around the quote, the quote marked with [[ ]]), which
    `skies anchor` turns into the canonical form."""

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    prefix: str | None = None
    suffix: str | None = None
    context: str | None = None

    @model_validator(mode="after")
    def _one_marked_quote(self) -> Anchor:
        if self.context is None:
            return self
        if self.occurrence is not None or self.prefix is not None or self.suffix is not None:
            raise ValueError("a context replaces occurrence, prefix and suffix: keep one")
        if (self.context.count(CONTEXT_OPEN) != 1 or self.context.count(CONTEXT_CLOSE) != 1
                or self.context.index(CONTEXT_OPEN) > self.context.index(CONTEXT_CLOSE)):
            raise ValueError("a context marks its quote once, like this: 'visit to [[Iraq]] "
                             "on Tuesday'")
        if self.context_parts()[1] != self.quote:
            raise ValueError(f"the context marks {self.context_parts()[1]!r}, not the quote "
                             f"{self.quote!r}")
        return self

    def context_parts(self) -> tuple[str, str, str]:
        """(text before the quote, the marked quote, text after it) of the context."""
        assert self.context is not None
        before, rest = self.context.split(CONTEXT_OPEN, 1)
        marked, after = rest.split(CONTEXT_CLOSE, 1)
        return before, marked, after


class MentionSource(Anchor):
    id: str
    entity: str
    kind: str = "NAME"
    # False on a mention `skies suggest` proposed, until a person reviews it.
    reviewed: bool = True


class ArgumentSource(_Strict):
    role: str
    mention: str


class DateSource(_Strict):
    # YAML reads 2025 as int and 2025-06-13 as a date; 2025-06 stays a string.
    value: dt.date | int | str | None
    precision: str
    basis: str
    note: str | None = None


class PublishedSource(DateSource):
    note: str


class EventSource(_Strict):
    id: str
    type: str
    trigger: Anchor
    realis: str
    source: str | None
    date: DateSource
    arguments: list[ArgumentSource] = []
    # An earlier record of the same real-world event (`e3`, or `article-id/e3` in another
    # article of the story); None on an event's first record. Checked once resolved.
    same_as: str | None = None


class StanceSource(_Strict):
    id: str
    holder: str | None
    target: str
    label: str
    evidence: list[Anchor] = Field(min_length=1)


class CleaningStep(_Strict):
    op: Literal["drop_line", "remove_repeats", "strip_lines", "collapse_blank_lines",
                "trim", "normalize_newlines", "nfc"]
    text: str | None = None
    keep_first: bool = False
    why: str


class ArticleSource(_Strict):
    article_id: str
    seed_file: str
    raw_sha256: str
    story_id: str
    title: str | None
    outlet: str | None
    outlet_note: str
    url: str | None
    url_note: str
    published: PublishedSource
    rights: str
    language: str = "en"
    cleaning: list[CleaningStep] = []
    mentions: list[MentionSource] = []
    events: list[EventSource] = []
    stances: list[StanceSource] = []


class EntitySource(_Strict):
    id: str
    name: str
    type: str
    sector: str | None = None
    aliases: list[str] = []
    wikidata: str | None = None
    country: str | None = None
    note: str | None = None


class EntityRegistry(_Strict):
    entities: list[EntitySource]


class StorySource(_Strict):
    id: str
    split: Literal["train", "validation", "test"]
    note: str


# The split literal is spelt out for type checkers; it must be the schema's splits.
assert typing.get_args(StorySource.model_fields["split"].annotation) == SPLITS


class StoryRegistry(_Strict):
    stories: list[StorySource]
