"""doccano JSONL for a sequence-labeling project: entity mentions, offsets in UTF-16 units.

`export` writes `doccano.jsonl`, one article a line, in the form doccano imports (JSONL, with
its default columns `text` and `label`): {"text": ..., "label": [[start, end, "GPE:iraq"],
...], "article_id": ...}. doccano keeps keys it does not know as the example's metadata and
writes them back on export, which is how the article id comes home. Beside it,
`doccano-labels.json` is the project's label set (see doccano_labels). `read` takes that
JSONL (or the folder holding it) as doccano exports it: the `label` form, or the relation form
with `entities` [{id, label, start_offset, end_offset}] and `relations`. Only mentions are
carried: events and stances are left as they are, so a file with relations is refused rather
than losing them.

Offsets are UTF-16 code units, as doccano's browser counts them (doccano issue #2290; keep the
project option "count grapheme clusters as one character" off). doccano has no span text, so
a file whose offsets were counted in code points cannot be refused by text alone. What is
refused: an offset inside a surrogate pair; and, after a character outside the BMP (where the
two units differ), a span that cuts a word or starts or ends with a space when read as
UTF-16 but not when read as code points. Not detected: a wrong-unit span that happens to
land on word edges either way. The exported text travels in the file and must come back
unchanged, so a file for another version of the text is refused outright.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..read.corpus import is_safe_id
from .doccano_labels import LABELS_FILE, label_config, label_of, labels, unknown_label
from .document import Annotated, Registry
from .mention_spans import Span, mentions_from_spans
from .offsets import InterchangeError, Utf16Offsets, checked_span, first_difference

JSONL_FILE = "doccano.jsonl"
ARTICLE_KEY = "article_id"

Raw = tuple[int, int, str]  # a doccano span: UTF-16 start, end, label


def _label(article_id: str, mention_id: str, entity: str, registry: Registry) -> str:
    entity_type = registry.type_of(entity)
    if entity_type is None:
        raise InterchangeError(f"article {article_id} mention {mention_id}: entity {entity!r} "
                               "is not in the registry; fix it (skies check) before exporting")
    return label_of(entity, entity_type)


def _line(document: Annotated, registry: Registry) -> str:
    units = Utf16Offsets(document.text)
    spans = [[units.to_utf16(m.start), units.to_utf16(m.end),
              _label(document.article_id, m.id, m.entity, registry)]
             for m in sorted(document.mentions or [], key=lambda m: (m.start, m.end, m.id))]
    return json.dumps({"text": document.text, "label": spans, ARTICLE_KEY: document.article_id},
                      ensure_ascii=False)


def export(documents: list[Annotated], registry: Registry, out: Path) -> list[Path]:
    jsonl, config = out / JSONL_FILE, out / LABELS_FILE
    jsonl.write_text("".join(_line(d, registry) + "\n" for d in documents), encoding="utf-8")
    config.write_text(json.dumps(label_config(registry), indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    return [jsonl, config]


def _source(path: Path) -> Path:
    """The JSONL file: `path` itself, or the one .jsonl file of the folder `path`."""
    if path.is_dir():
        found = sorted(path.glob("*.jsonl"))
        if len(found) != 1:
            raise InterchangeError(f"{path}: a folder to import from doccano must hold exactly "
                                   f"one .jsonl file; it holds {len(found)}")
        return found[0]
    if not path.is_file():
        raise InterchangeError(f"{path} does not exist")
    return path


def _lines(source: Path) -> list[tuple[int, str]]:
    data = source.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(f"{source} line {line}: not UTF-8 ({exc.reason})") from None
    lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not lines:
        raise InterchangeError(f"{source} holds no article")
    return lines


def _record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") \
            from None
    if not isinstance(record, dict):
        raise InterchangeError(f"{where}: not a JSON object")
    return record


def _article_id(record: dict[str, Any], where: str) -> str:
    article_id = record.get(ARTICLE_KEY)
    if article_id is None:
        raise InterchangeError(f"{where}: no {ARTICLE_KEY!r}: skies writes the article id "
                               "there on export and doccano keeps it as metadata; put it back")
    if not isinstance(article_id, str) or not is_safe_id(article_id):
        raise InterchangeError(f"{where}: {ARTICLE_KEY} {article_id!r} is not a safe article id")
    return article_id


def _is_offset(value: Any) -> bool:
    return type(value) is int  # not a bool, which JSON `true` would pass as an int


_SHAPES = {"label": "[start, end, label]", "entities": "{start_offset, end_offset, label}"}


def _as_raw(item: Any, key: str) -> Raw | None:
    if key == "entities":
        values = ([item.get(k) for k in ("start_offset", "end_offset", "label")]
                  if isinstance(item, dict) else None)
    else:
        values = item if isinstance(item, list) and len(item) == 3 else None
    if values is None or not (_is_offset(values[0]) and _is_offset(values[1])
                              and isinstance(values[2], str)):
        return None
    return values[0], values[1], values[2]


def _raw_spans(record: dict[str, Any], where: str) -> list[Raw]:
    if record.get("relations"):
        raise InterchangeError(f"{where}: {len(record['relations'])} relation(s): skies imports "
                               "only mentions from doccano; remove the relations first")
    key = next((k for k in _SHAPES if k in record), None)
    if key is None or not isinstance(record[key], list):
        raise InterchangeError(f"{where}: no 'label' (or 'entities') list of spans")
    spans = []
    for number, item in enumerate(record[key], 1):
        raw = _as_raw(item, key)
        if raw is None:
            raise InterchangeError(f"{where}: span {number} is not {_SHAPES[key]}: "
                                   f"{json.dumps(item, ensure_ascii=False)[:80]}")
        spans.append(raw)
    return spans


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts or ends inside a word or with a space, as a mention
    seldom does (used only to tell the two offset units apart)."""
    span = text[start:end]
    if not span or span[0].isspace() or span[-1].isspace():
        return True
    return ((start > 0 and text[start - 1].isalnum() and text[start].isalnum())
            or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum()))


