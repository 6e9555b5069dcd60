"""brat standoff: one `ID.txt` (the published text, UTF-8) and one `ID.ann` per article, with
an annotation.conf and a tools.conf generated from schema/labels.py (brat_conf.py).

The format is brat's (brat.nlplab.org/standoff.html): offsets are code points into the .txt,
as brat (Python) counts them, end exclusive. The mapping:

- a mention is a T line typed by its entity's registry type, an N line `Reference T1 Skies:iraq`
  (the entity id; the entity's name after the tab is for the reader), an `A Kind T1 NOMINAL`
  line when the kind is not NAME and a binary `A Unreviewed T1` when it is unreviewed;
- an event is a T line typed by the event type (the trigger) and an E line `TYPE:T8 ACTOR:T2
  RECIPIENT:T3` whose arguments are mention T ids (a role's second argument is written ROLE2, as
  brat does), an `A Realis E1 ACTUAL` line, and an N line on the E for its source entity. The
  date has no place in brat: it is not carried (the file keeps it; a new event gets an unknown
  date). A source cannot be cleared from brat (the import refuses; edit the file);
- a stance is its first evidence span as a `Stance_evidence` T line carrying `A Stance_label`,
  `A Stance_target` and, when it has a holder, an N line `Reference T10 Skies:iraq`; each
  further evidence span is a `Stance_evidence` T tied to the first by `R More_evidence Arg1:T10
  Arg2:T11`, in evidence order;
- each mention, event and stance carries its skies id in a note on its T (the E for an event):
  `#1 AnnotatorNotes T1 skies-id m1`, so a re-import matches items by id and a round trip
  changes no byte. A T or E added in brat has no such note and becomes a new item with the next
  free id of its layer (m8, e3, s2), in file order. brat's numbering is free: T, E, ... are
  numbered in item order on export and are only references on import.

Refused on import, naming the file and line: a line that is not one of these forms, a T whose
text is not the .txt's text at its offsets, a .txt that is not the article's text, an unknown
type, role, attribute or value, an entity missing from the registry, a reference to a T or E
the file does not define, a discontinuous span (skies spans are one stretch of text), a note
other than a skies id, and anything left over that the mapping gives no meaning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sovereign_skies.schema.labels import MENTION_KIND

from ..read.corpus import is_safe_id
from .brat_conf import (
    DB,
    EVIDENCE,
    ID_NOTE,
    KIND,
    LABEL,
    MORE_EVIDENCE,
    NORM_FILE,
    NOTES,
    REALIS_ATTR,
    REFERENCE,
    TARGET,
    UNREVIEWED,
    annotation_conf,
    norm_db,
    tools_conf,
)
from .brat_items import annotated
from .brat_lines import read_standoff
from .document import Annotated, Event, Mention, Registry, Stance
from .offsets import InterchangeError, first_difference

NAME = MENTION_KIND.require("NAME")


class _Ann:
    """The lines of one .ann being written, numbering each kind of id in order."""

    def __init__(self, document: Annotated, registry: Registry) -> None:
        self.document, self.registry = document, registry
        self.lines: list[str] = []
        self.counts: Counter[str] = Counter()
        self.mentions: dict[str, str] = {}  # mention id -> its T id

    def add(self, kind: str, body: str) -> str:
        self.counts[kind] += 1
        ident = f"{kind}{self.counts[kind]}"
        self.lines.append(f"{ident}\t{body}")
        return ident

    def span(self, kind: str, start: int, end: int, item: str) -> str:
        quoted = self.document.text[start:end]
        if any(c in quoted for c in "\n\r"):
            raise InterchangeError(f"article {self.document.article_id} {item}: the span "
                                   f"{quoted!r} crosses a line break, which brat cannot hold in "
                                   "one span")
        return self.add("T", f"{kind} {start} {end}\t{quoted}")

    def reference(self, target: str, entity: str, item: str) -> None:
        record = self.registry.entities.get(entity)
        if record is None:
            raise InterchangeError(f"article {self.document.article_id} {item}: entity "
                                   f"{entity!r} is not in the registry")
        self.add("N", f"{REFERENCE} {target} {DB}:{entity}\t{record.name}")

    def note(self, target: str, local_id: str) -> None:
        self.add("#", f"{NOTES} {target}\t{ID_NOTE}{local_id}")


def _mention(ann: _Ann, mention: Mention) -> None:
    kind = ann.registry.type_of(mention.entity)
    if kind is None:
        raise InterchangeError(f"article {ann.document.article_id} mention {mention.id}: entity "
                               f"{mention.entity!r} is not in the registry")
    t = ann.mentions[mention.id] = ann.span(kind, mention.start, mention.end,
                                            f"mention {mention.id}")
    ann.reference(t, mention.entity, f"mention {mention.id}")
    if mention.kind != NAME:
        ann.add("A", f"{KIND} {t} {mention.kind}")
    if not mention.reviewed:
        ann.add("A", f"{UNREVIEWED} {t}")
    ann.note(t, mention.id)


def _arguments(ann: _Ann, event: Event) -> str:
    seen: Counter[str] = Counter()
    written = []
    for argument in event.arguments:
        target = ann.mentions.get(argument.mention)
        if target is None:
            raise InterchangeError(f"article {ann.document.article_id} event {event.id}: "
                                   f"argument mention {argument.mention!r} does not exist")
        seen[argument.role] += 1
        number = "" if seen[argument.role] == 1 else str(seen[argument.role])
        written.append(f" {argument.role}{number}:{target}")
    return "".join(written)


def _event(ann: _Ann, event: Event) -> None:
    t = ann.span(event.type, event.start, event.end, f"event {event.id} trigger")
    e = ann.add("E", f"{event.type}:{t}{_arguments(ann, event)}")
    ann.add("A", f"{REALIS_ATTR} {e} {event.realis}")
    if event.source is not None:
        ann.reference(e, event.source, f"event {event.id} source")
    ann.note(e, event.id)


def _stance(ann: _Ann, stance: Stance) -> None:
    if not stance.evidence:
        raise InterchangeError(f"article {ann.document.article_id} stance {stance.id}: no "
                               "evidence span, and brat holds a stance only on a span")
    (start, end), *further = stance.evidence
    first = ann.span(EVIDENCE, start, end, f"stance {stance.id} evidence 1")
    ann.add("A", f"{LABEL} {first} {stance.label}")
    ann.add("A", f"{TARGET} {first} {stance.target}")
    if stance.holder is not None:
        ann.reference(first, stance.holder, f"stance {stance.id} holder")
    ann.note(first, stance.id)
    for number, (start, end) in enumerate(further, 2):
        more = ann.span(EVIDENCE, start, end, f"stance {stance.id} evidence {number}")
        ann.add("R", f"{MORE_EVIDENCE} Arg1:{first} Arg2:{more}")


def ann_text(document: Annotated, registry: Registry) -> str:
    ann = _Ann(document, registry)
    for mention in document.mentions or []:
        _mention(ann, mention)
    for event in document.events or []:
        _event(ann, event)
    for stance in document.stances or []:
        _stance(ann, stance)
    return "".join(f"{line}\n" for line in ann.lines)


def export(documents: list[Annotated], registry: Registry, out: Path) -> list[Path]:
    files = {}
    for document in documents:
        files[f"{document.article_id}.txt"] = document.text
        files[f"{document.article_id}.ann"] = ann_text(document, registry)
    files |= {"annotation.conf": annotation_conf(), "tools.conf": tools_conf(),
              NORM_FILE: norm_db(registry)}
    written = []
    for name, content in files.items():
        path = out / name
        path.write_bytes(content.encode("utf-8"))  # bytes: the .txt keeps its exact line ends
        written.append(path)
    return written


def _ann_files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.glob("*.ann"))
        if not found:
            raise InterchangeError(f"{path}: no .ann file in this folder")
        return found
    if path.suffix != ".ann" or not path.is_file():
        raise InterchangeError(f"{path}: not a brat .ann file nor a folder of them")
    return [path]


def _document(ann: Path, current: Callable[[str], Annotated], registry: Registry) -> Annotated:
    article_id = ann.stem
    if not is_safe_id(article_id):
        raise InterchangeError(f"{ann}: {article_id!r} is not a safe article id; the file name "
                               "must be the article id")
    try:
        now = current(article_id)  # refuses an unsafe or unknown id
    except InterchangeError as exc:
        raise InterchangeError(f"{ann}: the file name names no article: {exc}") from None
    txt = ann.with_suffix(".txt")
    try:
        text = txt.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(f"{txt}: cannot be read as UTF-8 text ({exc})") from None
    if text != now.text:
        raise InterchangeError(f"{txt}: not the article's text (first difference at "
                               f"{first_difference(now.text, text)}); export again")
    return annotated(read_standoff(ann, text), article_id, text, now, registry)


def read(path: Path, current: Callable[[str], Annotated], registry: Registry) -> list[Annotated]:
    return [_document(ann, current, registry) for ann in _ann_files(path)]
