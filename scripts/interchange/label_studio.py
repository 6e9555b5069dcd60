"""Label Studio: `label-studio/tasks.json` (one task per article, in Label Studio's JSON task
format) and `label-studio/config.xml` (the labeling config, label_studio_config); the import
reads Label Studio's JSON export of that project.

A task is `{"data": {"text", "article_id"}, "annotations": [{"result": [...]}],
"predictions": [...]}`. Its one annotation holds every current item, as regions whose ids
are the items' ids (mention `m1`, event trigger `e1`, stance evidence `s1-1`, `s1-2`) so that
relations can name them and the import matches them back: a `labels` result per region,
`choices` results sharing the region's id for its per-region choices, and `relation`
results. A mention `skies suggest` proposed carries the ticked review choice SUGGESTED; the
same mentions are also the task's `predictions` (pre-annotations), so Label Studio shows what
was suggested. Offsets are code points, as Label Studio stores them (`value.start`,
`value.end`, with `value.text`).

The import takes, of each task, the annotation most recently updated (`updated_at`, else
`created_at`, else the last listed) among those not cancelled (skipped); predictions and
drafts are not read. A task whose every annotation was cancelled, or that has none, is
refused, as is anything that does not convert (label_studio_regions, label_studio_items).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..read.corpus import is_safe_id
from .document import Annotated, Event, Mention, Registry, Stance
from .label_studio_config import (
    ARTICLE,
    ENTITY,
    EVIDENCE,
    EVIDENCE_LABEL,
    EVIDENCE_RELATION,
    HOLDER,
    KIND,
    MENTION,
    REALIS_CHOICE,
    REVIEW,
    STANCE_LABEL_CHOICE,
    STANCE_TARGET_CHOICE,
    SUGGESTED,
    TEXT,
    TRIGGER,
    config_xml,
)
from .label_studio_items import items
from .label_studio_regions import regions
from .offsets import InterchangeError, first_difference

FOLDER = "label-studio"
SUGGESTIONS = "skies suggest"  # the model_version of the predictions


def _result(region: str, control: str, kind: str, text: str, span: tuple[int, int],
            values: list[str]) -> dict[str, Any]:
    start, end = span
    return {"id": region, "from_name": control, "to_name": TEXT, "type": kind,
            "value": {"start": start, "end": end, "text": text[start:end], kind: values}}


def _region(region: str, control: str, label: str, text: str, span: tuple[int, int],
            choices: dict[str, list[str]]) -> list[dict[str, Any]]:
    """A region's labels result, then one result per per-region choice it has."""
    return [_result(region, control, "labels", text, span, [label]),
            *(_result(region, name, "choices", text, span, values)
              for name, values in choices.items() if values)]


def _relation(source: str, target: str, label: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right",
            "labels": [label]}


def _mention(mention: Mention, text: str, registry: Registry, where: str) -> list[dict[str, Any]]:
    entity_type = registry.type_of(mention.entity)
    if entity_type is None:
        raise InterchangeError(f"{where} mention {mention.id}: entity {mention.entity!r} is "
                               "not in the registry; fix it (skies check) before exporting")
    return _region(mention.id, MENTION, entity_type, text, (mention.start, mention.end), {
        ENTITY: [mention.entity], KIND: [mention.kind],
        REVIEW: [] if mention.reviewed else [SUGGESTED]})


def _event(event: Event, text: str, mentions: set[str], where: str) -> list[dict[str, Any]]:
    for argument in event.arguments:
        if argument.mention not in mentions:
            raise InterchangeError(f"{where} event {event.id}: its {argument.role} argument "
                                   f"is mention {argument.mention!r}, which does not exist; "
                                   "fix it (skies check) before exporting")
    return _region(event.id, TRIGGER, event.type, text, (event.start, event.end),
                   {REALIS_CHOICE: [event.realis]})


