"""`skies release --check`: a version that understates the change since the last recorded
release is refused; the rule (major / minor / patch) case by case."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Repo, build, skies

from sovereign_skies.scripts.publish.card_metadata import version
from sovereign_skies.scripts.publish.versions import Bump, changes, signature

VERSION = version()


@pytest.fixture
def released(tiny: Repo) -> Repo:
    """The tiny corpus built, with a changelog entry for the version."""
    (tiny.root / "cards" / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## {VERSION} (unreleased)\n\nFirst.\n", encoding="utf-8")
    return build(tiny)


def _recorded_as(repo: Repo, name: str, edit=None) -> None:
    """The current build recorded as release `name`, edited by `edit` first."""
    data = signature(repo.layout)
    if edit is not None:
        edit(data)
    path = repo.root / "cards" / "releases" / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_first_release_needs_only_its_changelog_entry(released: Repo) -> None:
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 0, result.output
    assert "last release: none yet" in result.stdout


def test_the_changelog_must_name_the_version(released: Repo) -> None:
    (released.root / "cards" / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.1\n",
                                                          encoding="utf-8")
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 1
    assert f"its latest entry is '0.0.1', not the version '{VERSION}'" in result.stderr


def test_recording_then_checking_an_unchanged_build_is_clean(released: Repo) -> None:
    result = skies("release", "--record", root=released.root)
    assert result.exit_code == 0, result.output
    assert (released.root / "cards" / "releases" / f"{VERSION}.json").is_file()
    assert skies("release", "--check", root=released.root).exit_code == 0


def test_a_correction_after_a_release_needs_a_patch_version(released: Repo) -> None:
    _recorded_as(released, VERSION)
    released.edit(released.annotation, "realis: ACTUAL", "realis: FUTURE")
    build(released)
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 1
    assert "patch" in result.stdout and "data file(s) changed" in result.stdout
    assert f"{VERSION} is released already" in result.stderr


def test_a_damaged_release_record_is_named_not_a_traceback(released: Repo) -> None:
    path = released.root / "cards" / "releases" / "0.0.1.json"
    path.parent.mkdir()
    path.write_text('{"configs": ', encoding="utf-8")
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 1
    assert "cards/releases/0.0.1.json: not a release record" in result.stderr


def _bumped(major: int, minor: int, patch: int) -> str:
    return ".".join(map(str, (major, minor, patch)))


def test_a_removed_label_needs_a_major_version(released: Repo) -> None:
    major, minor, patch = map(int, VERSION.split("."))
    previous = _bumped(major, minor, patch - 1) if patch else _bumped(major, minor - 1, 0) \
        if minor else None
    if previous is None:
        pytest.skip("the version is x.0.0: no lower version to pretend was released")
    # The last release had one more realis label than the build has now.
    _recorded_as(released, previous, lambda s: s["labels"]["realis"].append("RUMOURED"))
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 1
    assert "labels of realis removed or renamed: RUMOURED" in result.stdout
    assert f"release it as {major + 1}.0.0 or higher" in result.stderr


def test_an_added_label_needs_a_minor_version(released: Repo) -> None:
    major, minor, _patch = map(int, VERSION.split("."))
    if minor == 0:
        pytest.skip("the version is x.0.z: no lower minor version to pretend was released")
    previous = _bumped(major, minor - 1, 0)
    _recorded_as(released, previous, lambda s: s["labels"]["realis"].pop())
    result = skies("release", "--check", root=released.root)
    assert result.exit_code == 0, result.output  # the version is a minor bump already
    assert "minor labels of realis added" in result.stdout


# The rule, change by change, on signatures.
BASE: dict[str, Any] = {
    "configs": {"mentions": {"start": {"dtype": "int32", "_type": "Value"},
                             "kind": {"names": ["NAME", "NOMINAL"], "_type": "ClassLabel"}}},
    "labels": {"kind": ["NAME", "NOMINAL"]},
    "articles": ["a"],
    "files": {"dataset/data/mentions/train.parquet": "0" * 64},
}


def _changed(edit) -> set[Bump]:
    new = copy.deepcopy(BASE)
    edit(new)
    return {c.bump for c in changes(BASE, new)}


@pytest.mark.parametrize(("edit", "bump"), [
    (lambda s: s["configs"]["mentions"].pop("start"), Bump.MAJOR),
    (lambda s: s["configs"]["mentions"]["start"].update(dtype="int64"), Bump.MAJOR),
    (lambda s: s["configs"].pop("mentions"), Bump.MAJOR),
    (lambda s: s["labels"]["kind"].reverse(), Bump.MAJOR),
    (lambda s: s["articles"].clear(), Bump.MAJOR),
    (lambda s: s["configs"]["mentions"].update(end={"dtype": "int32"}), Bump.MINOR),
    (lambda s: s["configs"].update(events={}), Bump.MINOR),
    (lambda s: s["labels"]["kind"].append("PRONOUN"), Bump.MINOR),
    (lambda s: s["articles"].append("b"), Bump.MINOR),
    (lambda s: s["files"].update({"dataset/data/mentions/train.parquet": "1" * 64}),
     Bump.PATCH),
])
def test_each_change_needs_its_bump(edit, bump: Bump) -> None:
    assert max(_changed(edit)) is bump


def test_no_change_needs_no_bump() -> None:
    assert _changed(lambda s: None) == set()


def test_the_card_states_the_rule(built_release: Repo) -> None:
    card = Path(built_release.layout.card).read_text(encoding="utf-8")
    assert "understates" in card and "skies release --check" in card
