"""The catalogue of check codes: every fault the toolkit can report, defined once.

Each code is a module constant named after it (`ANCHOR_MISSING` is S107), so code refers to
codes by name and a misspelt one fails at import. The code's id, severity, explanation and fix
hint mean the same thing in the CLI, the JSON output and `cards/checks.md`. Every module that
reports faults declares the codes it can emit in `EMITS`; a test holds those declarations to
this catalogue and to a failing case per code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    explanation: str
    hint: str

    @property
    def constant(self) -> str:
        """The name of this code's constant in this module."""
        return self.name.upper().replace("-", "_")


CODES: dict[str, Code] = {}


def _code(code: str, name: str, severity: Severity, explanation: str, hint: str) -> Code:
    assert code not in CODES, f"check code {code} is defined twice"
    CODES[code] = Code(code, name, severity, explanation, hint)
    return CODES[code]


# Sources: the files people edit.
UNREADABLE_FILE = _code(
    "S100", "unreadable-file", "error",
    "A source file is missing, is a folder, or cannot be opened.",
    "Restore the file (dataset/entities.yaml and dataset/stories.yaml are required) or "
    "fix its permissions. `skies` exits with 2 on unreadable input.")
YAML_SYNTAX = _code(
    "S101", "yaml-syntax", "error",
    "The YAML file does not parse.",
    "Fix the syntax at the line and column given (indentation, quotes, colons).")
SOURCE_STRUCTURE = _code(
    "S102", "source-structure", "error",
    "A field is unknown, missing, or of the wrong type.",
    "Compare with an existing annotation file and the README's source format.")
NOT_UTF8 = _code(
    "S103", "not-utf8", "error",
    "A source file is not valid UTF-8.",
    "Re-save the file as UTF-8 (without a byte-order mark).")
RAW_MISSING = _code(
    "S104", "raw-missing", "error",
    "The raw text file an annotation file names is missing.",
    "Add dataset/raw/<article_id>.txt, or fix article_id.")
RAW_CHANGED = _code(
    "S105", "raw-changed", "error",
    "The raw text no longer has the SHA-256 recorded when it was annotated.",
    "Restore the raw file; raw files are never edited (record a cleaning step instead).")
UNSAFE_ID = _code(
    "S106", "unsafe-id", "error",
    "An id has characters outside the safe set: lowercase a-z, 0-9 and inner hyphens.",
    "Rename the id: no '/', '..', spaces, capitals or underscores.")
ANCHOR_MISSING = _code(
    "S107", "anchor-missing", "error",
    "A quote anchor does not occur in the article text.",
    "Copy the quote exactly from the text (curly quotes and apostrophes included).")
ANCHOR_AMBIGUOUS = _code(
    "S108", "anchor-ambiguous", "error",
    "A quote occurs more than once and nothing says which occurrence is meant.",
    "Add `occurrence: N` (1-based) or a `prefix`/`suffix` that picks one.")
CLEANING_FAILED = _code(
    "S109", "cleaning-failed", "error",
    "A recorded cleaning step no longer applies to the raw text.",
    "Check the step's text against the raw file; each step must change something.")
BAD_DATE = _code(
    "S110", "bad-date", "error",
    "A date is not YYYY, YYYY-MM or YYYY-MM-DD, or is "
    "inconsistent with its precision.",
    "Write the date to the precision given: 2025-06 for MONTH, 2025 for YEAR.")
DUPLICATE_STORY = _code(
    "S111", "duplicate-story", "error",
    "A story is listed twice in stories.yaml.",
    "List each story once, with one split.")
BYTE_ORDER_MARK = _code(
    "S112", "byte-order-mark", "error",
    "A source file starts with a UTF-8 byte-order mark.",
    "Re-save the file as UTF-8 without BOM.")
CR_LINE_ENDINGS = _code(
    "S113", "cr-line-endings", "error",
    "A source file has CR (Windows or old Mac) line "
    "endings.", "Convert the file to LF line endings.")
CONTROL_CHARACTER = _code(
    "S114", "control-character", "error",
    "A source file contains a control character other than tab and newline.",
    "Delete the character; it is invisible in most editors (see the column).")
QUOTE_NOT_NFC = _code(
    "S115", "quote-not-nfc", "error",
    "A quote is not NFC-normalized, so it can never match the (NFC) text.",
    "Copy the quote again from `skies text`.")
RAW_FORMAT = _code(
    "S116", "raw-format", "warning",
    "A raw file has a byte-order mark, CR line endings or control characters.",
    "Raw files stay as received; the published text keeps these characters, so record "
    "a cleaning step if they should go.")

