"""Reading and resolving the sources: what a contributor sees beyond a fault's code and line
(each code's own case, with its line, is in test_check_codes.py)."""

from __future__ import annotations

from conftest import Repo, only

from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.validate import validate


def test_the_tiny_corpus_has_no_fault(tiny: Repo) -> None:
    assert tiny.validate().faults == []


def test_the_tiny_corpus_misses_labels_in_its_split(tiny: Repo) -> None:
    report = validate(tiny.layout, built=False)
    assert {f.code for f in report.faults} == {"D105"}


def test_malformed_yaml_gives_the_column_too(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "  - {id: m2, entity: iraq, quote: Baghdad}",
              "  - {id: m2, entity: iraq, quote: Baghdad")
    assert only(tiny.validate().faults, "S101").column == 5


def test_unknown_field_is_named(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Baghdad, colour: red}")
    assert "mentions.1.colour" in only(tiny.validate().faults, "S102").message


def test_missing_field_is_named(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "rights: Test text.\n", "")
    assert "rights" in only(tiny.validate().faults, "S102").message


def test_article_id_with_path_characters_is_named(tiny: Repo) -> None:
    target = tiny.annotation.with_name("..-evil.yaml")
    tiny.annotation.rename(target)
    tiny.edit(target, "article_id: tiny-article", "article_id: ../evil")
    assert "'../evil' is not a safe id" in only(tiny.validate().faults, "S106").message


def test_unsafe_entity_id_is_located_in_the_registry_and_where_it_is_used(tiny: Repo) -> None:
    registry = tiny.layout.entities
    tiny.edit(registry, "{id: iran,", "{id: ir/an,")
    tiny.edit(tiny.annotation, "entity: iran,", "entity: ir/an,")
    bad = [f for f in tiny.validate().faults if f.code == "T104"]
    assert {(f.file, f.line) for f in bad} == {
        ("dataset/entities.yaml", tiny.line_of(registry, "ir/an")),
        ("dataset/annotations/tiny-article.yaml", tiny.line_of(tiny.annotation, "ir/an")),
    }


def test_ambiguous_anchor_says_how_often_the_quote_occurs(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1}", "quote: Iraq}")
    assert "occurs 2 times" in only(tiny.validate().faults, "S108").message


def test_occurrence_beyond_the_count_is_missing(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Iraq, occurrence: 1}", "quote: Iraq, occurrence: 3}")
    assert "2 occurrence(s)" in only(tiny.validate().faults, "S107").message


def test_cleaning_fault_names_the_step(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "cleaning: []",
              "cleaning:\n  - {op: drop_line, text: Breadcrumb, why: nav}")
    message = only(tiny.validate().faults, "S109").message
    assert message == "step 1 (drop_line): no line to drop equals 'Breadcrumb'"


def test_date_fault_names_the_precision(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "precision: DAY", "precision: MONTH")
    assert "does not have MONTH precision" in only(tiny.validate().faults, "S110").message


def test_all_faults_are_collected_in_one_run(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    tiny.edit(tiny.annotation, "type: REJECT", "type: REJECTION")
    tiny.edit(tiny.annotation, "label: AGAINST", "label: OPPOSE")
    codes = [f.code for f in tiny.validate().faults]
    # An unknown event type allows no role, so its argument is flagged too (M103).
    assert sorted(codes) == ["M103", "S107", "T103", "T103"]


def test_unknown_label_message_names_the_value(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    assert "'REAL'" in only(tiny.validate().faults, "T103").message


def test_unknown_stance_holder_and_event_source_are_both_reported(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "holder: iraq", "holder: nobody")
    tiny.edit(tiny.annotation, "source: null", "source: someone")
    messages = sorted(f.message for f in tiny.validate().faults if f.code == "R101")
    assert messages == ["holder entity 'nobody' does not exist",
                        "source entity 'someone' does not exist"]


def test_d105_names_the_split_and_the_missing_labels(tiny: Repo) -> None:
    report = validate(tiny.layout, built=False, report=Report(select=("D105",)))
    messages = " ".join(f.message for f in report.faults)
    assert "split 'train' has no event_type STRIKE" in messages
    assert "REJECT," not in messages
