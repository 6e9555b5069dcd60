"""The synthetic corpus: valid by construction, and faults of every family when asked."""

from __future__ import annotations

from pathlib import Path

from conftest import skies

from sovereign_skies.scripts.checks import Locator, run_checks
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.synth.faults import inject_faults
from sovereign_skies.scripts.synth.generate import (
    ARGUMENTS_PER_EVENT,
    EVENTS_PER_ARTICLE,
    MENTIONS_PER_ARTICLE,
    synth_tables,
)


def test_densities() -> None:
    tables = synth_tables(40)
    assert tables["mentions"].height == 40 * MENTIONS_PER_ARTICLE
    assert tables["events"].height == 40 * EVENTS_PER_ARTICLE
    assert tables["event_arguments"].height <= 40 * EVENTS_PER_ARTICLE * ARGUMENTS_PER_EVENT


def test_a_synthetic_corpus_is_valid() -> None:
    report = Report(ignore=("D105",))
    run_checks(synth_tables(40), Locator(None), report)
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


def test_cli_writes_one_annotation_file_per_article(tmp_path: Path) -> None:
    result = skies("synth", "12", tmp_path / "corpus")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "corpus" / "dataset" / "annotations").glob("*.yaml"))) == 12


def test_written_sources_validate_and_build(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    skies("synth", "12", target)
    assert skies("validate", "--sources-only", "--ignore", "D105", root=target).exit_code == 0
    assert skies("build", root=target).exit_code == 0


def test_cli_refuses_an_existing_folder(tmp_path: Path) -> None:
    again = skies("synth", "3", tmp_path)
    assert again.exit_code == 2 and "exists" in again.stderr


def test_cli_faulty_corpus_fails_validation(tmp_path: Path) -> None:
    target = tmp_path / "faulty"
    assert skies("synth", "20", target, "--faults", "0.1").exit_code == 0
    assert skies("validate", "--sources-only", root=target).exit_code == 1
