"""The published tables, column by column: the one definition of their shape.

Each column names its type, its vocabulary (for closed label sets), whether it may be null,
its value constraints and a description. `features.py` turns these into Hugging Face
Features and Arrow schemas, `tables.py` into pandera models, the card into its field list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .labels import (
    ARGUMENT_ROLE,
    DATE_BASIS,
    DATE_PRECISION,
    ENTITY_TYPE,
    EVENT_TYPE,
    MENTION_KIND,
    ORG_SECTOR,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from .vocab import Vocabulary

# Ids end up in file names and URLs: lowercase ASCII, digits and single inner hyphens only,
# which rules out "/", "..", spaces and anything that needs escaping.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCAL_ID_PATTERN = r"^[a-z]+[0-9]+$"
QID_PATTERN = r"^Q[1-9][0-9]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "string" | "large_string" | "int32" | "date32" | "list:string" | "list:struct"
    description: str
    vocab: Vocabulary | None = None
    nullable: bool = False
    pattern: str | None = None
    ge: int | None = None
    fields: tuple[Column, ...] = field(default_factory=tuple)  # for list:struct
    # Derived columns are recomputed from other columns when a table is published (a mention's
    # type is its entity's type); sources never state them, so checks skip them.
    derived: bool = False


def _span(prefix: str, what: str, derived: bool = False) -> tuple[Column, ...]:
    start, end, text = (f"{prefix}start", f"{prefix}end", f"{prefix}text")
    return (
        Column(start, "int32", f"Start of the {what}: code-point offset into NFC `text`.", ge=0,
               derived=derived),
        Column(end, "int32", f"End of the {what} (exclusive): code-point offset.", ge=1,
               derived=derived),
        Column(text, "string", f"Surface text of the {what}; equals `text[{start}:{end}]`.",
               derived=derived),
    )


ARTICLE_ID = Column("article_id", "string", "Stable article id.", pattern=ID_PATTERN)

ARTICLES: tuple[Column, ...] = (
    ARTICLE_ID,
    Column("story_id", "string", "The story this article reports; splits are per story.",
           pattern=ID_PATTERN),
    Column("seed_file", "string", "File name of the article as received (provenance)."),
    Column("title", "string", "Headline as printed; null when none was received.",
           nullable=True),
    Column("outlet", "string", "Outlet as named in the text; null when not named.",
           nullable=True),
    Column("outlet_note", "string", "How the outlet is known, or why it is unknown."),
    Column("url", "string", "Source URL; null when not known.", nullable=True),
    Column("url_note", "string", "How the URL is known, or why it is unknown."),
    Column("published_date", "date32",
           "Publication date (first day of the period for MONTH/YEAR precision).",
           nullable=True),
    Column("published_precision", "class", "Precision of `published_date`.",
           vocab=DATE_PRECISION),
    Column("published_basis", "class", "How `published_date` was determined.",
           vocab=DATE_BASIS),
    Column("published_note", "string", "Evidence or reasoning for the publication date."),
    Column("rights", "string", "Rights note for the article text."),
    Column("language", "string", "ISO 639-1 language code.", pattern=r"^[a-z]{2}$"),
    Column("raw_sha256", "string", "SHA-256 of the raw file as annotated.",
           pattern=SHA256_PATTERN),
    Column("cleaning", "list:string", "Cleaning steps applied to the raw text, in order."),
    Column("text", "large_string", "Article text: the raw file after the cleaning steps, NFC."),
)

ENTITIES: tuple[Column, ...] = (
    Column("entity_id", "string", "Registry id, shared by all articles.", pattern=ID_PATTERN),
    Column("name", "string", "Canonical name."),
    Column("type", "class", "Entity type.", vocab=ENTITY_TYPE),
    Column("sector", "class", "Sector of an ORG; null for other types.", vocab=ORG_SECTOR,
           nullable=True),
    Column("aliases", "list:string", "Other names and spellings seen in the corpus."),
    Column("wikidata_qid", "string", "Wikidata QID where certain; otherwise null.",
           nullable=True, pattern=QID_PATTERN),
    Column("note", "string", "Disambiguation note.", nullable=True),
)

_MENTION_BODY: tuple[Column, ...] = (
    Column("mention_id", "string", "Mention id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", "string", "The registry entity the mention refers to.",
           pattern=ID_PATTERN),
    Column("type", "class", "Entity type (the entity's).", vocab=ENTITY_TYPE, derived=True),
    Column("kind", "class", "Mention kind.", vocab=MENTION_KIND),
    *_span("", "mention"),
)

_ARGUMENT: tuple[Column, ...] = (
    Column("role", "class", "Argument role.", vocab=ARGUMENT_ROLE),
    Column("mention_id", "string", "The mention filling the role, in the same article.",
           pattern=LOCAL_ID_PATTERN),
    Column("entity_id", "string", "That mention's entity.", pattern=ID_PATTERN, derived=True),
    *_span("", "argument mention", derived=True),
)

_EVENT_BODY: tuple[Column, ...] = (
    Column("event_id", "string", "Event id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("type", "class", "Event type.", vocab=EVENT_TYPE),
    *_span("trigger_", "trigger"),
    Column("realis", "class", "Whether the event is reported as real.", vocab=REALIS),
    Column("source_entity_id", "string",
           "Entity that claims the event; null when it is the article's own voice.",
           nullable=True, pattern=ID_PATTERN),
    Column("date", "date32", "Event date (first day of the period); null when unknown.",
           nullable=True),
    Column("date_precision", "class", "Precision of `date`.", vocab=DATE_PRECISION),
    Column("date_basis", "class", "How `date` was determined.", vocab=DATE_BASIS),
    Column("date_note", "string", "The time expression or reasoning behind `date`.",
           nullable=True),
    Column("arguments", "list:struct", "Event arguments.", fields=_ARGUMENT),
)

_EVIDENCE: tuple[Column, ...] = _span("", "evidence span")

_STANCE_BODY: tuple[Column, ...] = (
    Column("stance_id", "string", "Stance id, unique within its article.",
           pattern=LOCAL_ID_PATTERN),
    Column("holder_entity_id", "string",
           "Entity holding the stance; null when it is the article's own voice.",
           nullable=True, pattern=ID_PATTERN),
    Column("target", "class", "The proposition the stance is about.", vocab=STANCE_TARGET),
    Column("label", "class", "Stance label.", vocab=STANCE_LABEL),
    Column("evidence", "list:struct", "Evidence spans.", fields=_EVIDENCE),
)

MENTIONS = (ARTICLE_ID, *_MENTION_BODY)
EVENTS = (ARTICLE_ID, *_EVENT_BODY)
STANCES = (ARTICLE_ID, *_STANCE_BODY)

DOCUMENTS: tuple[Column, ...] = (
    *ARTICLES,
    Column("mentions", "list:struct", "Entity mentions, ordered by offset.",
           fields=_MENTION_BODY),
    Column("events", "list:struct", "Events, ordered by trigger offset.", fields=_EVENT_BODY),
    Column("stances", "list:struct", "Stances, ordered by id.", fields=_STANCE_BODY),
)

# Config name -> (columns, primary key). `documents` is the default config.
TABLES: dict[str, tuple[tuple[Column, ...], tuple[str, ...]]] = {
    "documents": (DOCUMENTS, ("article_id",)),
    "articles": (ARTICLES, ("article_id",)),
    "entities": (ENTITIES, ("entity_id",)),
    "mentions": (MENTIONS, ("article_id", "mention_id")),
    "events": (EVENTS, ("article_id", "event_id")),
    "stances": (STANCES, ("article_id", "stance_id")),
}
FLAT_TABLES = ("articles", "entities", "mentions", "events", "stances")
ENTITIES_SPLIT = "full"  # the registry is not split by story: one split holds all of it
