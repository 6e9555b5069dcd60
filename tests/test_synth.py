"""The synthetic corpus: valid by construction, and faults of every family when asked."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.cli import app
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.synth import (
    ARGUMENTS_PER_EVENT,
    EVENTS_PER_ARTICLE,
    MENTIONS_PER_ARTICLE,
    inject_faults,
    synth_tables,
)

runner = CliRunner()


def test_densities_and_validity() -> None:
    tables = synth_tables(40)
    assert tables["mentions"].height == 40 * MENTIONS_PER_ARTICLE
    assert tables["events"].height == 40 * EVENTS_PER_ARTICLE
    assert tables["event_arguments"].height <= 40 * EVENTS_PER_ARTICLE * ARGUMENTS_PER_EVENT
    report = Report(ignore=("D105",))
    run_checks(tables, Locator(None), report)
    assert report.faults == []


def test_same_seed_same_corpus() -> None:
    a, b = synth_tables(5, seed=3), synth_tables(5, seed=3)
    assert all(a[name].equals(b[name]) for name in a.frames)
    assert not synth_tables(5, seed=4)["articles"]["text"].equals(a["articles"]["text"])


def test_injected_faults_reach_every_family() -> None:
    report = Report()
    run_checks(inject_faults(synth_tables(60), 0.05), Locator(None), report)
    families = {code[0] for code in report.counts() if code != "D105"}
    assert families >= {"T", "P", "R", "M"}
    assert {"T103", "T104", "T105", "P103", "R101", "R102", "M101", "M103"} <= set(
        report.counts())


def test_cli_writes_sources_that_build_and_validate(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    result = runner.invoke(app, ["synth", "12", str(target)])
    assert result.exit_code == 0, result.output
    assert len(list((target / "dataset" / "annotations").glob("*.yaml"))) == 12
    root = ["--root", str(target)]
    assert runner.invoke(app, ["validate", "--sources-only", "--ignore", "D105", *root]
                         ).exit_code == 0
    assert runner.invoke(app, ["build", *root]).exit_code == 0
    again = runner.invoke(app, ["synth", "3", str(target)])
    assert again.exit_code == 2 and "exists" in again.stderr


def test_cli_faulty_corpus_fails_validation(tmp_path: Path) -> None:
    target = tmp_path / "faulty"
    assert runner.invoke(app, ["synth", "20", str(target), "--faults", "0.1"]).exit_code == 0
    result = runner.invoke(app, ["validate", "--sources-only", "--root", str(target)])
    assert result.exit_code == 1


def test_row_batches_report_what_one_pass_reports(monkeypatch) -> None:
    import polars as pl

    from sovereign_skies.scripts.checks import tables as table_module

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
