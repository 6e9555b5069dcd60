"""The published tables, column by column: the one definition of their shape.

Each column names its type, its vocabulary (for closed label sets), whether it may be null,
its value constraints and a description. `features.py` turns these into Hugging Face
Features and Arrow schemas, `pandera_schemas.py` into pandera models, the card into its field
list. The release facts live here too: the splits, which config is the default, and how
nested lists of one table relate to the rows of another (`NESTED`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from .labels import (
    ARGUMENT_ROLE,
    DATE_BASIS,
    DATE_PRECISION,
    ENTITY_TYPE,
    EVENT_TYPE,
    MENTION_KIND,
    NER_TAG,
    ORG_SECTOR,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from .vocab import Vocabulary

# Ids end up in file names and URLs: lowercase ASCII, digits and single inner hyphens only,
# which rules out "/", "..", spaces and anything that needs escaping.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# ... and never a name Windows reserves for a device: such a file cannot be checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})
LOCAL_ID_PATTERN = r"^[a-z]+[0-9]+$"
QID_PATTERN = r"^Q[1-9][0-9]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Dtype(StrEnum):
    STRING = "string"
    LARGE_STRING = "large_string"  # article texts: 64-bit offsets
    INT32 = "int32"
    BOOL = "bool"
    DATE32 = "date32"
    CLASS = "class"  # a label of the column's vocabulary: a ClassLabel when published
    LIST_STRING = "list:string"
    LIST_INT32 = "list:int32"
    LIST_CLASS = "list:class"  # a list of labels of the column's vocabulary: List(ClassLabel)
    LIST_STRUCT = "list:struct"  # a nested list of rows with `fields` (see NESTED)


class TextSource(StrEnum):
    """Where a column's values come from when they are the publisher's text: the text-free
    configs leave such columns out, and `skies hydrate` restores them from a copy of the
    raw file."""

    ARTICLE = "article"  # the article's text itself
    SPAN = "span"  # `text[start:end]` of the row's own offsets (see _span)
    TOKENS = "tokens"  # `text[token_starts[i]:token_ends[i]]` for each token


@dataclass(frozen=True)
class Column:
    name: str
    dtype: Dtype
    description: str
    vocab: Vocabulary | None = None
    nullable: bool = False
    pattern: str | None = None
    ge: int | None = None
    fields: tuple[Column, ...] = field(default_factory=tuple)  # for list:struct
    # Derived columns are recomputed from other columns when a table is published (a mention's
    # type is its entity's type); sources never state them, so checks skip them.
    derived: bool = False
    text_source: TextSource | None = None


def _span(prefix: str, what: str, derived: bool = False) -> tuple[Column, ...]:
    start, end, text = (f"{prefix}start", f"{prefix}end", f"{prefix}text")
    return (
        Column(start, Dtype.INT32, f"Start of the {what}: code-point offset into NFC `text`.", ge=0,
               derived=derived),
        Column(end, Dtype.INT32, f"End of the {what} (exclusive): code-point offset.", ge=1,
               derived=derived),
        Column(text, Dtype.STRING, f"Surface text of the {what}; equals `text[{start}:{end}]`.",
               derived=derived, text_source=TextSource.SPAN),
    )


ARTICLE_ID = Column("article_id", Dtype.STRING, "Stable article id.", pattern=ID_PATTERN)

ARTICLES: tuple[Column, ...] = (
    ARTICLE_ID,
    Column("story_id", Dtype.STRING, "The story this article reports; splits are per story.",
           pattern=ID_PATTERN),
    Column("seed_file", Dtype.STRING, "File name of the article as received (provenance)."),
    Column("title", Dtype.STRING, "Headline as printed; null when none was received.",
           nullable=True),
    Column("outlet", Dtype.STRING, "The outlet that published the text; null when not known.",
           nullable=True),
    Column("outlet_note", Dtype.STRING, "How the outlet is known (named in the text, or the "
           "site of the matching page), or why it is unknown."),
    Column("url", Dtype.STRING, "The page the text was published at, used only where the "
           "page's text matches the raw file; null when no such page was found.",
           nullable=True),
    Column("url_note", Dtype.STRING, "How the page was found and matched (the passages "
           "compared, what differed, what could not be compared), or why the URL is unknown."),
    Column("published_date", Dtype.DATE32,
           "Publication date (first day of the period for MONTH/YEAR precision).",
           nullable=True),
    Column("published_precision", Dtype.CLASS, "Precision of `published_date`.",
           vocab=DATE_PRECISION),
    Column("published_basis", Dtype.CLASS, "How `published_date` was determined.",
           vocab=DATE_BASIS),
    Column("published_note", Dtype.STRING, "Evidence or reasoning for the publication date."),
    Column("rights", Dtype.STRING, "Rights note for the article text."),
    Column("language", Dtype.STRING, "ISO 639-1 language code.", pattern=r"^[a-z]{2}$"),
    Column("raw_sha256", Dtype.STRING, "SHA-256 of the raw file as annotated.",
           pattern=SHA256_PATTERN),
    Column("cleaning", Dtype.LIST_STRING, "Cleaning steps applied to the raw text, in order "
           "(what each removed is in `removed_starts`/`removed_ends`)."),
    Column("removed_starts", Dtype.LIST_INT32, "Start of each stretch the cleaning removed: a "
           "code-point offset into the NFC raw file. Deleting these stretches and normalizing "
           "to NFC gives `text` (how `skies hydrate` restores it); null when the cleaning "
           "changed more than it removed.", nullable=True),
    Column("removed_ends", Dtype.LIST_INT32, "End of each removed stretch (exclusive).",
           nullable=True),
    Column("text", Dtype.LARGE_STRING, "Article text: the raw file after the cleaning steps, NFC.",
           text_source=TextSource.ARTICLE),
)

ENTITIES: tuple[Column, ...] = (
    Column("entity_id", Dtype.STRING, "Registry id, shared by all articles.", pattern=ID_PATTERN),
    Column("name", Dtype.STRING, "Canonical name."),
    Column("type", Dtype.CLASS, "Entity type.", vocab=ENTITY_TYPE),
    Column("sector", Dtype.CLASS, "Sector of an ORG; null for other types.", vocab=ORG_SECTOR,
           nullable=True),
    Column("aliases", Dtype.LIST_STRING, "Other names and spellings seen in the corpus."),
    Column("wikidata_qid", Dtype.STRING, "Wikidata QID where certain; otherwise null.",
           nullable=True, pattern=QID_PATTERN),
    Column("country_entity_id", Dtype.STRING,
           "The state the entity belongs to (guide rule R1): the `entity_id` of a GPE that is "
           "its own country; null when it belongs to no one state or the texts do not say.",
           nullable=True, pattern=ID_PATTERN),
    Column("note", Dtype.STRING, "Disambiguation note.", nullable=True),
)

_MENTION_BODY: tuple[Column, ...] = (
    Column("mention_id", Dtype.STRING, "Mention id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", Dtype.STRING, "The registry entity the mention refers to.",
           pattern=ID_PATTERN),
    Column("type", Dtype.CLASS, "Entity type (the entity's).", vocab=ENTITY_TYPE, derived=True),
    Column("kind", Dtype.CLASS, "Mention kind.", vocab=MENTION_KIND),
    *_span("", "mention"),
)

_ARGUMENT: tuple[Column, ...] = (
    Column("role", Dtype.CLASS, "Argument role.", vocab=ARGUMENT_ROLE),
    Column("mention_id", Dtype.STRING, "The mention filling the role, in the same article.",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", Dtype.STRING, "That mention's entity.", pattern=ID_PATTERN, derived=True),
    *_span("", "argument mention", derived=True),
)

# An event named from anywhere in the corpus: `article-id/e2`. Ids never contain the separator
# (ID_PATTERN), so splitting at it is safe. A `same_as` link may leave the article out when the
# event is in its own article (`e2`); a cluster id always names it.
EVENT_REF_SEPARATOR = "/"
EVENT_REF_PATTERN = (f"^(?:{ID_PATTERN[1:-1]}{EVENT_REF_SEPARATOR})?"
                     f"{LOCAL_ID_PATTERN[1:]}")
CLUSTER_ID_PATTERN = f"^{ID_PATTERN[1:-1]}{EVENT_REF_SEPARATOR}{LOCAL_ID_PATTERN[1:]}"

_EVENT_BODY: tuple[Column, ...] = (
    Column("event_id", Dtype.STRING, "Event id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("type", Dtype.CLASS, "Event type.", vocab=EVENT_TYPE),
    *_span("trigger_", "trigger"),
    Column("realis", Dtype.CLASS, "Whether the event is reported as real.", vocab=REALIS),
    Column("source_entity_id", Dtype.STRING,
           "Entity that claims the event; null when it is the article's own voice.",
           nullable=True, pattern=ID_PATTERN),
    Column("date", Dtype.DATE32, "Event date (first day of the period); null when unknown.",
           nullable=True),
    Column("date_precision", Dtype.CLASS, "Precision of `date`.", vocab=DATE_PRECISION),
    Column("date_basis", Dtype.CLASS, "How `date` was determined.", vocab=DATE_BASIS),
    Column("date_note", Dtype.STRING, "The time expression or reasoning behind `date`.",
           nullable=True),
    Column("same_as", Dtype.STRING,
           "Coreference as annotated: an earlier record of the same real-world event, `e3` in "
           "this article or `article-id/e3` in another article of the same story; null for "
           "the first record of an event (guide rule E13).",
           nullable=True, pattern=EVENT_REF_PATTERN),
    Column("cluster_id", Dtype.STRING,
           "The event's coreference cluster, derived from the `same_as` links: "
           "`article-id/event-id` of the cluster's first record (the one without `same_as`); "
           "an event no link joins is its own cluster. Equal ids, same event, also across "
           "the articles of a story.",
           pattern=CLUSTER_ID_PATTERN, derived=True),
    Column("arguments", Dtype.LIST_STRUCT, "Event arguments.", fields=_ARGUMENT),
)

_EVIDENCE: tuple[Column, ...] = _span("", "evidence span")

_STANCE_BODY: tuple[Column, ...] = (
    Column("stance_id", Dtype.STRING, "Stance id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("holder_entity_id", Dtype.STRING,
           "Entity holding the stance; null when it is the article's own voice.",
           nullable=True, pattern=ID_PATTERN),
    Column("target", Dtype.CLASS, "The proposition the stance is about.", vocab=STANCE_TARGET),
    Column("label", Dtype.CLASS, "Stance label.", vocab=STANCE_LABEL),
    Column("evidence", Dtype.LIST_STRUCT, "Evidence spans.", fields=_EVIDENCE),
)

MENTIONS = (ARTICLE_ID, *_MENTION_BODY)
EVENTS = (ARTICLE_ID, *_EVENT_BODY)
STANCES = (ARTICLE_ID, *_STANCE_BODY)

DOCUMENTS: tuple[Column, ...] = (
    *ARTICLES,
    Column("mentions", Dtype.LIST_STRUCT, "Entity mentions, ordered by offset.",
           fields=_MENTION_BODY),
    Column("events", Dtype.LIST_STRUCT, "Events, ordered by trigger offset.", fields=_EVENT_BODY),
    Column("stances", Dtype.LIST_STRUCT, "Stances, ordered by id.", fields=_STANCE_BODY),
)

# The views (task-shaped configs derived from the tables above when publishing).


def _token_span(prefix: str, what: str, tokens: str = "this row's `tokens`") -> tuple[Column, ...]:
    return (
        Column(f"{prefix}token_start", Dtype.INT32, f"First token of the {what}: an index into "
               f"{tokens}.", ge=0),
        Column(f"{prefix}token_end", Dtype.INT32, f"End of the {what} (exclusive): a token "
               "index.", ge=1),
    )


_TOKEN_MENTION: tuple[Column, ...] = (
    Column("mention_id", Dtype.STRING, "The mention (see the `mentions` config).",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", Dtype.STRING, "Its registry entity.", pattern=ID_PATTERN),
    Column("type", Dtype.CLASS, "Entity type (the entity's).", vocab=ENTITY_TYPE),
    *_token_span("", "mention"),
)

_TOKEN_ARGUMENT: tuple[Column, ...] = (
    Column("role", Dtype.CLASS, "Argument role.", vocab=ARGUMENT_ROLE),
    Column("mention_id", Dtype.STRING, "The mention filling the role.",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", Dtype.STRING, "That mention's entity.", pattern=ID_PATTERN),
    Column("sentence_id", Dtype.INT32, "The sentence holding the mention: this row's, or "
           "another of the article (an argument may be named sentences away).", ge=0),
    *_token_span("", "argument mention", "the `tokens` of sentence `sentence_id`"),
)

_TOKEN_EVENT: tuple[Column, ...] = (
    Column("event_id", Dtype.STRING, "The event (see the `events` config).",
           pattern=LOCAL_ID_PATTERN),
    Column("type", Dtype.CLASS, "Event type.", vocab=EVENT_TYPE),
    Column("realis", Dtype.CLASS, "Whether the event is reported as real.", vocab=REALIS),
    Column("cluster_id", Dtype.STRING, "Its coreference cluster, as in the `events` config: "
           "equal ids, same real-world event (guide rule E13).", pattern=CLUSTER_ID_PATTERN),
    *_token_span("trigger_", "trigger"),
    Column("arguments", Dtype.LIST_STRUCT, "Event arguments, in annotation order.",
           fields=_TOKEN_ARGUMENT),
)

TOKENS: tuple[Column, ...] = (
    ARTICLE_ID,
    Column("sentence_id", Dtype.INT32, "Position of the sentence in its article, from 0.",
           ge=0),
    Column("tokens", Dtype.LIST_STRING, "The sentence's tokens; whitespace is not a token.",
           text_source=TextSource.TOKENS),
    Column("token_starts", Dtype.LIST_INT32,
           "Start of each token: code-point offset into the article's NFC `text`."),
    Column("token_ends", Dtype.LIST_INT32, "End of each token (exclusive): "
           "`text[token_starts[i]:token_ends[i]] == tokens[i]`."),
    Column("ner_tags", Dtype.LIST_CLASS, "IOB2 tag of each token, from the outermost mentions; "
           "the mentions inside them are in `nested_mentions`.", vocab=NER_TAG),
    Column("nested_mentions", Dtype.LIST_STRUCT, "The mentions of this sentence that `ner_tags` "
           "cannot hold (inside, or overlapping, a tagged one), ordered by token.",
           fields=_TOKEN_MENTION),
    Column("events", Dtype.LIST_STRUCT, "The events whose trigger is in this sentence, ordered "
           "by trigger.", fields=_TOKEN_EVENT),
)

LABELS: tuple[Column, ...] = (
    Column("vocabulary", Dtype.STRING, "The vocabulary's key, as the field lists name it "
           "(`entity_type`, `ner_tag`, ...)."),
    Column("label", Dtype.STRING, "The label."),
    Column("id", Dtype.INT32, "Its integer in every ClassLabel of that vocabulary (its "
           "position, from 0).", ge=0),
    Column("definition", Dtype.STRING, "Its definition; for a stance target, the proposition "
           "a stance is about."),
    Column("plover", Dtype.STRING, "Event types: the PLOVER category it maps to; null where "
           "there is none, and for the other vocabularies.", nullable=True),
    Column("cameo", Dtype.STRING, "Event types: the CAMEO code it maps to; null where there is "
           "none, and for the other vocabularies.", nullable=True),
    Column("extension", Dtype.BOOL, "Event types: true for a type added for this domain (no "
           "PLOVER category); null for the other vocabularies.", nullable=True),
    Column("crosswalk_note", Dtype.STRING, "Event types: why the crosswalk is only approximate, "
           "where it is; otherwise null.", nullable=True),
    Column("allowed_roles", Dtype.LIST_STRING, "Event types: the argument roles it allows; null "
           "for the other vocabularies.", nullable=True),
)

FOLDS: tuple[Column, ...] = (
    ARTICLE_ID,
    Column("story_id", Dtype.STRING, "The article's story; a story lies in one fold.",
           pattern=ID_PATTERN),
    Column("fold", Dtype.INT32, "The fold, from 0 to k - 1.", ge=0),
)

# Config name -> (columns, primary key).
TABLES: dict[str, tuple[tuple[Column, ...], tuple[str, ...]]] = {
    "documents": (DOCUMENTS, ("article_id",)),
    "articles": (ARTICLES, ("article_id",)),
    "entities": (ENTITIES, ("entity_id",)),
    "mentions": (MENTIONS, ("article_id", "mention_id")),
    "events": (EVENTS, ("article_id", "event_id")),
    "stances": (STANCES, ("article_id", "stance_id")),
    "tokens": (TOKENS, ("article_id", "sentence_id")),
    "labels": (LABELS, ("vocabulary", "label")),
    "folds": (FOLDS, ("article_id",)),
}


def _has_text(columns: tuple[Column, ...]) -> bool:
    return any(c.text_source is not None or _has_text(c.fields) for c in columns)


def without_text(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns (and nested fields) that are not the publisher's text."""
    return tuple(replace(c, fields=without_text(c.fields)) if c.fields else c
                 for c in columns if c.text_source is None)


