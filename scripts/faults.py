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
    Code("S111", "duplicate-file", "error",
         "Two annotation files claim the same article id.",
         "Each article has exactly one annotation file named <article_id>.yaml."),
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
    # Release.
    Code("B101", "stale-build", "error",
         "A built file differs from a fresh build of the sources.",
         "Run `skies build` and commit the result."),
    Code("B102", "unreadable-build", "error", "A built Parquet file cannot be read.",
         "Run `skies build` to rewrite it."),
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


@dataclass
class Report:
    faults: list[Fault] = field(default_factory=list)

    def add(self, code: str, message: str, **where: object) -> None:
        assert code in CODES, f"undeclared check code {code}"
        self.faults.append(Fault(code, message, **where))  # type: ignore[arg-type]

    def extend(self, other: Report) -> None:
        self.faults.extend(other.faults)

    @property
    def errors(self) -> list[Fault]:
        return [f for f in self.faults if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> Counter[str]:
        return Counter(f.code for f in self.faults)

    def to_json(self) -> str:
        return json.dumps({
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.faults) - len(self.errors),
            "faults": [f.to_dict() for f in self.faults],
        }, indent=2, ensure_ascii=False)
