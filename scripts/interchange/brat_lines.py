"""An .ann file read into its lines, one record per annotation, each knowing its file and line.

The syntax is brat's standoff format (brat.nlplab.org/standoff.html), read strictly: a line
that is not one of the forms below is refused, never skipped, and so is a text-bound span whose
text is not the .txt's text at its offsets.

    T1<TAB>TYPE START END<TAB>TEXT           E1<TAB>TYPE:T2 ROLE:T1 ROLE2:T3
    R1<TAB>TYPE Arg1:T1 Arg2:T2              A1<TAB>NAME T1 [VALUE]
    N1<TAB>TYPE T1 DB:ID<TAB>TEXT            #1<TAB>TYPE T1<TAB>NOTE
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .offsets import InterchangeError, checked_span

# The forms skies writes and reads. brat's equivalences (`*`) and pre-1.3 modifiers (M) have
# no meaning here.
_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "T": (re.compile(r"(\S+) (\d+) (\d+)\t(.*)"), "T1<TAB>TYPE START END<TAB>TEXT"),
    "E": (re.compile(r"([^\s:]+):(T\d+)((?: [^\s:]+:[TE]\d+)*)"), "E1<TAB>TYPE:T1 ROLE:T2 ..."),
    "R": (re.compile(r"(\S+) Arg1:(T\d+) Arg2:(T\d+)"), "R1<TAB>TYPE Arg1:T1 Arg2:T2"),
    "A": (re.compile(r"(\S+) ([TE]\d+)(?: (\S+))?"), "A1<TAB>NAME T1 [VALUE]"),
    "N": (re.compile(r"(\S+) ([TE]\d+) ([^\s:]+):(\S+)(?:\t.*)?"), "N1<TAB>TYPE T1 DB:ID<TAB>TEXT"),
    "#": (re.compile(r"(\S+) ([TERAN]\d+)\t(.*)"), "#1<TAB>TYPE T1<TAB>NOTE"),
}
_ID = re.compile(r"([TERAN#])[0-9]+")


@dataclass(frozen=True)
class Line:
    id: str
    at: str  # "FILE:LINE", for every message about it


@dataclass(frozen=True)
class TextBound(Line):
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class EventLine(Line):
    type: str
    trigger: str
    arguments: tuple[tuple[str, str], ...]  # (role as written, T id)


@dataclass(frozen=True)
class Relation(Line):
    type: str
    arg1: str
    arg2: str


@dataclass(frozen=True)
class Attribute(Line):
    name: str
    target: str
    value: str | None  # None: a binary attribute


@dataclass(frozen=True)
class Normalization(Line):
    type: str
    target: str
    db: str
    ref: str


@dataclass(frozen=True)
class Note(Line):
    type: str
    target: str
    text: str


@dataclass
class Standoff:
    """The annotations of one .ann file, by kind, in file order."""

    textbounds: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, EventLine] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    normalizations: list[Normalization] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def has(self, annotation_id: str) -> bool:
        return annotation_id in self.textbounds or annotation_id in self.events or any(
            line.id == annotation_id for line in self.relations)


def _textbound(ident: str, at: str, groups: tuple[str, ...], text: str) -> TextBound:
    kind, start, end, quoted = groups
    start_at, end_at = checked_span(text, int(start), int(end), quoted, f"{at} {ident}")
    return TextBound(ident, at, kind, start_at, end_at)


def _record(ident: str, at: str, groups: tuple[str, ...], text: str) -> Line:
    match ident[0]:
        case "T":
            return _textbound(ident, at, groups, text)
        case "E":
            arguments = tuple((role, target) for role, _, target in
                              (argument.partition(":") for argument in groups[2].split()))
            return EventLine(ident, at, groups[0], groups[1], arguments)
        case "R":
            return Relation(ident, at, *groups)
        case "A":
            return Attribute(ident, at, *groups)
        case "N":
            return Normalization(ident, at, *groups)
        case _:
            return Note(ident, at, *groups)


def parse_line(raw: str, at: str, text: str) -> Line:
    ident, tab, rest = raw.partition("\t")
    if not tab or not _ID.fullmatch(ident):
        raise InterchangeError(f"{at}: not a brat annotation line (an id such as T1, E1, R1, "
                               f"A1, N1 or #1, then a tab): {raw!r}")
    if ident[0] == "T" and ";" in rest.partition("\t")[0]:
        raise InterchangeError(f"{at} {ident}: a discontinuous span (START END;START END) is not "
                               "supported: skies spans are one stretch of text; split it into "
                               "separate annotations")
    form, shape = _FORMS[ident[0]]
    match = form.fullmatch(rest)
    if match is None:
        raise InterchangeError(f"{at} {ident}: malformed line, expected {shape}: {raw!r}")
    return _record(ident, at, match.groups(), text)


def _add(standoff: Standoff, record: Line) -> None:
    if isinstance(record, TextBound):
        standoff.textbounds[record.id] = record
    elif isinstance(record, EventLine):
        standoff.events[record.id] = record
    else:
        {Relation: standoff.relations, Attribute: standoff.attributes,
         Normalization: standoff.normalizations, Note: standoff.notes}[type(record)].append(record)


def read_standoff(path: Path, text: str) -> Standoff:
    """Every line of the .ann at `path`, checked against the document `text`."""
    try:
        content = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    standoff, seen = Standoff(), set()
    for number, raw in enumerate(content.split("\n"), 1):
        raw = raw.removesuffix("\r")  # an .ann saved on Windows
        if not raw.strip():
            continue
        record = parse_line(raw, f"{path}:{number}", text)
        if record.id in seen:
            raise InterchangeError(f"{record.at} {record.id}: the id is used twice in the file")
        seen.add(record.id)
        _add(standoff, record)
    return standoff