def _span(text: str, units: Utf16Offsets, raw: Raw, item: str) -> tuple[int, int]:
    first, last, _ = raw
    length = units.to_utf16(len(text))
    if not 0 <= first < last <= length:
        raise InterchangeError(f"{item}: not a span of the text ({length} UTF-16 code units)")
    try:
        start, end = units.to_code_points(first), units.to_code_points(last)
    except ValueError as exc:
        raise InterchangeError(f"{item}: {exc}: it falls inside a character outside the BMP "
                               "(an emoji, a flag); doccano offsets are UTF-16 code units, were "
                               "these counted in code points?") from None
    if (start, end) != (first, last) and _cuts_a_word(text, start, end) \
            and last <= len(text) and not _cuts_a_word(text, first, last):
        raise InterchangeError(
            f"{item}: read as UTF-16 code units (doccano's unit) the span holds "
            f"{text[start:end]!r}, cutting a word; read as code points it would hold "
            f"{text[first:last]!r}: the offsets look like code points; convert them to UTF-16 "
            "code units or export from skies again")
    return checked_span(text, start, end, None, item)


def _document(record: dict[str, Any], where: str, current: Callable[[str], Annotated],
              registry: Registry) -> Annotated:
    article_id = _article_id(record, where)
    try:
        now = current(article_id)
    except InterchangeError as exc:
        raise InterchangeError(f"{where}: {exc}") from None
    if record.get("text") != now.text:
        theirs = record.get("text")
        at = first_difference(now.text, theirs) if isinstance(theirs, str) else "its start"
        raise InterchangeError(f"{where}: its text is not the text of article {article_id} "
                               f"(first difference at {at}); export again")
    units, known = Utf16Offsets(now.text), labels(registry)
    spans = []
    for raw in _raw_spans(record, where):
        item = f"{where} span {list(raw)}"
        if raw[2] not in known:
            raise InterchangeError(f"{item}: {unknown_label(raw[2], registry)}")
        spans.append(Span(*_span(now.text, units, raw, item), known[raw[2]]))
    return Annotated(article_id, now.text, mentions_from_spans(spans, now.mentions))


def read(path: Path, current: Callable[[str], Annotated], registry: Registry) -> list[Annotated]:
    source = _source(path)
    documents: dict[str, tuple[int, Annotated]] = {}
    for number, line in _lines(source):
        where = f"{source} line {number}"
        document = _document(_record(line, where), where, current, registry)
        if document.article_id in documents:
            raise InterchangeError(f"{where}: article {document.article_id} is already on line "
                                   f"{documents[document.article_id][0]}")
        documents[document.article_id] = (number, document)
    return [document for _, document in documents.values()]
