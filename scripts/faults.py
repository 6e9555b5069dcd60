"""Faults, the catalogue of check codes, and the report that collects them.

Every check reports through `Report.add(code, ...)`; the code's severity, explanation and fix
hint live in CODES, so a code means the same thing in the CLI, JSON output and the docs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    explanation: str
    hint: str


CODES: dict[str, Code] = {c.code: c for c in (
    # Sources: the files people edit.
    Code("S100", "unreadable-file", "error",
         "A source file is missing, is a folder, or cannot be opened.",
         "Restore the file (dataset/entities.yaml and dataset/stories.yaml are required) or "
         "fix its permissions. `skies` exits with 2 on unreadable input."),
    Code("S101", "yaml-syntax", "error", "The YAML file does not parse.",
         "Fix the syntax at the line and column given (indentation, quotes, colons)."),
    Code("S102", "source-structure", "error",
         "A field is unknown, missing, or of the wrong type.",
         "Compare with an existing annotation file and the README's source format."),
    Code("S103", "not-utf8", "error", "A source file is not valid UTF-8.",
         "Re-save the file as UTF-8 (without a byte-order mark)."),
    Code("S104", "raw-missing", "error", "The raw text file an annotation file names is missing.",
         "Add dataset/raw/<article_id>.txt, or fix article_id."),
    Code("S105", "raw-changed", "error",
         "The raw text no longer has the SHA-256 recorded when it was annotated.",
         "Restore the raw file; raw files are never edited (record a cleaning step instead)."),
    Code("S106", "unsafe-id", "error",
         "An id has characters outside the safe set: lowercase a-z, 0-9 and inner hyphens.",
         "Rename the id: no '/', '..', spaces, capitals or underscores."),
    Code("S107", "anchor-missing", "error", "A quote anchor does not occur in the article text.",
         "Copy the quote exactly from the text (curly quotes and apostrophes included)."),
    Code("S108", "anchor-ambiguous", "error",
         "A quote occurs more than once and nothing says which occurrence is meant.",
         "Add `occurrence: N` (1-based) or a `prefix`/`suffix` that picks one."),
    Code("S109", "cleaning-failed", "error",
         "A recorded cleaning step no longer applies to the raw text.",
         "Check the step's text against the raw file; each step must change something."),
    Code("S110", "bad-date", "error", "A date is not YYYY, YYYY-MM or YYYY-MM-DD, or is "
         "inconsistent with its precision.",
         "Write the date to the precision given: 2025-06 for MONTH, 2025 for YEAR."),
    Code("S111", "duplicate-story", "error", "A story is listed twice in stories.yaml.",
         "List each story once, with one split."),
    Code("S112", "byte-order-mark", "error", "A source file starts with a UTF-8 byte-order mark.",
         "Re-save the file as UTF-8 without BOM."),
    Code("S113", "cr-line-endings", "error", "A source file has CR (Windows or old Mac) line "
         "endings.", "Convert the file to LF line endings."),
    Code("S114", "control-character", "error",
         "A source file contains a control character other than tab and newline.",
         "Delete the character; it is invisible in most editors (see the column)."),
    Code("S115", "quote-not-nfc", "error",
         "A quote is not NFC-normalized, so it can never match the (NFC) text.",
         "Copy the quote again from `skies text`."),
    Code("S116", "raw-format", "warning",
         "A raw file has a byte-order mark, CR line endings or control characters.",
         "Raw files stay as received; the published text keeps these characters, so record "
         "a cleaning step if they should go."),
    # Tables: pandera schemas.
    Code("T101", "wrong-dtype", "error", "A column has the wrong data type.",
         "Rebuild with `skies build`; a hand-edited Parquet file is not a source."),
    Code("T102", "null-value", "error", "A required value is null.",
         "Fill the field in the source file."),
    Code("T103", "unknown-label", "error", "A value is not in the column's label vocabulary.",
         "Use one of the labels defined in schema/labels.py (see the guidelines)."),
    Code("T104", "bad-format", "error", "A value does not match the column's format "
         "(ids, QIDs, hashes, language codes).", "See the format in the column description."),
    Code("T105", "out-of-range", "error", "A number is out of its allowed range.",
         "Offsets are non-negative code-point offsets."),
    Code("T106", "duplicate-key", "error", "Two rows share a primary key.",
         "Give each row its own id."),
    Code("T107", "missing-column", "error", "A column is missing or unexpected.",
         "Rebuild with `skies build`."),
    Code("T199", "table-schema", "error", "A table check failed.", "See the message."),
    # Spans.
    Code("P101", "span-out-of-bounds", "error", "A span ends past the end of the text.",
         "Rebuild; offsets come from quote anchors."),
    Code("P102", "span-empty", "error", "A span is empty or ends before it starts.",
         "Quotes must be non-empty."),
    Code("P103", "span-text-mismatch", "error",
         "The stored surface text differs from text[start:end].", "Rebuild with `skies build`."),
    Code("P104", "text-not-nfc", "error", "An article's text is not NFC-normalized.",
         "Rebuild: the build normalizes text to NFC."),
    Code("P105", "span-edge-whitespace", "error", "A span starts or ends with whitespace.",
         "Trim the quote: spans start and end on a non-space character."),
    Code("P106", "duplicate-mention", "error", "Two mentions have the same span.",
         "Annotate a span once; one mention links to one entity."),
    Code("P107", "crossing-mention", "error",
         "Two mentions cross (overlap without one containing the other).",
         "Mentions may nest but not cross; fix one of the two spans (see the guidelines)."),
    # References.
    Code("R101", "unknown-entity", "error",
         "A mention, stance holder or event source names an entity not in the registry.",
         "Add the entity to dataset/entities.yaml or fix the id."),
    Code("R102", "unknown-mention", "error",
         "An event argument names a mention that does not exist in the same article.",
         "Use the id of a mention of this article."),
    Code("R103", "unknown-article", "error",
         "A row names an article that is not in the articles table.", "Rebuild."),
    Code("R104", "unknown-story", "error",
         "An article's story is not in dataset/stories.yaml, so it has no split.",
         "Add the story with its split to dataset/stories.yaml."),
    Code("R105", "unused-entity", "warning",
         "A registry entity is not mentioned, and is no holder or source, in any article.",
         "Remove it from the registry, or annotate its mentions."),
    # Semantics.
    Code("M101", "event-after-publication", "error",
         "An ACTUAL event is dated after its article was published.",
         "Check the date resolution against the publication date, or the realis."),
    Code("M102", "precision-mismatch", "error",
         "A date does not fit its precision (MONTH not on the 1st, YEAR not on 1 January, "
         "UNKNOWN with a date, or a known precision without one).", "Rebuild from sources."),
    Code("M103", "role-not-allowed", "error",
         "An argument role is not allowed for the event's type.",
         "Use a role the event type allows (guidelines, event type table)."),
    Code("M104", "holder-not-mentioned", "warning",
         "A stance holder has no mention in the stance's article.",
         "Annotate the holder's mention, or check the holder id."),
    Code("M105", "source-not-mentioned", "warning",
         "An event source has no mention in the event's article.",
         "Annotate the source's mention, or check the source id."),
    # Dataset-level.
    Code("D101", "duplicate-article", "error", "Two articles have identical text.",
         "Keep one; a second report of a story must differ in text."),
    Code("D102", "near-duplicate-article", "warning",
         "Two articles share most of their word 5-grams.",
         "Check that they are different reports; if one story, give both its story_id."),
    Code("D103", "story-straddles-splits", "error",
         "The articles of one story are in different splits.",
         "A story has one split (dataset/stories.yaml); rebuild."),
    Code("D104", "repeated-paragraph", "warning",
         "A paragraph occurs more than once in an article.",
         "Record a remove_repeats cleaning step if the repeat is a scraping artefact."),
    Code("D105", "label-missing-from-split", "warning",
         "A split has no example of a label.", "Expected in a small corpus; a model "
         "evaluated on that split cannot be scored on the label."),
    # Release.
    Code("B101", "stale-build", "error",
         "A built file differs from a fresh build of the sources.",
         "Run `skies build` and commit the result."),
    Code("B102", "unreadable-build", "error", "A built Parquet file cannot be read.",
         "Run `skies build` to rewrite it."),
    Code("B103", "card-mismatch", "error",
         "The card's YAML (configs, features, split sizes) differs from the built files.",
         "Run `skies build`; the card YAML is generated, never edited by hand."),
    Code("B104", "config-does-not-load", "error",
         "A config fails to load with datasets.load_dataset.", "Run `skies build` and "
         "read the error; loading must work offline."),
)}


@dataclass(frozen=True)
class Fault:
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    table: str | None = None
    row: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def location(self) -> str:
        if self.file is not None:
            parts = [self.file] + [str(n) for n in (self.line, self.column) if n is not None]
            return ":".join(parts)
        if self.table is not None:
            return f"{self.table}[{self.row}]" if self.row is not None else self.table
        return "-"

    def to_dict(self) -> dict[str, object]:
        code = CODES[self.code]
        return {**asdict(self), "name": code.name, "severity": code.severity,
                "hint": code.hint, "location": self.location}


DEFAULT_LIMIT_PER_CODE = 1000


@dataclass
class Report:
    """Every fault of a run. Memory stays bounded however many rows fail: past
    `limit_per_code` faults of one code, further ones are only counted in `suppressed`."""

    faults: list[Fault] = field(default_factory=list)
    limit_per_code: int = DEFAULT_LIMIT_PER_CODE
    max_faults: int | None = None  # keep at most this many faults in all (--max-errors)
    # Code prefixes: "S" selects every source check, "P103" one check.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    suppressed: Counter[str] = field(default_factory=Counter)
    _kept: Counter[str] = field(default_factory=Counter, repr=False)

    def wants(self, code: str) -> bool:
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))

    def only_files(self, files: set[str]) -> Report:
        """The faults located in `files` (for checking just the files a commit touches)."""
        kept = self.child()
        for fault in self.faults:
            if fault.file in files:
                kept.add_fault(fault)
        return kept

    def child(self) -> Report:
        """An empty report with the same selection and limits."""
        return Report(limit_per_code=self.limit_per_code, max_faults=self.max_faults,
                      select=self.select, ignore=self.ignore)

    def add(self, code: str, message: str, **where: object) -> None:
        assert code in CODES, f"undeclared check code {code}"
        if not self.wants(code):
            return
        if self._kept[code] >= self.limit_per_code or (
                self.max_faults is not None and len(self.faults) >= self.max_faults):
            self.suppressed[code] += 1
            return
        self._kept[code] += 1
        self.faults.append(Fault(code, message, **where))  # type: ignore[arg-type]

    def add_fault(self, fault: Fault) -> None:
        """Add a fault found by another report (same selection and limits apply)."""
        self.add(fault.code, fault.message, file=fault.file, line=fault.line,
                 column=fault.column, table=fault.table, row=fault.row)

    def suppress(self, code: str, count: int) -> None:
        """Count `count` more faults of `code` that a check did not materialize."""
        assert code in CODES, f"undeclared check code {code}"
        if count > 0 and self.wants(code):
            self.suppressed[code] += count

    def room(self, code: str) -> int:
        """How many more faults of `code` will be kept: checks fetch no more rows than this."""
        if not self.wants(code):
            return 0
        room = self.limit_per_code - self._kept[code]
        if self.max_faults is not None:
            room = min(room, self.max_faults - len(self.faults))
        return max(room, 0)

    def extend(self, other: Report) -> None:
        for fault in other.faults:
            self.add_fault(fault)
        for code, count in other.suppressed.items():
            self.suppress(code, count)

    @property
    def errors(self) -> list[Fault]:
        return [f for f in self.faults if f.severity == "error"]

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(n for code, n in self.suppressed.items()
                                      if CODES[code].severity == "error")

    @property
    def warning_count(self) -> int:
        return len(self.faults) + sum(self.suppressed.values()) - self.error_count

    @property
    def unreadable(self) -> bool:
        """An input could not be read at all (exit code 2, not 1)."""
        return any(f.code == "S100" for f in self.faults) or "S100" in self.suppressed

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def counts(self) -> Counter[str]:
        return Counter(f.code for f in self.faults) + self.suppressed

    def to_json(self) -> str:
        return json.dumps({
            "ok": self.ok,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "counts": dict(sorted(self.counts().items())),
            "suppressed": dict(sorted(self.suppressed.items())),
            "faults": [f.to_dict() for f in self.faults],
        }, indent=2, ensure_ascii=False)
