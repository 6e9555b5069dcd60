"""Faults in source files: each is reported with its code, file and line, never a traceback."""

from __future__ import annotations

from conftest import Repo

from sovereign_skies.scripts.faults import Fault


def only(faults: list[Fault], code: str) -> Fault:
    matching = [f for f in faults if f.code == code]
    assert matching, f"no {code} in {[(f.code, f.message) for f in faults]}"
    return matching[0]


def test_the_tiny_corpus_is_clean(tiny: Repo) -> None:
    report = tiny.validate()
    assert report.faults == []
    from sovereign_skies.scripts.validate import validate
    assert {f.code for f in validate(tiny.layout, built=False).faults} == {"D105"}


def test_malformed_yaml_names_file_line_and_column(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "  - {id: m2, entity: iraq, quote: Baghdad}",
              "  - {id: m2, entity: iraq, quote: Baghdad")
    fault = only(tiny.validate().faults, "S101")
    assert fault.file == "dataset/annotations/tiny-article.yaml"
    assert fault.line is not None and fault.column is not None


def test_unknown_field_is_located(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Baghdad, colour: red}")
    fault = only(tiny.validate().faults, "S102")
    assert "colour" in fault.message
    assert fault.line == tiny.line_of(tiny.annotation, "colour")


def test_missing_field_is_reported(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "rights: Test text.\n", "")
    fault = only(tiny.validate().faults, "S102")
    assert "rights" in fault.message


def test_file_that_is_not_utf8(tiny: Repo) -> None:
    data = tiny.annotation.read_bytes().replace(b"Not named.", b"Not named \xe9.")
    tiny.annotation.write_bytes(data)
    fault = only(tiny.validate().faults, "S103")
    assert fault.line == tiny.line_of(tiny.annotation, "outlet_note")


def test_raw_file_changed_since_annotation(tiny: Repo) -> None:
    raw = tiny.root / "dataset" / "raw" / "tiny-article.txt"
    raw.write_text(raw.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    fault = only(tiny.validate().faults, "S105")
    assert fault.line == tiny.line_of(tiny.annotation, "raw_sha256")


def test_article_id_with_path_characters_is_refused(tiny: Repo) -> None:
    target = tiny.annotation.with_name("..-evil.yaml")
    tiny.annotation.rename(target)
    tiny.edit(target, "article_id: tiny-article", "article_id: ../evil")
    fault = only(tiny.validate().faults, "S106")
    assert "../evil" in fault.message


def test_entity_id_with_slash_is_located(tiny: Repo) -> None:
    registry = tiny.root / "dataset" / "entities.yaml"
    tiny.edit(registry, "{id: iran,", "{id: ir/an,")
    tiny.edit(tiny.annotation, "entity: iran,", "entity: ir/an,")
    faults = tiny.validate().faults
    bad = [f for f in faults if f.code == "T104" and "ir/an" in f.message]
    assert {(f.file, f.line) for f in bad} >= {
        ("dataset/entities.yaml", tiny.line_of(registry, "ir/an")),
        ("dataset/annotations/tiny-article.yaml", tiny.line_of(tiny.annotation, "ir/an")),
    }


def test_missing_anchor_names_file_and_line(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    fault = only(tiny.validate().faults, "S107")
    assert (fault.file, fault.line) == ("dataset/annotations/tiny-article.yaml",
                                        tiny.line_of(tiny.annotation, "Basra"))


def test_ambiguous_anchor_names_file_and_line(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1}", "quote: Iraq}")
    fault = only(tiny.validate().faults, "S108")
    assert "2 times" in fault.message
    assert fault.line == tiny.line_of(tiny.annotation, "quote: Iraq}")


def test_occurrence_beyond_the_count_is_missing(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1}", "quote: Iraq, occurrence: 3}")
    assert "2 occurrence(s)" in only(tiny.validate().faults, "S107").message


def test_cleaning_step_that_no_longer_applies(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "cleaning: []",
              "cleaning:\n  - {op: drop_line, text: Breadcrumb, why: nav}")
    fault = only(tiny.validate().faults, "S109")
    assert fault.line == tiny.line_of(tiny.annotation, "cleaning:")


def test_date_inconsistent_with_precision(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "precision: DAY", "precision: MONTH")
    fault = only(tiny.validate().faults, "S110")
    assert fault.line == tiny.line_of(tiny.annotation, "value: 2025-06-16")


def test_story_without_a_split(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "story_id: tiny-story", "story_id: other-story")
    fault = only(tiny.validate().faults, "R104")
    assert fault.line == tiny.line_of(tiny.annotation, "story_id")


def test_all_faults_are_collected_in_one_run(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    tiny.edit(tiny.annotation, "type: REJECT", "type: REJECTION")
    tiny.edit(tiny.annotation, "label: AGAINST", "label: OPPOSE")
    codes = [f.code for f in tiny.validate().faults]
    assert codes.count("S107") == 1 and codes.count("T103") == 2
