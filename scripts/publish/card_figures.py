"""Every figure the card states, computed from the released tables (as readers load them):
sizes, label coverage per split, outlets, stance holders, the weight of each story, dates,
nested mentions. Nothing here is typed by hand, so the card's prose cannot drift from the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from sovereign_skies.schema.columns import SPLITS, TABLES, Column, Dtype
from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    DATE_PARTS,
    DATE_PRECISION,
    ENTITY_TYPE,
    EVENT_TYPE,
    MENTION_KIND,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from sovereign_skies.schema.vocab import Vocabulary

from ..built import Built

SPLIT = "split"  # the column naming each row's split in the frames below
UNDATED = DATE_PRECISION.require("UNKNOWN")
# An ISO date cut to its known parts: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_CHARS = {precision: (4, 7, 10)[parts - 1] for precision, parts in DATE_PARTS.items()}


def _decoded(columns: tuple[Column, ...], frame: pl.DataFrame) -> pl.DataFrame:
    """ClassLabel integers replaced by their names (top-level columns only)."""
    return frame.with_columns(
        pl.col(c.name).replace_strict(list(range(len(c.vocab.names))), c.vocab.names,
                                      return_dtype=pl.String)
        for c in columns if c.dtype is Dtype.CLASS and c.vocab is not None
        and c.name in frame.columns)


def frame(tables: Built, config: str) -> pl.DataFrame:
    """Every split of `config` in one frame with a `split` column, labels as names; empty
    (with no columns) when the release has no rows of it."""
    parts = [pl.from_arrow(tables[c, split]).with_columns(pl.lit(split).alias(SPLIT))
             for c, split in sorted(tables) if c == config]
    if not parts:
        return pl.DataFrame()
    return _decoded(TABLES[config][0], pl.concat(parts, how="vertical"))


def _token_counts(tables: Built) -> pl.DataFrame:
    """Per sentence of the `tokens` config: its split and its numbers of tokens and of nested
    mentions, all the figures need of the release's largest column (read a batch at a
    time); empty when the config is not released."""
    columns = ["tokens", "nested_mentions"]
    parts = [pl.from_arrow(batch).select(pl.lit(split).alias(SPLIT),
                                         *(pl.col(c).list.len() for c in columns))
             for config, split in sorted(tables) if config == "tokens"
             for batch in tables.batches((config, split), columns)]
    return pl.concat(parts, how="vertical") if parts else pl.DataFrame()


def _children(parent: pl.DataFrame, column: str, fields: tuple[Column, ...]) -> pl.DataFrame:
    """The rows of a nested list column, each with its parent's `split`, labels as names."""
    if parent.is_empty():
        return pl.DataFrame()
    rows = parent.select(SPLIT, column).explode(column).drop_nulls(column).unnest(column)
    return _decoded(fields, rows)


def _fields_of(config: str, column: str) -> tuple[Column, ...]:
    return next(c.fields for c in TABLES[config][0] if c.name == column)


@dataclass(frozen=True)
class Layer:
    """One annotated layer's label column: what `label_coverage` counts per split."""

    title: str
    vocab: Vocabulary
    rows: str  # the frame of `Frames` the column is in
    column: str


LAYERS: tuple[Layer, ...] = (
    Layer("Entity type of mentions", ENTITY_TYPE, "mentions", "type"),
    Layer("Mention kind", MENTION_KIND, "mentions", "kind"),
    Layer("Event type", EVENT_TYPE, "events", "type"),
    Layer("Event realis", REALIS, "events", "realis"),
    Layer("Argument role", ARGUMENT_ROLE, "arguments", "role"),
    Layer("Stance target", STANCE_TARGET, "stances", "target"),
    Layer("Stance label", STANCE_LABEL, "stances", "label"),
)


@dataclass(frozen=True)
class Frames:
    """The released tables the figures are computed from, one frame per kind of row."""

    articles: pl.DataFrame
    entities: pl.DataFrame
    mentions: pl.DataFrame
    events: pl.DataFrame
    arguments: pl.DataFrame
    stances: pl.DataFrame
    evidence: pl.DataFrame
    # Per sentence of the `tokens` config (empty when it is not released): its split and its
    # numbers of `tokens` and `nested_mentions`.
    tokens: pl.DataFrame

    @classmethod
    def of(cls, tables: Built) -> Frames:
        events, stances = frame(tables, "events"), frame(tables, "stances")
        return cls(
            articles=frame(tables, "articles"), entities=frame(tables, "entities"),
            mentions=frame(tables, "mentions"), events=events,
            arguments=_children(events, "arguments", _fields_of("events", "arguments")),
            stances=stances,
            evidence=_children(stances, "evidence", _fields_of("stances", "evidence")),
            tokens=_token_counts(tables))

    def rows(self, name: str) -> pl.DataFrame:
        return getattr(self, name)