YAML_VALUE = _code(
    "S117", "yaml-value", "error",
    "A value cannot be what its tag says (`!!int abc`, `!!bool maybe`), or has a tag that "
    "source files do not allow (`!!python/object`, `!custom`).",
    "Drop the tag: write plain values, and quote text that should stay text.")
INPUT_LIMIT = _code(
    "S118", "input-limit", "error",
    "A file is too large, or a YAML file nests too deep or uses too many aliases (or "
    "aliases that expand to too many values).",
    "Split or shorten the file; annotation files need no aliases and nest four levels deep.")
UNEXPECTED_FILE = _code(
    "S119", "unexpected-file", "error",
    "A file in the source folders is not part of the corpus: an annotation file not named "
    "`<article_id>.yaml` (a `.yml`, a backup), or a raw text without its annotation file.",
    "Rename it (`.yaml`), add the missing annotation file, or remove the stray file.")
UNSAFE_PATH = _code(
    "S120", "unsafe-path", "error",
    "A source or output path is a symbolic link or a special file (device, FIFO, socket).",
    "Replace it with a regular file or folder; skies never follows links nor opens devices.")
INVISIBLE_IN_ID = _code(
    "S121", "invisible-in-id", "error",
    "An id, label or reference contains a bidirectional control or zero-width character.",
    "Delete the character (it is invisible in most editors; see the column).")
INVISIBLE_IN_TEXT = _code(
    "S122", "invisible-in-text", "warning",
    "A quote, name, alias or note contains a bidirectional control or zero-width character.",
    "Keep it only if the article's text has it there (a quote must match the text); "
    "otherwise delete it.")
CACHE_ENTRY_IGNORED = _code(
    "S123", "cache-entry-ignored", "warning",
    "A cached result (of reading an article, or of checking a chunk of articles) is damaged "
    "or was made for other inputs, or the whole cache folder was not made in this checkout "
    "(copied, unpacked or committed); the sources were read and checked again.",
    "Nothing to do for an entry: it is rewritten. A foreign cache folder is never used: "
    "delete `.skies-cache/` to cache again. `--no-cache` skips the cache.")
UNREVIEWED_SUGGESTION = _code(
    "S124", "unreviewed-suggestion", "warning",
    "A mention proposed by `skies suggest` has not been reviewed (`reviewed: false`).",
    "Check its entity and span against the guide, then delete `reviewed: false` (or the "
    "mention). `skies validate --strict` fails on these; a release build refuses them.")
ANCHOR_BROKE = _code(
    "S125", "anchor-broke", "error",
    "`skies reanchor`: the text an anchor held in the last build was changed or deleted in "
    "the new text (the raw text was corrected, or a cleaning step now removes it), so the "
    "anchor cannot be carried over.",
    "Read the new text (`skies text ID`) and anchor the quote again by hand, or delete the "
    "annotation if what it marked is gone; `skies reanchor` rewrites every other anchor.")

# Tables: pandera schemas.
WRONG_DTYPE = _code(
    "T101", "wrong-dtype", "error",
    "A column has the wrong data type.",
    "Rebuild with `skies build`; a hand-edited Parquet file is not a source.")
NULL_VALUE = _code(
    "T102", "null-value", "error",
    "A required value is null.",
    "Fill the field in the source file.")
UNKNOWN_LABEL = _code(
    "T103", "unknown-label", "error",
    "A value is not in the column's label vocabulary.",
    "Use one of the labels defined in schema/labels.py (see the guidelines).")
BAD_FORMAT = _code(
    "T104", "bad-format", "error",
    "A value does not match the column's format "
    "(ids, QIDs, hashes, language codes).", "See the format in the column description.")
OUT_OF_RANGE = _code(
    "T105", "out-of-range", "error",
    "A number is out of its allowed range.",
    "Offsets are non-negative code-point offsets.")
DUPLICATE_KEY = _code(
    "T106", "duplicate-key", "error",
    "Two rows share a primary key.",
    "Give each row its own id.")
MISSING_COLUMN = _code(
    "T107", "missing-column", "error",
    "A column is missing or unexpected.",
    "Rebuild with `skies build`.")
TABLE_SCHEMA = _code(
    "T199", "table-schema", "error",
    "A table check failed.", "See the message.")

# Spans.
SPAN_OUT_OF_BOUNDS = _code(
    "P101", "span-out-of-bounds", "error",
    "A span ends past the end of the text.",
    "Rebuild; offsets come from quote anchors.")
SPAN_EMPTY = _code(
    "P102", "span-empty", "error",
    "A span is empty or ends before it starts.",
    "Quotes must be non-empty.")
SPAN_TEXT_MISMATCH = _code(
    "P103", "span-text-mismatch", "error",
    "The stored surface text differs from text[start:end].", "Rebuild with `skies build`.")
