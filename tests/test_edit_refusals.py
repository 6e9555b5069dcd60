"""Hostile annotation files met by the commands that edit or convert them: each command
refuses with the file named and a non-zero exit, and leaves every file as it was. (The
reader's own faults for these inputs are tested in test_robustness.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.read import files

ALIAS_BOMB = "\n".join([
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    *(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]"
      for i in range(8)), ""])


def _alias_bomb(repo: Repo) -> None:
    repo.annotation.write_text(ALIAS_BOMB, encoding="utf-8")


def _python_tag(repo: Repo) -> None:
    repo.edit(repo.annotation, "stances:\n", "stances: !!python/object:os.system\n")


def _python_tag_on_a_value(repo: Repo) -> None:
    repo.edit(repo.annotation, "rights: Test text.", "rights: !!python/object:os.system x")


HOSTILE: dict[str, Callable[[Repo], None]] = {
    "alias bomb": _alias_bomb, "python tag": _python_tag,
    "python tag on a value": _python_tag_on_a_value,
}

COMMANDS: dict[str, tuple[str, ...]] = {
    "suggest": ("suggest", "tiny-article"),
    "anchor": ("anchor", "tiny-article"),
    "show": ("show", "tiny-article"),
    "export": ("export", "label-studio", "tiny-article", "--out", "{tmp}/out"),
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".skies-cache" not in p.parts}


def _run(repo: Repo, command: tuple[str, ...], tmp_path: Path):
    return skies(*(a.format(tmp=tmp_path) for a in command), root=repo.root)


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_hostile_file_is_refused_and_nothing_written(tiny: Repo, tmp_path: Path,
                                                       hostile: str, command: str) -> None:
    HOSTILE[hostile](tiny)
    before = _snapshot(tiny.root)
    result = _run(tiny, COMMANDS[command], tmp_path)
    assert result.exit_code in (1, 2), result.stdout
    said = result.stdout + result.stderr
    assert "tiny-article" in said and "Traceback" not in said
    assert _snapshot(tiny.root) == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_over_the_size_limit_is_refused(tiny: Repo, tmp_path: Path, command: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 200)  # the tiny annotation is ~1 kB
    before = _snapshot(tiny.root)
    result = _run(tiny, COMMANDS[command], tmp_path)
    assert result.exit_code in (1, 2)
    said = result.stdout + result.stderr
    assert "larger than" in said and "tiny-article.yaml" in said
    assert _snapshot(tiny.root) == before
