"""doccano JSONL: mentions as `TYPE:entity-id` spans in UTF-16 code units, the label set
generated from the registry, a round trip that changes no byte, and every file that cannot be
converted refused by line and span, the annotation file left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, RAW, Repo, skies

INTERCHANGE_TEXT = (FIXTURES / "interchange-article.txt").read_text(encoding="utf-8")

# Counted by hand: the flag is 2 code points and 4 UTF-16 units, the rocket 1 and 2, so spans
# after the flag gain 2 units and spans after the rocket 3 (the plane 🛩️ gains 1 more).
INTERCHANGE_SPANS = [[5, 12, "GPE:iraq"], [15, 19, "GPE:iraq"], [79, 83, "GPE:iran"],
                     [92, 98, "GPE:israel"], [123, 133, "GPE:iraq"], [162, 166, "GPE:iraq"],
                     [189, 192, "GPE:iraq"]]
TINY_LINE = ('{"text": "Iran’s envoy said Baghdad met Tehran.\\nIraq rejected strikes. Iraq met '
             'Iran.\\n", "label": [[0, 4, "GPE:iran"], [18, 25, "GPE:iraq"], [38, 42, '
             '"GPE:iraq"]], "article_id": "tiny-article"}\n')


def _export(repo: Repo, out: Path, *articles: str) -> Path:
    result = skies("export", "doccano", *articles, "--out", out, root=repo.root)
    assert result.exit_code == 0, result.stderr
    return out / "doccano.jsonl"


def _line(text: str, spans: list[list[object]], article_id: str, **extra: object) -> str:
    return json.dumps({"text": text, "label": spans, "article_id": article_id, **extra},
                      ensure_ascii=False)


def test_export_writes_utf16_offsets_and_the_article_id(interchange: Repo,
                                                        tmp_path: Path) -> None:
    jsonl = _export(interchange, tmp_path / "out", "interchange-article", "tiny-article")
    first, second = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(first) == {"text": INTERCHANGE_TEXT, "label": INTERCHANGE_SPANS,
                                 "article_id": "interchange-article"}
    assert second == TINY_LINE


def test_export_writes_the_label_set_of_the_registry(interchange: Repo, tmp_path: Path) -> None:
    _export(interchange, tmp_path / "out", "tiny-article")
    config = json.loads((tmp_path / "out" / "doccano-labels.json").read_text(encoding="utf-8"))
    assert [label["text"] for label in config] == ["GPE:iran", "GPE:iraq", "GPE:israel"]
    assert set(config[0]) == {"text", "prefix_key", "suffix_key", "background_color",
                              "text_color"}
    assert config[0]["suffix_key"] is None
    assert all(len(label["background_color"]) == 7 for label in config)


def test_round_trip_keeps_every_byte_kinds_and_review_flags(interchange: Repo,
                                                            tmp_path: Path) -> None:
    interchange.edit(interchange.annotation, "quote: Baghdad}", "quote: Baghdad, reviewed: false}")
    folder = interchange.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    _export(interchange, tmp_path / "out", "interchange-article", "tiny-article")
    result = skies("import", "doccano", tmp_path / "out", root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("no change") == 2
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals


def test_import_relinks_adds_and_removes_by_span(tiny: Repo, tmp_path: Path) -> None:
    jsonl = tmp_path / "edited.jsonl"
    spans = [[0, 4, "GPE:iran"], [18, 25, "GPE:iran"], [70, 74, "GPE:iran"]]
    jsonl.write_text(_line(RAW, spans, "tiny-article", id=7, Comments=[]) + "\n",
                     encoding="utf-8")
    result = skies("import", "doccano", jsonl, root=tiny.root)
    assert result.exit_code == 0, result.stderr
    assert "added 1 mentions: m4" in result.stdout
    assert "changed 1 mentions: m2" in result.stdout
    assert "removed 1 mentions: m3" in result.stdout
    written = tiny.annotation.read_text(encoding="utf-8")
    assert "  - {id: m1, entity: iran, quote: Iran, occurrence: 1}\n" in written
    assert "  - {id: m2, entity: iran, quote: Baghdad}\n" in written
    assert "  - {id: m4, entity: iran, quote: Iran, occurrence: 2}\n" in written


def test_the_relation_form_is_read_too(tiny: Repo, tmp_path: Path) -> None:
    jsonl = tmp_path / "relations.jsonl"
    entities = [{"id": 1, "label": "GPE:iran", "start_offset": 0, "end_offset": 4},
                {"id": 2, "label": "GPE:iraq", "start_offset": 18, "end_offset": 25},
                {"id": 3, "label": "GPE:iraq", "start_offset": 38, "end_offset": 42}]
    jsonl.write_text(json.dumps({"id": 1, "text": RAW, "article_id": "tiny-article",
                                 "entities": entities, "relations": []}) + "\n",
                     encoding="utf-8")
    result = skies("import", "doccano", jsonl, root=tiny.root)
    assert result.exit_code == 0, result.stderr
    assert "tiny-article: no change" in result.stdout


def _refused(repo: Repo, tmp_path: Path, content: str, *expected: str) -> None:
    folder = repo.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text(content, encoding="utf-8")
    result = skies("import", "doccano", jsonl, root=repo.root)
    assert result.exit_code == 2, result.stdout
    for part in ("bad.jsonl", *expected):
        assert part in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals


def test_offsets_counted_in_code_points_past_an_emoji_are_refused(interchange: Repo,
                                                                  tmp_path: Path) -> None:
    # Iran is [76, 80) in code points; read as UTF-16 units those offsets hold "s. 🚀 I".
    line = _line(INTERCHANGE_TEXT, [[76, 80, "GPE:iran"]], "interchange-article")
    _refused(interchange, tmp_path, TINY_LINE + line + "\n", "line 2 span [76, 80, 'GPE:iran']",
             "cutting a word", "would hold 'Iran'", "look like code points")


def test_an_offset_inside_a_surrogate_pair_is_refused(interchange: Repo,
                                                      tmp_path: Path) -> None:
    # Baghdad is [3, 10) in code points; UTF-16 unit 3 is the middle of the flag's second half.
    line = _line(INTERCHANGE_TEXT, [[3, 10, "GPE:iraq"]], "interchange-article")
    _refused(interchange, tmp_path, line + "\n", "line 1 span [3, 10, 'GPE:iraq']",
             "UTF-16 offset 3 is not on a character boundary", "outside the BMP")


def test_a_malformed_json_line_is_refused(interchange: Repo, tmp_path: Path) -> None:
    _refused(interchange, tmp_path, TINY_LINE + '{"text": "Iraq", "label": [\n',
             "line 2: not valid JSON")


def test_a_line_without_article_id_is_refused(tiny: Repo, tmp_path: Path) -> None:
    line = json.dumps({"text": RAW, "label": [[0, 4, "GPE:iran"]]})
    _refused(tiny, tmp_path, "\n" + line + "\n", "line 2: no 'article_id'")


@pytest.mark.parametrize(("label", "hint"), [
    ("GPE:atlantis", "'atlantis' is not a registry id"),
    ("ORG:iraq", "the registry types iraq as GPE: use 'GPE:iraq'"),
    ("iraq", "unknown label 'iraq'"),
])
def test_an_unknown_label_is_refused(tiny: Repo, tmp_path: Path, label: str, hint: str) -> None:
    line = _line(RAW, [[0, 4, "GPE:iran"], [18, 25, label]], "tiny-article")
    _refused(tiny, tmp_path, line + "\n", f"line 1 span [18, 25, '{label}']", hint)


def test_another_text_or_a_bad_span_is_refused(tiny: Repo, tmp_path: Path) -> None:
    other = _line(RAW.replace("envoy", "envoi"), [], "tiny-article")
    _refused(tiny, tmp_path, other + "\n", "line 1: its text is not the text of article "
             "tiny-article (first difference at line 1, column 12)")
    beyond = _line(RAW, [[70, 99, "GPE:iran"]], "tiny-article")
    _refused(tiny, tmp_path, beyond + "\n", "line 1 span [70, 99, 'GPE:iran']",
             "not a span of the text (76 UTF-16 code units)")
    flag = _line(RAW, [[0, True, "GPE:iran"]], "tiny-article")
    _refused(tiny, tmp_path, flag + "\n", "line 1: span 1 is not [start, end, label]")


def test_relations_and_a_repeated_article_are_refused(tiny: Repo, tmp_path: Path) -> None:
    related = json.dumps({"text": RAW, "article_id": "tiny-article", "entities": [],
                          "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "x"}]})
    _refused(tiny, tmp_path, related + "\n", "line 1: 1 relation(s)")
    _refused(tiny, tmp_path, TINY_LINE + TINY_LINE, "line 2: article tiny-article is already "
             "on line 1")
    unsafe = _line(RAW, [], "../tiny-article")
    _refused(tiny, tmp_path, unsafe + "\n", "line 1: article_id '../tiny-article' is not a safe")