def _stance(stance: Stance, text: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for number, span in enumerate(stance.evidence, 1):
        choices = {STANCE_LABEL_CHOICE: [stance.label], STANCE_TARGET_CHOICE: [stance.target],
                   HOLDER: [stance.holder] if stance.holder else []} if number == 1 else {}
        results += _region(f"{stance.id}-{number}", EVIDENCE, EVIDENCE_LABEL, text, span,
                           choices)
    return results


def _relations(document: Annotated) -> list[dict[str, Any]]:
    arguments = [_relation(e.id, a.mention, a.role)
                 for e in document.events or [] for a in e.arguments]
    evidence = [_relation(f"{s.id}-{n}", f"{s.id}-1", EVIDENCE_RELATION)
                for s in document.stances or [] for n in range(2, len(s.evidence) + 1)]
    return arguments + evidence


def _task(document: Annotated, registry: Registry) -> dict[str, Any]:
    where, text = f"article {document.article_id}", document.text
    mentions = document.mentions or []
    result = [r for m in mentions for r in _mention(m, text, registry, where)]
    result += [r for e in document.events or []
               for r in _event(e, text, {m.id for m in mentions}, where)]
    result += [r for s in document.stances or [] for r in _stance(s, text)]
    regions_seen = [r["id"] for r in result if r["type"] == "labels"]
    if len(set(regions_seen)) != len(regions_seen):
        repeated = sorted({i for i in regions_seen if regions_seen.count(i) > 1})
        raise InterchangeError(f"{where}: ids {', '.join(repeated)} are used by two items; "
                               "Label Studio needs one id per region")
    task: dict[str, Any] = {"data": {TEXT: text, ARTICLE: document.article_id},
                            "annotations": [{"result": result + _relations(document)}]}
    suggested = [r for m in mentions if not m.reviewed
                 for r in _mention(m, text, registry, where)]
    if suggested:
        task["predictions"] = [{"model_version": SUGGESTIONS, "result": suggested}]
    return task


def export(documents: list[Annotated], registry: Registry, out: Path) -> list[Path]:
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tasks = [_task(document, registry) for document in documents]
    written = [folder / "tasks.json", folder / "config.xml"]
    written[0].write_text(json.dumps(tasks, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    written[1].write_text(config_xml(registry), encoding="utf-8")
    return written


def _load(path: Path) -> list[Any]:
    try:
        tasks = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise InterchangeError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"{path.name}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"{path.name}: not JSON (line {exc.lineno}, column "
                               f"{exc.colno}: {exc.msg})") from None
    if not isinstance(tasks, list) or not tasks:
        raise InterchangeError(f"{path.name}: not a Label Studio JSON export (a list of "
                               "tasks); export the project as JSON")
    return tasks


def _article(task: Any, where: str, current: Callable[[str], Annotated]) -> Annotated:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get(TEXT), str):
        raise InterchangeError(f"{where}: no data.{TEXT}; export the project as JSON (not "
                               "JSON-MIN or CSV)")
    article_id = data.get(ARTICLE)
    if not isinstance(article_id, str) or not is_safe_id(article_id):
        raise InterchangeError(f"{where}: data.{ARTICLE} {article_id!r} is not a safe article "
                               "id; import only tasks exported by skies")
    try:
        article = current(article_id)
    except InterchangeError as exc:
        raise InterchangeError(f"{where} (article {article_id}): {exc}") from None
    if data[TEXT] != article.text:
        raise InterchangeError(
            f"{where} (article {article_id}): data.{TEXT} is not the article's text (first "
            f"difference at {first_difference(article.text, data[TEXT])}); export again")
    return article


def _annotation(task: dict[str, Any], where: str) -> list[Any]:
    """The result of the most recently updated annotation not cancelled."""
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        raise InterchangeError(f"{where}: 'annotations' is not a list of annotations")
    kept = [(str(a.get("updated_at") or a.get("created_at") or ""), n, a)
            for n, a in enumerate(annotations) if not a.get("was_cancelled")]
    if not kept:
        state = "every annotation was cancelled (skipped)" if annotations else "no annotation"
        raise InterchangeError(f"{where}: {state}; submit one in Label Studio, or leave the "
                               "task out of the export")
    result = max(kept, key=lambda k: k[:2])[2].get("result")
    if not isinstance(result, list):
        raise InterchangeError(f"{where}: the annotation has no 'result' list")
    return result


def read(path: Path, current: Callable[[str], Annotated], registry: Registry) -> list[Annotated]:
    documents: dict[str, Annotated] = {}
    for number, task in enumerate(_load(path), 1):
        where = f"{path.name}: task {number}"
        article = _article(task, where, current)
        where = f"{where} (article {article.article_id})"
        if article.article_id in documents:
            raise InterchangeError(f"{where}: a second task for this article; keep one")
        found, relations = regions(_annotation(task, where), article.text, registry, where)
        mentions, events, stances = items(found, relations, article, registry, where)
        documents[article.article_id] = Annotated(article.article_id, article.text, mentions,
                                                  events, stances)
    return list(documents.values())
