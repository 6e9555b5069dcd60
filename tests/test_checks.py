"""Table, span and reference checks: a minimal failing example and the clean case each."""

from __future__ import annotations

import polars as pl
from conftest import Repo

from sovereign_skies.scripts.build import Tables, build_tables
from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.sources import load_corpus


def tables_of(repo: Repo) -> Tables:
    report = Report()
    tables = build_tables(load_corpus(repo.layout, report), report)
    assert report.faults == []
    return tables


def check(tables: Tables) -> list[tuple[str, str]]:
    report = Report(ignore=("D105",))
    run_checks(tables, Locator(None), report)
    return [(f.code, f.location) for f in report.faults]


def test_clean_tables_pass(tiny: Repo) -> None:
    assert check(tables_of(tiny)) == []


def test_unknown_label_is_located_at_its_line(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "realis: ACTUAL", "realis: REAL")
    faults = [f for f in tiny.validate().faults if f.code == "T103"]
    assert [(f.file, f.line) for f in faults] == [
        ("dataset/annotations/tiny-article.yaml", tiny.line_of(tiny.annotation, "- id: e1"))]
    assert "REAL" in faults[0].message


def test_span_whose_surface_does_not_match_the_text(tiny: Repo) -> None:
    tables = tables_of(tiny)
    tables.frames["mentions"] = tables["mentions"].with_columns(
        text=pl.when(pl.col("mention_id") == "m2").then(pl.lit("Basra"))
        .otherwise(pl.col("text")))
    assert check(tables) == [("P103", "mentions[tiny-article/m2]")]


def test_span_out_of_bounds_and_empty(tiny: Repo) -> None:
    tables = tables_of(tiny)
    tables.frames["mentions"] = tables["mentions"].with_columns(
        end=pl.when(pl.col("mention_id") == "m1").then(pl.lit(10_000, pl.Int32))
        .otherwise(pl.col("end")),
        start=pl.when(pl.col("mention_id") == "m2").then(pl.col("end"))
        .otherwise(pl.col("start")))
    assert sorted(check(tables)) == [("P101", "mentions[tiny-article/m1]"),
                                     ("P102", "mentions[tiny-article/m2]")]


def test_duplicate_key(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "{id: m2,", "{id: m1,")
    codes = [f.code for f in tiny.validate().faults]
    assert "T106" in codes


def test_negative_offset_is_out_of_range(tiny: Repo) -> None:
    tables = tables_of(tiny)
    tables.frames["stance_evidence"] = tables["stance_evidence"].with_columns(
        start=pl.lit(-1, pl.Int32))
    assert ("T105", "stance_evidence[tiny-article/s1/-1/60]") in check(tables)


def test_mention_of_an_entity_not_in_the_registry(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "entity: iraq, quote: Baghdad", "entity: syria, quote: Baghdad")
    fault = next(f for f in tiny.validate().faults if f.code == "R101")
    assert fault.line == tiny.line_of(tiny.annotation, "entity: syria")


def test_argument_naming_a_mention_that_does_not_exist(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "mention: m3}", "mention: m9}")
    fault = next(f for f in tiny.validate().faults if f.code == "R102")
    assert "m9" in fault.message and fault.line == tiny.line_of(tiny.annotation, "m9")


def test_unknown_stance_holder_and_event_source(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "holder: iraq", "holder: nobody")
    tiny.edit(tiny.annotation, "source: null", "source: someone")
    messages = [f.message for f in tiny.validate().faults if f.code == "R101"]
    assert len(messages) == 2
    assert any("nobody" in m for m in messages) and any("someone" in m for m in messages)
