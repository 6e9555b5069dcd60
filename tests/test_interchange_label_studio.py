"""Label Studio: the labeling config generated from the vocabularies, tasks whose regions are
code-point spans named by item id, and the import of Label Studio's JSON export, edits made
there included; anything that does not convert is refused with the file left alone."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Repo, skies

from sovereign_skies.schema.labels import (
    ARGUMENT_ROLE,
    ENTITY_TYPE,
    EVENT_TYPE,
    MENTION_KIND,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)

ARTICLE = "interchange-article"
REGISTRY_IDS = ["iran", "iraq", "israel"]  # the `interchange` fixture's registry
Task = dict[str, Any]


def _export(repo: Repo, tmp_path: Path) -> Path:
    out = tmp_path / "exported"
    result = skies("export", "label-studio", ARTICLE, "tiny-article", "--out", out,
                   root=repo.root)
    assert result.exit_code == 0, result.stderr
    return out / "label-studio"


def _tasks(folder: Path) -> list[Task]:
    return json.loads((folder / "tasks.json").read_text(encoding="utf-8"))


def _save(folder: Path, tasks: list[Task]) -> Path:
    path = folder / "export.json"  # as Label Studio's Export > JSON would name it
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def _result(tasks: list[Task], article: str = ARTICLE) -> list[dict[str, Any]]:
    task = next(t for t in tasks if t["data"]["article_id"] == article)
    return task["annotations"][0]["result"]


def _of(result: list[dict[str, Any]], region: str, control: str) -> dict[str, Any]:
    return next(r for r in result if r.get("id") == region and r["from_name"] == control)


def _files(repo: Repo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in repo.layout.annotations.glob("*.yaml")}


def _span(region: str, control: str, kind: str, start: int, end: int, text: str,
          values: list[str]) -> dict[str, Any]:
    """A result as Label Studio writes it (labelstud.io/guide/predictions, text spans)."""
    return {"id": region, "from_name": control, "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, "text": text, kind: values}}


def _relation(source: str, target: str, label: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": target, "type": "relation", "direction": "right",
            "labels": [label]}


def test_config_is_well_formed_and_lists_the_vocabularies(interchange: Repo,
                                                          tmp_path: Path) -> None:
    root = ET.fromstring((_export(interchange, tmp_path) / "config.xml").read_text("utf-8"))
    assert root.tag == "View"
    assert root.find("Text").attrib == {"name": "text", "value": "$text"}
    labels = {c.get("name"): [label.get("value") for label in c]
              for c in root.iter("Labels")}
    assert labels == {"mention": ENTITY_TYPE.names, "trigger": EVENT_TYPE.names,
                      "evidence": ["EVIDENCE"]}
    assert all(c.get("toName") == "text" for c in root.iter("Labels"))
    choices = {c.get("name"): [choice.get("value") for choice in c.iter("Choice")]
               for c in root.iter("Choices")}
    assert choices == {"entity": REGISTRY_IDS, "kind": MENTION_KIND.names,
                       "review": ["SUGGESTED"], "realis": REALIS.names,
                       "stance_label": STANCE_LABEL.names,
                       "stance_target": STANCE_TARGET.names, "holder": REGISTRY_IDS}
    assert {c.get("perRegion") for c in root.iter("Choices")} == {"true"}
    relations = [r.get("value") for r in root.find("Relations")]
    assert relations == [*ARGUMENT_ROLE.names, "EVIDENCE"]
    # The panel of each kind of region shows only while one of its labels is selected.
    panels = {v.get("whenLabelValue") for v in root.iter("View") if v.get("visibleWhen")}
    assert panels == {",".join(ENTITY_TYPE.names), ",".join(EVENT_TYPE.names), "EVIDENCE"}


def test_export_writes_code_point_regions_named_by_item_id(interchange: Repo,
                                                           tmp_path: Path) -> None:
    tasks = _tasks(_export(interchange, tmp_path))
    assert [t["data"]["article_id"] for t in tasks] == [ARTICLE, "tiny-article"]
    result = _result(tasks)
    # After the flag (two code points, four UTF-16 units) and a space.
    assert _of(result, "m1", "mention") == _span("m1", "mention", "labels", 3, 10, "Baghdad",
                                                 ["GPE"])
    assert _of(result, "m1", "entity") == _span("m1", "entity", "choices", 3, 10, "Baghdad",
                                                ["iraq"])
    # After the rocket too: UTF-16 would say 79.
    assert _of(result, "m3", "mention")["value"] == {"start": 76, "end": 80, "text": "Iran",
                                                     "labels": ["GPE"]}
    assert _of(result, "m5", "kind")["value"]["choices"] == ["NOMINAL"]
    assert _of(result, "e2", "realis")["value"]["choices"] == ["ACTUAL"]
    assert _of(result, "s1-2", "evidence")["value"] == {
        "start": 194, "end": 211, "text": "is not a corridor", "labels": ["EVIDENCE"]}
    relations = [r for r in result if r["type"] == "relation"]
    assert relations == [_relation("e1", "m2", "ACTOR"), _relation("e2", "m3", "ACTOR"),
                         _relation("e2", "m4", "RECIPIENT"),
                         _relation("s1-2", "s1-1", "EVIDENCE")]
    assert not any(r.get("from_name") == "review" for r in result)
    assert "predictions" not in tasks[0]


def test_an_unreviewed_mention_is_a_suggestion_and_survives_the_round_trip(
        interchange: Repo, tmp_path: Path) -> None:
    path = interchange.annotation.parent / f"{ARTICLE}.yaml"
    interchange.edit(path, "kind: NOMINAL}", "kind: NOMINAL, reviewed: false}")
    interchange.edit(path, "holder: iraq", "holder: null")
    originals = _files(interchange)
    folder = _export(interchange, tmp_path)
    tasks = _tasks(folder)
    review = _span("m5", "review", "choices", 120, 130, "government", ["SUGGESTED"])
    assert review in _result(tasks)
    assert [r["id"] for r in tasks[0]["predictions"][0]["result"]] == ["m5"] * 4
    assert not any(r.get("from_name") == "holder" for r in _result(tasks))
    imported = skies("import", "label-studio", folder / "tasks.json", root=interchange.root)
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.count("no change") == 2
    assert _files(interchange) == originals


def test_edits_made_in_label_studio_are_imported(interchange: Repo, tmp_path: Path) -> None:
    folder = _export(interchange, tmp_path)
    tasks = _tasks(folder)
    result = _result(tasks)
    _of(result, "e1", "trigger")["value"]["labels"] = ["ACCUSE"]  # a label changed
    _of(result, "m5", "kind")["value"]["choices"] = ["PRONOUN"]
    result[:] = [r for r in result if r.get("id") != "m7"]  # a region deleted
    result += [  # a region drawn in Label Studio (a random id), related to an event
        _span("Xk3_pQ9zLm", "mention", "labels", 134, 141, "Baghdad", ["GPE"]),
        _span("Xk3_pQ9zLm", "entity", "choices", 134, 141, "Baghdad", ["iraq"]),
        _relation("Xk3_pQ9zLm", "e2", "PLACE"),  # drawn from the mention: either way works
        _span("b7_Yq0TnWe", "evidence", "labels", 159, 168, "Iraq said", ["EVIDENCE"]),
        _relation("b7_Yq0TnWe", "s1-1", "EVIDENCE"),
    ]
    imported = skies("import", "label-studio", _save(folder, tasks), root=interchange.root)
    assert imported.exit_code == 0, imported.stderr
    assert f"{ARTICLE}: changed: removed 1 mentions: m7" in imported.stdout
    assert f"{ARTICLE}: changed: added 1 mentions: m8" in imported.stdout
    assert "tiny-article: no change" in imported.stdout
    written = (interchange.annotation.parent / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    mentions = written.split("events:")[0]
    assert "  - {id: m8, entity: iraq, quote: Baghdad, occurrence: 2}\n" in mentions
    assert "  - {id: m5, entity: iraq, quote: government, kind: PRONOUN}\n" in mentions
    assert "m7" not in mentions
    assert "  - id: e1\n    type: ACCUSE\n" in written
    assert ("      - {role: RECIPIENT, mention: m4}\n      - {role: PLACE, mention: m8}\n"
            in written)
    assert "      - quote: is not a corridor\n      - {quote: Iraq said}\n" in written
    assert "# the state, rule M3" in written  # an untouched item keeps its comment


def test_an_event_and_a_stance_drawn_in_label_studio_get_fresh_ids(interchange: Repo,
                                                                   tmp_path: Path) -> None:
    folder = _export(interchange, tmp_path)
    tasks = _tasks(folder)
    _result(tasks).extend([
        _span("Ev_1aB", "trigger", "labels", 159, 168, "Iraq said", ["REJECT"]),
        _span("Ev_1aB", "realis", "choices", 159, 168, "Iraq said", ["ACTUAL"]),
        _relation("Ev_1aB", "m6", "ACTOR"),
        _span("St_9zY", "evidence", "labels", 194, 211, "is not a corridor", ["EVIDENCE"]),
        _span("St_9zY", "stance_label", "choices", 194, 211, "is not a corridor", ["FAVOR"]),
        _span("St_9zY", "stance_target", "choices", 194, 211, "is not a corridor",
              ["IRAQI_SOVEREIGNTY"]),
    ])
    imported = skies("import", "label-studio", _save(folder, tasks), root=interchange.root)
    assert imported.exit_code == 0, imported.stderr
    assert f"{ARTICLE}: changed: added 1 events: e3" in imported.stdout
    assert f"{ARTICLE}: changed: added 1 stances: s2" in imported.stdout
    written = (interchange.annotation.parent / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    assert "  - id: e3\n    type: REJECT\n    trigger: {quote: Iraq said}\n" in written
    assert "      - {role: ACTOR, mention: m6}\n" in written
    assert "imported from Label Studio" in written  # a new event's date is to annotate
    assert ("  - id: s2\n    holder: null\n    target: IRAQI_SOVEREIGNTY\n    label: FAVOR\n"
            "    evidence:\n      - {quote: is not a corridor}\n") in written


def test_the_most_recent_annotation_not_cancelled_is_taken(interchange: Repo,
                                                           tmp_path: Path) -> None:
    folder = _export(interchange, tmp_path)
    tasks = _tasks(folder)
    task = tasks[0]
    original = task["annotations"][0]
    edited, cancelled = json.loads(json.dumps(original)), json.loads(json.dumps(original))
    _of(edited["result"], "e1", "realis")["value"]["choices"] = ["GENERIC"]
    _of(cancelled["result"], "e1", "realis")["value"]["choices"] = ["NEGATED"]
    task["annotations"] = [
        {**original, "updated_at": "2025-06-01T10:00:00.000000Z", "was_cancelled": False},
        {**edited, "updated_at": "2025-06-02T10:00:00.000000Z", "was_cancelled": False},
        {**cancelled, "updated_at": "2025-06-03T10:00:00.000000Z", "was_cancelled": True},
    ]
    imported = skies("import", "label-studio", _save(folder, tasks), root=interchange.root)
    assert imported.exit_code == 0, imported.stderr
    assert f"{ARTICLE}: changed: changed 1 events: e1" in imported.stdout
    written = (interchange.annotation.parent / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    assert "realis: GENERIC" in written and "NEGATED" not in written


def _shift(tasks: list[Task]) -> None:
    # UTF-16 offsets, as an old Label Studio wrote them: "Iran" at 79 instead of 76.
    for result in _result(tasks):
        if result.get("id") == "m3":
            result["value"].update(start=79, end=83)


def _retext(tasks: list[Task]) -> None:
    tasks[0]["data"]["text"] = tasks[0]["data"]["text"].replace("Monday", "Sunday")


def _cancel(tasks: list[Task]) -> None:
    tasks[0]["annotations"][0]["was_cancelled"] = True


def _unknown_label(tasks: list[Task]) -> None:
    _of(_result(tasks), "m4", "mention")["value"]["labels"] = ["COUNTRY"]


def _dangling(tasks: list[Task]) -> None:
    _result(tasks).append(_relation("e1", "Zz9_missing", "RECIPIENT"))


def _no_entity(tasks: list[Task]) -> None:
    _result(tasks).remove(_of(_result(tasks), "m4", "entity"))


def _wrong_type(tasks: list[Task]) -> None:
    _of(_result(tasks), "m4", "mention")["value"]["labels"] = ["ORG"]


def _unknown_entity(tasks: list[Task]) -> None:
    _of(_result(tasks), "m4", "entity")["value"]["choices"] = ["atlantis"]


def _no_realis(tasks: list[Task]) -> None:
    _result(tasks).remove(_of(_result(tasks), "e2", "realis"))


def _realis_on_mention(tasks: list[Task]) -> None:
    _result(tasks).append(_span("m4", "realis", "choices", 89, 95, "Israel", ["ACTUAL"]))


def _unknown_control(tasks: list[Task]) -> None:
    _result(tasks).append(_span("m4", "comment", "textarea", 89, 95, "Israel", ["ok"]))


def _lone_evidence(tasks: list[Task]) -> None:
    _result(tasks).append(_span("q1_Rt5", "evidence", "labels", 159, 168, "Iraq said",
                                ["EVIDENCE"]))


def _argument_between_mentions(tasks: list[Task]) -> None:
    _result(tasks).append(_relation("m1", "m2", "ACTOR"))


def _twice(tasks: list[Task]) -> None:
    tasks.append(json.loads(json.dumps(tasks[0])))


def _unsafe_id(tasks: list[Task]) -> None:
    tasks[0]["data"]["article_id"] = "../interchange-article"


BAD: dict[str, tuple[Callable[[list[Task]], None], str]] = {
    "utf-16 offsets": (_shift, r"task 1 \(article interchange-article\) region m3: span "
                       r"\[79, 83\) holds .* but the tool says 'Iran'"),
    "another text": (_retext, r"task 1 \(article interchange-article\): data.text is not the "
                     r"article's text \(first difference at line 1, column 31\)"),
    "cancelled": (_cancel, r"task 1 \(article interchange-article\): every annotation was "
                  r"cancelled"),
    "unknown label": (_unknown_label, r"region m4: unknown mention label 'COUNTRY'"),
    "dangling relation": (_dangling, r"relation e1 → Zz9_missing: there is no region "
                          r"Zz9_missing"),
    "no entity": (_no_entity, r"region m4 \('Israel'\): a mention with no entity"),
    "wrong type": (_wrong_type, r"region m4 \('Israel'\): labelled ORG but entity israel is "
                   r"a GPE"),
    "unknown entity": (_unknown_entity, r"region m4: unknown entity choice 'atlantis'"),
    "no realis": (_no_realis, r"region e2 \('accused'\): an event with no realis"),
    "realis on a mention": (_realis_on_mention, r"region m4: a mention region with a realis "
                            r"choice"),
    "unknown control": (_unknown_control, r"region m4: unknown control 'comment'"),
    "lone evidence": (_lone_evidence, r"evidence regions q1_Rt5 \('Iraq said'\) have no "
                      r"stance label"),
    "argument between mentions": (_argument_between_mentions, r"relation m1 → m2 \(ACTOR\): "
                                  r"an argument links an event trigger and a mention"),
    "two tasks": (_twice, r"task 3 \(article interchange-article\): a second task"),
    "unsafe id": (_unsafe_id, r"task 1: data.article_id '../interchange-article' is not a "
                  r"safe article id"),
}


@pytest.mark.parametrize("case", BAD)
def test_an_export_that_does_not_convert_is_refused(interchange: Repo, tmp_path: Path,
                                                    case: str) -> None:
    folder = _export(interchange, tmp_path)
    originals = _files(interchange)
    tasks = _tasks(folder)
    edit, message = BAD[case]
    edit(tasks)
    imported = skies("import", "label-studio", _save(folder, tasks), root=interchange.root)
    assert imported.exit_code == 2, imported.stdout
    assert imported.stderr.startswith("error: export.json: "), imported.stderr
    assert re.search(message, imported.stderr), imported.stderr
    assert _files(interchange) == originals


@pytest.mark.parametrize(("content", "message"), [
    (b"[{\"data\": ", "export.json: not JSON (line 1"),
    ("[]".encode("utf-16"), "export.json: not UTF-8"),
    (b"[{\"id\": 1, \"text\": \"Iraq\", \"label\": []}]", "task 1: no data.text; export the "
     "project as JSON (not JSON-MIN or CSV)"),
    (b"{\"data\": {}}", "export.json: not a Label Studio JSON export"),
])
def test_a_file_that_is_not_a_json_export_is_refused(interchange: Repo, tmp_path: Path,
                                                     content: bytes, message: str) -> None:
    originals = _files(interchange)
    path = tmp_path / "export.json"
    path.write_bytes(content)
    imported = skies("import", "label-studio", path, root=interchange.root)
    assert imported.exit_code == 2 and message in imported.stderr, imported.stderr
    assert _files(interchange) == originals
