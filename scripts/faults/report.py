"""A fault, where it is fixed, and the report that collects the faults of one run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .codes import CODES, UNREADABLE_FILE, Code, Severity


@dataclass(frozen=True)
class SourceLocation:
    """A place in a file people edit (or in a built file, for release faults)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join([self.file] + [str(n) for n in (self.line, self.column) if n is not None])


@dataclass(frozen=True)
class TableLocation:
    """A row of a check table, by its key (`row` is the key's values joined by `/`)."""

    table: str
    row: str | None = None

    def __str__(self) -> str:
        return f"{self.table}[{self.row}]" if self.row is not None else self.table


@dataclass(frozen=True)
class Fault:
    code: str
    message: str
    source: SourceLocation | None = None
    in_table: TableLocation | None = None

    @property
    def spec(self) -> Code:
        return CODES[self.code]

    @property
    def severity(self) -> Severity:
        return self.spec.severity

    @property
    def location(self) -> str:
        """Where to fix it: the source line when known, else the table row."""
        return str(self.source or self.in_table or "-")

    # Flat accessors: the JSON report and most callers want these.
    file = property(lambda self: self.source.file if self.source else None)
    line = property(lambda self: self.source.line if self.source else None)
    column = property(lambda self: self.source.column if self.source else None)
    table = property(lambda self: self.in_table.table if self.in_table else None)
    row = property(lambda self: self.in_table.row if self.in_table else None)


DEFAULT_LIMIT_PER_CODE = 1000
# For a scratch report whose faults are replayed into the caller's (whose limits then apply);
# no larger, as polars takes at most this many rows at once.
UNLIMITED = 2**31 - 1


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

    def wants(self, code: Code) -> bool:
        if self.select and not code.code.startswith(self.select):
            return False
        return not (self.ignore and code.code.startswith(self.ignore))

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

    def add(self, code: Code, message: str, source: SourceLocation | None = None,
            table: TableLocation | None = None) -> None:
        if not self.wants(code):
            return
        if self._kept[code.code] >= self.limit_per_code or (
                self.max_faults is not None and len(self.faults) >= self.max_faults):
            self.suppressed[code.code] += 1
            return
        self._kept[code.code] += 1
        self.faults.append(Fault(code.code, message, source, table))

    def add_fault(self, fault: Fault) -> None:
        """Add a fault found by another report (same selection and limits apply)."""
        self.add(fault.spec, fault.message, fault.source, fault.in_table)

    def suppress(self, code: Code, count: int) -> None:
        """Count `count` more faults of `code` that a check did not materialize."""
        if count > 0 and self.wants(code):
            self.suppressed[code.code] += count

    def room(self, code: Code) -> int:
        """How many more faults of `code` will be kept: checks fetch no more rows than this."""
        if not self.wants(code):
            return 0
        room = self.limit_per_code - self._kept[code.code]
        if self.max_faults is not None:
            room = min(room, self.max_faults - len(self.faults))
        return max(room, 0)

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
        code = UNREADABLE_FILE.code
        return any(f.code == code for f in self.faults) or code in self.suppressed

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def counts(self) -> Counter[str]:
        return Counter(f.code for f in self.faults) + self.suppressed
