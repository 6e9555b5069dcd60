"""The `skies` command: exit codes, formats and messages (no tracebacks)."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import Repo
from typer.testing import CliRunner

from sovereign_skies.scripts.cli import app

runner = CliRunner()


def skies(repo: Repo, *args: str):
    return runner.invoke(app, [*args, "--root", str(repo.root)])


def test_help_explains_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate", "stats", "load", "text", "find"):
        assert command in result.stdout
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_clean_corpus_exits_zero(tiny: Repo) -> None:
    assert skies(tiny, "build").exit_code == 0
    assert skies(tiny, "build", "--check").exit_code == 0
    assert skies(tiny, "validate").exit_code == 0


def test_faults_exit_one_with_location_and_json(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    text = skies(tiny, "validate", "--sources-only")
    assert text.exit_code == 1
    assert "dataset/annotations/tiny-article.yaml:" in text.stdout
    assert "Traceback" not in text.output
    result = skies(tiny, "validate", "--format", "json", "--sources-only")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 1
    assert report["faults"][0]["code"] == "S107"
    assert report["faults"][0]["line"] == tiny.line_of(tiny.annotation, "Basra")


def test_build_refuses_and_exits_one_on_faults(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "type: REJECT", "type: REJECTED")
    result = skies(tiny, "build")
    assert result.exit_code == 1
    assert "T103" in result.stderr
    assert not tiny.layout.data.exists()


def test_bad_usage_exits_two(tiny: Repo, tmp_path_factory) -> None:
    assert runner.invoke(app, ["validate", "--format", "xml"]).exit_code == 2
    empty = tmp_path_factory.mktemp("empty")
    result = runner.invoke(app, ["validate", "--root", str(empty)])
    assert result.exit_code == 2 and "dataset/annotations" in result.stderr


def test_build_check_exits_one_when_stale(tiny: Repo) -> None:
    assert skies(tiny, "build").exit_code == 0
    tiny.edit(tiny.annotation, "label: AGAINST", "label: FAVOR")
    result = skies(tiny, "build", "--check")
    assert result.exit_code == 1 and "stances" in result.stderr


def test_truncated_parquet_is_reported_by_file(tiny: Repo) -> None:
    assert skies(tiny, "build").exit_code == 0
    path = tiny.layout.parquet("mentions", "train")
    path.write_bytes(path.read_bytes()[:100])
    result = skies(tiny, "validate", "--format", "json")
    assert result.exit_code == 1
    faults = json.loads(result.stdout)["faults"]
    assert {(f["code"], f["file"]) for f in faults} >= {
        ("B102", "dataset/data/mentions/train-00000-of-00001.parquet")}


def test_class_label_out_of_range_in_parquet_is_caught(tiny: Repo) -> None:
    assert skies(tiny, "build").exit_code == 0
    path = tiny.layout.parquet("stances", "train")
    table = pq.read_table(path)
    stances = table.column("label").to_pylist()
    table = table.set_column(table.schema.get_field_index("label"), "label",
                             pa.array([99] * len(stances), pa.int64()))
    pq.write_table(table, path)
    faults = json.loads(skies(tiny, "validate", "--format", "json").stdout)["faults"]
    labels = [f for f in faults if f["code"] == "T103"]
    assert labels and labels[0]["table"] == "flat configs:stances"
    assert labels[0]["row"] == "tiny-article/s1" and "'99'" in labels[0]["message"]


def test_find_and_text(tiny: Repo) -> None:
    result = skies(tiny, "find", "tiny-article", "Iraq")
    assert result.exit_code == 0 and "occurrence: 2" in result.stdout
    assert skies(tiny, "text", "tiny-article").stdout.startswith("Iran’s envoy")
    assert skies(tiny, "text", "../etc").exit_code == 2


def test_stats_counts_labels(tiny: Repo) -> None:
    result = skies(tiny, "stats", "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["rows"]["mentions"] == 3 and stats["event_types"] == {"REJECT": 1}


def test_unreadable_input_exits_two_with_the_file_named(tiny: Repo) -> None:
    tiny.layout.entities.unlink()
    (tiny.layout.annotations / "folder.yaml").mkdir()
    result = skies(tiny, "validate", "--sources-only", "--format", "json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    files = {f["file"] for f in json.loads(result.stdout)["faults"] if f["code"] == "S100"}
    assert files == {"dataset/entities.yaml", "dataset/annotations/folder.yaml"}