def per_split(rows: pl.DataFrame) -> dict[str, int]:
    counts = dict(rows[SPLIT].value_counts().iter_rows()) if not rows.is_empty() else {}
    return {split: counts.get(split, 0) for split in SPLITS}


@dataclass(frozen=True)
class Size:
    """The corpus at a glance: totals and rows per split."""

    articles: dict[str, int]
    stories: int
    words: dict[str, int]  # tokens of the `tokens` config, or whitespace-separated words
    words_are_tokens: bool
    mentions: dict[str, int]
    entities: int  # registry entries
    entities_mentioned: int
    events: dict[str, int]
    arguments: dict[str, int]
    stances: dict[str, int]
    evidence: dict[str, int]
    test_articles: list[str]

    @property
    def totals(self) -> dict[str, int]:
        """Rows of each layer over all splits."""
        return {name: sum(getattr(self, name).values()) for name in
                ("articles", "words", "mentions", "events", "arguments", "stances", "evidence")}


def _word_counts(f: Frames) -> tuple[dict[str, int], bool]:
    if not f.tokens.is_empty():
        return {s: int(f.tokens.filter(pl.col(SPLIT) == s)["tokens"].sum())
                for s in SPLITS}, True
    # No token view: a simple count, the whitespace-separated words of each text.
    words = f.articles.select(SPLIT, n=_words(pl.col("text")))
    return {s: int(words.filter(pl.col(SPLIT) == s)["n"].sum()) for s in SPLITS}, False


def _words(text: pl.Expr) -> pl.Expr:
    # Counted, not extracted: a list of every word of every text is hundreds of MB at scale.
    return text.str.count_matches(r"\S+")


def size(f: Frames) -> Size:
    words, are_tokens = _word_counts(f)
    return Size(
        articles=per_split(f.articles), stories=f.articles["story_id"].n_unique(),
        words=words, words_are_tokens=are_tokens, mentions=per_split(f.mentions),
        entities=f.entities.height, entities_mentioned=f.mentions["entity_id"].n_unique(),
        events=per_split(f.events), arguments=per_split(f.arguments),
        stances=per_split(f.stances), evidence=per_split(f.evidence),
        test_articles=sorted(f.articles.filter(pl.col(SPLIT) == "test")["article_id"]))


@dataclass(frozen=True)
class Coverage:
    """How often each label of one layer occurs in each split."""

    layer: Layer
    counts: dict[str, dict[str, int]]  # label -> split -> rows

    @property
    def absent_from_train(self) -> list[str]:
        return [label for label, n in self.counts.items() if n["train"] == 0]

    @property
    def totals(self) -> dict[str, int]:
        return {label: sum(n.values()) for label, n in self.counts.items()}

    @property
    def most_common(self) -> tuple[str, float] | None:
        """The most frequent label (the first in vocabulary order on a tie) and its share."""
        totals = self.totals
        rows = sum(totals.values())
        if not rows:
            return None
        label = max(totals, key=lambda name: totals[name])
        return label, totals[label] / rows


def label_coverage(f: Frames) -> list[Coverage]:
    out = []
    for layer in LAYERS:
        rows = f.rows(layer.rows)
        found: dict[tuple[str, str], int] = {}
        if not rows.is_empty():
            found = {(label, split): n for label, split, n in
                     rows.group_by(layer.column, SPLIT).len().iter_rows()}
        out.append(Coverage(layer, {label: {s: found.get((label, s), 0) for s in SPLITS}
                                    for label in layer.vocab.names}))
    return out


@dataclass(frozen=True)
class Outlet:
    name: str
    articles: int
    known_by: list[str]  # the articles' outlet notes: how the outlet is known
    registry_note: str | None  # the note of the registry entity of that name, if any


def outlets(f: Frames) -> list[Outlet]:
    """The outlets the data records (articles whose text names none are left out)."""
    named = f.articles.drop_nulls("outlet") if not f.articles.is_empty() else f.articles
    notes = _registry_notes_by_name(f.entities)
    return [Outlet(name, rows.height, sorted(set(rows["outlet_note"])), _outlet_note(name, notes))
            for (name,), rows in sorted(named.group_by("outlet"), key=lambda g: str(g[0][0]))]


def _registry_notes_by_name(entities: pl.DataFrame) -> dict[str, str | None]:
    notes: dict[str, str | None] = {}
    for name, aliases, note in entities.select("name", "aliases", "note").iter_rows():
        for form in (name, *(aliases or [])):
            notes.setdefault(form.casefold(), note)
    return notes


