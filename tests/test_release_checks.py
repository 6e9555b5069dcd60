"""Release checks and the report: stale files, card mismatch, configs that do not load,
built rows mapped back to source lines, output formats and options."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import Repo
from typer.testing import CliRunner

from sovereign_skies.scripts.cli import app
from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.report_github import command
from sovereign_skies.scripts.validate import validate

runner = CliRunner()


def built(repo: Repo) -> Repo:
    result = runner.invoke(app, ["build", "--root", str(repo.root)])
    assert result.exit_code == 0, result.output
    return repo


def codes(repo: Repo) -> set[str]:
    return {f.code for f in validate(repo.layout, report=Report(ignore=("D105",))).faults}


def test_fresh_release_is_clean(tiny: Repo) -> None:
    assert codes(built(tiny)) == set()


def test_stale_file(tiny: Repo) -> None:
    built(tiny)
    tiny.edit(tiny.annotation, "label: AGAINST", "label: FAVOR")
    report = validate(tiny.layout, report=Report(ignore=("D105",)))
    stale = [f for f in report.faults if f.code == "B101"]
    assert {f.file for f in stale} >= {"dataset/data/stances/train-00000-of-00001.parquet",
                                      "dataset/data/documents/train-00000-of-00001.parquet"}


def test_card_edited_by_hand(tiny: Repo) -> None:
    built(tiny)
    tiny.edit(tiny.layout.card, "num_examples: 3", "num_examples: 4")
    # A wrong split size also makes load_dataset raise NonMatchingSplitsSizesError.
    found = validate(tiny.layout, report=Report(ignore=("D105",))).faults
    assert {f.code for f in found} == {"B101", "B103", "B104"}
    assert any("dataset_info mentions: splits" in f.message for f in found if f.code == "B103")


def test_config_that_does_not_load(tiny: Repo) -> None:
    built(tiny)
    tiny.edit(tiny.layout.card, "path: data/stances/train-00000-of-00001.parquet",
              "path: data/stances/missing.parquet")
    found = validate(tiny.layout, report=Report(ignore=("D105",))).faults
    assert {f.code for f in found} == {"B101", "B103", "B104"}
    assert any("'stances' does not load" in f.message for f in found if f.code == "B104")


def test_built_row_is_located_at_its_source_line(tiny: Repo) -> None:
    built(tiny)
    path = tiny.layout.parquet("events", "train")
    table = pq.read_table(path)
    column = table.schema.get_field_index("realis")
    pq.write_table(table.set_column(column, "realis", pa.array([42], pa.int64())), path)
    fault = next(f for f in validate(tiny.layout).faults if f.code == "T103")
    assert fault.table == "flat configs:events" and fault.row == "tiny-article/e1"
    assert (fault.file, fault.line) == ("dataset/annotations/tiny-article.yaml",
                                        tiny.line_of(tiny.annotation, "- id: e1"))
    assert fault.location == f"dataset/annotations/tiny-article.yaml:{fault.line}"


def invoke(repo: Repo, *args: str):
    return runner.invoke(app, ["validate", "--sources-only", "--root", str(repo.root), *args])


def broken(repo: Repo) -> Repo:
    repo.edit(repo.annotation, "quote: Baghdad}", "quote: Basra}")
    repo.edit(repo.annotation, "label: AGAINST", "label: OPPOSE")
    return repo


def test_json_schema(tiny: Repo) -> None:
    out = json.loads(invoke(broken(tiny), "--format", "json", "--ignore", "D105").stdout)
    assert set(out) == {"ok", "errors", "warnings", "counts", "suppressed", "faults"}
    assert out["counts"] == {"S107": 1, "T103": 1} and out["errors"] == 2
    assert set(out["faults"][0]) == {"code", "name", "severity", "message", "hint", "location",
                                     "file", "line", "column", "table", "row"}


def test_github_format_and_step_summary(tiny: Repo, tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(broken(tiny), "--format", "github", "--ignore", "D105")
    assert result.exit_code == 1
    line = tiny.line_of(tiny.annotation, "Basra")
    assert (f"::error file=dataset/annotations/tiny-article.yaml,line={line},"
            "title=S107 anchor-missing::quote 'Basra' not found in the text") in result.stdout
    assert "| S107 | anchor-missing | error | 1 |" in summary.read_text()


def test_github_escapes_newlines_and_separators() -> None:
    from sovereign_skies.scripts.faults import Fault
    fault = Fault("S101", "bad\nthing 100%", file="a,b:c.yaml", line=3)
    assert command(fault) == ("::error file=a%2Cb%3Ac.yaml,line=3,title=S101 yaml-syntax::"
                              "bad%0Athing 100%25")


def test_select_ignore_max_errors_and_warnings_as_errors(tiny: Repo) -> None:
    broken(tiny)
    selected = json.loads(invoke(tiny, "--format", "json", "--select", "S").stdout)
    assert selected["counts"] == {"S107": 1}
    ignored = json.loads(invoke(tiny, "--format", "json", "--ignore", "S107",
                                "--ignore", "D").stdout)
    assert ignored["counts"] == {"T103": 1}
    capped = json.loads(invoke(tiny, "--format", "json", "--max-errors", "1").stdout)
    assert len(capped["faults"]) == 1 and capped["errors"] + capped["warnings"] > 1
    clean = Repo(tiny.root)
    clean.edit(clean.annotation, "quote: Basra}", "quote: Baghdad}")
    clean.edit(clean.annotation, "label: OPPOSE", "label: AGAINST")
    assert invoke(clean).exit_code == 0  # D105 warnings only
    assert invoke(clean, "--warnings-as-errors").exit_code == 1


def test_file_arguments_limit_the_report(tiny: Repo) -> None:
    broken(tiny)
    only_registry = invoke(tiny, str(tiny.layout.entities), "--format", "json")
    assert json.loads(only_registry.stdout)["faults"] == []
    only_article = invoke(tiny, str(tiny.annotation), "--format", "json")
    assert json.loads(only_article.stdout)["counts"] == {"S107": 1, "T103": 1}


def test_million_failing_rows_stay_bounded() -> None:
    import polars as pl

    from sovereign_skies.scripts.checks import Locator, emit
    report = Report()
    rows = pl.DataFrame({"article_id": ["a"] * 1_000_000,
                         "mention_id": [f"m{i}" for i in range(1_000_000)]})
    emit(report, "R101", rows, "mentions", Locator(None), lambda r: "x")
    assert len(report.faults) == 1000 and report.suppressed["R101"] == 999_000
    assert report.error_count == 1_000_000
