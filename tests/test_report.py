"""The report: its bounds, its JSON schema and GitHub rendering, and the options that shape it
(--select, --ignore, --max-errors, --warnings-as-errors, file arguments)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.checks import Locator, emit
from sovereign_skies.scripts.faults import Fault, Report, SourceLocation
from sovereign_skies.scripts.faults.codes import UNKNOWN_ENTITY
from sovereign_skies.scripts.faults.render import github_command


def validate_json(repo: Repo, *args: str | Path) -> dict:
    result = skies("validate", "--sources-only", "--format", "json", *args, root=repo.root)
    return json.loads(result.stdout)


@pytest.fixture
def broken(tiny: Repo) -> Repo:
    """`tiny` with a missing anchor (S107) and an unknown stance label (T103)."""
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    tiny.edit(tiny.annotation, "label: AGAINST", "label: OPPOSE")
    return tiny


def test_json_schema(broken: Repo) -> None:
    out = validate_json(broken, "--ignore", "D105")
    assert set(out) == {"ok", "errors", "warnings", "counts", "suppressed", "faults"}
    assert out["counts"] == {"S107": 1, "T103": 1} and out["errors"] == 2
    assert set(out["faults"][0]) == {"code", "name", "severity", "message", "hint", "location",
                                     "file", "line", "column", "table", "row"}


def test_github_format_annotates_the_line(broken: Repo) -> None:
    result = skies("validate", "--sources-only", "--format", "github", "--ignore", "D105",
                   root=broken.root)
    assert result.exit_code == 1
    line = broken.line_of(broken.annotation, "Basra")
    column = broken.annotation.read_text().splitlines()[line - 1].index("Basra") + 1
    assert (f"::error file=dataset/annotations/tiny-article.yaml,line={line},col={column},"
            "title=S107 anchor-missing::quote 'Basra' not found in the text") in result.stdout


def test_github_format_writes_the_step_summary(broken: Repo, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    skies("validate", "--sources-only", "--format", "github", "--ignore", "D105",
          root=broken.root)
    assert "| S107 | anchor-missing | error | 1 |" in summary.read_text()


def test_github_escapes_newlines_and_separators() -> None:
    fault = Fault("S101", "bad\nthing 100%", SourceLocation("a,b:c.yaml", 3))
    assert github_command(fault) == ("::error file=a%2Cb%3Ac.yaml,line=3,title=S101 "
                                     "yaml-syntax::bad%0Athing 100%25")


def test_select_keeps_only_the_selected_family(broken: Repo) -> None:
    assert validate_json(broken, "--select", "S")["counts"] == {"S107": 1}


def test_ignore_drops_codes_and_families(broken: Repo) -> None:
    out = validate_json(broken, "--ignore", "S107", "--ignore", "D")
    assert out["counts"] == {"T103": 1}


def test_max_errors_lists_fewer_but_counts_all(broken: Repo) -> None:
    out = validate_json(broken, "--max-errors", "1")
    assert len(out["faults"]) == 1 and out["errors"] + out["warnings"] > 1


def test_warnings_alone_exit_zero(tiny: Repo) -> None:
    assert skies("validate", "--sources-only", root=tiny.root).exit_code == 0  # D105 only


def test_warnings_as_errors_exit_one(tiny: Repo) -> None:
    result = skies("validate", "--sources-only", "--warnings-as-errors", root=tiny.root)
    assert result.exit_code == 1


def test_a_registry_argument_keeps_only_registry_faults(broken: Repo) -> None:
    assert validate_json(broken, broken.layout.entities)["faults"] == []


def test_an_annotation_argument_keeps_its_faults(broken: Repo) -> None:
    assert validate_json(broken, broken.annotation)["counts"] == {"S107": 1, "T103": 1}


def test_million_failing_rows_stay_bounded() -> None:
    report = Report()
    rows = pl.DataFrame({"article_id": ["a"] * 1_000_000,
                         "mention_id": [f"m{i}" for i in range(1_000_000)]})
    emit(report, UNKNOWN_ENTITY, rows, "mentions", Locator(None), lambda r: "x")
    assert len(report.faults) == 1000 and report.suppressed["R101"] == 999_000
    assert report.error_count == 1_000_000
