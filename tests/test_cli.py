"""The `skies` command: help for every registered command, exit codes, formats and messages
(never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.cli import app

COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands]


def test_every_command_is_registered() -> None:
    assert set(COMMANDS) == {"build", "validate", "check", "add", "anchor", "reanchor",
                             "suggest", "show", "stats", "agreement", "load", "synth", "text",
                             "find", "export", "import", "score", "baselines",
                             "hydrate", "release", "publish"}


def test_main_help_lists_every_command() -> None:
    result = skies("--help")
    assert result.exit_code == 0
    assert all(name in result.stdout for name in COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_explains_itself_with_an_example(name: str) -> None:
    result = skies(name, "--help")
    assert result.exit_code == 0
    assert "Example: skies" in result.stdout


def test_clean_corpus_builds(tiny: Repo) -> None:
    assert skies("build", root=tiny.root).exit_code == 0


def test_fresh_build_passes_its_check(tiny: Repo) -> None:
    skies("build", root=tiny.root)
    assert skies("build", "--check", root=tiny.root).exit_code == 0


def test_fresh_build_validates(tiny: Repo) -> None:
    skies("build", root=tiny.root)
    assert skies("validate", root=tiny.root).exit_code == 0


def test_faults_exit_one_with_the_location_and_no_traceback(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "quote: Baghdad}", "quote: Basra}")
    result = skies("validate", "--sources-only", root=tiny.root)
    assert result.exit_code == 1
    line = tiny.line_of(tiny.annotation, "Basra")
    assert f"dataset/annotations/tiny-article.yaml:{line}" in result.stdout
    assert "Traceback" not in result.output


def test_build_refuses_and_exits_one_on_faults(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "type: REJECT", "type: REJECTED")
    result = skies("build", root=tiny.root)
    assert result.exit_code == 1 and "T103" in result.stderr
    assert not tiny.layout.data.exists()


def test_unknown_format_is_bad_usage() -> None:
    assert skies("validate", "--format", "xml").exit_code == 2


def test_a_folder_without_dataset_is_bad_usage(tmp_path: Path) -> None:
    result = skies("validate", root=tmp_path)
    assert result.exit_code == 2 and "dataset/annotations" in result.stderr


def test_build_check_exits_one_when_stale(tiny: Repo) -> None:
    skies("build", root=tiny.root)
    tiny.edit(tiny.annotation, "label: AGAINST", "label: FAVOR")
    result = skies("build", "--check", root=tiny.root)
    assert result.exit_code == 1
    assert ("stale: dataset/data/stances/train-00000-of-00001.parquet: differs from a fresh "
            "build") in result.stderr


def test_find_gives_the_occurrence_to_write(tiny: Repo) -> None:
    result = skies("find", "tiny-article", "Iraq", root=tiny.root)
    assert result.exit_code == 0
    assert "2. line 2 col 24 offsets [61, 65) occurrence: 2" in result.stdout


def test_text_prints_the_published_text(tiny: Repo) -> None:
    assert skies("text", "tiny-article", root=tiny.root).stdout.startswith("Iran’s envoy")


def test_text_refuses_an_unsafe_id(tiny: Repo) -> None:
    result = skies("text", "../etc", root=tiny.root)
    assert result.exit_code == 2 and "not a safe article id" in result.stderr


def test_stats_counts_labels(tiny: Repo) -> None:
    result = skies("stats", "--format", "json", root=tiny.root)
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["rows"]["mentions"] == 3 and stats["event_types"] == {"REJECT": 1}
    assert stats["mention_types"] == {"GPE": 3}


def test_unreadable_input_exits_two_with_the_file_named(tiny: Repo) -> None:
    tiny.layout.entities.unlink()
    (tiny.layout.annotations / "folder.yaml").mkdir()
    result = skies("validate", "--sources-only", "--format", "json", root=tiny.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    files = {f["file"] for f in json.loads(result.stdout)["faults"] if f["code"] == "S100"}
    assert files == {"dataset/entities.yaml", "dataset/annotations/folder.yaml"}
