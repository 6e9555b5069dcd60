"""The checks over tables, beyond each code's own case (test_check_codes.py): the clean case,
located rows, pandera's failures mapped by reason code, and batched validation."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import Repo
from pandera.errors import SchemaErrorReason as Reason

from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.checks import tables as table_module
from sovereign_skies.scripts.checks.run import check_sources
from sovereign_skies.scripts.checks.tables import code_of
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.synth.faults import inject_faults
from sovereign_skies.scripts.synth.generate import synth_tables
from sovereign_skies.scripts.tables import CheckTables


def tables_of(repo: Repo) -> CheckTables:
    tables, report = check_sources(repo.layout, Report(ignore=("D105",)))
    assert report.faults == []
    return tables


def check(tables: CheckTables) -> list[tuple[str, str]]:
    report = Report(ignore=("D105",))
    run_checks(tables, Locator(None), report)
    return [(f.code, f.location) for f in report.faults]


def test_clean_tables_pass(tiny: Repo) -> None:
    assert check(tables_of(tiny)) == []


def test_without_a_layout_a_row_is_located_by_its_key(tiny: Repo) -> None:
    tables = tables_of(tiny)
    tables.frames["stance_evidence"] = tables["stance_evidence"].with_columns(
        start=pl.lit(-1, pl.Int32))
    assert ("T105", "stance_evidence[tiny-article/s1/-1/60]") in check(tables)


@pytest.mark.parametrize(("reason", "check_name", "code"), [
    (Reason.DATAFRAME_CHECK, "isin", "T103"),
    (Reason.DATAFRAME_CHECK, "str_matches", "T104"),
    (Reason.DATAFRAME_CHECK, "notin", "T104"),
    (Reason.DATAFRAME_CHECK, "greater_than_or_equal_to", "T105"),
    (Reason.WRONG_DATATYPE, None, "T101"),
    (Reason.SERIES_CONTAINS_NULLS, None, "T102"),
    (Reason.DUPLICATES, None, "T106"),
    (Reason.COLUMN_NOT_IN_DATAFRAME, None, "T107"),
    (Reason.COLUMN_NOT_IN_SCHEMA, None, "T107"),
    (Reason.CHECK_ERROR, "isin", "T199"),
    (Reason.DATAFRAME_CHECK, "a_check_pandera_adds_later", "T199"),
])
def test_pandera_failures_map_by_reason_code_and_check_name(reason, check_name, code) -> None:
    assert code_of(reason, check_name).code == code


def test_row_batches_report_what_one_pass_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = inject_faults(synth_tables(120), 0.05)
    tables.frames["mentions"] = pl.concat([tables["mentions"], tables["mentions"].head(3)])

    def faults(batch: int) -> list[tuple]:
        monkeypatch.setattr(table_module, "ROW_BATCH", batch)
        report = Report()
        table_module.table_checks(tables, Locator(None), report)
        return sorted((f.code, f.location, f.message) for f in report.faults)

    whole, batched = faults(10**9), faults(500)
    assert whole == batched
    assert sum(code == "T106" for code, _, _ in whole) == 6  # 3 keys, each row reported
