"""Ordinary mistakes and hostile inputs: each is a fault with its code at the exact line and
column, never a crash, and nothing is read through a link or written outside the repository
(each code's own case is in test_check_codes.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import Repo, build, only, skies

from sovereign_skies.scripts.faults import Report
from sovereign_skies.scripts.validate import validate


def faults(repo: Repo) -> list:
    return validate(repo.layout, built=False, report=Report(ignore=("D105",))).faults


def column_of(repo: Repo, line: int, text: str) -> int:
    return repo.annotation.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


@pytest.mark.parametrize("date", ["2025-02-30", "2025-13-01", "0000-01-01"])
def test_an_impossible_calendar_date_is_a_date_fault_at_its_value(tiny: Repo, date: str) -> None:
    tiny.edit(tiny.annotation, "value: 2025-06-16", f"value: {date}")
    fault = only(faults(tiny), "S110")
    assert fault.line == tiny.line_of(tiny.annotation, date)
    assert fault.column == column_of(tiny, fault.line, date)


@pytest.mark.parametrize("tagged", ["!!int abc", "!!float x", "!!bool maybe",
                                    "!!timestamp 2025-02-30", "!!null x",
                                    "!!python/object:os.system x", "!custom x"])
def test_a_tag_its_value_cannot_hold_is_a_value_fault(tiny: Repo, tagged: str) -> None:
    tiny.edit(tiny.annotation, "rights: Test text.", f"rights: {tagged}")
    found = faults(tiny)
    fault = next(f for f in found if f.code == "S117")
    assert (fault.line, fault.column) == (tiny.line_of(tiny.annotation, "rights:"), 9)


def test_a_tag_on_a_mapping_is_refused(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "stances:\n", "stances: !!python/object:os.system\n")
    assert "S117" in {f.code for f in faults(tiny)}


def test_deep_nesting_is_a_limit_fault_not_a_recursion_error(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "rights: Test text.", "rights: " + "[" * 5000 + "]" * 5000)
    assert "S118" in {f.code for f in faults(tiny)}


def test_an_alias_bomb_is_a_limit_fault(tiny: Repo) -> None:
    bomb = "\n".join([
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        *(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]"
          for i in range(8)), ""])
    tiny.annotation.write_text(bomb, encoding="utf-8")
    fault = only(faults(tiny), "S118")
    assert "values (aliases included)" in fault.message


def test_a_lone_surrogate_escape_is_a_syntax_fault_at_its_place(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "rights: Test text.", 'rights: "Test \\ud800 text."')
    fault = only(faults(tiny), "S101")
    assert fault.line == tiny.line_of(tiny.annotation, "rights:") and fault.column is not None


def test_an_annotation_linked_to_a_device_is_not_read(tiny: Repo) -> None:
    tiny.annotation.unlink()
    tiny.annotation.symlink_to("/dev/zero")
    found = faults(tiny)
    assert only(found, "S120").file == "dataset/annotations/tiny-article.yaml"


def test_a_fifo_among_the_annotations_is_not_opened(tiny: Repo) -> None:
    os.mkfifo(tiny.layout.annotations / "pipe.yaml")
    assert only(faults(tiny), "S120").file == "dataset/annotations/pipe.yaml"


def test_a_raw_text_linked_to_a_host_file_is_never_published(tiny: Repo) -> None:
    raw = tiny.layout.raw_file("tiny-article")
    raw.unlink()
    raw.symlink_to("/etc/hostname")
    result = skies("build", root=tiny.root)
    assert result.exit_code == 1 and "S120" in result.stderr
    assert not tiny.layout.data.exists()


def test_a_data_folder_linked_elsewhere_is_neither_written_nor_emptied(tiny: Repo,
                                                                      tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.parquet").write_bytes(b"not the project's")
    tiny.layout.data.symlink_to(elsewhere, target_is_directory=True)
    result = skies("build", root=tiny.root)
    assert result.exit_code == 1 and "S120" in result.stderr
    assert [p.name for p in elsewhere.iterdir()] == ["precious.parquet"]


def test_a_card_linked_elsewhere_is_not_written_through(tiny: Repo, tmp_path: Path) -> None:
    target = tmp_path / "outside.md"
    target.write_text("mine", encoding="utf-8")
    tiny.layout.dataset.joinpath("README.md").symlink_to(target)
    assert skies("build", root=tiny.root).exit_code == 1
    assert target.read_text(encoding="utf-8") == "mine"


def test_the_build_removes_only_its_own_stale_files_and_says_so(tiny: Repo) -> None:
    build(tiny)
    stray = tiny.layout.data / "mentions" / "notes.parquet"
    stray.write_bytes(b"a contributor's file")
    own = tiny.layout.parquet("mentions", "test")  # a split this corpus no longer has
    shutil.copy(tiny.layout.parquet("mentions", "train"), own)
    temp = tiny.layout.data / "mentions" / ".train-00000-of-00001.parquet.x1y2.tmp"
    temp.write_bytes(b"half a file")
    result = skies("build", root=tiny.root)
    assert result.exit_code == 0
    assert not own.exists() and not temp.exists() and stray.exists()
    assert f"removed {tiny.layout.rel(own)}" in result.stdout
    assert f"removed {tiny.layout.rel(temp)}" in result.stdout


def test_a_stray_parquet_file_makes_the_release_stale(tiny: Repo) -> None:
    build(tiny)
    (tiny.layout.data / "mentions" / "notes.parquet").write_bytes(b"x")
    found = validate(tiny.layout, report=Report(select=("B101",))).faults
    assert [(f.file, f.message) for f in found] == [
        ("dataset/data/mentions/notes.parquet", "not produced by the build")]


def test_a_raw_text_without_annotation_is_named(tiny: Repo) -> None:
    (tiny.layout.raw / "forgotten.txt").write_text("Text.\n", encoding="utf-8")
    assert only(faults(tiny), "S119").file == "dataset/raw/forgotten.txt"


def test_a_backup_file_among_the_annotations_is_named(tiny: Repo) -> None:
    (tiny.layout.annotations / "tiny-article.yaml~").write_text("x", encoding="utf-8")
    assert only(faults(tiny), "S119").file == "dataset/annotations/tiny-article.yaml~"


def test_a_file_argument_that_does_not_exist_is_bad_usage(tiny: Repo) -> None:
    result = skies("validate", "--sources-only", tiny.layout.annotations / "nope.yaml",
                   root=tiny.root)
    assert result.exit_code == 2 and "no such file" in result.stderr


@pytest.mark.parametrize("reserved", ["con", "nul", "com1", "lpt9"])
def test_a_windows_reserved_article_id_is_refused(tiny: Repo, reserved: str) -> None:
    target = tiny.annotation.with_name(f"{reserved}.yaml")
    tiny.annotation.rename(target)
    tiny.edit(target, "article_id: tiny-article", f"article_id: {reserved}")
    assert only(faults(tiny), "S106").file == f"dataset/annotations/{reserved}.yaml"


def test_a_windows_reserved_entity_id_is_refused(tiny: Repo) -> None:
    tiny.edit(tiny.layout.entities, "{id: iran,", "{id: aux,")
    tiny.edit(tiny.annotation, "entity: iran,", "entity: aux,")
    assert {f.file for f in faults(tiny) if f.code == "T104"} == {
        "dataset/entities.yaml", "dataset/annotations/tiny-article.yaml"}


def test_an_unknown_entity_type_is_located_at_the_type(tiny: Repo) -> None:
    tiny.edit(tiny.layout.entities, "name: Iran, type: GPE", "name: Iran, type: COUNTRY")
    fault = only(faults(tiny), "T103")
    assert (fault.file, fault.line) == ("dataset/entities.yaml", 2)
    assert fault.column == tiny.layout.entities.read_text().splitlines()[1].index("COUNTRY") + 1


def test_an_unknown_holder_is_located_at_the_holder(tiny: Repo) -> None:
    tiny.edit(tiny.annotation, "holder: iraq", "holder: nobody")
    fault = only(faults(tiny), "R101")
    assert (fault.line, fault.column) == (tiny.line_of(tiny.annotation, "holder: nobody"), 13)


def test_an_internal_error_shows_the_traceback_only_with_debug(
        tiny: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("sovereign_skies.scripts.validate.check_sources", crash)
    plain = skies("validate", "--sources-only", root=tiny.root)
    assert plain.exit_code == 2 and "Traceback" not in plain.output
    assert "X100" in plain.stderr and "--debug" in plain.stderr
    debug = skies("--debug", "validate", "--sources-only", root=tiny.root)
    assert debug.exit_code == 2 and "Traceback" in debug.stderr


def test_an_internal_error_in_json_mode_is_still_json(tiny: Repo,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sovereign_skies.scripts.validate.check_sources",
                        lambda *a, **k: 1 / 0)
    result = skies("validate", "--sources-only", "--format", "json", root=tiny.root)
    assert json.loads(result.stdout)["faults"][0]["message"].startswith(
        "skies validate failed: ZeroDivisionError")
