"""Property-based fuzzing of the real path: mangled copies of the real source files
(byte flips, lost or doubled lines, shifted indentation, truncation, random Unicode, deep
nesting) never crash `skies validate`. For every input: exit 0, 1 or 2; valid JSON; no
traceback, no internal error; and nothing written, in the copy or anywhere else."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from conftest import REPO, copy_sources, skies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SOURCES = [*sorted((REPO / "dataset" / "annotations").glob("*.yaml")),
           REPO / "dataset" / "entities.yaml", REPO / "dataset" / "stories.yaml"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    """(path in the repository, new bytes) of one real source file with one kind of
    damage."""
    path = draw(st.sampled_from(SOURCES))
    data = path.read_bytes()
    lines = _lines(data)
    kind = draw(st.sampled_from(["flip", "delete", "duplicate", "indent", "truncate",
                                 "unicode", "nest"]))
    at = draw(st.integers(0, len(data) - 1))
    line = draw(st.integers(0, len(lines) - 1))
    if kind == "flip":
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    elif kind == "delete":
        data = b"\n".join(lines[:line] + lines[line + 1:])
    elif kind == "duplicate":
        data = b"\n".join(lines[:line + 1] + lines[line:])
    elif kind == "indent":
        shift = draw(st.sampled_from([b" ", b"  ", b"\t", b"    "]))
        data = b"\n".join([*lines[:line], shift + lines[line], *lines[line + 1:]])
    elif kind == "truncate":
        data = data[:at]
    elif kind == "unicode":
        text = draw(st.text(min_size=1, max_size=12)).encode("utf-8", "surrogatepass")
        data = data[:at] + text + data[at:]
    else:
        depth = draw(st.integers(30, 3000))
        data = data.replace(b"\n", b"\nx: " + b"[" * depth + b"]" * depth + b"\n", 1)
    return str(path.relative_to(REPO)), data


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the cache (validate may fill it, inside the copy)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".skies-cache" not in p.parts}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_validate_survives_any_damage(case: tuple[str, bytes]) -> None:
    name, data = case
    repo_before = _snapshot(REPO / "dataset")
    with tempfile.TemporaryDirectory(prefix="skies-fuzz-") as directory:
        root = Path(directory)
        copy_sources(root)
        (root / name).write_bytes(data)
        before = _snapshot(root)
        result = skies("validate", "--sources-only", "--format", "json", root=root)
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        report = json.loads(result.stdout)
        assert {"ok", "errors", "faults"} <= set(report)
        internal = [f["message"] for f in report["faults"] if f["code"] == "X100"]
        assert internal == [], internal  # a crash caught is still a bug
        assert _snapshot(root) == before
    assert _snapshot(REPO / "dataset") == repo_before