def _outlet_note(outlet: str, notes: Mapping[str, str | None]) -> str | None:
    """The registry's note on the outlet: its name as printed, or the name before a
    parenthesised abbreviation ("Total News Agency (TNA)")."""
    for form in (outlet, outlet.split(" (")[0]):
        if form.casefold() in notes:
            return notes[form.casefold()]
    return None


@dataclass(frozen=True)
class Holder:
    entity_id: str | None  # None: the article's own voice
    name: str
    type: str | None
    sector: str | None
    note: str | None
    labels: dict[str, int]  # stance label -> stances

    @property
    def stances(self) -> int:
        return sum(self.labels.values())


def holders(f: Frames) -> list[Holder]:
    """Every stance holder with its registry type, sector and note, most stances first."""
    registry = {row["entity_id"]: row for row in f.entities.iter_rows(named=True)}
    out = []
    for (holder,), rows in f.stances.group_by("holder_entity_id"):
        entity = registry.get(holder, {})
        labels = dict(rows["label"].value_counts().iter_rows())
        out.append(Holder(holder, entity.get("name", "(the article's own voice)"),
                          entity.get("type"), entity.get("sector"), entity.get("note"),
                          {label: labels.get(label, 0) for label in STANCE_LABEL.names}))
    return sorted(out, key=lambda h: (-h.stances, h.name))


def holders_by_kind(found: list[Holder]) -> list[tuple[str, str, int, int]]:
    """(type, sector, holders, stances), by stances: the registry's grouping of holders."""
    kinds: dict[tuple[str, str], list[int]] = {}
    for h in found:
        key = (h.type or "–", h.sector or "–")
        kinds.setdefault(key, [0, 0])
        kinds[key][0] += 1
        kinds[key][1] += h.stances
    return sorted(((t, s, n, k) for (t, s), (n, k) in kinds.items()),
                  key=lambda x: (-x[3], x[0], x[1]))


@dataclass(frozen=True)
class Country:
    """A state of the registry (or None: entities of no one state, or not known) and how
    much of each layer involves it."""

    country_id: str | None
    name: str
    entities: int  # registry entities mentioned in the corpus
    mentions: int
    sources: int  # events claimed by one of its entities
    holders: int  # stances held by one of its entities


def countries(f: Frames) -> list[Country]:
    """Mentions, event sources and stance holders by their entity's `country_entity_id`
    (guide rule R1), the most mentioned first; the article's own voice is in no row."""
    registry = f.entities.select("entity_id", country="country_entity_id")
    names = dict(f.entities.select("entity_id", "name").iter_rows())

    def by_country(rows: pl.DataFrame, column: str) -> dict[str | None, int]:
        joined = rows.drop_nulls(column).join(registry, left_on=column, right_on="entity_id")
        return dict(joined["country"].value_counts().iter_rows())

    mentioned = registry.join(f.mentions.select("entity_id").unique(), on="entity_id")
    entities = dict(mentioned["country"].value_counts().iter_rows())
    mentions = by_country(f.mentions, "entity_id")
    sources = by_country(f.events, "source_entity_id")
    holders = by_country(f.stances, "holder_entity_id")
    out = [Country(c, names.get(c, c) if c else "(no one state, or not known)",
                   entities.get(c, 0), mentions.get(c, 0), sources.get(c, 0), holders.get(c, 0))
           for c in set(entities) | set(sources) | set(holders)]
    return sorted(out, key=lambda c: (c.country_id is None, -c.mentions, c.name))


@dataclass(frozen=True)
class Story:
    story_id: str
    articles: int
    shares: dict[str, float]  # layer -> share of the corpus's rows


def stories(f: Frames) -> list[Story]:
    """Each story's share of the articles, words, mentions, events and stances, the largest
    first (one grouping per layer: a corpus of many stories costs no more than one)."""
    if f.articles.is_empty():
        return []
    story_of = f.articles.select("article_id", "story_id")
    layers = {"articles": f.articles.select("article_id"),
              "words": f.articles.select("article_id", n=_words(pl.col("text"))),
              "mentions": f.mentions, "events": f.events, "stances": f.stances}
    shares: dict[str, dict[str, float]] = {}
    for name, rows in layers.items():
        if rows.is_empty():
            continue
        weight = pl.col("n") if "n" in rows.columns else pl.lit(1)
        per_story = (rows.select("article_id", w=weight).join(story_of, on="article_id")
                     .group_by("story_id").agg(pl.col("w").sum()))
        total = per_story["w"].sum()
        for story, w in per_story.iter_rows():
            shares.setdefault(story, {})[name] = w / total if total else 0.0
    articles = dict(story_of.group_by("story_id").len().iter_rows())
    out = [Story(story, articles[story], {name: shares.get(story, {}).get(name, 0.0)
                                          for name in layers}) for story in articles]
    return sorted(out, key=lambda s: (-s.shares["articles"], -s.shares["mentions"], s.story_id))