TEXT_NOT_NFC = _code(
    "P104", "text-not-nfc", "error",
    "An article's text is not NFC-normalized.",
    "Rebuild: the build normalizes text to NFC.")
SPAN_EDGE_WHITESPACE = _code(
    "P105", "span-edge-whitespace", "error",
    "A span starts or ends with whitespace.",
    "Trim the quote: spans start and end on a non-space character.")
DUPLICATE_MENTION = _code(
    "P106", "duplicate-mention", "error",
    "Two mentions have the same span.",
    "Annotate a span once; one mention links to one entity.")
CROSSING_MENTION = _code(
    "P107", "crossing-mention", "error",
    "Two mentions cross (overlap without one containing the other).",
    "Mentions may nest but not cross; fix one of the two spans (see the guidelines).")

# References.
UNKNOWN_ENTITY = _code(
    "R101", "unknown-entity", "error",
    "A mention, stance holder or event source names an entity not in the registry.",
    "Add the entity to dataset/entities.yaml or fix the id.")
UNKNOWN_MENTION = _code(
    "R102", "unknown-mention", "error",
    "An event argument names a mention that does not exist in the same article.",
    "Use the id of a mention of this article.")
UNKNOWN_ARTICLE = _code(
    "R103", "unknown-article", "error",
    "A row names an article that is not in the articles table.", "Rebuild.")
UNKNOWN_STORY = _code(
    "R104", "unknown-story", "error",
    "An article's story is not in dataset/stories.yaml, so it has no split.",
    "Add the story with its split to dataset/stories.yaml.")
UNUSED_ENTITY = _code(
    "R105", "unused-entity", "warning",
    "A registry entity is not mentioned, and is no holder or source, in any article.",
    "Remove it from the registry, or annotate its mentions.")
IMPLAUSIBLE_LINK = _code(
    "R106", "implausible-link", "warning",
    "A NAME mention's text is none of its entity's names or aliases (ignoring case, a "
    "possessive 's, and a leading 'the' or 'al-'): often two entity ids swapped or mistyped.",
    "Check the mention's `entity`; if the link is right, add the form to the entity's "
    "`aliases` in dataset/entities.yaml.")
FORM_TYPE_MISMATCH = _code(
    "R107", "form-type-mismatch", "warning",
    "A mention's form fixes its entity's type (guide, rule M12) and its entity has another: a "
    "personal pronoun or a person's role (he, the ambassador) links to a PER, it/its never "
    "does; a nationality adjective (Iraqi) or a word for a state (the country) to a GPE; a "
    "word for an organisation (the government) to an ORG. Often two entity ids swapped.",
    "Check the mention's `entity` (and its `kind`); if the link is right, the rule's word "
    "list (schema/forms.py) does not fit this case: report it.")
UNKNOWN_LINKED_EVENT = _code(
    "R108", "unknown-linked-event", "error",
    "An event's `same_as` names an event that does not exist: no such id in this article "
    "(`e3`), or no such article or event (`article-id/e3`).",
    "Name an earlier record of the same event: `e3` in this article, `article-id/e3` in "
    "another article of the story (`skies show ID --layer events` prints the ids).")
LINK_ACROSS_STORIES = _code(
    "R109", "link-across-stories", "error",
    "An event's `same_as` names an event of an article of another story: coreference links "
    "stay within one story (guide rule E13), as the splits do.",
    "Remove the link; if both articles report one story, give them the same `story_id`.")
LINK_CYCLE = _code(
    "R110", "link-cycle", "error",
    "`same_as` links form a cycle, or an event names itself: the first record of an event "
    "has no `same_as`, and every later record names an earlier one.",
    "Remove `same_as` from the event's first record.")
COUNTRY_NOT_A_STATE = _code(
    "R111", "country-not-a-state", "error",
    "An entity's `country` is not a state of the registry: a state is a GPE that is its own "
    "country (guide rule R1), and a city or region names the state it lies in.",
    "Give the id of the state (`iraq`, not `baghdad`); if that GPE is a state, write "
    "`country: <its own id>` on its registry entry.")

# Semantics.
EVENT_AFTER_PUBLICATION = _code(
    "M101", "event-after-publication", "error",
    "An ACTUAL event is dated after its article was published.",
    "Check the date resolution against the publication date, or the realis.")
PRECISION_MISMATCH = _code(
    "M102", "precision-mismatch", "error",
    "A date does not fit its precision (MONTH not on the 1st, YEAR not on 1 January, "
    "UNKNOWN with a date, or a known precision without one).", "Rebuild from sources.")