# Every config that holds article text has a text-free variant (its name plus this suffix):
# annotations, offsets and hashes only, restored to the full config by `skies hydrate`.
TEXTFREE_SUFFIX = "-textfree"
TEXTFREE: dict[str, str] = {f"{name}{TEXTFREE_SUFFIX}": name
                            for name, (columns, _key) in TABLES.items() if _has_text(columns)}
TABLES.update({variant: (without_text(TABLES[full][0]), TABLES[full][1])
               for variant, full in TEXTFREE.items()})

FLAT_TABLES = ("articles", "entities", "mentions", "events", "stances")
# Derived from the check tables when publishing (scripts/views/), never read back into them:
# a fresh build proves them (B101).
VIEW_TABLES = ("tokens", "labels", "folds")

# What one row of each config is, for the card's list of configs.
CONFIG_DESCRIPTIONS: dict[str, str] = {
    "documents": "an article, with its mentions, events (and arguments) and stances (and "
                 "evidence) nested",
    "articles": "an article: its metadata and text",
    "entities": "an entity of the registry shared by all articles",
    "mentions": "an entity mention",
    "events": "an event, with its arguments",
    "stances": "a stance, with its evidence spans",
    "tokens": "a sentence: its tokens with their offsets, IOB2 NER tags, the nested mentions "
              "and the events (trigger and arguments as token spans)",
    "labels": "a label of a vocabulary: its ClassLabel integer and definition, for event types "
              "the PLOVER/CAMEO crosswalk and allowed roles, for stance targets the proposition",
    "folds": "an article with its story and its cross-validation fold (k = min(5, stories), "
             "no story in two folds)",
}
CONFIG_DESCRIPTIONS.update({
    variant: f"the rows of `{full}` without the publisher's text (no article text, span "
             "texts or tokens; offsets and `raw_sha256` kept): `skies hydrate` restores "
             f"`{full}` from your own copies of the articles"
    for variant, full in TEXTFREE.items()})