@dataclass(frozen=True)
class Dated:
    """How many rows carry a date of each precision, and the earliest and latest known date,
    each written to its precision (`2024` for a year, `2025-06` for a month)."""

    by_precision: dict[str, int]
    first: str | None
    last: str | None

    @property
    def undated(self) -> int:
        return self.by_precision[UNDATED]

    @property
    def total(self) -> int:
        return sum(self.by_precision.values())


def _at_precision(value: dt.date, precision: str) -> str:
    return value.isoformat()[:DATE_CHARS[precision]]


def dated(rows: pl.DataFrame, date: str, precision: str) -> Dated:
    if rows.is_empty():
        return Dated({p: 0 for p in DATE_PRECISION.names}, None, None)
    counts = dict(rows[precision].value_counts().iter_rows())
    known = rows.drop_nulls(date).sort(date).select(date, precision).rows()
    return Dated({p: counts.get(p, 0) for p in DATE_PRECISION.names},
                 _at_precision(*known[0]) if known else None,
                 _at_precision(*known[-1]) if known else None)


@dataclass(frozen=True)
class Nested:
    """Mentions a flat BIO tagging cannot hold, and the first such pair of the corpus."""

    count: int
    example: tuple[str, str] | None  # (the nested mention's text, the longer mention's)


def nested_mentions(f: Frames) -> Nested:
    """Mentions that start inside an earlier-starting (or, at the same start, longer)
    mention of their article: those a flat BIO tagging of the outer mentions cannot hold.
    The `tokens` config's own count of `nested_mentions` is taken when it is released."""
    m = f.mentions.select("article_id", "start", "end", "text")
    if m.is_empty():
        return Nested(0, None)
    # Sorted by start (longest first at one start), a mention is nested when some mention
    # before it in its article ends after it starts: one pass, no pairwise join.
    ordered = m.sort("article_id", "start", pl.col("end"), descending=[False, False, True])
    flagged = ordered.with_columns(
        reach=pl.col("end").cum_max().shift(1).over("article_id")).filter(
        pl.col("reach") > pl.col("start"))
    count = flagged.height
    if not f.tokens.is_empty():
        count = int(f.tokens["nested_mentions"].sum())
    if not flagged.height:
        return Nested(count, None)
    first = flagged.row(0, named=True)
    outer = ordered.filter((pl.col("article_id") == first["article_id"])
                           & (pl.col("start") <= first["start"])
                           & (pl.col("end") > first["start"])
                           & ~((pl.col("start") == first["start"])
                               & (pl.col("end") == first["end"]))).row(0, named=True)
    return Nested(count, (first["text"], outer["text"]))


@dataclass(frozen=True)
class Gaps:
    """Metadata the articles do not give, and events claimed by an entity of the text."""

    no_url: int
    no_title: int
    no_outlet: int
    claimed_events: int  # events with a source entity: reported on someone's claim


def gaps(f: Frames) -> Gaps:
    def nulls(column: str) -> int:
        return f.articles[column].null_count() if not f.articles.is_empty() else 0

    claimed = f.events.drop_nulls("source_entity_id").height if not f.events.is_empty() else 0
    return Gaps(nulls("url"), nulls("title"), nulls("outlet"), claimed)


def fold_count(tables: Built) -> int:
    """The number of story-level folds of the `folds` config (0 when it is not released)."""
    folds = frame(tables, "folds") if "folds" in TABLES else pl.DataFrame()
    return folds["fold"].n_unique() if "fold" in folds.columns else 0


@dataclass(frozen=True)
class Person:
    entity_id: str
    name: str
    note: str | None
    mentions: int
    stances: int


def persons(f: Frames) -> list[Person]:
    """Every person of the registry the articles mention, with the role the registry notes."""
    per = f.entities.filter(pl.col("type") == ENTITY_TYPE.require("PER"))
    mentions = dict(f.mentions.group_by("entity_id").len().iter_rows()) \
        if not f.mentions.is_empty() else {}
    stances = dict(f.stances.drop_nulls("holder_entity_id").group_by("holder_entity_id")
                   .len().iter_rows()) if not f.stances.is_empty() else {}
    return sorted((Person(e, n, note, mentions.get(e, 0), stances.get(e, 0))
                   for e, n, note in per.select("entity_id", "name", "note").iter_rows()
                   if mentions.get(e, 0)), key=lambda p: (-p.mentions, p.name))
