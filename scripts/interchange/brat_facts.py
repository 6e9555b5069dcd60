"""What an .ann file says about its annotations (attributes, entity references, the notes that
hold skies ids), checked on reading, and the local ids the import gives its items."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from sovereign_skies.schema.columns import LOCAL_ID_PATTERN

from .brat_conf import DB, ID_NOTE, NOTES, REFERENCE, VALUES
from .brat_lines import Attribute, Line, Normalization, Note, Standoff
from .document import Annotated, Registry
from .offsets import InterchangeError

_LOCAL_ID = re.compile(LOCAL_ID_PATTERN)
_NUMBERED = re.compile(r"([a-z]+)([0-9]+)")
L = TypeVar("L", bound=Line)


class Facts:
    """The attributes, references (N) and notes (#) of a file by what they describe; each one
    read is marked used."""

    def __init__(self, standoff: Standoff, registry: Registry) -> None:
        self.attributes: dict[tuple[str, str], Attribute] = {}
        self.references: dict[str, Normalization] = {}
        self.notes: dict[str, Note] = {}
        self.used: set[str] = set()
        for line in standoff.attributes:
            _check_attribute(line)
            self._put(self.attributes, (line.target, line.name), line, standoff, line.name)
        for reference in standoff.normalizations:
            _check_reference(reference, registry)
            self._put(self.references, reference.target, reference, standoff, "a Reference")
        for note in standoff.notes:
            _check_note(note)
            self._put(self.notes, note.target, note, standoff, "a note")

    @staticmethod
    def _put(into: dict[Any, Any], key: object, line: Attribute | Normalization | Note,
             standoff: Standoff, what: str) -> None:
        if not standoff.has(line.target):
            raise InterchangeError(f"{line.at} {line.id}: refers to {line.target}, which no "
                                   "line of the file defines")
        if key in into:
            raise InterchangeError(f"{line.at} {line.id}: {line.target} already has {what} "
                                   f"({into[key].id}); keep one")
        into[key] = line

    def attribute(self, target: str, name: str) -> Attribute | None:
        return self._use(self.attributes.get((target, name)))

    def reference(self, target: str) -> str | None:
        line = self._use(self.references.get(target))
        return None if line is None else line.ref

    def note(self, target: str) -> Note | None:
        return self._use(self.notes.get(target))

    def _use(self, line: L | None) -> L | None:
        if line is not None:
            self.used.add(line.id)
        return line

    def unused(self) -> Iterable[Attribute | Normalization | Note]:
        lines = [*self.attributes.values(), *self.references.values(), *self.notes.values()]
        return (line for line in lines if line.id not in self.used)


def _check_attribute(line: Attribute) -> None:
    if line.name not in VALUES:
        raise InterchangeError(f"{line.at} {line.id}: unknown attribute {line.name!r} "
                               f"(annotation.conf defines {', '.join(VALUES)})")
    values = VALUES[line.name]
    if values is None and line.value is not None:
        raise InterchangeError(f"{line.at} {line.id}: {line.name} takes no value")
    if values is not None and line.value not in values:
        raise InterchangeError(f"{line.at} {line.id}: {line.value!r} is not a {line.name} "
                               f"(one of {', '.join(values)})")


def _check_reference(line: Normalization, registry: Registry) -> None:
    if line.type != REFERENCE or line.db != DB:
        raise InterchangeError(f"{line.at} {line.id}: only `{REFERENCE} ID {DB}:ENTITY` is "
                               f"understood, not {line.type} {line.db}:{line.ref}")
    if line.ref not in registry.entities:
        raise InterchangeError(f"{line.at} {line.id}: unknown entity {line.ref!r}: not in the "
                               "registry (add it with skies entity add first)")


def _check_note(line: Note) -> None:
    local = line.text.removeprefix(ID_NOTE)
    if line.type != NOTES or not line.text.startswith(ID_NOTE) or not _LOCAL_ID.fullmatch(local):
        raise InterchangeError(f"{line.at} {line.id}: a note skies cannot carry ({line.text!r}); "
                               f"notes hold only `{ID_NOTE}ID`: move the remark into the "
                               "annotation file as a comment and delete the note")


class Ids:
    """Local ids: the one a note gives, else the next free number of the layer's prefix (past
    every id of the annotation file and of the .ann), in file order."""

    def __init__(self, layers: dict[str, list[str]]) -> None:
        self.next: dict[str, int] = {}
        for prefix, ids in layers.items():
            numbers = [int(m[2]) for i in ids if (m := _NUMBERED.fullmatch(i)) and m[1] == prefix]
            self.next[prefix] = max(numbers, default=0) + 1
        self.given: dict[str, set[str]] = defaultdict(set)

    def of(self, note: Note | None, prefix: str) -> str:
        if note is None:
            fresh, self.next[prefix] = f"{prefix}{self.next[prefix]}", self.next[prefix] + 1
            return fresh
        local = note.text.removeprefix(ID_NOTE)
        if local in self.given[prefix]:
            raise InterchangeError(f"{note.at} {note.id}: {ID_NOTE}{local} is given to two "
                                   "annotations; delete the note of the copy")
        self.given[prefix].add(local)
        return local


def local_ids(standoff: Standoff, current: Annotated) -> Ids:
    noted = [note.text.removeprefix(ID_NOTE) for note in standoff.notes]
    return Ids({"m": [m.id for m in current.mentions or []] + noted,
                 "e": [e.id for e in current.events or []] + noted,
                 "s": [s.id for s in current.stances or []] + noted})