ROLE_NOT_ALLOWED = _code(
    "M103", "role-not-allowed", "error",
    "An argument role is not allowed for the event's type.",
    "Use a role the event type allows (guidelines, event type table).")
HOLDER_NOT_MENTIONED = _code(
    "M104", "holder-not-mentioned", "warning",
    "A stance holder has no mention in the stance's article.",
    "Annotate the holder's mention, or check the holder id.")
SOURCE_NOT_MENTIONED = _code(
    "M105", "source-not-mentioned", "warning",
    "An event source has no mention in the event's article.",
    "Annotate the source's mention, or check the source id.")
LINKED_TYPES_DIFFER = _code(
    "M106", "linked-types-differ", "error",
    "Two events joined by `same_as` have different types: the records of one event share "
    "its type (guide rule E13).",
    "Fix the type of one record, or remove the link: an event and an event about it (a "
    "denial and what is denied, a threat and the threatened attack) are two events.")
GENERIC_EVENT_LINKED = _code(
    "M107", "generic-event-linked", "error",
    "A `same_as` link joins a GENERIC event: a habit or general state is no occurrence that "
    "two reports could share (guide rule E13).",
    "Remove the link, or fix the realis if the record reports one occurrence.")

PROVENANCE_UNKNOWN = _code(
    "M108", "provenance-unknown", "warning",
    "An article's URL or outlet is not known (null); the message gives the reason its "
    "annotation file records in `url_note` / `outlet_note`.",
    "If you find the page the text was published at, record its `url` and `outlet` and say "
    "in the note how the page's text was matched with the raw file; otherwise keep the "
    "reason current.")

# Dataset-level.
DUPLICATE_ARTICLE = _code(
    "D101", "duplicate-article", "error",
    "Two articles have identical text.",
    "Keep one; a second report of a story must differ in text.")
NEAR_DUPLICATE_ARTICLE = _code(
    "D102", "near-duplicate-article", "warning",
    "Two articles share most of their word 5-grams.",
    "Check that they are different reports; if one story, give both its story_id.")
STORY_STRADDLES_SPLITS = _code(
    "D103", "story-straddles-splits", "error",
    "The articles of one story are in different splits.",
    "A story has one split (dataset/stories.yaml); rebuild.")
REPEATED_PARAGRAPH = _code(
    "D104", "repeated-paragraph", "warning",
    "A paragraph occurs more than once in an article.",
    "Record a remove_repeats cleaning step if the repeat is a scraping artefact.")
LABEL_MISSING_FROM_SPLIT = _code(
    "D105", "label-missing-from-split", "warning",
    "A split has no example of a label.", "Expected in a small corpus; a model "
    "evaluated on that split cannot be scored on the label.")

# Release.
STALE_BUILD = _code(
    "B101", "stale-build", "error",
    "A built file differs from a fresh build of the sources.",
    "Run `skies build` and commit the result.")
UNREADABLE_BUILD = _code(
    "B102", "unreadable-build", "error",
    "A built Parquet file cannot be read.",
    "Run `skies build` to rewrite it.")
CARD_MISMATCH = _code(
    "B103", "card-mismatch", "error",
    "The card's YAML (configs, features, split sizes) differs from the built files.",
    "Run `skies build`; the card YAML is generated, never edited by hand.")
CONFIG_DOES_NOT_LOAD = _code(
    "B104", "config-does-not-load", "error",
    "A config fails to load with datasets.load_dataset.", "Run `skies build` and "
    "read the error; loading must work offline.")
LEFTOVER_TEMP_FILE = _code(
    "B105", "leftover-temp-file", "warning",
    "A temporary file from an interrupted write is left beside the built files.",
    "Run `skies build`: it removes the temporary files of its own interrupted writes.")
UNREVIEWED_IN_RELEASE = _code(
    "B106", "unreviewed-in-release", "error",
    "The sources hold machine suggestions no one has reviewed (S124): they are not released.",
    "Review each S124 mention (delete `reviewed: false`), then build again.")

# Card metadata: the YAML header the Hub indexes.
CARD_METADATA_INVALID = _code(
    "C101", "card-metadata-invalid", "error",
    "A field of the card's YAML header holds a value the Hugging Face Hub does not allow (a "
    "creator, task category or id, licence, size category or multilinguality outside its "
    "list), a task id outside the card's task categories, or a required field is missing.",
    "The header is generated: fix the value in scripts/publish/card_metadata.py (the allowed "
    "lists are in schema/hub_metadata.py) and run `skies build`.")

# Internal.
INTERNAL_ERROR = _code(
    "X100", "internal-error", "error",
    "skies failed in a way it does not expect: a bug, not a fault in the data.",
    "Report it with the command and `--debug` output at the project's issue tracker.")