DEFAULT_CONFIG = "documents"

SPLITS: tuple[str, ...] = ("train", "validation", "test")
ENTITIES_SPLIT = "full"  # the registry is not split by story: one split holds all of it
# Configs that are not split by story: all their rows are in the one split `full`.
UNSPLIT_CONFIGS = ("entities", "labels", "folds")
# Story-level cross-validation folds: this many, or one per story when there are fewer.
FOLD_COUNT = 5


def config_splits(config: str) -> tuple[str, ...]:
    """The splits a config can have; a release holds those of them that have rows."""
    return (ENTITIES_SPLIT,) if config in UNSPLIT_CONFIGS else SPLITS


@dataclass(frozen=True)
class Nest:
    """A list-of-struct column of `parent` whose items are the rows of table `child`,
    joined on `key`. `child_key` is the child's own key when it is no config of its own."""

    parent: str
    column: str
    child: str
    key: tuple[str, ...]
    child_key: tuple[str, ...] = ()


NESTED: tuple[Nest, ...] = (
    Nest("events", "arguments", "event_arguments", ("article_id", "event_id"),
         child_key=("article_id", "event_id", "role", "mention_id")),
    Nest("stances", "evidence", "stance_evidence", ("article_id", "stance_id"),
         child_key=("article_id", "stance_id", "start", "end")),
    Nest("documents", "mentions", "mentions", ("article_id",)),
    Nest("documents", "events", "events", ("article_id",)),
    Nest("documents", "stances", "stances", ("article_id",)),
)


def nests_of(parent: str) -> tuple[Nest, ...]:
    return tuple(n for n in NESTED if n.parent == parent)


def column_of(config: str, name: str) -> Column:
    return next(c for c in TABLES[config][0] if c.name == name)
